"""A deterministic synthetic registry in the real format, with planted drift.

``ensure_corpus(spec, base)`` returns a directory holding::

    sources/catalog.yaml, sources/src-NNNN.txt     the sources
    claims/subjects.yaml, claims/properties.yaml    the vocabularies
    claims/topic-NNN.yaml                           the claims, 20 sources per file
    pytest.ini                                      so ``pytest`` there collects the registry
    manifest.json                                   the spec and every planted edit

The same spec always gives the same bytes, so the directory is generated once
and reused (its name is the spec's key); generation runs on every core.

Source sizes are mixed: a quarter of the sources are about twice the mean size
(100 KB at the default 2,000 sources / 100 MB), the rest about two thirds of it.
Each claim quotes 8-16 words of one sentence, unique in its source. A
``drift`` share of claims is then edited in the source after pinning:

- ``typo``: two letters of a quoted word swapped;
- ``word``: one quoted word replaced by another;
- ``rewrap``: the quote was pinned with the source's line breaks, then the
  paragraph was re-wrapped (must still pass: whitespace is normalised);
- ``deleted``: the whole quoted sentence removed (must report no similar text).

``manifest.json`` records, per edited claim, where its text now is (character
offsets into the edited source), so the benchmark can tell whether drift
diagnosis points at the planted span.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from bisect import bisect_right
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks import prose
from checker.documents.normalise import normalise

GENERATOR_VERSION = 5
"""Part of every cached corpus's directory name: bump it whenever what the generator writes changes (5: one claim per
fact, e825c6c; corpora cached as v4 before it give every remark one value, 8,374 duplicate-fact errors at 10,000
claims, and the benchmark's verdict comparison fails)."""
SOURCES_PER_CLAIMS_FILE = 20
WRAP_TOKENS, REWRAP_TOKENS = 12, 7
DRIFT_KINDS = ("typo", "word", "rewrap", "deleted")
_KIND_SHARES = (0.3, 0.3, 0.2, 0.2)
MIB = 1 << 20


@dataclass(frozen=True)
class Spec:
    sources: int = 2000
    claims: int = 50_000
    megabytes: float = 100.0
    drift: float = 0.02
    seed: int = 1

    @property
    def key(self) -> str:
        return f"v{GENERATOR_VERSION}-s{self.sources}-c{self.claims}-mb{self.megabytes:g}-d{self.drift:g}-seed{self.seed}"


@dataclass(frozen=True)
class PinnedClaim:
    id: str
    source: str
    quote: str
    prefix: str | None
    property: str
    value: str


@dataclass(frozen=True)
class Planted:
    claim: str
    source: str
    kind: str
    span: tuple[int, int] | None
    """Character offsets of the quoted text in the edited source; None when deleted."""
    quote: str
    prefix: str | None


@dataclass(frozen=True)
class _Job:
    seed: int
    index: int
    size: int
    claims: int
    kinds: tuple[str, ...]
    """Drift kinds for the first len(kinds) claims of this source."""
    directory: str


def source_id(index: int) -> str:
    return f"src-{index:04d}"


def _plan(spec: Spec, directory: Path) -> list[_Job]:
    rng = random.Random(f"{spec.seed}:plan")
    mean = spec.megabytes * MIB / spec.sources
    sizes = [int(mean * (2 * rng.uniform(0.9, 1.1) if rng.random() < 0.25 else rng.uniform(0.7, 1.3) * 2 / 3)) for _ in range(spec.sources)]
    scale = spec.megabytes * MIB / sum(sizes)
    sizes = [max(2000, int(s * scale) + 1) for s in sizes]
    # Claims in proportion to size, by largest remainder so they add up exactly.
    shares = [spec.claims * s / sum(sizes) for s in sizes]
    counts = [int(x) for x in shares]
    for i in sorted(range(spec.sources), key=lambda i: counts[i] - shares[i])[: spec.claims - sum(counts)]:
        counts[i] += 1
    drifted = round(spec.claims * spec.drift)
    picks = sorted(rng.sample(range(spec.claims), drifted))
    kinds = [k for k, share in zip(DRIFT_KINDS, _KIND_SHARES, strict=True) for _ in range(round(share * drifted))]
    kinds = (kinds + ["typo"] * drifted)[:drifted]
    rng.shuffle(kinds)
    per_source: list[list[str]] = [[] for _ in sizes]
    starts = _cumulative(counts)
    for pick, kind in zip(picks, kinds, strict=True):
        per_source[bisect_right(starts, pick) - 1].append(kind)
    return [_Job(spec.seed, i, sizes[i], counts[i], tuple(per_source[i][: counts[i]]), str(directory)) for i in range(spec.sources)]


def _cumulative(counts: list[int]) -> list[int]:
    starts, total = [], 0
    for count in counts:
        starts.append(total)
        total += count
    return starts


