"""The HTML and PDF share of the benchmark: extraction throughput, and what the extraction cache saves.

    python3 -m benchmarks.documents                 # 200 HTML pages, 60 PDFs (~15 s)
    python3 -m benchmarks.documents --html 20 --pdf 6

A registry is generated in a temporary directory: HTML pages shaped like the
fixture article (navigation, cookie banner, aside, footer around the story),
each with its own prose (``prose.py``); PDFs that are the Chromium-printed
fixture report, each made distinct by a trailing comment (so each has its own
sha256 and is extracted on its own); and a **text share**: every document's
extracted text stored as a ``.txt`` source, cited by the same quotes. Figures:

- extraction throughput, in-process: HTML pages/s and MiB/s, PDF pages/s;
- ``claimcheck check`` on the documents, cold (nothing cached: everything extracted);
- the same after editing the claims file (every source's verdicts recomputed,
  extractions reused from the cache), against the same edit on the text share:
  the two should cost about the same.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import prose
from checker.documents import SourceEntry, extract_layers

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "documents" / "sources"
ARTICLE = FIXTURES / "harbour-gazette-library-hours.html"
REPORT = FIXTURES / "northfield-water-annual-report.pdf"
QUOTES_PER_SOURCE = 4
_STORY = re.compile(r'(<div class="story-body">).*?(\n  </div>\n  <footer class="story-footer">)', re.DOTALL)


def _entry(path: str) -> SourceEntry:
    return SourceEntry(path, path, "t", "p", "report", "2025", "year", None, None, (), "sources/catalog.yaml", 1)


def _html_page(rng: random.Random, template: str) -> str:
    paragraphs = "\n".join(
        "    <p>" + " ".join(" ".join(prose.sentence(rng)) for _ in range(rng.randint(2, 4))) + "</p>" for _ in range(rng.randint(8, 16))
    )
    return _STORY.sub(lambda m: m.group(1) + "\n" + paragraphs + m.group(2), template)


def _quotes(text: str, rng: random.Random) -> list[str]:
    lines = [line for line in text.splitlines() if len(line.split()) >= 12]
    picked = rng.sample(lines, min(QUOTES_PER_SOURCE, len(lines)))
    return [" ".join(line.split()[2:10]) for line in picked]


def build(root: Path, html_pages: int, pdfs: int, seed: int = 1) -> dict[str, float]:
    """Write the registry (documents and text share); return the bytes and pages extracted."""
    rng = random.Random(seed)
    template, report = ARTICLE.read_text(encoding="utf-8"), REPORT.read_bytes()
    (root / "sources").mkdir(parents=True)
    (root / "claims").mkdir()
    catalog, claims = ["sources:"], ["claims:"]
    figures = {"html_bytes": 0.0, "pdf_pages": 0.0}
    documents: list[tuple[str, bytes]] = [(f"page-{i:04d}.html", _html_page(rng, template).encode()) for i in range(html_pages)]
    documents += [(f"report-{i:04d}.pdf", report + f"\n%% copy {i}\n".encode()) for i in range(pdfs)]
    for name, data in documents:
        layers = extract_layers("html" if name.endswith(".html") else "pdf", data, _entry(name))
        figures["html_bytes" if name.endswith(".html") else "pdf_pages"] += len(data) if name.endswith(".html") else len(layers.page_starts)
        stem = name.rsplit(".", 1)[0]
        (root / "sources" / name).write_bytes(data)
        (root / "sources" / f"{stem}.txt").write_text(layers.text, encoding="utf-8")
        for source_id, path in ((stem, name), (f"{stem}-txt", f"{stem}.txt")):
            catalog.append(f"  - {{id: {source_id}, path: {path}, title: t, publisher: p, kind: report, published: '2025', precision: year}}")
        for n, quote in enumerate(_quotes(layers.text, rng)):
            for source_id in (stem, f"{stem}-txt"):
                claims.append(f"  - {{id: {source_id}-{n}, statement: s, subject: s, property: p, value: v{n}, "
                              f"evidence: [{{source: {source_id}, quote: {quote!r}}}]}}")
    (root / "sources" / "catalog.yaml").write_text("\n".join(catalog) + "\n", encoding="utf-8")
    (root / "claims" / "subjects.yaml").write_text("subjects:\n  s: {name: S}\n", encoding="utf-8")
    (root / "claims" / "properties.yaml").write_text("properties:\n  p: {description: d, type: text, single_valued: false}\n", encoding="utf-8")
    (root / "claims" / "all.yaml").write_text("\n".join(claims) + "\n", encoding="utf-8")
    return figures


def _throughput(root: Path, suffix: str) -> tuple[float, int]:
    files = sorted((root / "sources").glob(f"*{suffix}"))
    started = time.perf_counter()
    for path in files:
        extract_layers(suffix.lstrip("."), path.read_bytes(), _entry(path.name))
    return time.perf_counter() - started, len(files)


def _check(root: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "checker", "check", "--root", str(root), "--format", "json"], capture_output=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"check failed ({done.returncode}): {done.stdout[:300]!r} {done.stderr[-300:]!r}")
    return time.perf_counter() - started


def _share(root: Path, keep: str) -> Path:
    """A registry of only the documents (``keep="doc"``) or only the text share (``"txt"``)."""
    import shutil

    share = root.parent / f"{root.name}-{keep}"
    shutil.copytree(root, share)
    catalog = share / "sources" / "catalog.yaml"
    claims = share / "claims" / "all.yaml"
    is_text = re.compile(r"-txt[,-]")
    for path in (catalog, claims):
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(lines[:1] + [x for x in lines[1:] if bool(is_text.search(x)) == (keep == "txt")]) + "\n", encoding="utf-8")
    return share


def rows(html_pages: int, pdfs: int) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "registry"
        figures = build(root, html_pages, pdfs)
        html_seconds, html_files = _throughput(root, ".html")
        pdf_seconds, pdf_files = _throughput(root, ".pdf")
        out = [
            ("extraction, HTML (trafilatura main text + full text)",
             f"{html_files / html_seconds:.0f} pages/s, {figures['html_bytes'] / 2**20 / html_seconds:.2f} MiB/s ({html_files} pages)"),
            ("extraction, PDF (pypdfium2 + furniture + hyphens)",
             f"{figures['pdf_pages'] / pdf_seconds:.0f} pages/s ({pdf_files} PDFs, {figures['pdf_pages']:.0f} pages)"),
        ]
        documents, texts = _share(root, "doc"), _share(root, "txt")
        out.append(("check, documents, cold (extracts everything)", f"{_check(documents):.2f} s"))
        for share, label in ((documents, "documents"), (texts, "text share")):
            _check(share)  # warm the caches
            claims = share / "claims" / "all.yaml"
            claims.write_text(claims.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
            out.append((f"check, {label}, after editing the claims (verdicts recomputed)", f"{_check(share):.2f} s"))
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m benchmarks.documents", description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=int, default=200, help="HTML pages")
    parser.add_argument("--pdf", type=int, default=60, help="PDF documents (3 pages each)")
    args = parser.parse_args(argv)
    for label, value in rows(args.html, args.pdf):
        print(f"{label:70} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
