"""Progress on a terminal: sources and claims done, of how many.

Shown only where a person is watching: stderr is a terminal, the output format
is not JSON, and no ``CI`` variable is set. Nothing is drawn for the first
``DELAY`` seconds, so quick runs stay silent; the line is redrawn at most
every ``INTERVAL`` seconds and erased when the run ends.

The engine reports through ``ProgressSink`` and knows nothing of terminals.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import Protocol, TextIO

DELAY = 2.0
INTERVAL = 0.1


class ProgressSink(Protocol):
    def start(self, sources: int, claims: dict[int, int]) -> None:
        """Work begins: ``sources`` to verify; per claim index, how many of its quotes cite them."""

    def source_done(self, citations: Sequence[tuple[int, int]]) -> None:
        """One source is done, with the (claim index, evidence index) quotes that cite it."""


def wanted(stream: TextIO, output_format: str) -> bool:
    return output_format != "json" and not os.environ.get("CI") and stream.isatty()


class TerminalProgress:
    def __init__(self, stream: TextIO = sys.stderr, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.began = self.clock()
        self.drawn_at = 0.0
        self.shown = False
        self.sources_total = self.sources_done = 0
        self.remaining: dict[int, int] = {}
        self.claims_total = self.claims_done = 0

    def start(self, sources: int, claims: dict[int, int]) -> None:
        self.sources_total, self.sources_done = sources, 0
        self.remaining = {ci: n for ci, n in claims.items() if n}
        self.claims_total = len(claims)
        self.claims_done = len(claims) - len(self.remaining)
        self._draw()

    def source_done(self, citations: Sequence[tuple[int, int]]) -> None:
        self.sources_done += 1
        for ci, _ in citations:
            left = self.remaining.get(ci)
            if left is None:
                continue
            if left <= 1:
                del self.remaining[ci]
                self.claims_done += 1
            else:
                self.remaining[ci] = left - 1
        self._draw()

    def line(self) -> str:
        return f"claimcheck: sources {self.sources_done}/{self.sources_total}, claims {self.claims_done}/{self.claims_total}"

    def _draw(self) -> None:
        now = self.clock()
        done = self.sources_done == self.sources_total
        if now - self.began < DELAY or (now - self.drawn_at < INTERVAL and not done):
            return
        self.drawn_at = now
        self.shown = True
        self.stream.write("\r" + self.line() + "\x1b[K")
        self.stream.flush()

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
