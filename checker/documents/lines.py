"""Line and column of an offset, as an editor counts them, without a list of every line.

Lines end at LF, CRLF or a lone CR (old Mac files). The line breaks before every
``STEP``-th character are counted once (``str.count``, in C); a line number is then
that count plus the breaks in at most ``STEP`` characters. A 64 MiB source with a
million lines needs 16,000 numbers instead of a million-entry list.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator

STEP = 1 << 12
_LINE_BREAK = re.compile(r"\r\n?|\n")


class LineIndex:
    def __init__(self, text: str) -> None:
        self.text = text
        self.has_cr = "\r" in text
        self.counts = array("q", [0])
        """Line breaks that end before offset k * STEP, for each k counted so far."""

    def _breaks(self, start: int, end: int) -> int:
        """Line breaks that end in (start, end]: a CRLF counts once, where its LF is."""
        count = self.text.count("\n", start, end)
        if self.has_cr:
            # A CR starts a break unless an LF follows it; the LF at ``end`` still counts (it ends a CRLF before end + 1).
            count += self.text.count("\r", start, end) - self.text.count("\r\n", start, end + 1)
        return count

    def breaks_before(self, offset: int) -> int:
        """How many line breaks end at or before ``offset`` (its 1-based line, less one)."""
        step = min(offset, len(self.text)) // STEP
        while len(self.counts) <= step:
            k = len(self.counts)
            self.counts.append(self.counts[-1] + self._breaks((k - 1) * STEP, k * STEP))
        return self.counts[step] + self._breaks(step * STEP, offset)

    def line_start(self, offset: int) -> int:
        """Where the line holding ``offset`` begins."""
        start = self.text.rfind("\n", 0, offset) + 1
        if self.has_cr:
            cr = self.text.rfind("\r", start, offset)
            if cr != -1 and cr + 1 == offset and self.text.startswith("\n", offset):
                cr = self.text.rfind("\r", start, cr)  # this CR's LF is at the offset: its break has not ended yet
            if cr != -1:
                start = cr + 1
        return start

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an original offset."""
        return self.breaks_before(offset) + 1, offset - self.line_start(offset) + 1

    def lines(self, start: int, last: int) -> Iterator[tuple[int, str]]:
        """(1-based line, its text without the break) of every line from the one holding ``start`` to the one holding ``last``."""
        line, begin = self.breaks_before(start) + 1, self.line_start(start)
        while True:
            brk = _LINE_BREAK.search(self.text, begin)
            yield line, self.text[begin : brk.start() if brk else len(self.text)]
            if brk is None or brk.end() > last:
                return
            line, begin = line + 1, brk.end()
