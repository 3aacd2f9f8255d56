"""A source's text, its normalised form, and the way back from one to the other.

Quotes are searched for in the normalised text; users need positions in the file
they can open. ``SourceText.span`` maps a normalised span back to character
offsets into the original (decoded) text and to line:column.

The map is sparse: only places where normalisation changes the length are
recorded (runs of two or more whitespace characters, leading whitespace, and the
rare characters NFKC expands or merges, such as "…" or a combining accent).
Every mapped span is verified by normalising the original slice again; should a
text defeat the sparse map, an exact character-by-character map is built
instead, so reported offsets are always right.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from checker.documents.normalise import normalise, unify_characters

# Same matches as r"\s{2,}|^\s+", a third faster (measured in benchmarks/).
_WHITESPACE_RUN = re.compile(r"\s\s+|^\s+")
_LINE_BREAK = re.compile(r"\r\n?|\n")
_COMMON_BLOCKS_END = 0x3000
"""Below this, the characters that NFKC leaves alone are listed (cheap to find once); above, each is tested."""


def _char_class(test: Callable[[int], bool], code_points: Iterable[int] | None = None) -> str:
    """A regex character class of every code point passing ``test``, as ranges; by default
    among the non-ASCII ones where NFKC changes anything."""
    ranges: list[str] = []
    start = None
    # Planes 3-13 and 15-16 hold no character that NFKC changes in length or that
    # combines, so they are not scanned (spans are verified anyway; see SourceText.span).
    scanned = code_points if code_points is not None else [*range(0x80, 0x30000), *range(0xE0000, 0xE1000)]
    previous = -1
    for cp in [*scanned, sys.maxunicode + 1]:
        inside = cp <= sys.maxunicode and test(cp)
        if start is not None and (not inside or cp != previous + 1):  # a range ends at the last code point scanned in it
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(previous))}")
            start = None
        if inside and start is None:
            start = cp
        previous = cp
    return "[" + "".join(ranges) + "]"


def _merges_into_previous(cp: int) -> bool:
    """Combining marks, and Hangul vowel and final jamo, which compose with the character before."""
    return unicodedata.combining(chr(cp)) != 0 or 0x1160 <= cp <= 0x11FF


@cache
def _nfkc_length_changers() -> re.Pattern[str]:
    """Runs of characters NFKC may expand, shrink or merge with a neighbour."""
    def changes(cp: int) -> bool:
        ch = chr(cp)
        if unicodedata.is_normalized("NFKC", ch):  # most characters: skip the costlier checks
            return _merges_into_previous(cp)
        return len(unicodedata.normalize("NFKC", ch)) != 1 or _merges_into_previous(cp)

    return re.compile(_char_class(lambda cp: changes(cp) or 0x1100 <= cp <= 0x11FF) + "+")


@lru_cache(maxsize=4096)
def _is_changer(ch: str) -> bool:
    """Whether ``ch`` is in _nfkc_length_changers()'s class (same planes, same test)."""
    cp = ord(ch)
    if not (0x80 <= cp < 0x30000 or 0xE0000 <= cp < 0xE1000):
        return False
    if 0x1100 <= cp <= 0x11FF:
        return True
    if unicodedata.is_normalized("NFKC", ch):
        return _merges_into_previous(cp)
    return len(unicodedata.normalize("NFKC", ch)) != 1 or _merges_into_previous(cp)


@cache
def _candidate_runs() -> re.Pattern[str]:
    """Runs of characters that may be changers: not ASCII and not among the common characters
    known not to be (curly quotes, dashes, accented letters...). Finding them is a C scan; only
    these few runs are then tested character by character (~10 ms once per process to build)."""
    stable = _char_class(lambda cp: not _is_changer.__wrapped__(chr(cp)), range(0x80, _COMMON_BLOCKS_END))
    return re.compile("[^\x00-\x7f" + stable[1:-1] + "]+")


def _changer_runs(text: str) -> list[tuple[int, int]]:
    """The spans _nfkc_length_changers().finditer(text) yields, found only among candidate runs."""
    spans: list[tuple[int, int]] = []
    for run in _candidate_runs().finditer(text):
        start = None
        for i in range(run.start(), run.end()):
            if _is_changer(text[i]):
                if start is None:
                    start = i
            elif start is not None:
                spans.append((start, i))
                start = None
        if start is not None:
            spans.append((start, run.end()))
    return spans