def _paragraphs(rng: random.Random, size: int) -> list[list[list[str]]]:
    paragraphs: list[list[list[str]]] = []
    total = 0
    while total < size:
        paragraph = [prose.sentence(rng) for _ in range(rng.randint(3, 7))]
        total += sum(len(t) + 1 for s in paragraph for t in s) + 1
        paragraphs.append(paragraph)
    return paragraphs


def _render(paragraph: list[list[str]], width: int) -> str:
    flat = [t for s in paragraph for t in s]
    return "\n".join(" ".join(flat[k : k + width]) for k in range(0, len(flat), width))


def _token_offset(paragraph: list[list[str]], sentence: int, token: int) -> int:
    """Offset of a token inside its rendered paragraph: every separator is one character."""
    before = [t for s in paragraph[:sentence] for t in s] + paragraph[sentence][:token]
    return sum(len(t) for t in before) + len(before)


def _figure(token: str) -> str | None:
    """The percentage a token states ("42%"), without surrounding punctuation."""
    bare = token.strip(",.?“”")
    return bare if bare.endswith("%") and bare[:-1].isdigit() else None


def _edit(rng: random.Random, tokens: list[str], lo: int, hi: int, kind: str) -> None:
    plain = [k for k in range(lo, hi) if tokens[k].isalpha() and tokens[k].isascii() and len(tokens[k]) >= 4]
    if kind == "typo" and plain:
        k = rng.choice(plain)
        word = tokens[k]
        at = rng.randint(1, len(word) - 3)
        swapped = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        tokens[k] = swapped if swapped != word else word[:at] + word[at + 1 :]
    elif kind in ("typo", "word"):
        inner = [k for k in plain if lo < k < hi - 1] or plain or list(range(lo, hi))
        k = rng.choice(inner)
        old = tokens[k]
        while tokens[k] == old:
            tokens[k] = rng.choice(prose.REPLACEMENT_WORDS) + ("," if old.endswith(",") else "")


def build_source(job: _Job) -> tuple[list[PinnedClaim], list[Planted]]:
    """Write one source file; return its claims and what was planted in it."""
    rng = random.Random(f"{job.seed}:{job.index}")
    sid = source_id(job.index)
    paragraphs = _paragraphs(rng, job.size)
    pinned_text = "\n\n".join(_render(p, WRAP_TOKENS) for p in paragraphs)
    pinned_norm = normalise(pinned_text)
    candidates = [(p, s) for p, para in enumerate(paragraphs) for s, sent in enumerate(para) if len(sent) >= 10]
    rng.shuffle(candidates)
    chosen: list[tuple[int, int, int, int, str | None]] = []  # paragraph, sentence, lo, hi, kind
    used_paragraphs: set[int] = set()
    for p, s in candidates:
        if len(chosen) >= job.claims:
            break
        kind = job.kinds[len(chosen)] if len(chosen) < len(job.kinds) else None
        if kind is not None and p in used_paragraphs:
            continue  # an edit must not disturb another claim's paragraph
        tokens = paragraphs[p][s]
        percent = [k for k, t in enumerate(tokens) if _figure(t) or t == "per"]
        if kind == "deleted":
            lo, hi = 0, len(tokens)
        else:
            length = min(len(tokens), rng.randint(8, 16))
            lo = rng.randint(0, len(tokens) - length)
            if percent and lo > percent[0]:
                lo = max(0, percent[0] - 2)
            hi = min(len(tokens), lo + length)
            if percent and hi <= percent[-1] + 1:
                hi = min(len(tokens), percent[-1] + 3)
        quote = normalise(" ".join(tokens[lo:hi]))
        if pinned_norm.count(quote) != 1 or any(c[0] == p for c in chosen if c[4] is not None):
            continue
        chosen.append((p, s, lo, hi, kind))
        used_paragraphs.add(p)

    claims: list[PinnedClaim] = []
    figures: set[str] = set()  # one claim per fact: a figure this source already gave is registered once (duplicate-fact)
    for n, (p, s, lo, hi, kind) in enumerate(chosen):
        tokens = paragraphs[p][s]
        if kind == "rewrap":
            start = _token_offset(paragraphs[p], s, lo)
            end = _token_offset(paragraphs[p], s, hi - 1) + len(tokens[hi - 1])
            quote = _render(paragraphs[p], WRAP_TOKENS)[start:end]  # pinned with its line breaks
        else:
            quote = " ".join(tokens[lo:hi])
        figure = next((f for t in tokens[lo:hi] if (f := _figure(t)) and f not in figures), None)
        figures.add(figure or "")
        prefix = prose.typed_by_hand(" ".join(tokens[lo - 3 : lo]), rng) if lo >= 3 and rng.random() < 0.1 else None
        claims.append(PinnedClaim(
            id=f"{sid}-q{n:03d}", source=sid, quote=prose.typed_by_hand(quote, rng), prefix=prefix,
            property="share" if figure else "remark", value=figure or f"what quote {n} says",
        ))

    widths = dict.fromkeys(range(len(paragraphs)), WRAP_TOKENS)
    deleted: set[tuple[int, int]] = set()
    for p, s, lo, hi, kind in chosen:
        if kind in ("typo", "word"):
            _edit(rng, paragraphs[p][s], lo, hi, kind)
        elif kind == "rewrap":
            widths[p] = REWRAP_TOKENS
        elif kind == "deleted":
            deleted.add((p, s))
    for p, s in sorted(deleted, reverse=True):
        del paragraphs[p][s]

    rendered = [_render(para, widths[p]) for p, para in enumerate(paragraphs)]
    starts = _cumulative([len(r) + 2 for r in rendered])
    planted: list[Planted] = []
    for claim, (p, s, lo, hi, kind) in zip(claims, chosen, strict=True):
        if kind is None:
            continue
        span = None
        if kind != "deleted":
            # A drifted claim has its paragraph to itself, so no deletion shifted its sentence.
            tokens = paragraphs[p][s]
            start = starts[p] + _token_offset(paragraphs[p], s, lo)
            end = starts[p] + _token_offset(paragraphs[p], s, hi - 1) + len(tokens[hi - 1])
            span = (start, end)
        planted.append(Planted(claim.id, sid, kind, span, claim.quote, claim.prefix))
    text = "\n\n".join(rendered) + "\n"
    Path(job.directory, "sources", f"{sid}.txt").write_text(text, encoding="utf-8", newline="")
    return claims, planted


