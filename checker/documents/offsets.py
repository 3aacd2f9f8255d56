"""Normalised offsets back to original ones, worked out only where they are asked for.

Normalising a text (``normalise.normalised_blocks``) records, for each block of
about 2,000 characters, where it starts in the original and in the normalised
text: a checkpoint from which the two can be followed in step. The map inside a
block is built the first time an offset in it is asked for, from that block alone:

- a block where every character stayed one character and no run of white space
  shrank needs no map (an offset is its checkpoint plus the distance);
- where only runs of white space shrank, the map records each run, found by
  ``str.replace`` and a literal search in C;
- where NFKC changed lengths (a ligature, "…", a combining accent), each run of
  characters that may change is tested, as for the whole text before.

A map lists where the difference between original and normalised offsets
changes (``points``, ``deltas``). Every span is checked by normalising its
original slice again (``SourceText.aligned``); a block whose map does not hold
there is mapped exactly, character by character, instead.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

from checker.documents.normalise import CHANGED, IDENTITY, Blocks, spaces_only, unify_characters

_WHITESPACE_RUN = re.compile(r"\s\s+")
_LEADING_WHITESPACE = re.compile(r"\s+")
_SPACE_RUN = re.compile("  +")
_COMMON_BLOCKS_END = 0x3000
"""Below this, the characters that NFKC leaves alone are listed (cheap to find once); above, each is tested."""
MAX_CACHED_MAPS = 1024
"""Block maps kept at once: a 64 MiB source has 32,000 blocks, and a map is cheap to build again."""


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


@lru_cache(maxsize=4096)
def _is_changer(ch: str) -> bool:
    """Whether NFKC may expand, shrink or merge ``ch`` with a neighbour (Hangul leading jamo included)."""
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
    """Maximal runs of changers, found only among candidate runs."""
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


Events = list[tuple[int, int, int]]
"""(original start, original length, normalised length) of each place where the length changes."""


def _spacing_events(unified: str) -> Events:
    """White-space runs of a block whose characters all stayed one each (``unified``: its steps 1-3)."""
    spaced = spaces_only(unified)
    lead = len(spaced) - len(spaced.lstrip(" "))
    events = [(0, lead, 0)] if lead else []
    events.extend((m.start(), m.end() - m.start(), 1) for m in _SPACE_RUN.finditer(spaced, lead))
    return events


def _changed_events(block: str) -> Events:
    """White-space runs and NFKC's changes in length, each run of changers tested with the letter before it."""
    lead = _LEADING_WHITESPACE.match(block)
    events = [(0, lead.end(), 0)] if lead else []
    events.extend((m.start(), m.end() - m.start(), 1) for m in _WHITESPACE_RUN.finditer(block, lead.end() if lead else 0))
    for m_start, m_end in _changer_runs(block):
        # Include the letter before: a combining mark may merge into it.
        lo = m_start - 1 if m_start and not block[m_start - 1].isspace() else m_start
        cluster = block[lo:m_end]
        events.append((lo, len(cluster), len(unify_characters(cluster))))
    events.sort()
    return events


def _sparse_map(events: Events) -> tuple[list[int], list[int]]:
    """(normalised offset, original - normalised) wherever the difference changes."""
    points, deltas = [0], [0]
    for orig_start, orig_len, norm_len in events:
        before = deltas[-1]
        # Normalised offsets up to the event's end map with the old delta, after it with the new.
        points.append(orig_start - before + norm_len)
        deltas.append(before + orig_len - norm_len)
    return points, deltas


def _exact_map(block: str) -> array[int]:
    """Slow, exact: the original offset of every normalised character, and the block's end."""
    origin = array("q")
    pending_space, started = False, False
    for segment in _segments().finditer(block):
        i = segment.start()
        for out in unify_characters(segment.group()):
            if out.isspace():
                pending_space = started
                continue
            if pending_space:
                origin.append(i)
                pending_space = False
            origin.append(i)
            started = True
    origin.append(len(block))
    return origin


class OffsetMap:
    """``to_original``: the original offset of a normalised one, from the block around it."""

    def __init__(self, text: str, blocks: Blocks) -> None:
        self.text, self.starts, self.norm_starts, self.kinds = text, blocks.starts, blocks.norm_starts, blocks.kinds
        self.exact: set[int] = set()
        """Blocks whose sparse map did not verify: mapped character by character from then on."""
        self._maps: dict[int, tuple[list[int], list[int]] | array[int]] = {}

    def block_of(self, norm_offset: int) -> int:
        return bisect_right(self.norm_starts, norm_offset) - 1

    def _end(self, block: int) -> int:
        return self.starts[block + 1] if block + 1 < len(self.starts) else len(self.text)

    def _map(self, block: int) -> tuple[list[int], list[int]] | array[int]:
        found = self._maps.get(block)
        if found is None:
            if len(self._maps) >= MAX_CACHED_MAPS:
                self._maps.clear()
            text = self.text[self.starts[block] : self._end(block)]
            if block in self.exact:
                found = _exact_map(text)
            elif self.kinds[block] == CHANGED:
                found = _sparse_map(_changed_events(text))
            else:
                found = _sparse_map(_spacing_events(unify_characters(text)))
            self._maps[block] = found
        return found

    def to_original(self, norm_offset: int) -> int:
        block = self.block_of(norm_offset)
        if block < 0:  # nothing but white space
            return len(self.text)
        start, local = self.starts[block], norm_offset - self.norm_starts[block]
        if self.kinds[block] == IDENTITY and block not in self.exact:
            # One leading white-space character at most, and every other one kept.
            return min(start + local + self.text[start].isspace(), len(self.text))
        found = self._map(block)
        if isinstance(found, array):
            if local < len(found) - 1:
                return start + found[local]
            # The space between blocks comes from where the next word starts, as in an exact map of the whole text.
            return self.to_original(self.norm_starts[block + 1]) if block + 1 < len(self.starts) else len(self.text)
        points, deltas = found
        return min(start + local + deltas[bisect_right(points, local) - 1], len(self.text))

    def originally_before(self, norm_offset: int, orig_offset: int) -> bool:
        """``to_original(norm_offset) < orig_offset``, without building a block's map when its bounds decide."""
        block = self.block_of(norm_offset)
        if block >= 0 and self.kinds[block] != CHANGED and block not in self.exact:  # values stay within the block
            if self._end(block) < orig_offset:
                return True
            if self.starts[block] >= orig_offset:
                return False
        return self.to_original(norm_offset) < orig_offset

    def make_exact(self, *norm_offsets: int) -> bool:
        """Map the blocks of these offsets exactly from now on; False if they already were."""
        blocks = {b for b in map(self.block_of, norm_offsets) if b >= 0} - self.exact
        for block in blocks:
            self.exact.add(block)
            self._maps.pop(block, None)
        return bool(blocks)
