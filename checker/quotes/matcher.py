"""Exact quote search: where a quote occurs in a source, once normalised.

A quote (see ``quotes.py``) is located by ``str.find`` over the source's
normalised text, every occurrence of its first fragment being a candidate and
later fragments found in order after it. Prefix and suffix context (the W3C
TextQuoteSelector's ``prefix``/``suffix``) keep only the candidates they
surround. The verdict:

- one candidate left: found, with its span in the original text;
- several: ambiguous (add or lengthen prefix/suffix);
- none: missing; ``drift.py`` then explains where the text went.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.documents import SourceText, Span, normalise
from checker.quotes.conventions import ELLIPSIS, MAX_INSERTION_GAP, QuotePattern

MAX_CANDIDATES = 1000
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


@dataclass(frozen=True)
class Located:
    status: str  # "found" | "ambiguous" | "missing" | "context-mismatch"
    span: Span | None = None
    candidates: tuple[Span, ...] = ()


def _occurrences(haystack: str, needle: str, start: int = 0, stop: int | None = None) -> list[int]:
    found: list[int] = []
    end = len(haystack) if stop is None else stop
    pos = haystack.find(needle, start, end)
    while pos != -1 and len(found) < MAX_CANDIDATES:
        found.append(pos)
        pos = haystack.find(needle, pos + 1, end)
    return found


def _paragraph_end(source: SourceText, norm_offset: int, limit: int) -> int:
    """Where the paragraph holding ``norm_offset`` ends (its next blank line), or ``limit`` if that comes first."""
    orig_limit = source.to_original(limit) + 1 if limit < len(source.norm) else len(source.text)
    brk = _PARAGRAPH_BREAK.search(source.text, source.to_original(norm_offset), orig_limit)
    return limit if brk is None else min(limit, source.to_normalised(brk.start(), norm_offset))


def _complete(source: SourceText, pattern: QuotePattern, first_start: int) -> tuple[int, int] | None:
    """Find the remaining fragments in order after the first; None if they are not there.

    Every fragment stays within the paragraph where the previous one ended; after an
    insertion at most ``MAX_INSERTION_GAP`` characters may intervene. When a fragment
    occurs more than once, later choices are tried too (an early occurrence may leave
    no room for an insertion's short gap), memoised so this stays polynomial.
    """
    norm, fragments = source.norm, pattern.fragments
    failed: set[tuple[int, int]] = set()

    def rest(index: int, end: int) -> int | None:
        if index == len(fragments):
            return end
        if (index, end) in failed:
            return None
        fragment = fragments[index]
        # An insertion's short gap bounds the paragraph search too: no scan to a distant blank line.
        gap_limit = len(norm) if fragment.gap_before == ELLIPSIS else min(len(norm), end + MAX_INSERTION_GAP + len(fragment.text) + 2)
        limit = _paragraph_end(source, end, gap_limit)
        for pos in _occurrences(norm, fragment.text, end, limit):
            done = rest(index + 1, pos + len(fragment.text))
            if done is not None:
                return done
        failed.add((index, end))
        return None

    last = rest(1, first_start + len(fragments[0].text))
    return None if last is None else (first_start, last)


def _context_fits(norm: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Prefix right before the quote, suffix right after (a separating space aside); no slicing."""
    before = start - 1 if start and norm[start - 1] == " " else start
    after = end + 1 if end < len(norm) and norm[end] == " " else end
    return (not prefix or norm.endswith(prefix, 0, before)) and (not suffix or norm.startswith(suffix, after))


def locate(source: SourceText, pattern: QuotePattern, prefix: str | None = None, suffix: str | None = None) -> Located:
    if not pattern.fragments:
        return Located("missing")
    norm = source.norm
    spans: list[tuple[int, int]] = []
    for start in _occurrences(norm, pattern.fragments[0].text):
        complete = _complete(source, pattern, start)
        if complete is not None:
            spans.append(complete)
    if not spans:
        return Located("missing")
    prefix_norm, suffix_norm = normalise(prefix or ""), normalise(suffix or "")
    fitting = [s for s in spans if _context_fits(norm, *s, prefix_norm, suffix_norm)]
    if not fitting:
        return Located("context-mismatch", candidates=tuple(source.span(*s) for s in spans[:5]))
    if len(fitting) > 1:
        return Located("ambiguous", candidates=tuple(source.span(*s) for s in fitting[:5]))
    return Located("found", span=source.span(*fitting[0]))
