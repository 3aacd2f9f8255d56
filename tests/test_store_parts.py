"""The report in parts (engine/parts.py, reporters/assemble.py): an edit of one source re-reads only what it touches.

The observable is the store itself: which rows a run reads (``ResultCache.get`` by name)
and which sources it verifies, next to the output, which must be what an uncached run prints.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

import checker.engine.edits
from benchmarks.corpus import Spec, generate
from checker.cli import main
from checker.engine import CACHE_DIR, ResultCache
from checker.engine.sourcework import SourceWork
from checker.store import DATABASE
from tests.conftest import FIXTURES

SPEC = Spec(sources=6, claims=120, megabytes=0.3, drift=0.1, seed=11)


GROUPS = {"claims/topic-a.yaml": ("src-0000", "src-0001"), "claims/topic-b.yaml": ("src-0002",),
          "claims/topic-c.yaml": ("src-0003", "src-0004"), "claims/topic-d.yaml": ("src-0005",)}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The benchmark's generated registry, its claims split into four files citing one or two sources each."""
    root = tmp_path / "corpus"
    generate(SPEC, root, workers=1)
    generated = root / "claims" / "topic-000.yaml"
    entries = generated.read_text(encoding="utf-8").split("\n  - id: ")
    generated.unlink()
    for file, sources in GROUPS.items():
        mine = [e for e in entries[1:] if e.startswith(tuple(f"{s}-" for s in sources))]
        (root / file).write_text(entries[0] + "".join(f"\n  - id: {e}" for e in mine), encoding="utf-8")
    return root


