"""Drift diagnosis: when a quote is gone, where did its text go?

Never a pass: this only explains a failure. The search is built to stay fast
on large sources and to refuse look-alikes:

1. The quote is cut into ``pieces`` disjoint chunks (more than the edits we
   tolerate), each found exactly with ``str.find``: a quote with fewer edits
   than pieces keeps at least one piece intact, so its region is among the hits.
2. Each hit votes for a start of the quote; only the few regions with the most
   votes are scored with rapidfuzz's ``partial_ratio_alignment`` (guarded: a
   window shorter than the quote could score 100), never the whole source.
3. The best span is snapped to word boundaries and scored with ``fuzz.ratio``
   against the quote. Prefix and suffix context, when pinned, weigh in as in
   Hypothesis (quote 50, prefix 20, suffix 20), so a deleted sentence is not
   re-attached to a look-alike elsewhere whose surroundings differ.
4. Below ``MIN_SIMILARITY`` the report says plainly that no similar text remains.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from rapidfuzz import fuzz

from checker.documents import SourceText, Span, normalise

MIN_SIMILARITY = 60.0
"""Below this similarity (0-100, rapidfuzz ratio) nothing similar remains."""
MAX_HITS_PER_PIECE = 50
MAX_WINDOWS = 4
"""Candidate regions aligned per quote, the best-voted first (see _candidate_starts)."""
REFINE_TOP = 3
"""Windows refined word by word: the best-aligned few (measured in benchmarks/: same spans, ~10x faster)."""
REFINE_SLACK = 10.0
"""A window whose alignment is this far below MIN_SIMILARITY is not refined."""


@dataclass(frozen=True)
class Drift:
    score: float
    """Similarity of the quote to the text now at ``span`` (0-100)."""
    context_score: float | None
    """Similarity of the pinned prefix/suffix to the text around ``span``; None if none pinned."""
    span: Span
    text: str
    """The original text now at ``span``."""
    diff: str
    """Word diff from the pinned quote to the text now: ``[-old-]{+new+}``."""


DIFF_CONTEXT_WORDS = 5
_ATTACHED = ".,;:!?\"'“”‘’()[]"


def word_diff(old: str, new: str) -> str:
    """``[-removed-]{+added+}`` word diff; unchanged runs longer than twice the context are cut to "…".

    Words are compared without the punctuation attached to them ("trust" and "trust," are the
    same word; a comma is not news), and unchanged runs are shown as the text now reads.
    """
    a, b = old.split(), new.split()
    out: list[str] = []
    opcodes = difflib.SequenceMatcher(a=[_bare(w) for w in a], b=[_bare(w) for w in b], autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            words = b[j1:j2]
            keep_head = DIFF_CONTEXT_WORDS if index > 0 else 0
            keep_tail = DIFF_CONTEXT_WORDS if index < len(opcodes) - 1 else 0
            if len(opcodes) > 1 and len(words) > keep_head + keep_tail + 1:
                words = [*words[:keep_head], "…", *(words[len(words) - keep_tail :] if keep_tail else [])]
            out.extend(words)
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def _bare(word: str) -> str:
    """A word without the punctuation attached at its edges; a word of punctuation only stays itself."""
    return word.strip(_ATTACHED) or word


def _pieces(quote: str) -> list[tuple[int, str]]:
    """Disjoint chunks with their offsets in the quote: up to 16, each at least 4 characters."""
    count = max(1, min(16, len(quote) // 8))
    size = max(4, len(quote) // count)
    return [(i, quote[i : i + size]) for i in range(0, len(quote) - size + 1, size)] or [(0, quote)]


def _candidate_starts(norm: str, quote: str) -> list[int]:
    """Where the quote may start now, best first: regions voted for by the most pieces.

    A piece found at offset ``pos`` votes for a quote start at ``pos - offset``. The
    drifted quote's region collects a vote from every intact piece at (nearly) the same
    start; a common piece found by chance elsewhere votes alone. Only the ``MAX_WINDOWS``
    best-voted regions are aligned, so frequent short pieces cannot multiply the work.
    """
    votes: dict[int, int] = {}
    for offset, piece in _pieces(quote):
        pos, hits = norm.find(piece), 0
        while pos != -1 and hits < MAX_HITS_PER_PIECE:
            start = max(0, pos - offset)
            votes[start] = votes.get(start, 0) + 1
            hits += 1
            pos = norm.find(piece, pos + 1)
    # Merge starts closer than half a quote: they describe the same region (edits shift offsets).
    regions: list[list[int]] = []  # [first start, votes]
    for start in sorted(votes):
        if regions and start - regions[-1][0] <= len(quote) // 2:
            regions[-1][1] += votes[start]
        else:
            regions.append([start, votes[start]])
    regions.sort(key=lambda region: (-region[1], region[0]))
    return [start for start, _ in regions[:MAX_WINDOWS]]


def _snap(norm: str, start: int, end: int) -> tuple[int, int]:
    """Widen to whole words; trim surrounding spaces."""
    while start > 0 and norm[start - 1] != " ":
        start -= 1
    while end < len(norm) and norm[end - 1 : end] != " " and norm[end : end + 1] not in ("", " "):
        end += 1
    while start < end and norm[start] == " ":
        start += 1
    while end > start and norm[end - 1] == " ":
        end -= 1
    return start, end


def _word_moves(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans one word longer or shorter at either end."""
    moves = []
    earlier = norm.rfind(" ", 0, max(start - 1, 0))
    if start > 0:
        moves.append((earlier + 1, end))
    later = norm.find(" ", start)
    if later != -1 and later + 1 < end:
        moves.append((later + 1, end))
    if end < len(norm):
        nxt = norm.find(" ", end + 1)
        moves.append((start, len(norm) if nxt == -1 else nxt))
    shorter = norm.rfind(" ", start, end)
    if shorter > start:
        moves.append((start, shorter))
    return moves


