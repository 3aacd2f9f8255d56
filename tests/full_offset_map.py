"""The whole-text offset map claimcheck used before offsets were mapped block by block: the oracle.

This is the previous ``checker/documents/sourcetext.py`` (sparse map of the whole text, an exact
character-by-character map when a span does not verify, a list of every line start) with the
previous normalisation (NFKC of the whole text, a ``str.replace`` chain, ``split``/``join``).
The property tests check that the lazy, block-wise map gives the same spans, line:col and
normalised text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from checker.documents.normalise import _REPLACEMENTS
from checker.documents.offsets import _changer_runs, _segments
from checker.documents.sourcetext import Span


def unify_characters(text: str) -> str:
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


def normalise(text: str) -> str:
    return " ".join(unify_characters(text).split())


_WHITESPACE_RUN = re.compile(r"\s\s+|^\s+")
_LINE_BREAK = re.compile(r"\r\n?|\n")


@dataclass
class FullMapSourceText:
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
    full: FullMapSourceText | None = None
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
