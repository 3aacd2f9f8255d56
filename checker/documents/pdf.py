"""PDF sources: the text of each page, read with pypdfium2 (PDFium, the engine inside Chromium).

Why pypdfium2 and not pypdf, measured on the committed fixture
``tests/fixtures/documents/sources/northfield-water-annual-report.pdf``
(Chromium-printed, three pages) with ``python3 -m benchmarks.pdf_readers``:
pypdfium2 29/29 of the report's sentences found, 28 ms per read; pypdf 12/29,
386 ms. PDFium splits ligature glyphs back into letters,
keeps a soft-hyphenated word's hyphen glyph at the line end (U+2010) instead of
putting a space before it, marks a hyphen-minus at a line end (U+FFFE) so
``pages.py`` can decide, and is several times faster.

Untrusted PDFs: the file is opened from memory (PDFium never touches the path),
an encrypted or broken file is refused with one line, and at most ``MAX_PAGES``
pages are read. pypdfium2 is imported on first use (a registry without PDFs never loads PDFium).
"""

from __future__ import annotations

import re

MAX_PAGES = 5000
MAX_TEXT_CHARS = 64 * 1024 * 1024
"""Most characters of text a PDF may yield: what a text source may hold (a small file of
compressed text objects can expand to far more)."""
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class PdfRefused(Exception):
    """The bytes are not a PDF whose text can be read; the message says why."""


def pdf_page_lines(data: bytes) -> list[list[str]]:
    """The lines of text of each page, in reading order as PDFium gives them."""
    import pypdfium2

    if not data.lstrip()[:5] == b"%PDF-":
        raise PdfRefused("not a PDF (no %PDF- header); store the document as the publisher served it")
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PdfRefused("the PDF is encrypted (it needs a password to open); store a copy without a password") from None
        raise PdfRefused(f"PDF cannot be opened ({exc}); a damaged file cannot be quoted") from None
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise PdfRefused(f"PDF has {count:,} pages, over the limit of {MAX_PAGES:,}; refused")
        pages: list[list[str]] = []
        chars = 0
        for index in range(count):
            page = document[index]
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
                chars += len(text)
                if chars > MAX_TEXT_CHARS:
                    raise PdfRefused(f"the PDF's text runs past {MAX_TEXT_CHARS:,} characters by page {index + 1}, over the limit "
                                     "for a source; refused")
                pages.append(_LINE_BREAK.split(text))
            finally:
                textpage.close()
                page.close()
        return pages
    except pypdfium2.PdfiumError as exc:
        raise PdfRefused(f"PDF text cannot be read ({exc})") from None
    finally:
        document.close()
