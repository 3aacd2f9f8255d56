"""Coverage: how much of each source the registry cites.

A source is cut into sentences (``documents.sentences``: paragraphs, list items
and boilerplate lines, then sentence-final ``.``, ``!`` or ``?``; a wrapped
sentence is one). A sentence
is cited when the exact match of at least one claim's quote overlaps it.
Sentences on lines that the catalog marks as ``boilerplate`` (bylines, picture
credits, "Comments are closed.") are left out of the count: the same whole-line
rule by which the quote check refuses to let a claim cite them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from checker.documents import Sentence, boilerplate_reasons, normalise, read_sources, source_sentences
from checker.engine.report import Report
from checker.findings import Finding
from checker.registry import CONFIG, Registry, RegistryConfig, load_registry


@dataclass(frozen=True)
class SourceCoverage:
    source: str
    path: str
    sentences: int
    cited: int
    boilerplate: int
    uncited: tuple[Sentence, ...]

    @property
    def percent(self) -> float:
        return 100.0 if not self.sentences else round(100.0 * self.cited / self.sentences, 1)


def _whole_line_of(boilerplate: Collection[str]) -> Callable[[str], bool]:
    """The catalog's boilerplate test for one line: the same whole-line rule as the quote check's."""
    return lambda line: bool(boilerplate) and normalise(line) in boilerplate


def coverage(root: Path, report: Report, registry: Registry | None = None) -> list[SourceCoverage]:
    registry = load_registry(root) if registry is None else registry
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for claim in report.claims:
        for evidence in claim.evidence:
            if evidence.span is not None and evidence.status == "ok":  # an HTML quote outside the main text has a span in the full layer
                spans[evidence.source].append((evidence.span.start, evidence.span.end))
    results = []
    texts, _, _ = read_sources(root, registry.sources)  # unreadable sources are reported by the check itself
    for source_id, source in texts.items():
        entry, text = registry.sources[source_id], source.text
        boilerplate = boilerplate_reasons(entry)
        lines = text.split("\n")
        counted = uncited = boiler = 0
        missing: list[Sentence] = []
        is_boilerplate = _whole_line_of(boilerplate)
        for sentence in source_sentences(source, is_boilerplate):
            if is_boilerplate(lines[sentence.line - 1]):
                boiler += 1
                continue
            counted += 1
            if any(s < sentence.end and sentence.start < e for s, e in spans[source_id]):
                continue
            uncited += 1
            missing.append(sentence)
        results.append(SourceCoverage(source_id, f"sources/{entry.path}", counted, counted - uncited, boiler, tuple(missing)))
    return results


def coverage_findings(results: list[SourceCoverage], config: RegistryConfig) -> list[Finding]:
    """One ``coverage-below-minimum`` per source citing less than the registry's ``[coverage] minimum``,
    at its first uncited sentence, the uncited sentences listed below it."""
    findings = []
    for result in results:
        if result.percent >= config.coverage_minimum or not result.uncited:
            continue
        first = result.uncited[0]
        message = (f"{result.cited}/{result.sentences} sentences cited ({result.percent:g}%), below the minimum of "
                   f"{config.coverage_minimum}% set in {CONFIG}:{config.line('coverage.minimum')}; cite them or mark boilerplate lines in the catalog")
        details = tuple(f"{s.where()}: uncited: {s.display}" for s in result.uncited)
        findings.append(Finding(result.path, first.line, 1, "coverage-below-minimum", message, source=result.source, details=details))
    return findings
