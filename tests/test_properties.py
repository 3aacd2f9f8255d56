"""Property-based and fuzz tests (hypothesis) of the quote checker and the loader.

- any span of three or more words cut from any source verifies, at exactly the
  place it was cut from;
- re-wrapping its whitespace or swapping quotation marks, in the quote or in the
  source, keeps it verified;
- changing one letter inside a cited span fails that claim and no other;
- reported offsets always map back: normalise(text[start:end]) == the quote;
- the loader, fed random or mutated YAML (and sources, random bytes), yields
  only clean findings: no exception, file:line:col, one line each;
- the same registry gives byte-identical text and JSON reports whatever the
  order of its files on disk and whatever the string-hash seed.

Example counts are kept small enough that the whole module runs in well under
a minute on CI; ``deadline=None`` because a first example pays for lazy setup
(the NFKC character class) and that is not a bug.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from checker.documents.catalog import decode_source
from checker.documents.normalise import normalise, word_count
from checker.documents.sourcetext import SourceText
from checker.engine.check import run_check
from checker.findings import Finding
from checker.quotes.conventions import parse_quote
from checker.quotes.matcher import Located, locate
from checker.registry.yamlload import YamlError, parse_yaml
from checker.reporters import REPORTERS
from tests.conftest import FIXTURES

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CORPUS = sorted((FIXTURES / "corpus").glob("*.txt"))
"""Real documents owned by the tests (not the sample registry's sources, which a user replaces)."""
SOURCE_FILES = CORPUS + sorted((FIXTURES / "mini" / "sources").glob("*.txt"))
_QUOTE_SYNTAX = re.compile(r"\.\.\.|…|\[|\]")
"""Text that a quote reads as an ellipsis or an [insertion]: a span holding it asks for something else."""


@cache
def source_text(path: Path) -> SourceText:
    return SourceText(path.stem, path.name, decode_source(path.read_bytes()))


def word_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\S+", text)]


@st.composite
def cut_spans(draw: st.DrawFn, texts: st.SearchStrategy[str] | None = None) -> tuple[SourceText, int, int]:
    """(source, start, end): three or more whole words of a source, no quoting syntax inside."""
    source = source_text(draw(st.sampled_from(SOURCE_FILES))) if texts is None else SourceText("synthetic", "synthetic.txt", draw(texts))
    words = word_spans(source.text)
    for _ in range(20):  # a span with "..." or too few real words: draw another
        first = draw(st.integers(0, max(0, len(words) - 3)))
        last = draw(st.integers(first + 2, min(len(words) - 1, first + 24))) if len(words) >= 3 else 0
        if len(words) < 3:
            break
        start, end = words[first][0], words[last][1]
        quote = source.text[start:end]
        if word_count(quote) >= 3 and not _QUOTE_SYNTAX.search(quote):
            return source, start, end
    reject()


def verify(source: SourceText, quote: str, start: int, end: int) -> Located:
    """Locate as a user would pin it: plain, and with the text around it as prefix and suffix when it repeats."""
    located = locate(source, parse_quote(quote))
    if located.status == "ambiguous":
        located = locate(source, parse_quote(quote), prefix=source.text[max(0, start - 200) : start], suffix=source.text[end : end + 200])
    return located


def assert_maps_back(source: SourceText, quote: str, located: Located) -> None:
    for span in (located.span, *located.candidates):
        if span is None:
            continue
        assert normalise(source.text[span.start : span.end]) == parse_quote(quote).text
        assert span.line == source.text.count("\n", 0, span.start) + 1
        assert span.col == span.start - (source.text.rfind("\n", 0, span.start) + 1) + 1


# -- verification ---------------------------------------------------------------
@FAST
@given(cut_spans())
def test_any_span_of_three_words_verifies_where_it_was_cut(cut: tuple[SourceText, int, int]):
    source, start, end = cut
    quote = source.text[start:end]
    located = verify(source, quote, start, end)
    assert located.status == "found", (quote, located)
    assert located.span is not None and (located.span.start, located.span.end) == (start, end)
    assert_maps_back(source, quote, located)


_WHITESPACE = [" ", "  ", "\n", "\r\n", "\t", "\u00a0", " \n  ", "\u2003", "\u3000"]
_SWAPS = {"'": "\u2019", "\u2019": "'", "\u2018": "'", '"': "\u201c", "\u201c": '"', "\u201d": '"'}


def rewrap(text: str, rng: random.Random) -> str:
    """Every run of whitespace replaced by another, chosen at random; most quotation marks swapped."""
    text = re.sub(r"\s+", lambda _: rng.choice(_WHITESPACE), text)
    return "".join(_SWAPS.get(ch, ch) if rng.random() < 0.8 else ch for ch in text)


@FAST
@given(cut_spans(), st.integers(0, 2**32))
def test_rewrapped_or_requoted_quote_still_verifies(cut: tuple[SourceText, int, int], seed: int):
    source, start, end = cut
    quote = rewrap(source.text[start:end], random.Random(seed))
    located = verify(source, quote, start, end)
    assert located.status == "found" and located.span is not None
    assert (located.span.start, located.span.end) == (start, end)


@SLOW
@given(cut_spans(), st.integers(0, 2**32))
def test_quote_still_verifies_in_a_rewrapped_requoted_source(cut: tuple[SourceText, int, int], seed: int):
    source, start, end = cut
    quote = source.text[start:end]
    rewrapped = SourceText(source.source_id, source.path, rewrap(source.text, random.Random(seed)))
    located = locate(rewrapped, parse_quote(quote))
    if located.status == "ambiguous":
        # The text around the cut, re-wrapped along with the rest, still singles it out once normalised.
        context = (source.text[max(0, start - 200) : start], source.text[end : end + 200])
        located = locate(rewrapped, parse_quote(quote), prefix=context[0], suffix=context[1])
    assert located.status == "found", (quote, located)
    assert_maps_back(rewrapped, quote, located)


# -- offsets on hostile text ---------------------------------------------------------
_UNITS = st.sampled_from(
    [*"abcdefghijklmnopqrstuvwxyzABC0123456789", "é", "e\u0301", "a\u0308", "ß", "ﬁ", "ﬂ", "Ａ", "ｂ", "½", "²", "Ⅻ",
     "ｶ\u3099", "ｶ", "\u1100\u1161", "\u2019", "\u201c", "\u201d", "\u2013", "—", "'", '"', "-", ",", "İ", "ǅ", "\u2126"]
)
_SEPARATORS = st.sampled_from([" ", " ", " ", "\n", "\r\n", "\t", "\u00a0", "  \n  ", "\u2003", "\u3000", "\u2028"])
hostile_texts = st.lists(st.tuples(st.lists(_UNITS, min_size=1, max_size=6).map("".join), _SEPARATORS), min_size=3, max_size=40).map(
    lambda pairs: "".join(word + sep for word, sep in pairs)
)


@FAST
@given(cut_spans(hostile_texts))
def test_reported_offsets_map_back_to_the_exact_original_text(cut: tuple[SourceText, int, int]):
    source, start, end = cut
    quote = source.text[start:end]
    located = locate(source, parse_quote(quote))
    assert located.status in {"found", "ambiguous"}, (quote, located)
    assert_maps_back(source, quote, located)
    assert any(s.start == start for s in (located.span, *located.candidates) if s is not None) or len(located.candidates) == 5


# -- one letter changed fails exactly its claim -----------------------------------
_VOCABULARY = {
    "claims/subjects.yaml": "subjects:\n  doc:\n    name: The document\n",
    "claims/properties.yaml": "properties:\n  says:\n    description: What the document says.\n    type: text\n    single_valued: false\n",
}


def write_registry(root: Path, text: bytes, quotes: list[str]) -> None:
    """A registry of one source and one claim per quote, each citing it."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "sources").mkdir(parents=True)
    (root / "claims").mkdir()
    (root / "sources" / "doc.txt").write_bytes(text)
    (root / "sources" / "catalog.yaml").write_text(
        "sources:\n  - id: doc\n    path: doc.txt\n    title: A document\n    publisher: Someone\n    kind: article\n"
        '    published: "2019-01-01"\n    precision: day\n', encoding="utf-8")
    for rel, content in _VOCABULARY.items():
        (root / rel).write_text(content, encoding="utf-8")
    claims = "".join(
        f"  - id: claim-{i}\n    statement: The document says something.\n    subject: doc\n    property: says\n    value: something {i}\n"
        f"    evidence:\n      - source: doc\n        quote: {json.dumps(q, ensure_ascii=False)}\n"
        for i, q in enumerate(quotes)
    )
    (root / "claims" / "says.yaml").write_text("claims:\n" + claims, encoding="utf-8")


@SLOW
@given(st.sampled_from(CORPUS), st.data())
def test_changing_a_letter_inside_a_cited_span_fails_that_claim_and_no_other(path: Path, data: st.DataObject):
    source = source_text(path)
    words = word_spans(source.text)
    # Up to four non-overlapping spans, each occurring exactly once, in text order.
    cuts: list[tuple[int, int]] = []
    position = 0
    while len(cuts) < 4 and position < len(words) - 3:
        first = data.draw(st.integers(position, min(len(words) - 3, position + 40)))
        last = data.draw(st.integers(first + 2, min(len(words) - 1, first + 12)))
        start, end = words[first][0], words[last][1]
        quote = source.text[start:end]
        if word_count(quote) >= 3 and not _QUOTE_SYNTAX.search(quote) and source.norm.count(normalise(quote)) == 1:
            cuts.append((start, end))
        position = last + 1
    if not cuts:
        return
    target = data.draw(st.integers(0, len(cuts) - 1))
    letters = [i for i in range(*cuts[target]) if source.text[i].isascii() and source.text[i].isalpha()]
    at = data.draw(st.sampled_from(letters))
    replacement = "q" if source.text[at] != "q" else "z"
    mutated = source.text[:at] + replacement + source.text[at + 1 :]
    quotes = [source.text[s:e] for s, e in cuts]

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "registry"
        write_registry(root, source.text.encode("utf-8"), quotes)
        before = run_check(root)
        assert before.exit_code == 0, [f.message for f in before.findings]
        write_registry(root, mutated.encode("utf-8"), quotes)
        after = run_check(root)
    failed = {c.id for c in after.claims if c.status == "fail"}
    assert failed == {f"claim-{target}"}, (source.text[at - 20 : at + 20], failed)
    assert {f.rule for f in after.findings if f.fails} == {"quote-missing"}


# -- the loader never crashes ------------------------------------------------------
def assert_clean(findings: Iterable[Finding]) -> None:
    for finding in findings:
        assert finding.line >= 1 and finding.col >= 1
        assert "\n" not in finding.message and "Traceback" not in finding.message
        finding.message.encode("utf-8")  # printable: no lone surrogates


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_random_text_parses_or_gives_one_clean_yaml_error(text: str):
    try:
        doc = parse_yaml(text, "f.yaml")
    except YamlError as exc:
        assert exc.line >= 1 and exc.col >= 1
        assert "\n" not in exc.message
        assert exc.line <= text.count("\n") + text.count("\r") + 2
    else:
        json.dumps(doc.data)  # plain data only: dicts, lists, str, int, float, bool, None


_TOKENS = ["- ", ": ", "\n", "  ", "\t", "{", "}", "[", "]", "'", '"', "&a ", "*a", "!!python/object:os.system ", "!x ",
           "<<: ", "? ", "#", "|", ">", "---\n", "\\u0000", '"\\ud800"', "\x00", "\ufeff", "~", "null", "1e999", "2014-02-30",
           "id: ", "quote: ", "qoute: ", "source: ", "evidence:\n", "claims:\n", "sources:\n", "path: ../x", "path: /etc/passwd", "é"]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """The text with a few random edits: token insertions, deletions, line swaps and duplications."""
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "swap", "duplicate"]))
        at = draw(st.integers(0, len(text)))
        if kind == "insert":
            text = text[:at] + draw(st.sampled_from(_TOKENS) | st.text(max_size=5)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 30)) :]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if kind == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines.insert(i, lines[j])
            text = "\n".join(lines)
    return text


REGISTRY_FILES = ["claims/facts.yaml", "sources/catalog.yaml", "claims/subjects.yaml", "claims/properties.yaml"]


def render_everything(root: Path) -> int:
    report = run_check(root)
    assert_clean(report.findings)
    for name, render in REPORTERS.items():
        out = render(report)
        out.encode("utf-8")
        if name == "json":
            json.loads(out)
    return report.exit_code


@SLOW
@given(st.sampled_from(REGISTRY_FILES), st.data())
def test_mutated_registry_yaml_gives_only_clean_findings(rel: str, data: st.DataObject):
    original = (FIXTURES / "mini" / rel).read_text(encoding="utf-8")
    text = data.draw(mutated(original))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "mini"
        shutil.copytree(FIXTURES / "mini", root)
        (root / rel).write_bytes(text.encode("utf-8", "surrogatepass"))
        code = render_everything(root)
        try:
            parse_yaml(text, rel)
        except (YamlError, UnicodeError):
            assert code == 2  # a file that does not load is unusable input


@SLOW
@given(st.binary(max_size=400) | st.sampled_from([b"", b"\xef\xbb\xbf", b"\x00" * 10, b"\xff\xfe" + "text".encode("utf-16-le")]))
def test_random_bytes_as_a_claims_file_or_a_source_give_only_clean_findings(blob: bytes):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "mini"
        shutil.copytree(FIXTURES / "mini", root)
        (root / "claims" / "random.yaml").write_bytes(blob)
        (root / "sources" / "other-paper.txt").write_bytes(blob)
        render_everything(root)


# -- deterministic output --------------------------------------------------------
def build_noisy_registry(root: Path, order: list[str]) -> None:
    """The mini registry plus several claims files, some broken, written to disk in ``order``."""
    files = {rel: (FIXTURES / "mini" / rel).read_bytes() for rel in ["sources/catalog.yaml", "sources/acme-note.txt", "sources/other-paper.txt",
                                                                        "claims/subjects.yaml", "claims/properties.yaml", "claims/facts.yaml"]}
    facts = files["claims/facts.yaml"].decode()
    files["claims/b-copy.yaml"] = facts.replace("acme-form", "acme-form-b").encode()  # duplicate ids across files
    files["claims/a-broken.yaml"] = b"claims:\n  - id: x\n   statement: [\n"
    files["claims/sub/c.yaml"] = facts.replace("quote: Northam holds a 60%", "qoute: Northam holds a 60%").replace("id: acme-", "id: c-").encode()
    files["claims/z.yaml"] = facts.replace("60% stake", "61% stake").replace("id: acme-", "id: z-").encode()
    for rel in order:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(files[rel])


NOISY_FILES = ["sources/catalog.yaml", "sources/acme-note.txt", "sources/other-paper.txt", "claims/subjects.yaml", "claims/properties.yaml",
               "claims/facts.yaml", "claims/b-copy.yaml", "claims/a-broken.yaml", "claims/sub/c.yaml", "claims/z.yaml"]


class _ShuffledScandir:
    """os.scandir with its entries in a shuffled order: what another file system might return."""

    def __init__(self, real: object, rng: random.Random) -> None:
        self.entries = list(real)  # type: ignore[call-overload]
        rng.shuffle(self.entries)
        real.close()  # type: ignore[attr-defined]
        self.remaining = iter(self.entries)

    def __iter__(self) -> _ShuffledScandir:  # an iterator, as os.scandir's is (os.walk calls next() on it)
        return self

    def __next__(self) -> os.DirEntry[str]:
        return next(self.remaining)

    def __enter__(self) -> _ShuffledScandir:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def close(self) -> None:
        pass


@contextmanager
def shuffled_listing(seed: int) -> Iterator[None]:
    real_scandir, real_listdir = os.scandir, os.listdir
    rng = random.Random(seed)

    def scandir(path: object = ".") -> _ShuffledScandir:
        return _ShuffledScandir(real_scandir(path), rng)  # type: ignore[arg-type]

    def listdir(path: object = ".") -> list[str]:
        names = real_listdir(path)  # type: ignore[arg-type]
        rng.shuffle(names)
        return names

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "scandir", scandir)
        mp.setattr(os, "listdir", listdir)
        yield


def reports(root: Path) -> tuple[str, str]:
    report = run_check(root)
    return REPORTERS["text"](report), REPORTERS["json"](report)


@settings(max_examples=15, deadline=None)
@given(st.permutations(NOISY_FILES), st.integers(0, 2**16))
def test_reports_are_byte_identical_whatever_the_order_of_files_on_disk(order: list[str], seed: int):
    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "one", Path(tmp) / "two"
        build_noisy_registry(first, NOISY_FILES)
        build_noisy_registry(second, order)
        expected = reports(first)
        with shuffled_listing(seed):
            got = reports(second)
    assert got == expected
    assert "[duplicate-id]" in expected[0] and "[yaml-error]" in expected[0] and "did you mean `quote`" in expected[0]


def test_reports_are_byte_identical_across_hash_seeds(tmp_path: Path):
    """Set and dict iteration of strings varies with PYTHONHASHSEED between processes; output must not."""
    root = tmp_path / "noisy"
    build_noisy_registry(root, list(reversed(NOISY_FILES)))
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        for fmt in ("text", "json"):
            # --no-cache: a cached report would be replayed byte for byte and prove nothing.
            run = subprocess.run([sys.executable, "-m", "checker", "check", "--root", str(root), "--format", fmt, "--no-cache"],
                                 capture_output=True, env=env, check=False)
            assert run.returncode == 2 and run.stderr == b""
            outputs.add((fmt, run.stdout))
    assert len(outputs) == 2  # one text report and one JSON report, each identical across seeds
