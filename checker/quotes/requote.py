"""The text a repinned quote gets: the source's words now, the pinned quote's own spelling where it still holds.

The drift candidate is whole words of the source as it now reads. The person who
pinned the quote may have typed straight quotation marks where the source has
curly ones, or stopped before a full stop; those choices are kept wherever the
words still match, so the diff repin writes shows only what the source changed.
Every result normalises exactly like the source text it stands for.
"""

from __future__ import annotations

import difflib
import re

from checker.documents import normalise

_EDGES = re.compile(r"(\W*)(.*?)(\W*)", re.DOTALL)


def _edge_marks(text: str, at_end: bool) -> str:
    """The run of punctuation (neither letter, digit nor space) at one end of ``text``."""
    chars = reversed(text) if at_end else iter(text)
    run = []
    for ch in chars:
        if ch.isalnum() or ch.isspace():
            break
        run.append(ch)
    return "".join(reversed(run) if at_end else run)


def trim_to_pinned_edges(old: str, now: str) -> str:
    """``now`` without punctuation the pinned quote left out at either end.

    Drift snaps to whole words, so the text now at the spot may carry a full stop or a
    quotation mark the person who pinned the quote chose not to quote: "...Westford"
    stays without the "." of "Westford.", and "programme." without the "”" of "programme.”".
    """
    pinned, text = normalise(old), now.strip()
    want_end, want_start = _edge_marks(pinned, at_end=True), _edge_marks(pinned, at_end=False)
    while (marks := normalise(_edge_marks(text, at_end=True))) != want_end and marks.startswith(want_end):
        text = text[:-1].rstrip()
    while (marks := normalise(_edge_marks(text, at_end=False))) != want_start and marks.endswith(want_start):
        text = text[1:].lstrip()
    return text if text else now


def keep_pinned_words(old: str, now: str) -> str:
    """``now`` on one line, but with the pinned quote's own spelling of every word that still matches."""
    old_words, new_words = old.split(), now.split()
    matcher = difflib.SequenceMatcher(a=[normalise(w) for w in old_words], b=[normalise(w) for w in new_words], autojunk=False)
    out: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(old_words[i1:i2])
        elif op == "replace" and i2 - i1 == j2 - j1:
            out.extend(_keep_pinned_punctuation(o, n) for o, n in zip(old_words[i1:i2], new_words[j1:j2], strict=True))
        else:
            out.extend(new_words[j1:j2])
    result = " ".join(out)
    return result if normalise(result) == normalise(now) else " ".join(new_words)


def _keep_pinned_punctuation(old: str, new: str) -> str:
    """A changed word with the pinned quote's own quotation marks and dashes around it ('"compny"' → '"company"')."""
    old_parts, new_parts = _EDGES.fullmatch(old), _EDGES.fullmatch(new)
    if old_parts is None or new_parts is None:
        return new
    lead = old_parts[1] if normalise(old_parts[1]) == normalise(new_parts[1]) else new_parts[1]
    trail = old_parts[3] if normalise(old_parts[3]) == normalise(new_parts[3]) else new_parts[3]
    return lead + new_parts[2] + trail
