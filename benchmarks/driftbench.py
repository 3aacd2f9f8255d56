"""Drift diagnosis on the planted edits: time per drifted quote, and whether it found the spot.

For every planted edit (see corpus.py) the quote is located and, when missing,
diagnosed, exactly as ``claimcheck check`` does, and timed on its own (the
source is read and normalised beforehand: that cost is shared by all its quotes).

- ``typo`` / ``word``: found when the reported span overlaps the planted span
  with a Jaccard index of at least ``SPAN_MATCH`` (boundaries may differ by a word);
- ``deleted``: found when the diagnosis says no similar text remains;
- ``rewrap``: found when the quote still matches, at the planted span.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from checker.documents.sourcetext import SourceText
from checker.quotes.conventions import parse_quote
from checker.quotes.drift import diagnose
from checker.quotes.matcher import locate

SPAN_MATCH = 0.8
LARGE_SOURCE = 90_000
"""Characters: sources at least this long count as "100 KB" sources."""


@dataclass(frozen=True)
class DriftFigures:
    times_ms: dict[str, list[float]]
    """Per kind (and "drifted": typo, word and deleted together; "large": drifted in sources >= LARGE_SOURCE)."""
    found: dict[str, tuple[int, int]]
    """Per kind: (planted spot found, planted)."""

    def median(self, kind: str) -> float:
        return statistics.median(self.times_ms[kind]) if self.times_ms.get(kind) else float("nan")

    def p95(self, kind: str) -> float:
        values = sorted(self.times_ms.get(kind, []))
        return values[min(len(values) - 1, int(0.95 * len(values)))] if values else float("nan")


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def measure(root: Path, planted: list[dict[str, object]]) -> DriftFigures:
    times: dict[str, list[float]] = {"drifted": [], "large": []}
    found: dict[str, tuple[int, int]] = {}
    texts: dict[str, SourceText] = {}
    for item in sorted(planted, key=lambda p: str(p["source"])):
        source_id, kind = str(item["source"]), str(item["kind"])
        if source_id not in texts:
            texts.clear()  # one source at a time: memory stays flat
            text = SourceText(source_id, source_id, (root / "sources" / f"{source_id}.txt").read_text(encoding="utf-8"))
            text.span(0, min(1, len(text.norm)))  # normalising is a per-source cost; block maps are built per quote, as needed
            texts[source_id] = text
        source = texts[source_id]
        prefix = item.get("prefix")
        started = time.perf_counter()
        pattern = parse_quote(str(item["quote"]))
        located = locate(source, pattern, prefix if isinstance(prefix, str) else None, None)
        drift = None if located.status == "found" else diagnose(source, pattern.text, prefix if isinstance(prefix, str) else None, None)
        elapsed = (time.perf_counter() - started) * 1000
        raw_span = item.get("span")
        span = (int(raw_span[0]), int(raw_span[1])) if isinstance(raw_span, (list, tuple)) else None
        if kind == "rewrap":
            ok = located.span is not None and span is not None and jaccard((located.span.start, located.span.end), span) >= SPAN_MATCH
        elif kind == "deleted":
            ok = located.status != "found" and drift is None
        else:
            ok = drift is not None and span is not None and jaccard((drift.span.start, drift.span.end), span) >= SPAN_MATCH
        hit, total = found.get(kind, (0, 0))
        found[kind] = (hit + ok, total + 1)
        times.setdefault(kind, []).append(elapsed)
        if kind != "rewrap":
            times["drifted"].append(elapsed)
            if len(source.text) >= LARGE_SOURCE:
                times["large"].append(elapsed)
    return DriftFigures(times, found)