def _yaml_string(text: str) -> str:
    """A JSON string is a valid YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def _write_registry(spec: Spec, directory: Path, claims: list[PinnedClaim]) -> None:
    catalog = ["# Synthetic benchmark catalog (benchmarks/corpus.py).", "sources:"]
    for i in range(spec.sources):
        sid = source_id(i)
        catalog += [f"  - id: {sid}", f"    path: {sid}.txt", f"    title: Synthetic report {i}", "    publisher: Benchmark Press",
                    "    kind: report", f'    published: "{2010 + i % 12}-0{1 + i % 9}-15"', "    precision: day"]
    (directory / "sources" / "catalog.yaml").write_text("\n".join(catalog) + "\n", encoding="utf-8")
    subjects = ["subjects:"] + [f"  org-{i:03d}:\n    name: Organisation {i}" for i in range(200)]
    (directory / "claims" / "subjects.yaml").write_text("\n".join(subjects) + "\n", encoding="utf-8")
    (directory / "claims" / "properties.yaml").write_text(
        "properties:\n"
        "  remark:\n    description: Something a source says, in its words.\n    type: text\n    single_valued: false\n"
        "  share:\n    description: A percentage a source reports.\n    type: percent\n    single_valued: false\n",
        encoding="utf-8",
    )
    by_file: dict[int, list[str]] = {}
    for claim in claims:
        index = int(claim.source.split("-")[1])
        lines = by_file.setdefault(index // SOURCES_PER_CLAIMS_FILE, ["claims:"])
        lines += [f"  - id: {claim.id}", f"    statement: Claim {claim.id} restates what its source says.",
                  f"    subject: org-{index % 200:03d}", f"    property: {claim.property}", f"    value: {_yaml_string(claim.value)}",
                  "    evidence:", f"      - source: {claim.source}", f"        quote: {_yaml_string(claim.quote)}"]
        if claim.prefix:
            lines.append(f"        prefix: {_yaml_string(claim.prefix)}")
    for number, lines in sorted(by_file.items()):
        (directory / "claims" / f"topic-{number:03d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (directory / "pytest.ini").write_text("[pytest]\ntestpaths = claims sources/catalog.yaml\n", encoding="utf-8")


def generate(spec: Spec, directory: Path, workers: int | None = None) -> dict[str, object]:
    (directory / "sources").mkdir(parents=True)
    (directory / "claims").mkdir()
    jobs = _plan(spec, directory)
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(jobs) > 8:
        with ProcessPoolExecutor(workers) as pool:
            built = list(pool.map(build_source, jobs, chunksize=max(1, len(jobs) // (workers * 8))))
    else:
        built = [build_source(job) for job in jobs]
    claims = [c for source_claims, _ in built for c in source_claims]
    planted = [p for _, source_planted in built for p in source_planted]
    _write_registry(spec, directory, claims)
    manifest = {
        "spec": asdict(spec),
        "key": spec.key,
        "claims": len(claims),
        "sources": spec.sources,
        "source_bytes": sum((directory / "sources" / f"{source_id(i)}.txt").stat().st_size for i in range(spec.sources)),
        "planted": [asdict(p) for p in planted],
    }
    # Written last: its presence marks a complete corpus.
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def default_base() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "claimcheck-benchmark"


def ensure_corpus(spec: Spec, base: Path | None = None) -> Path:
    """The corpus for ``spec`` under ``base``, generated unless a complete one is there."""
    base = base or default_base()
    directory = base / spec.key
    if (directory / "manifest.json").is_file():
        return directory
    partial = base / f".{spec.key}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    generate(spec, partial)
    shutil.rmtree(directory, ignore_errors=True)
    partial.rename(directory)
    return directory


def load_manifest(directory: Path) -> dict[str, object]:
    return json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
