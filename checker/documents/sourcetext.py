"""A source's text, its normalised form, and the way back from one to the other.

Quotes are searched for in the normalised text; users need positions in the file
they can open. ``SourceText.span`` maps a normalised span back to character
offsets into the original (decoded) text and to line:column.

The text is normalised in blocks (``normalise.normalised_blocks``); each block's
start in both texts is a checkpoint, and the map inside a block is worked out only
when an offset in it is asked for (``offsets.py``). Every mapped span is verified by
normalising the original slice again; where a block's map does not hold, that block
is mapped exactly, character by character, so reported offsets are always right.
Line numbers come from counted checkpoints too (``lines.py``): no per-character or
per-line list of the whole text is ever built.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from checker.documents.lines import LineIndex
from checker.documents.normalise import normalise, normalised_blocks
from checker.documents.offsets import OffsetMap

MAX_REMEMBERED_SPANS = 4096


@dataclass(frozen=True)
class Span:
    """Where a quote sits in the original text: [start, end) and 1-based line:column."""

    start: int
    end: int
    line: int
    col: int
    end_line: int
    end_col: int
    page: int | None = None
    """Paged sources (PDF): the 1-based page the span starts on; ``line`` stays the line of the whole text."""
    page_line: int | None = None
    """Paged sources: the line within that page."""

    def where(self) -> str:
        """The location people read: ``p. 3, line 12`` in a paged source, else ``line 13:131``."""
        return f"p. {self.page}, line {self.page_line}" if self.page is not None else f"line {self.line}:{self.col}"


@dataclass
class SourceText:
    """A source's quotable text. For HTML and PDF sources it is the extracted text (see
    ``checker/documents/``): ``kind`` says which, ``page_starts`` map offsets to pages,
    ``full`` is the complete layer when ``text`` is a selection of it, ``url`` where it lives."""

    source_id: str
    path: str
    text: str
    kind: str = "text"
    """text | html | pdf"""
    url: str | None = None
    page_starts: tuple[int, ...] = ()
    """Paged sources: offset in ``text`` where each page begins."""
    full: SourceText | None = None
    """The whole text layer when ``text`` leaves part of it out (HTML main text; PDF without running furniture)."""
    sha256: str | None = None
    """sha256 of the stored bytes, as read."""
    norm: str = field(init=False)
    _offsets: OffsetMap = field(init=False, repr=False)
    _lines: LineIndex = field(init=False, repr=False)
    _mapped: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict, init=False, repr=False)
    """Spans mapped lately: a found quote's span is verified while locating it and again when reported."""
    _verified: dict[tuple[int, int], bool] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        blocks = normalised_blocks(self.text)
        self.norm = blocks.norm
        self._offsets = OffsetMap(self.text, blocks)
        self._lines = LineIndex(self.text)

    # -- mapping normalised offsets back -----------------------------------
    def to_original(self, norm_offset: int) -> int:
        return self._offsets.to_original(norm_offset)

    def to_normalised(self, orig_offset: int, lower: int = 0) -> int:
        """The smallest normalised offset >= ``lower`` that maps back to ``orig_offset`` or beyond.

        A binary search over [lower, len(norm)] (the same probes as ``bisect_left`` with
        ``to_original`` as key); blocks far from ``orig_offset`` answer from their bounds.
        """
        low, high = lower, len(self.norm) + 1
        while low < high:
            mid = (low + high) // 2
            if self._offsets.originally_before(mid, orig_offset):
                low = mid + 1
            else:
                high = mid
        return low

    def aligned(self, norm_start: int, norm_end: int) -> bool:
        """Whether normalised [norm_start, norm_end) is the normalisation of some original text.

        It is not when it starts or ends inside the expansion of one original
        character (the "i" of "ﬁ", which NFKC turns into "fi"): no original text
        says just that, so a quote must not be found there.
        """
        if (verified := self._verified.get((norm_start, norm_end))) is not None:
            return verified
        start, end = self._map_span(norm_start, norm_end)
        if normalise(self.text[start:end]) == self.norm[norm_start:norm_end]:
            verified = True
        elif self._offsets.make_exact(norm_start, norm_end):  # the blocks' sparse maps did not hold here
            self._mapped.clear()
            self._verified.clear()
            return self.aligned(norm_start, norm_end)
        else:
            verified = False
        if len(self._verified) >= MAX_REMEMBERED_SPANS:
            self._verified.clear()
        self._verified[norm_start, norm_end] = verified
        return verified

    def span(self, norm_start: int, norm_end: int) -> Span:
        """The original span of normalised [norm_start, norm_end), verified (see ``aligned``)."""
        self.aligned(norm_start, norm_end)  # switches to the exact map where the sparse one does not verify
        start, end = self._map_span(norm_start, norm_end)
        line, col = self.line_col(start)
        end_line, end_col = self.line_col(max(end - 1, start))
        page, page_line = self.page_line(start)
        return Span(start, end, line, col, end_line, end_col, page, page_line)

    def page_line(self, offset: int) -> tuple[int | None, int | None]:
        """Paged sources: the 1-based page of an original offset and its line within that page; else (None, None)."""
        if not self.page_starts:
            return None, None
        page = bisect_right(self.page_starts, offset)
        first_line, _ = self.line_col(self.page_starts[page - 1])
        return page, self.line_col(offset)[0] - first_line + 1

    def _map_span(self, norm_start: int, norm_end: int) -> tuple[int, int]:
        if (found := self._mapped.get((norm_start, norm_end))) is not None:
            return found
        if len(self._mapped) >= MAX_REMEMBERED_SPANS:
            self._mapped.clear()
        start = self.to_original(norm_start)
        # The end is where the next normalised character comes from, less any
        # whitespace that collapsed into the separating space.
        end = self.to_original(norm_end) if norm_end < len(self.norm) else len(self.text)
        while end > start and self.text[end - 1].isspace():
            end -= 1
        self._mapped[norm_start, norm_end] = start, end
        return start, end

    # -- lines ---------------------------------------------------------------
    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an original offset.

        Lines end where an editor ends them: at LF, CRLF, or a lone CR (old Mac files).
        """
        return self._lines.line_col(offset)

    def lines(self, span: Span) -> Iterator[tuple[int, str]]:
        """(line number, text without its line break) of every line the span touches."""
        return self._lines.lines(span.start, max(span.end - 1, span.start))
