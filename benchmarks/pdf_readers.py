"""Which PDF text reader: pypdfium2 against pypdf on the Chromium-printed fixture.

    python3 -m benchmarks.pdf_readers        (pypdf is not a dependency: pip install pypdf first)

For each reader, the fixture's pages go through the same ``paged_layers``
(running furniture dropped, line-end hyphens resolved) and every sentence of
the report's source text is looked for, normalised, in the result: the share
found is what quoting the PDF can rely on. Time is the best of five reads.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from checker.documents.normalise import normalise
from checker.documents.pages import paged_layers
from checker.documents.pdf import pdf_page_lines

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "documents"
PDF = FIXTURES / "sources" / "northfield-water-annual-report.pdf"
_LINES = re.compile(r"\r\n|\r|\n")


def expected_sentences() -> list[str]:
    """The report's sentences as written, from the script that printed it (hyphens at forced breaks as meant)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = " ".join(module.PARAGRAPHS).replace("prog-<br>ress", "progress").replace("<br>", "")
    text = re.sub(r"<[^>]+>", " ", text).replace("&shy;", "")
    return [s for s in re.split(r"(?<=[.!?])\s+", normalise(text)) if len(s.split()) >= 3]


def pypdf_page_lines(data: bytes) -> list[list[str]]:
    import pypdf

    return [_LINES.split(page.extract_text() or "") for page in pypdf.PdfReader(BytesIO(data)).pages]


def measure(name: str, reader: Callable[[bytes], list[list[str]]], data: bytes, sentences: list[str]) -> None:
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        pages = reader(data)
        best = min(best, time.perf_counter() - started)
    text = normalise(paged_layers(pages).main.text)
    missing = [s for s in sentences if s not in text]
    print(f"{name:10} {len(sentences) - len(missing)}/{len(sentences)} sentences found, {best * 1000:.1f} ms per read")
    for sentence in missing:
        print(f"    missing: {sentence[:100]}")


def main() -> None:
    data = PDF.read_bytes()
    sentences = expected_sentences()
    measure("pypdfium2", pdf_page_lines, data, sentences)
    try:
        measure("pypdf", pypdf_page_lines, data, sentences)
    except ImportError:
        print("pypdf        not installed (pip install pypdf)")


if __name__ == "__main__":
    main()
