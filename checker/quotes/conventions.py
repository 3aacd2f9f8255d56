"""Editorial quoting conventions: what a pinned quote asks to find.

- ``...`` or ``…`` (also bracketed, ``[...]`` or ``(…)``, and any longer run of
  dots) stands for omitted text: the fragments on either side must appear in
  this order, within the same paragraph of the source.
- ``[words in square brackets]`` is an editorial insertion that need not appear
  in the source: the text on either side must appear in order, within the same
  paragraph, with at most ``MAX_INSERTION_GAP`` characters of source text where
  the brackets stand.
- ``[sic]`` (any case, ``[sic!]`` too) is ignored.

Every fragment must have at least ``MIN_WORDS`` words on its own, or the quote
is too weak to pin anything down; a quote may have at most ``MAX_FRAGMENTS``
fragments (the matcher's work grows with their number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.documents import normalise, word_count

MIN_WORDS = 3
MAX_INSERTION_GAP = 60
MAX_FRAGMENTS = 20
"""Fragments (text between omissions and insertions) one quote may have."""

_SIC = re.compile(r"\s*\[\s*sic\s*!?\s*\]", re.IGNORECASE)
# Three or more dots (". . ." too) or "…"; bracketed "[...]" and "(…)" are omissions as well,
# not insertions: editors write them for cuts, and an insertion's gap is only a few words.
_ELLIPSIS = r"(?:\.(?:\s?\.){2,}|…)"
_BREAKS = re.compile(rf"(\[\s*{_ELLIPSIS}\s*\]|\(\s*{_ELLIPSIS}\s*\)|{_ELLIPSIS})|\[([^\]]*)\]")

ELLIPSIS = "ellipsis"
INSERTION = "insertion"


@dataclass(frozen=True)
class Fragment:
    text: str
    """Normalised text to find."""
    gap_before: str | None
    """None for the first fragment, else ELLIPSIS or INSERTION: what may stand between it and the previous one."""


@dataclass(frozen=True)
class QuotePattern:
    raw: str
    fragments: tuple[Fragment, ...]

    @property
    def text(self) -> str:
        """The fragments joined by single spaces: what drift diagnosis compares against."""
        return " ".join(f.text for f in self.fragments)

    @property
    def weak_fragments(self) -> tuple[str, ...]:
        return tuple(f.text for f in self.fragments if word_count(f.text) < MIN_WORDS)

    @property
    def only_insertions(self) -> bool:
        """Nothing but editorial insertions: every word of the quote is in [brackets], none from the source."""
        return not self.fragments and any(m.group(2) and m.group(2).strip() for m in _BREAKS.finditer(_SIC.sub("", self.raw)))

    @property
    def is_verbatim(self) -> bool:
        """One run of source text with no editorial marks (what ``repin`` may rewrite)."""
        return len(self.fragments) == 1 and not has_editorial_marks(self.raw)


def has_editorial_marks(text: str) -> bool:
    """Would ``text``, pinned as a quote, read as having omissions, insertions or [sic]?"""
    return bool(_SIC.search(text) or _BREAKS.search(text))


def parse_quote(raw: str) -> QuotePattern:
    text = _SIC.sub("", raw)
    fragments: list[Fragment] = []
    pending_gap: str | None = None
    position = 0
    for brk in _BREAKS.finditer(text):
        if _append(fragments, text[position : brk.start()], pending_gap):
            pending_gap = None
        gap = ELLIPSIS if brk.group(1) else INSERTION
        # Consecutive breaks with no text between merge; an ellipsis allows more, so it wins.
        pending_gap = ELLIPSIS if ELLIPSIS in (gap, pending_gap) else gap
        position = brk.end()
    _append(fragments, text[position:], pending_gap)
    return QuotePattern(raw, tuple(fragments))


def _append(fragments: list[Fragment], piece: str, gap: str | None) -> bool:
    norm = normalise(piece)
    if not norm:
        return False
    fragments.append(Fragment(norm, gap if fragments else None))
    return True