def check(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["check", "--root", str(root), *extra])
    out, err = capsys.readouterr()
    assert err == ""
    return code, out


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the rows runs in this process read from the store."""
    names: list[str] = []
    original = ResultCache.get

    def get(self: ResultCache, name: str, key: str) -> object:
        names.append(name)
        return original(self, name, key)

    monkeypatch.setattr(ResultCache, "get", get)
    return names


@pytest.fixture
def verified(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Sources verified after an edit (edits.after_edit verifies in this process)."""
    sources: list[str] = []
    original = checker.engine.edits.verify_source_file

    def counting(root: Path, work: SourceWork, *rest: object) -> object:
        sources.append(work.entry.id)
        return original(root, work, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(checker.engine.edits, "verify_source_file", counting)
    return sources


def cited_by_file(root: Path) -> dict[str, set[str]]:
    cited: dict[str, set[str]] = {}
    for path in sorted((root / "claims").glob("topic-*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        cited[f"claims/{path.name}"] = {line.split(":", 1)[1].strip() for line in lines if line.strip().startswith("- source:")}
    return cited


def append_paragraph(root: Path, source: str) -> None:
    with (root / "sources" / f"{source}.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph appended after the run, far from any quote.\n")


@pytest.mark.parametrize("output", ["json", "text", "github"])
def test_after_editing_one_source_only_its_rows_are_read(corpus: Path, capsys: pytest.CaptureFixture[str], reads: list[str],
                                                         verified: list[str], output: str) -> None:
    cited = cited_by_file(corpus)
    assert len(cited) >= 3 and all(cited.values())
    check(corpus, capsys, "--format", output)  # cold: every part made and stored
    edited = "src-0001"
    touched = sorted(f for f, sources in cited.items() if edited in sources)
    append_paragraph(corpus, edited)
    reads.clear()
    after = check(corpus, capsys, "--format", output)
    assert after == check(corpus, capsys, "--format", output, "--no-cache")
    assert verified == [edited]
    assert sorted(n for n in reads if n.startswith("static:")) == [f"static:{f}" for f in touched]
    others = sorted({s for f in touched for s in cited[f]} - {edited})
    assert sorted(n for n in reads if n.startswith("source:")) == [f"source:{s}" for s in others]
    assert not [n for n in reads if n.startswith("part:")]  # untouched parts: their stored rendering, not their results
    assert len([n for n in reads if n.startswith("render:")]) == len(cited) - len(touched)
    assert "static" not in reads  # the registry is not read at all


def test_each_format_and_filter_is_what_an_uncached_run_prints(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Renderings are stored per format and filter; a part first rendered in another format is read and rendered."""
    variants = [("--format", "json"), ("--format", "text"), ("--format", "github"), ("--quiet",), ("--min-severity", "error"),
                ("--format", "github", "--min-severity", "warning")]
    expected = {v: check(corpus, capsys, *v, "--no-cache") for v in variants}
    for edit in range(3):
        for variant in variants:
            assert check(corpus, capsys, *variant) == expected[variant], (edit, variant)
        append_paragraph(corpus, f"src-000{edit}")
        expected = {v: check(corpus, capsys, *v, "--no-cache") for v in variants}


def test_an_edit_that_breaks_a_quote_is_seen(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(corpus, capsys, "--format", "json")
    text = (corpus / "sources" / "src-0002.txt").read_text(encoding="utf-8")
    (corpus / "sources" / "src-0002.txt").write_text(text[: len(text) // 3], encoding="utf-8")
    after = check(corpus, capsys, "--format", "json")
    assert after == check(corpus, capsys, "--format", "json", "--no-cache") and after != (code, out)
    assert after[1].count('"quote-missing"') > out.count('"quote-missing"')


@pytest.mark.parametrize("rows", ["render:%", "part:%", "layout", "static:%"])
def test_tampered_rows_of_the_parts_are_refused(corpus: Path, capsys: pytest.CaptureFixture[str], rows: str) -> None:
    check(corpus, capsys, "--format", "json")
    with contextlib.closing(sqlite3.connect(corpus / CACHE_DIR / DATABASE)) as db, db:
        assert db.execute("UPDATE entries SET value = value || x'00' WHERE name LIKE ?", (rows,)).rowcount > 0
    append_paragraph(corpus, "src-0001")
    assert check(corpus, capsys, "--format", "json") == check(corpus, capsys, "--format", "json", "--no-cache")
    assert check(corpus, capsys, "--format", "text") == check(corpus, capsys, "--format", "text", "--no-cache")


def test_a_claims_edit_checks_whole_and_stores_the_new_layout(corpus: Path, capsys: pytest.CaptureFixture[str], reads: list[str]) -> None:
    check(corpus, capsys, "--format", "json")
    path = corpus / "claims" / "topic-b.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("statement: Claim", "statement: The claim", 1), encoding="utf-8")
    assert check(corpus, capsys, "--format", "json") == check(corpus, capsys, "--format", "json", "--no-cache")
    append_paragraph(corpus, "src-0003")
    reads.clear()
    assert check(corpus, capsys, "--format", "json") == check(corpus, capsys, "--format", "json", "--no-cache")
    assert "layout" in reads and "static" not in reads  # the layout made by the whole check served this edit


def test_the_stored_output_refers_to_the_parts_renderings(corpus: Path, capsys: pytest.CaptureFixture[str], reads: list[str]) -> None:
    """The output of a whole run is kept as references to the parts' stored renderings, not written out again."""
    first = check(corpus, capsys, "--format", "json")
    with contextlib.closing(sqlite3.connect(corpus / CACHE_DIR / DATABASE)) as db:
        size = db.execute("SELECT length(value) FROM entries WHERE name = 'output:json'").fetchone()[0]
    assert size < len(first[1].encode()) * 0.6  # the claims, most of it, are not in the row
    reads.clear()
    assert check(corpus, capsys, "--format", "json") == first
    assert reads[0] == "output:json" and {n.split(":")[0] for n in reads[1:]} == {"render"} and "layout" not in reads
    with contextlib.closing(sqlite3.connect(corpus / CACHE_DIR / DATABASE)) as db, db:
        db.execute("UPDATE entries SET value = value || x'00' WHERE name = 'render:json:claims/topic-c.yaml'")
    reads.clear()
    assert check(corpus, capsys, "--format", "json") == first  # a reference that no longer verifies: checked again
    assert "layout" in reads


def stored_names(root: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(root / CACHE_DIR / DATABASE)) as db:
        return {name for (name,) in db.execute("SELECT name FROM entries")}


def test_rows_of_deleted_claims_files_and_sources_are_pruned(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A store on a registry whose files churn does not grow without bound: once a claims file is deleted and a source
    leaves the catalog (its file deleted too), no row is named for them, and the output is an uncached run's."""
    check(corpus, capsys, "--format", "json")
    check(corpus, capsys, "--format", "text")  # renderings of a second format, also named per claims file
    before = stored_names(corpus)
    gone_file, gone_source = "claims/topic-d.yaml", "src-0005"
    assert {f"part:{gone_file}", f"static:{gone_file}", f"render:json:{gone_file}", f"source:{gone_source}"} <= before
    (corpus / gone_file).unlink()
    catalog = corpus / "sources" / "catalog.yaml"
    head, *entries = catalog.read_text(encoding="utf-8").split("\n  - id: ")
    catalog.write_text("\n  - id: ".join([head, *(e for e in entries if not e.startswith(f"{gone_source}\n"))]), encoding="utf-8")
    (corpus / "sources" / f"{gone_source}.txt").unlink()
    assert check(corpus, capsys, "--format", "json") == check(corpus, capsys, "--format", "json", "--no-cache")
    after = stored_names(corpus)
    assert not {n for n in after if gone_file in n or gone_source in n}, sorted(after)
    assert {n for n in before if gone_file not in n and gone_source not in n} <= after  # everything else still there


def test_a_stored_extraction_is_replaced_when_its_file_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Extracted text is kept per source file (its key holds the bytes' digest): editing an HTML source again and
    again leaves one row for it, not one per version."""
    root = tmp_path / "docs"
    shutil.copytree(FIXTURES / "documents", root, ignore=shutil.ignore_patterns("make_fixtures.py", ".claimcheck-cache"))
    page = root / "sources" / "harbour-gazette-library-hours.html"
    for version in range(3):
        page.write_text(page.read_text(encoding="utf-8").replace("</body>", f"<p>Added paragraph {version}.</p></body>"), encoding="utf-8")
        check(root, capsys, "--format", "json")
    assert sorted(n for n in stored_names(root) if n.startswith("extract:")) == ["extract:harbour-gazette-library-hours.html",
                                                                                 "extract:northfield-water-annual-report.pdf"]