def _refine(norm: str, quote: str, start: int, end: int) -> tuple[int, int, float]:
    """Hill-climb word by word at both ends to where the ratio peaks.

    Alignment windows have the quote's length, so after insertions or deletions
    their boundaries are off by a few words; this puts them back.
    """
    best = fuzz.ratio(quote, norm[start:end])
    for _ in range(16):
        scored = [(fuzz.ratio(quote, norm[s:e]), s, e) for s, e in _word_moves(norm, start, end)]
        top = max(scored, default=(best, start, end))
        if top[0] <= best:
            break
        best, start, end = top
    return start, end, best


def context_scores(norm: str, start: int, end: int, prefix: str, suffix: str) -> list[float]:
    """Similarity (0-100) of normalised ``prefix`` and ``suffix`` to the text right around norm[start:end], per given side."""
    scores = []
    if prefix:
        scores.append(fuzz.ratio(prefix, norm[max(0, start - len(prefix) - 1) : start].strip()))
    if suffix:
        scores.append(fuzz.ratio(suffix, norm[end : end + len(suffix) + 1].strip()))
    return scores


def _context_score(norm: str, start: int, end: int, prefix: str, suffix: str) -> float | None:
    scores = context_scores(norm, start, end, prefix, suffix)
    return sum(scores) / len(scores) if scores else None


def diagnose(source: SourceText, quote: str, prefix: str | None = None, suffix: str | None = None) -> Drift | None:
    """The most similar text to ``quote`` (normalised) in the source, or None if nothing reaches MIN_SIMILARITY."""
    norm = source.norm
    if not quote or not norm:
        return None
    prefix_n, suffix_n = normalise(prefix or ""), normalise(suffix or "")
    best: tuple[float, float, int, int, float | None] | None = None  # combined, score, start, end, context
    aligned: list[tuple[float, int, int]] = []  # alignment score, start, end
    for guess in _candidate_starts(norm, quote):
        lo = max(0, guess - len(quote) // 2)
        window = norm[lo : guess + len(quote) + len(quote) // 2]
        if len(window) < len(quote):
            aligned.append((fuzz.ratio(quote, window), lo, lo + len(window)))
        else:
            alignment = fuzz.partial_ratio_alignment(quote, window)
            aligned.append((alignment.score, lo + alignment.dest_start, lo + alignment.dest_end))
    # Refining costs dozens of ratio calls per window: only the few best-aligned windows are
    # refined, and none far below the threshold (a deleted sentence then costs only the finds).
    shortlist = sorted((a for a in aligned if a[0] >= MIN_SIMILARITY - REFINE_SLACK), key=lambda a: (-a[0], a[1]))[:REFINE_TOP]
    for _, aligned_start, aligned_end in shortlist:
        start, end, score = _refine(norm, quote, *_snap(norm, aligned_start, aligned_end))
        context = _context_score(norm, start, end, prefix_n, suffix_n)
        combined = score if context is None else (50 * score + 40 * context) / 90
        # Context only ranks text that is similar enough: a dissimilar spot with the right
        # neighbours must not hide a similar one elsewhere behind "nothing similar remains".
        if score >= MIN_SIMILARITY and (best is None or combined > best[0]):
            best = (combined, score, start, end, context)
    if best is None:
        return None
    _, score, start, end, context = best
    span = source.span(start, end)
    found = source.text[span.start : span.end]
    return Drift(round(score, 1), None if context is None else round(context, 1), span, found, word_diff(quote, norm[start:end]))
