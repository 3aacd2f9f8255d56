"""Exact quote search: where a quote occurs in a source, once normalised.

A quote (see ``quotes.py``) is located by ``str.find`` over the source's
normalised text. A quote with omissions or insertions is a chain of fragments;
it is found without recursion and without trying combinations, in time linear
in the occurrences examined:

1. forward, fragment by fragment: the occurrences of fragment *i* that some
   reachable end of fragment *i-1* can lead to (inside that paragraph; after an
   insertion, within ``MAX_INSERTION_GAP`` characters), searched for only
   between the earliest such end and the furthest paragraph end;
2. backward: of those, the occurrences from which the rest of the quote can be
   completed (the nearest completable occurrence of the next fragment is always
   the best one to try, as every constraint is an upper bound on it);
3. each completable occurrence of the first fragment is a candidate, its span
   ending where the earliest chain from it ends.

At most ``MAX_OCCURRENCES`` occurrences of each fragment are examined and at
most ``MAX_FRAGMENTS`` fragments (``quotes.py``); a quote that meets either cap
is reported as too complex rather than passed or failed on a partial search.
``Located.steps`` counts the work done (searches and lookups), so the bound can
be tested in operations rather than seconds.

Prefix and suffix context (the W3C TextQuoteSelector's ``prefix``/``suffix``)
keep only the candidates they surround. The verdict:

- one candidate left: found, with its span in the original text;
- several: ambiguous (add or lengthen prefix/suffix);
- none: missing; ``drift.py`` then explains where the text went;
- too-complex: a cap was met (``Located.reason`` says which).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from checker.documents import SourceText, Span, normalise
from checker.quotes.conventions import ELLIPSIS, MAX_FRAGMENTS, MAX_INSERTION_GAP, QuotePattern

MAX_OCCURRENCES = 1000
"""Occurrences of one fragment examined; a fragment found more often makes the quote too complex (unless already ambiguous)."""


def max_steps(fragments: int) -> int:
    """The most ``Located.steps`` a quote of this many fragments can take.

    Per fragment: one search in the order check; forward, up to MAX_OCCURRENCES + 1 searches, a lookup
    of the previous end and a paragraph end per occurrence; backward, a lookup and a paragraph end per
    occurrence; and one step per fragment of each candidate's chain.
    """
    return fragments * (1 + (MAX_OCCURRENCES + 1) + 2 * MAX_OCCURRENCES + 2 * MAX_OCCURRENCES + MAX_OCCURRENCES)


_PARAGRAPH_BREAK = re.compile(r"(?:\r\n?|\n)[^\S\r\n]*(?:\r\n?|\n)")


@dataclass(frozen=True)
class Located:
    status: str  # "found" | "ambiguous" | "missing" | "context-mismatch" | "too-complex"
    span: Span | None = None
    candidates: tuple[Span, ...] = ()
    steps: int = 0
    """Searches and lookups spent: at most ``max_steps(number of fragments)`` whatever the input."""
    reason: str = ""
    """For "too-complex": which cap was met, in words."""


@dataclass
class _Search:
    norm: str
    steps: int = 0
    capped: str = ""

    def occurrences(self, needle: str, start: int, stop: int) -> list[int]:
        """Where ``needle`` lies wholly inside norm[start:stop], at most MAX_OCCURRENCES of them."""
        found: list[int] = []
        find = self.norm.find
        pos = find(needle, start, stop)
        self.steps += 1
        while pos != -1:
            if len(found) == MAX_OCCURRENCES:
                self.capped = f"{needle!r} occurs more than {MAX_OCCURRENCES} times"
                break
            found.append(pos)
            pos = find(needle, pos + 1, stop)
            self.steps += 1
        return found


class _Paragraphs:
    """Where the paragraph holding a normalised offset ends, each stretch of the text scanned at most once."""

    def __init__(self, source: SourceText, search: _Search) -> None:
        self.source, self.search = source, search
        self.known: list[tuple[int, int, int]] = []
        """Sorted (original start, original break, normalised end): no break in [start, break)."""

    def end(self, norm_offset: int) -> int:
        self.search.steps += 1
        source = self.source
        orig = source.to_original(norm_offset)
        index = bisect_right(self.known, (orig, len(source.text) + 1, 0))
        if index and orig < self.known[index - 1][1]:
            return self.known[index - 1][2]
        # Scan only up to the next stretch already known: its break is ours if none comes first.
        stop = self.known[index][0] if index < len(self.known) else len(source.text)
        brk = _PARAGRAPH_BREAK.search(source.text, orig, stop)
        if brk is not None:
            found = (orig, brk.start(), source.to_normalised(brk.start(), norm_offset))
        elif index < len(self.known):
            found = (orig, *self.known[index][1:])
        else:
            found = (orig, len(source.text), len(source.norm))
        self.known.insert(index, found)
        return found[2]


def _in_order(norm: str, pattern: QuotePattern, search: _Search) -> bool:
    """Whether each fragment occurs somewhere after the earliest place the one before can end.

    One search per fragment; when it fails the quote is missing for certain, however often
    its other fragments occur (no cap can then make the verdict doubtful).
    """
    end = 0
    for fragment in pattern.fragments:
        pos = norm.find(fragment.text, end)
        search.steps += 1
        if pos == -1:
            return False
        end = pos + len(fragment.text)
    return True


def _chains(source: SourceText, pattern: QuotePattern, search: _Search) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of the first fragment that the whole quote follows, in order."""
    fragments = pattern.fragments
    if len(fragments) > 1 and not _in_order(search.norm, pattern, search):  # one fragment: its search below is the same scan
        return []
    paragraphs = _Paragraphs(source, search)
    lengths = [len(f.text) for f in fragments]
    reach = [search.occurrences(fragments[0].text, 0, len(search.norm))]
    for i in range(1, len(fragments)):  # forward: occurrences some previous end can lead to
        ends = [p + lengths[i - 1] for p in reach[-1]]
        if not ends:
            return []
        limits = [paragraphs.end(e) for e in ends]  # ascending, as ends are
        insertion = fragments[i].gap_before != ELLIPSIS
        stop = min(limits[-1], ends[-1] + MAX_INSERTION_GAP + 2 + lengths[i]) if insertion else limits[-1]
        kept = []
        for q in search.occurrences(fragments[i].text, ends[0], stop):
            j = bisect_right(ends, q) - 1  # the latest end at or before q suits q best
            search.steps += 1
            if q + lengths[i] <= limits[j] and (not insertion or q <= ends[j] + MAX_INSERTION_GAP + 2):
                kept.append(q)
        reach.append(kept)
    good = reach[-1]
    nexts: list[list[int]] = [[] for _ in fragments]
    for i in range(len(fragments) - 2, -1, -1):  # backward: occurrences the rest of the quote follows
        completable, chosen = [], []
        for p in reach[i]:
            e = p + lengths[i]
            k = bisect_left(good, e)  # the nearest completable next occurrence is the best one
            search.steps += 1
            if k < len(good):
                q = good[k]
                if q + lengths[i + 1] <= paragraphs.end(e) and (fragments[i + 1].gap_before == ELLIPSIS or q <= e + MAX_INSERTION_GAP + 2):
                    completable.append(p)
                    chosen.append(k)
        nexts[i] = chosen
        reach[i], good = completable, completable
        if not good:
            return []
    spans = []
    for index, start in enumerate(reach[0]):  # each start's earliest chain: follow the chosen next occurrences
        k = index
        for i in range(len(fragments) - 1):
            k = nexts[i][k]
            search.steps += 1
        spans.append((start, reach[-1][k] + lengths[-1]))
    return spans


