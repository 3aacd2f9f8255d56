"""Where a drifted quote stood: the text around it, pinned or recovered from git.

``repin`` may only move a quote to text that sits where the quote stood, never
to a look-alike elsewhere (Hypothesis re-attaches a deleted sentence to a
similar one: client#7571). "Where it stood" is the text around it:

- the evidence's pinned ``prefix``/``suffix`` when it has them; or
- the ``CONTEXT_CHARS`` characters each side of the quote in the newest earlier
  version of the source (staged, then committed) in which the quote still stood
  exactly once, as the W3C TextQuoteSelector and Hypothesis capture them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from checker.documents import SourceEntry, SourceError, SourceText, Span, earlier_version_bytes, earlier_versions, normalise, source_text
from checker.quotes.conventions import QuotePattern
from checker.quotes.drift import context_scores
from checker.quotes.matcher import locate

CONTEXT_CHARS = 32
"""Context recovered from git each side of a quote, in normalised characters (Hypothesis uses 32)."""
HISTORY_DEPTH = 50
"""Commits of a source's history searched for the last version in which a quote stood."""


@dataclass(frozen=True)
class Anchor:
    prefix: str
    """Normalised text right before the quote ('' at the start of the document)."""
    suffix: str
    """Normalised text right after it ('' at the end)."""
    origin: str
    """Where the context comes from: 'pinned' or the earlier version, e.g. 'sources/x.txt at commit 0123abcd'."""
    pinned: bool

    @property
    def label(self) -> str:
        return "its pinned prefix/suffix" if self.pinned else f"its surroundings in {self.origin}"


def context_around(source: SourceText, span: Span, size: int = CONTEXT_CHARS) -> tuple[str, str]:
    """Up to ``size`` normalised characters each side of ``span``, cut back to whole words."""
    norm = source.norm
    start, end = source.to_normalised(span.start), source.to_normalised(span.end)
    before = norm[max(0, start - size) : start]
    if start - size > 0 and norm[start - size - 1] != " " and " " in before:
        before = before[before.index(" ") + 1 :]  # drop the cut word
    after = norm[end : end + size]
    if end + size < len(norm) and norm[end + size] != " " and " " in after.strip():
        after = after[: after.rstrip().rindex(" ")]
    return before.strip(), after.strip()


def context_similarity(source: SourceText, span: Span, anchor: Anchor) -> float:
    """How alike (0-100) the text around ``span`` is to the anchor's: the weaker of the two sides."""
    start, end = source.to_normalised(span.start), source.to_normalised(span.end)
    return min(context_scores(source.norm, start, end, anchor.prefix, anchor.suffix), default=100.0)


class SourceHistory:
    """Earlier versions of the sources, read from git once and only when a quote needs them.

    With the catalog ``entries``, an earlier version of an HTML or PDF source is
    extracted the way the current one is, so its quotes are anchored like text.
    """

    def __init__(self, root: Path, replaced: dict[str, tuple[str, SourceText]] | None = None,
                 entries: Mapping[str, SourceEntry] | None = None) -> None:
        """``replaced``: by path, a version newer than git's (the one refresh just replaced), with its label."""
        self.root, self.entries = root, entries or {}
        self._seen: dict[str, list[tuple[str, SourceText]]] = {path: [version] for path, version in (replaced or {}).items()}
        self._pending: dict[str, Iterator[tuple[str, SourceText]]] = {}

    def _texts(self, current: SourceText) -> Iterator[tuple[str, SourceText]]:
        path, entry = current.path, self.entries.get(current.source_id)
        if current.kind == "text" or entry is None:
            for label, text in earlier_versions(self.root, path, HISTORY_DEPTH):
                yield f"{path} {label}", SourceText(path, path, text)
            return
        for label, data in earlier_version_bytes(self.root, path, HISTORY_DEPTH):
            try:
                yield f"{path} {label}", source_text(entry, path, data)
            except SourceError:
                continue  # that version cannot be read, so it cannot show where the quote stood

    def _versions(self, current: SourceText) -> Iterator[tuple[str, SourceText]]:
        """Earlier versions of ``current``, whose path is relative to the registry root (``sources/x.txt``)."""
        seen = self._seen.setdefault(current.path, [])
        yield from seen
        pending = self._pending.setdefault(current.path, self._texts(current))
        for version in pending:
            seen.append(version)
            yield version

    def anchor(self, current: SourceText, pattern: QuotePattern) -> Anchor | None:
        """The context of ``pattern`` in the newest earlier version holding it exactly once, if any."""
        for label, version in self._versions(current):
            if version.text == current.text:
                continue
            located = locate(version, pattern)
            if located.status == "found" and located.span is not None:
                prefix, suffix = context_around(version, located.span)
                return Anchor(prefix, suffix, label, pinned=False)
            if located.status == "ambiguous":
                return None  # it stood more than once: no single place to return to
        return None


def pinned_anchor(prefix: str | None, suffix: str | None) -> Anchor | None:
    if not (prefix or suffix):
        return None
    return Anchor(normalise(prefix or ""), normalise(suffix or ""), "pinned", pinned=True)