@cache
def _segments() -> re.Pattern[str]:
    """A character with the marks that NFKC may merge into it: the unit of the exact map."""
    return re.compile("(?s).(?:" + _char_class(_merges_into_previous) + ")*")


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
    _norm_points: list[int] | None = field(default=None, init=False, repr=False)
    _deltas: list[int] | None = field(default=None, init=False, repr=False)
    _exact: list[int] | None = field(default=None, init=False, repr=False)
    _line_starts: list[int] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.norm = normalise(self.text)

    # -- mapping normalised offsets back -----------------------------------
    def _build_sparse_map(self) -> None:
        """Record (normalised offset, original - normalised) wherever the length shifts."""
        events: list[tuple[int, int, int]] = []  # (orig start, orig length, normalised length)
        for m in _WHITESPACE_RUN.finditer(self.text):
            events.append((m.start(), m.end() - m.start(), 0 if m.start() == 0 else 1))
        if not self.text.isascii() and not unicodedata.is_normalized("NFKC", self.text):
            # Every character NFKC changes is non-ASCII: testing only the non-ASCII runs, char
            # by char (memoised), finds what _nfkc_length_changers() would, without building it.
            for m_start, m_end in _changer_runs(self.text):
                # Include the letter before: a combining mark may merge into it.
                lo = m_start - 1 if m_start and not self.text[m_start - 1].isspace() else m_start
                cluster = self.text[lo:m_end]
                events.append((lo, len(cluster), len(unify_characters(cluster))))
        events.sort()
        norm_points, deltas = [0], [0]
        for orig_start, orig_len, norm_len in events:
            before = deltas[-1]
            # Normalised offsets up to the event's end map with the old delta, after it with the new.
            norm_points.append(orig_start - before + norm_len)
            deltas.append(before + orig_len - norm_len)
        self._norm_points, self._deltas = norm_points, deltas

    def _build_exact_map(self) -> None:
        """Slow, exact: normalise character by character, remembering each origin."""
        origin: list[int] = []
        chars: list[str] = []
        pending_space = False
        for segment in _segments().finditer(self.text):
            i = segment.start()
            for out in unify_characters(segment.group()):
                if out.isspace():
                    pending_space = bool(chars)
                    continue
                if pending_space:
                    chars.append(" ")
                    origin.append(i)
                    pending_space = False
                chars.append(out)
                origin.append(i)
        origin.append(len(self.text))
        self._exact = origin

    def to_original(self, norm_offset: int) -> int:
        if self._exact is not None:
            return self._exact[min(norm_offset, len(self._exact) - 1)]
        if self._norm_points is None:
            self._build_sparse_map()
        assert self._norm_points is not None and self._deltas is not None
        index = bisect_right(self._norm_points, norm_offset) - 1
        return min(norm_offset + self._deltas[index], len(self.text))

    def to_normalised(self, orig_offset: int, lower: int = 0) -> int:
        """The smallest normalised offset >= ``lower`` that maps back to ``orig_offset`` or beyond."""
        return bisect_left(range(lower, len(self.norm) + 1), orig_offset, key=self.to_original) + lower

    def aligned(self, norm_start: int, norm_end: int) -> bool:
        """Whether normalised [norm_start, norm_end) is the normalisation of some original text.

        It is not when it starts or ends inside the expansion of one original
        character (the "i" of "ﬁ", which NFKC turns into "fi"): no original text
        says just that, so a quote must not be found there.
        """
        start, end = self._map_span(norm_start, norm_end)
        if normalise(self.text[start:end]) == self.norm[norm_start:norm_end]:
            return True
        if self._exact is None:
            self._build_exact_map()
            return self.aligned(norm_start, norm_end)
        return False

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
        start = self.to_original(norm_start)
        # The end is where the next normalised character comes from, less any
        # whitespace that collapsed into the separating space.
        end = self.to_original(norm_end) if norm_end < len(self.norm) else len(self.text)
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    # -- lines ---------------------------------------------------------------
    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an original offset.

        Lines end where an editor ends them: at LF, CRLF, or a lone CR (old Mac files).
        """
        if self._line_starts is None:
            if "\r" in self.text:
                starts = [0, *(m.end() for m in _LINE_BREAK.finditer(self.text))]
            else:  # the common case, without a regex
                starts = [0]
                find = self.text.find
                pos = find("\n")
                while pos != -1:
                    starts.append(pos + 1)
                    pos = find("\n", pos + 1)
            self._line_starts = starts
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        self.line_col(0)
        assert self._line_starts is not None
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")
