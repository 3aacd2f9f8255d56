"""Sentences of a document, with their original offsets: what coverage counts and discovery compares.

A document is cut into paragraph lines, then at sentence-final ``.``, ``!`` or
``?`` followed by a capital or an opening quotation mark. In a PDF a line break
is where the page's layout wrapped the text, not a paragraph: there sentences run
across lines (and pages), and each carries its page and line within the page
(``source_sentences``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from checker.documents.sourcetext import SourceText

# A sentence ends at . ! or ? (with any closing quotes or brackets) before a space and a capital.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s+[“‘\"'(]?[A-Z0-9•])")
_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    line: int
    text: str
    page: int | None = None
    """Paged sources: the page the sentence starts on; ``line`` is then still the line of the whole text."""
    page_line: int | None = None

    def where(self) -> str:
        """``p. 3, line 12`` in a paged source, else ``line 13``."""
        return f"p. {self.page}, line {self.page_line}" if self.page is not None else f"line {self.line}"


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their original offsets; each non-blank line is at least one sentence."""
    result: list[Sentence] = []
    line_no, counted_to = 1, 0  # line numbers counted incrementally: recounting from 0 was quadratic in the text
    for line in _LINE.finditer(text):
        start = line.start()
        line_no += text.count("\n", counted_to, start)
        counted_to = start
        cuts = [m.end() + line.start() for m in _SENTENCE_END.finditer(line.group())]
        for end in [*cuts, line.end()]:
            piece = text[start:end]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                body = piece.strip()
                begin = start + lead
                result.append(Sentence(begin, begin + len(body), line_no, body))
            start = end
    return result


def source_sentences(source: SourceText) -> list[Sentence]:
    """The sentences of a source as read: in a paged source (PDF) they run across line breaks and know their page."""
    if not source.page_starts:
        return split_sentences(source.text)
    flowing = split_sentences(source.text.replace("\n", " "))  # same length: offsets stay those of the text
    sentences = []
    for sentence in flowing:
        page = bisect_right(source.page_starts, sentence.start)
        first_line, _ = source.line_col(source.page_starts[page - 1])
        line, _ = source.line_col(sentence.start)
        sentences.append(replace(sentence, line=line, page=page, page_line=line - first_line + 1))
    return sentences
