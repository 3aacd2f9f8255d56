"""Per source, what the documents view needs: its text, where its uncited sentences and boilerplate lines are.

Offsets go to the browser as UTF-16 code units (JavaScript string indices), not the
code points Python counts: a source with characters outside the Basic Multilingual
Plane (emoji, some CJK) would otherwise have every highlight after one of them shifted.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.documents import SourceEntry, SourceError, boilerplate_reasons, normalise, read_source
from checker.engine import SourceCoverage


@dataclass(frozen=True)
class Utf16:
    """Maps code point offsets of one text to UTF-16 offsets."""

    astral: tuple[int, ...]
    """Code point offsets of the characters that take two UTF-16 units."""

    @classmethod
    def of(cls, text: str) -> Utf16:
        if text.isascii():
            return cls(())
        return cls(tuple(i for i, ch in enumerate(text) if ord(ch) > 0xFFFF))

    def __call__(self, offset: int) -> int:
        return offset + bisect_left(self.astral, offset) if self.astral else offset

    def span(self, start: int, end: int) -> list[int]:
        return [self(start), self(end)]


@dataclass(frozen=True)
class DocumentText:
    text: str
    units: Utf16


def read_texts(root: Path, sources: dict[str, SourceEntry]) -> dict[str, DocumentText]:
    """Every readable source's decoded text (the same safe reader the check uses); unreadable ones are left out."""
    texts: dict[str, DocumentText] = {}
    for source_id, entry in sorted(sources.items()):
        try:
            text = read_source(root, entry).text
        except SourceError:
            continue  # the check reports it; the report shows the finding
        texts[source_id] = DocumentText(text, Utf16.of(text))
    return texts


def boilerplate_lines(entry: SourceEntry, text: str) -> list[tuple[int, int]]:
    """Spans of whole lines the catalog marks as boilerplate: the rule the quote check and coverage use."""
    reasons = boilerplate_reasons(entry)
    if not reasons:
        return []
    spans, start = [], 0
    for line in text.split("\n"):
        if normalise(line) in reasons:
            spans.append((start, start + len(line.rstrip("\r"))))
        start += len(line) + 1
    return spans


def document_block(entry: SourceEntry, doc: DocumentText, covered: SourceCoverage | None) -> dict[str, Any]:
    """The JSON embedded for one document, parsed by the page only when the document is opened."""
    uncited = [] if covered is None else [doc.units.span(s.start, s.end) for s in covered.uncited]
    return {
        "text": doc.text,
        "uncited": uncited,
        "boilerplate": [doc.units.span(s, e) for s, e in boilerplate_lines(entry, doc.text)],
    }
