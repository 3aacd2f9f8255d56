"""Every bad input of issue 7, through both the CLI and the pytest plugin.

Each case breaks a private copy of the mini registry in one way and expects:

- ``claimcheck check``: exit code 2, exactly one finding line of the expected
  rule naming the expected file:line:col, no traceback, the untouched claims
  still checked and passing, and not a byte written anywhere in the tree;
- ``pytest``: the expected item fails with that finding, no collection error,
  no traceback, nothing written.

Rule ids are compared, never message wording (except the "did you mean").
docs/bad-input.md is generated from these same cases (see ``render_table``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from checker.cli import main
from checker.documents.catalog import MAX_SOURCE_BYTES
from checker.registry.yamlload import MAX_DEPTH, MAX_EXPANDED_CHARS, MAX_NODES, MAX_YAML_BYTES
from tests.conftest import FIXTURES, REPO, replace_in

FACTS = "claims/facts.yaml"
CATALOG = "sources/catalog.yaml"
OTHER = "sources/other-paper.txt"
FIRST_QUOTE = "quote: Acme Widgets was founded in 2014 by the towns"


def write(rel: str, content: str | bytes) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        (root / rel).write_bytes(data)
    return setup


def edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda root: replace_in(root / rel, old, new)


def sparse(rel: str, size: int) -> Callable[[Path], None]:
    """A file of ``size`` bytes that takes no disk space: only its size is ever looked at."""
    def setup(root: Path) -> None:
        with open(root / rel, "wb") as handle:
            handle.truncate(size)
    return setup


def remove_claims_files(root: Path) -> None:
    (root / FACTS).unlink()


def remove_claims_dir(root: Path) -> None:
    shutil.rmtree(root / "claims")


def symlink_outside(root: Path) -> None:
    (root / "outside.txt").write_text("Northam holds a 55% stake in Acme Widgets.\n", encoding="utf-8")
    (root / OTHER).unlink()
    (root / OTHER).symlink_to(root / "outside.txt")


def fifo_source(root: Path) -> None:
    (root / OTHER).unlink()
    os.mkfifo(root / OTHER)


def duplicate_across_files(root: Path) -> None:
    first_claim = (root / FACTS).read_text(encoding="utf-8").split("  - id: acme-form")[0]
    (root / "claims/more.yaml").write_text(first_claim, encoding="utf-8")


def undecodable_file_name(root: Path) -> None:
    (root / "claims").joinpath(os.fsdecode(b"\xff-topic.yaml")).write_text("claims: []\n", encoding="utf-8")


def claims_file_replaced(rel: str, how: str) -> Callable[[Path], None]:
    """A claims file (or the catalog) whose place holds a symlink out of the registry, a pipe, a directory or /dev/null."""
    def setup(root: Path) -> None:
        path = root / rel
        if path.exists():
            path.unlink()
        if how == "outside":
            (root.parent / "shadow").write_text("claims:\n  - root:$6$secret-hash\n", encoding="utf-8")
            path.symlink_to(root.parent / "shadow")
        elif how == "fifo":
            os.mkfifo(path)
        elif how == "directory":
            path.mkdir()
        else:
            path.symlink_to("/dev/null")
    return setup


def alias_bomb() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    return "claims: []\n" + "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Case:
    name: str
    description: str
    setup: Callable[[Path], None]
    rule: str
    where: str
    """file:line:col of the one finding the case must produce."""
    item: str
    """The pytest item that must fail."""
    hint: str = ""
    """A fragment the message must hold (only for "did you mean")."""
    others_pass: bool = True
    """Whether the untouched claim acme-northam-stake is still checked and passes."""


CASES = [
    Case("malformed-yaml", "Malformed YAML", write("claims/broken.yaml", "claims:\n  - id: x\n   statement: [\n"),
         "yaml-error", "claims/broken.yaml:3:4", "claims/broken.yaml::[file]"),
    Case("claim-not-a-mapping", "A claim that is not a mapping", write("claims/odd.yaml", "claims:\n  - just a sentence\n"),
         "schema", "claims/odd.yaml:2:5", "claims/odd.yaml::[file]"),
    Case("file-not-a-mapping", "A claims file that is not a mapping", write("claims/odd.yaml", "- a\n- b\n"),
         "schema", "claims/odd.yaml:1:1", "claims/odd.yaml::[file]"),
    Case("missing-field", "A missing required field", edit(FACTS, "    statement: Acme Widgets was founded in 2014.\n", ""),
         "schema", f"{FACTS}:3:5", f"{FACTS}::acme-founded"),
    Case("wrong-type", "A field of the wrong type", edit(FACTS, 'value: "2014"', "value: {year: 2014}"),
         "schema", f"{FACTS}:7:5", f"{FACTS}::acme-founded"),
    Case("wrong-type-list", "A list field given a single value", edit(FACTS, f"    evidence:\n      - source: acme-note\n        {FIRST_QUOTE}\n",
                                                                       "    evidence: acme-note\n"),
         "schema", f"{FACTS}:8:5", f"{FACTS}::acme-founded"),
    Case("unknown-key", "An unknown key (a typo)", edit(FACTS, FIRST_QUOTE, FIRST_QUOTE.replace("quote", "qoute")),
         "schema", f"{FACTS}:10:9", f"{FACTS}::acme-founded", hint="did you mean `quote`?"),
    Case("duplicate-id", "A duplicate claim id in one file", edit(FACTS, "id: acme-form", "id: acme-founded"),
         "duplicate-id", f"{FACTS}:11:5", f"{FACTS}::acme-founded"),
    Case("duplicate-id-across-files", "A duplicate claim id across files", duplicate_across_files,
         "duplicate-id", "claims/more.yaml:3:5", "claims/more.yaml::acme-founded"),
    Case("unknown-source", "An unknown source id", edit(FACTS, "source: acme-note\n        quote: Acme", "source: acme-notes\n        quote: Acme"),
         "unknown-source", f"{FACTS}:9:9", f"{FACTS}::acme-founded", hint="did you mean `acme-note`?"),
    Case("empty-quote", "An empty quote", edit(FACTS, FIRST_QUOTE, "quote: ''"),
         "schema", f"{FACTS}:10:9", f"{FACTS}::acme-founded"),
    Case("whitespace-quote", "A whitespace-only quote", edit(FACTS, FIRST_QUOTE, 'quote: " \\t\\n\\u00a0 "'),
         "schema", f"{FACTS}:10:9", f"{FACTS}::acme-founded"),
    Case("source-missing", "A source file that is missing", lambda root: (root / OTHER).unlink(),
         "source-unreadable", f"{CATALOG}:12:1", f"{CATALOG}::other-paper"),
    Case("source-empty", "A source file that is empty", write(OTHER, b""),
         "source-unreadable", f"{OTHER}:1:1", f"{CATALOG}::other-paper"),
    Case("source-binary", "A source file that is binary", write(OTHER, b"GIF89a\n\x01\x00\x00\xff\x00"),
         "source-unreadable", f"{OTHER}:2:2", f"{CATALOG}::other-paper"),
    Case("source-not-utf8", "A source file that is not valid UTF-8", write(OTHER, "Caf\u00e9 society\nna\u00efve".encode("latin-1")),
         "source-unreadable", f"{OTHER}:1:4", f"{CATALOG}::other-paper"),
    Case("claims-empty", "An empty claims/ (no claims files)", remove_claims_files,
         "no-claims", "claims:1:1", f"{CATALOG}::[registry]", others_pass=False),
    Case("claims-none", "No claims/ at all", remove_claims_dir,
         "no-claims", "claims:1:1", f"{CATALOG}::[registry]", others_pass=False),
    Case("object-tag", "A YAML tag that constructs an object", write("claims/evil.yaml", "claims: !!python/object/apply:os.system ['echo owned']\n"),
         "yaml-error", "claims/evil.yaml:1:9", "claims/evil.yaml::[file]"),
    Case("custom-tag", "A custom YAML tag", write("claims/evil.yaml", "claims:\n  - !claim {id: x}\n"),
         "yaml-error", "claims/evil.yaml:2:5", "claims/evil.yaml::[file]"),
    Case("alias-bomb", f'An alias bomb ("billion laughs"), over {MAX_NODES} values', write("claims/bomb.yaml", alias_bomb()),
         "yaml-error", "claims/bomb.yaml:2:31", "claims/bomb.yaml::[file]"),
    Case("recursive-alias", "An alias that contains itself", write("claims/loop.yaml", "claims: &loop [*loop]\n"),
         "yaml-error", "claims/loop.yaml:1:9", "claims/loop.yaml::[file]"),
    Case("deep-nesting", f"Nesting deeper than {MAX_DEPTH} levels", write("claims/deep.yaml", "claims: " + "[" * 5000 + "]" * 5000 + "\n"),
         "yaml-error", "claims/deep.yaml:1:58", "claims/deep.yaml::[file]"),
    Case("path-dotdot", "A source path escaping sources/ with ../", edit(CATALOG, "path: other-paper.txt", "path: ../claims/facts.yaml"),
         "source-unreadable", f"{CATALOG}:12:1", f"{CATALOG}::other-paper"),
    Case("path-absolute", "A source path that is absolute", edit(CATALOG, "path: other-paper.txt", "path: /etc/hostname"),
         "source-unreadable", f"{CATALOG}:12:1", f"{CATALOG}::other-paper"),
    Case("path-symlink", "A source that is a symlink pointing outside sources/", symlink_outside,
         "source-unreadable", f"{CATALOG}:12:1", f"{CATALOG}::other-paper"),
    Case("yaml-too-large", f"A YAML file over {MAX_YAML_BYTES // 2**20} MiB", sparse("claims/huge.yaml", MAX_YAML_BYTES + 1),
         "yaml-error", "claims/huge.yaml:1:1", "claims/huge.yaml::[file]"),
    Case("source-too-large", f"A source file over {MAX_SOURCE_BYTES // 2**20} MiB", sparse(OTHER, MAX_SOURCE_BYTES + 1),
         "source-unreadable", f"{CATALOG}:12:1", f"{CATALOG}::other-paper"),
    Case("yaml-not-utf8", "A claims file that is not valid UTF-8", write("claims/latin.yaml", "claims: []\n# caf\u00e9\n".encode("latin-1")),
         "yaml-error", "claims/latin.yaml:2:6", "claims/latin.yaml::[file]"),
    Case("yaml-escaped-nul", "A forbidden character written as an escape", edit(FACTS, FIRST_QUOTE, 'quote: "Acme Widgets\\0 was founded"'),
         "yaml-error", f"{FACTS}:10:16", f"{FACTS}::[file]", others_pass=False),
    Case("duplicate-key", "A key given twice in one mapping", edit(FACTS, "    property: founded\n", "    property: founded\n    property: founded\n"),
         "yaml-error", f"{FACTS}:7:5", f"{FACTS}::[file]", others_pass=False),
    Case("shared-subject-name", "A name two subjects share", write("claims/subjects.yaml", (FIXTURES / "mini/claims/subjects.yaml").read_text()
                                                                   + "  acme-again:\n    name: Acme Widgets\n"),
         "duplicate-id", "claims/subjects.yaml:8:5", "claims/subjects.yaml::[file]"),
    Case("file-name-not-utf8", "A claims file name that is not valid UTF-8", undecodable_file_name,
         "yaml-error", "claims/\ufffd-topic.yaml:1:1", f"{CATALOG}::[registry]"),
    # issue 15: what stands in a registry file's place is reported, never read past the registry nor skipped
    Case("claims-symlink-out", "A claims file that is a symlink out of the registry", claims_file_replaced("claims/leak.yaml", "outside"),
         "yaml-error", "claims/leak.yaml:1:1", f"{CATALOG}::[registry]"),
    Case("claims-dev-null", "A claims file replaced by a symlink to /dev/null", claims_file_replaced(FACTS, "devnull"),
         "yaml-error", f"{FACTS}:1:1", f"{CATALOG}::[registry]", others_pass=False),
    Case("claims-fifo", "A claims file that is a named pipe", claims_file_replaced("claims/pipe.yaml", "fifo"),
         "yaml-error", "claims/pipe.yaml:1:1", f"{CATALOG}::[registry]"),
    Case("claims-directory", "A directory named like a claims file", claims_file_replaced("claims/topic.yaml", "directory"),
         "yaml-error", "claims/topic.yaml:1:1", f"{CATALOG}::[registry]"),
    Case("catalog-directory", "A catalog that is a directory", claims_file_replaced(CATALOG, "directory"),
         "yaml-error", f"{CATALOG}:1:1", f"{FACTS}::[registry]", others_pass=False),
    Case("source-utf16", "A source file in UTF-16 (with a byte-order mark)", write(OTHER, "Acme Widgets, a company founded in 2015.\n".encode("utf-16")),
         "source-unreadable", f"{OTHER}:1:1", f"{CATALOG}::other-paper"),
    Case("yaml-utf16", "A claims file in UTF-16 (with a byte-order mark)", write("claims/more.yaml", "claims: []\n".encode("utf-16")),
         "yaml-error", "claims/more.yaml:1:1", "claims/more.yaml::[file]"),
    Case("id-trailing-newline", "An id ending in a newline (Python's `$` allows it, JSON Schema's does not)",
         edit(FACTS, "id: acme-form", 'id: "acme-form\\n"'), "schema", f"{FACTS}:11:5", f"{FACTS}::acme-form"),
    Case("date-foreign-digits", "A date in another script's digits (`\\d` in Python matches them)",
         edit(CATALOG, 'published: "2019"', 'published: "\u0662\u0660\u0661\u0669"'), "schema", f"{CATALOG}:17:5",
         f"{CATALOG}::[file]"),
]


def snapshot(root: Path) -> dict[str, tuple[int, int, str]]:
    """Every entry under root: mode, size and (for files under 1 MiB) a content hash.

    The result cache (``.claimcheck-cache/``) is included: a run on unusable
    input writes nothing at all, not even cache entries.
    """
    entries: dict[str, tuple[int, int, str]] = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        digest = ""
        if path.is_file() and not path.is_symlink() and info.st_size < 2**20:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        entries[os.fsencode(path.relative_to(root)).decode("utf-8", "replace")] = (info.st_mode, info.st_size, digest)
    return entries


def finding_lines(out: str, rule: str) -> list[str]:
    return [line for line in out.splitlines() if f"[{rule}]" in line and not line.startswith(" ")]


@pytest.fixture(params=CASES, ids=[c.name for c in CASES])
def case(request: pytest.FixtureRequest) -> Case:
    return request.param


def test_cli_refuses_with_one_line_naming_file_and_line(case: Case, mini: Path, capsys: pytest.CaptureFixture[str]):
    case.setup(mini)
    before = snapshot(mini)
    code = main(["check", "--root", str(mini)])
    out, err = capsys.readouterr()
    assert code == 2, out
    assert err == "" and "Traceback" not in out
    lines = finding_lines(out, case.rule)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{case.where}: [{case.rule}] "), lines[0]
    assert case.hint in lines[0]

    assert main(["check", "--root", str(mini), "--format", "json"]) == 2
    report = json.loads(capsys.readouterr()[0])
    assert any(f["rule"] == case.rule and f["input_error"] and f"{f['file']}:{f['line']}:{f['col']}" == case.where for f in report["findings"])
    if case.others_pass:  # every other file is still checked
        stake = next(c for c in report["claims"] if c["id"] == "acme-northam-stake")
        assert stake["status"] == "pass" and stake["evidence"][0]["status"] == "ok"
    assert snapshot(mini) == before  # nothing written, nothing created


QUIET = ("-p", "no:cacheprovider", "-p", "no:benchmark", "-p", "no:hypothesispytest")
"""Plugins that would write into the registry tree (.pytest_cache/, .benchmarks/), or only slow each run down."""


@pytest.fixture
def registry(pytester: pytest.Pytester) -> Path:
    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    return pytester.path


def test_pytest_fails_the_item_without_collection_error(case: Case, pytester: pytest.Pytester, registry: Path):
    case.setup(registry)
    before = snapshot(registry)
    targets = [t for t in ("claims", CATALOG) if (registry / t).exists()]
    result = pytester.runpytest(*QUIET, "-v", "-rf", *targets)
    outcomes = result.parseoutcomes()
    assert outcomes.get("errors", 0) == 0 and outcomes.get("failed", 0) >= 1
    output = result.stdout.str()
    assert "Traceback" not in output and "INTERNALERROR" not in output
    # The summary line names the item; whether it also repeats the message depends on the pytest version.
    result.stdout.fnmatch_lines([f"FAILED {case.item.replace('[', '[[]')}*"])
    result.stdout.fnmatch_lines([f"{case.where}: [[]{case.rule}[]] *{case.hint}*"])
    if case.others_pass:  # every other file is still checked
        result.stdout.fnmatch_lines(["*::acme-northam-stake PASSED*"])
    assert snapshot(registry) == before


# -- accepted, not refused -------------------------------------------------------------
def bom_and_crlf(root: Path) -> None:
    for rel in ("sources/acme-note.txt", FACTS, CATALOG):
        data = (root / rel).read_bytes().replace(b"\n", b"\r\n")
        (root / rel).write_bytes(b"\xef\xbb\xbf" + data)


def test_bom_and_crlf_are_accepted_by_the_cli(mini: Path, capsys: pytest.CaptureFixture[str]):
    bom_and_crlf(mini)
    assert main(["check", "--root", str(mini)]) == 0, capsys.readouterr()[0]


def test_bom_and_crlf_keep_positions_right(mini: Path, capsys: pytest.CaptureFixture[str]):
    bom_and_crlf(mini)
    replace_in(mini / FACTS, "id: acme-form", "id: acme-founded")
    assert main(["check", "--root", str(mini)]) == 2
    assert finding_lines(capsys.readouterr()[0], "duplicate-id")[0].startswith(f"{FACTS}:11:5: ")


def test_bom_and_crlf_are_accepted_by_pytest(pytester: pytest.Pytester, registry: Path):
    bom_and_crlf(registry)
    result = pytester.runpytest(*QUIET, "claims", CATALOG)
    result.assert_outcomes(passed=11)


def test_the_object_tag_never_ran(mini: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    marker = tmp_path / "owned"
    write("claims/evil.yaml", f"claims: !!python/object/apply:os.system ['touch {marker}']\n")(mini)
    assert main(["check", "--root", str(mini)]) == 2
    assert not marker.exists()


def test_docs_table_is_what_a_real_run_says():
    """docs/bad-input.md holds this table verbatim; regenerate it with ``python -m tests.test_bad_input``."""
    docs = (REPO / "docs" / "bad-input.md").read_text(encoding="utf-8")
    assert render_table() in docs
    for limit in (f"{MAX_YAML_BYTES // 2**20} MiB", f"{MAX_SOURCE_BYTES // 2**20} MiB", f"{MAX_NODES:,}", f"{MAX_EXPANDED_CHARS:,}", f"| {MAX_DEPTH} |"):
        assert limit in docs, limit


def test_a_named_pipe_as_source_is_refused_without_blocking(mini: Path):
    """Neither the reader nor the result cache's fingerprint may block on a pipe: in a subprocess
    with a timeout, so a regression fails instead of hanging the suite."""
    fifo_source(mini)
    for extra in ([], ["--no-cache"]):
        run = subprocess.run([sys.executable, "-m", "checker", "check", "--root", str(mini), *extra],
                             capture_output=True, text=True, timeout=60, check=False)
        assert run.returncode == 2 and run.stderr == ""
        assert finding_lines(run.stdout, "source-unreadable")[0].startswith(f"{CATALOG}:12:1: ")


def test_a_terminal_that_is_not_utf8_gets_escapes_not_a_traceback(mini: Path):
    replace_in(mini / FACTS, "source: acme-note\n        quote: Acme", "source: acme-notè\n        quote: Acme")
    run = subprocess.run([sys.executable, "-m", "checker", "check", "--root", str(mini), "--no-cache"],
                         capture_output=True, env={**os.environ, "PYTHONIOENCODING": "ascii"}, check=False)
    assert run.returncode == 2 and run.stderr == b""
    assert b"acme-not\\xe8" in run.stdout


# -- the docs table, generated from real runs --------------------------------------------
def render_table() -> str:
    import contextlib
    import io
    import tempfile

    rows = ["| Bad input | Rule | Where | Message (from a real run) |", "|---|---|---|---|"]
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "mini"
            shutil.copytree(FIXTURES / "mini", root)
            case.setup(root)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                main(["check", "--root", str(root)])
            line = finding_lines(out.getvalue(), case.rule)[0]
            message = line.split(f"[{case.rule}] ", 1)[1].replace("|", "\\|").replace(str(root), "…").replace(tmp, "…")
            rows.append(f"| {case.description} | `{case.rule}` | `{case.where}` | {message} |")
    return "\n".join(rows) + "\n"


def write_docs_table(path: Path = REPO / "docs" / "bad-input.md") -> None:
    """Replace the generated table in the docs with a fresh one."""
    text = path.read_text(encoding="utf-8")
    start = text.index("\n", text.index(DOCS_BEGIN)) + 1
    end = text.index(DOCS_END)
    path.write_text(text[:start] + render_table() + text[end:], encoding="utf-8")


DOCS_BEGIN, DOCS_END = "<!-- generated by", "<!-- end of generated table -->"

if __name__ == "__main__":  # python -m tests.test_bad_input [--write]
    if "--write" in sys.argv:
        write_docs_table()
    else:
        print(render_table(), end="")


def test_fast_schema_check_agrees_with_the_full_validator():
    """The fast path (fastjsonschema) may only skip documents jsonschema also finds valid."""
    import copy

    import yaml as pyyaml

    from checker.registry.schema import is_valid, validator

    base = pyyaml.safe_load((FIXTURES / "mini" / "claims" / "facts.yaml").read_text(encoding="utf-8"))
    mutations = [
        lambda d: d["claims"][0].pop("evidence"),
        lambda d: d["claims"][0].update(qoute="x"),
        lambda d: d["claims"][0].update(value={"a": 1}),
        lambda d: d["claims"][0].update(id="Not A Slug"),
        lambda d: d["claims"][0]["evidence"][0].update(quote="   "),
        lambda d: d["claims"][0].update(as_of=True),
        lambda d: d["claims"][0].update(contradicts="one"),
        lambda d: d.update(acknowledged=[{"claims": ["a"]}]),
        lambda d: d["claims"].append(7),
        lambda d: d.update(extra=1),
        lambda d: d["claims"][0].update(value=[]),
        lambda d: d["claims"][0].update(value=["a", {"x": 1}]),
        lambda d: d["claims"][0].update(value=[1, "a", 2.5, False]),
        lambda d: d["claims"][0].update(value=None),
        lambda d: d["claims"][0].update(value=[[1]]),
    ]
    assert is_valid(base, "claims") and not list(validator("claims").iter_errors(base))
    for mutate in mutations:
        doc = copy.deepcopy(base)
        mutate(doc)
        assert is_valid(doc, "claims") is (not list(validator("claims").iter_errors(doc))), mutate


def test_fast_schema_check_agrees_with_the_full_validator_on_any_value():
    """The fast check reads a oneOf of branches of disjoint types as anyOf: the same verdict for every value."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from checker.registry.schema import is_valid, validator

    json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=3),
                               lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=2), max_leaves=6)
    claim = {"id": "a", "statement": "A.", "subject": "s", "property": "p", "evidence": [{"source": "x", "quote": "q"}]}

    @settings(max_examples=300)
    @given(json_values)
    def agree(value: object) -> None:
        doc = {"claims": [{**claim, "value": value}]}
        assert is_valid(doc, "claims") is (not list(validator("claims").iter_errors(doc)))

    agree()


def test_only_a_oneof_of_disjoint_types_is_read_as_anyof():
    from checker.registry.schema import _first_match

    disjoint = {"oneOf": [{"type": ["string", "number"]}, {"type": "array", "minItems": 1}]}
    assert _first_match({"properties": {"v": disjoint}}) == {"properties": {"v": {"anyOf": disjoint["oneOf"]}}}
    for overlapping in ([{"type": "integer"}, {"type": "number"}], [{"type": "string"}, {"minLength": 2}], [{"type": "string"}, {"type": ["null", "string"]}]):
        assert _first_match({"oneOf": overlapping}) == {"oneOf": overlapping}
