"""Sentences of a document, with their original offsets: what coverage counts and discovery compares.

A document is cut into blocks: paragraphs (runs of lines between blank lines),
with a list item (a line opening with a bullet) and any line the caller marks
as standing alone (a catalogued boilerplate line) each a block of its own.
Within a block a line break is only whitespace, so a sentence wrapped over
several lines is one sentence, and re-wrapping a paragraph changes nothing.
A block is then cut at sentence-final ``.``, ``!`` or ``?`` followed by a
capital, a digit or an opening quotation mark. In a PDF a line break is where
the page's layout wrapped the text: there sentences run across lines (and
pages), and each carries its page and line within the page (``source_sentences``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from checker.documents.sourcetext import SourceText

# A sentence ends at . ! or ? (with any closing quotes or brackets) before whitespace and a capital.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s+[“‘\"'(]?[A-Z0-9•])")
_LINE = re.compile(r"[^\n]*\n?")
_BULLET = re.compile(r"\s*(?:[•·▪‣◦*–—-]|\d{1,3}[.)])\s")
"""A line that opens a list item: it starts a block even without a blank line before it."""


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    line: int
    """The line the sentence starts on (1-based)."""
    text: str
    """Exactly ``document[start:end]``: line breaks inside a wrapped sentence are kept (``display`` joins them)."""
    page: int | None = None
    """Paged sources: the page the sentence starts on; ``line`` is then still the line of the whole text."""
    page_line: int | None = None

    @property
    def display(self) -> str:
        return " ".join(self.text.split())

    def where(self) -> str:
        """``p. 3, line 12`` in a paged source, else ``line 13``."""
        return f"p. {self.page}, line {self.page_line}" if self.page is not None else f"line {self.line}"


def _blocks(text: str, stands_alone: Callable[[str], bool] | None) -> list[tuple[int, int]]:
    """(start, end) of each block, in order."""
    blocks: list[tuple[int, int]] = []
    start: int | None = None
    for match in _LINE.finditer(text):
        if not match.group():
            break
        line = match.group().rstrip("\n")
        if not line.strip():
            if start is not None:
                blocks.append((start, match.start()))
            start = None
            continue
        alone = stands_alone is not None and stands_alone(line)
        if start is not None and (alone or _BULLET.match(line)):
            blocks.append((start, match.start()))
            start = None
        if alone:
            blocks.append((match.start(), match.start() + len(line)))
        elif start is None:
            start = match.start()
    if start is not None:
        blocks.append((start, len(text)))
    return blocks


def split_sentences(text: str, stands_alone: Callable[[str], bool] | None = None) -> list[Sentence]:
    """Sentences with their original offsets; ``stands_alone(line)`` keeps such a line out of its neighbours' sentences."""
    result: list[Sentence] = []
    line_no, counted_to = 1, 0  # line numbers counted incrementally: recounting from 0 was quadratic in the text
    for block_start, block_end in _blocks(text, stands_alone):
        block = text[block_start:block_end]
        start = 0
        for end in [*(m.end() for m in _SENTENCE_END.finditer(block)), len(block)]:
            piece = block[start:end]
            if piece.strip():
                begin = block_start + start + len(piece) - len(piece.lstrip())
                body = piece.strip()
                line_no += text.count("\n", counted_to, begin)
                counted_to = begin
                result.append(Sentence(begin, begin + len(body), line_no, body))
            start = end
    return result


def source_sentences(source: SourceText, stands_alone: Callable[[str], bool] | None = None) -> list[Sentence]:
    """The sentences of a source as read: in a paged source (PDF) they run across line breaks and know their page."""
    if not source.page_starts:
        return split_sentences(source.text, stands_alone)
    flowing = split_sentences(source.text.replace("\n", " "))  # same length: offsets stay those of the text
    sentences = []
    for sentence in flowing:
        page, page_line = source.page_line(sentence.start)
        sentences.append(replace(sentence, line=source.line_col(sentence.start)[0], page=page, page_line=page_line))
    return sentences