def _context_fits(norm: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Prefix right before the quote, suffix right after (a separating space aside); no slicing."""
    before = start - 1 if start and norm[start - 1] == " " else start
    after = end + 1 if end < len(norm) and norm[end] == " " else end
    return (not prefix or norm.endswith(prefix, 0, before)) and (not suffix or norm.startswith(suffix, after))


def locate(source: SourceText, pattern: QuotePattern, prefix: str | None = None, suffix: str | None = None) -> Located:
    if not pattern.fragments:
        return Located("missing")
    if len(pattern.fragments) > MAX_FRAGMENTS:
        return Located("too-complex", reason=f"it has {len(pattern.fragments)} fragments, over the limit of {MAX_FRAGMENTS}")
    norm = source.norm
    search = _Search(norm)
    spans = [s for s in _chains(source, pattern, search) if source.aligned(*s)]
    prefix_norm, suffix_norm = normalise(prefix or ""), normalise(suffix or "")
    fitting = [s for s in spans if _context_fits(norm, *s, prefix_norm, suffix_norm)]
    if len(fitting) > 1:  # true however many occurrences went unexamined
        return Located("ambiguous", candidates=tuple(source.span(*s) for s in fitting[:5]), steps=search.steps)
    if search.capped:
        return Located("too-complex", steps=search.steps, reason=search.capped)
    if not spans:
        return Located("missing", steps=search.steps)
    if not fitting:
        return Located("context-mismatch", candidates=tuple(source.span(*s) for s in spans[:5]), steps=search.steps)
    return Located("found", span=source.span(*fitting[0]), steps=search.steps)
