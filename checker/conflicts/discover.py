"""Discovery: candidate disagreements in the sources that nobody has registered yet.

Every sentence of every source is read for the subjects it names (through the
aliases in claims/subjects.yaml) and the values it states (percentages, money,
counts, dates, ratings, through ``checker.values.extract``). Two sentences from
different sources are a candidate when

- they name at least one subject in common,
- with their values masked out, they say nearly the same thing
  (rapidfuzz ``token_set_ratio`` of at least ``MIN_SIMILARITY``), and
- for some value type both state values, and no value of one agrees with any
  value of the other ("20%" against "25%", "2014" against "2015"; "2014" and
  "1 April 2014" agree).

Candidates are warnings (``conflict-candidate``) with both sentences shown, never
failures: a person decides whether to register the disagreement. Sentence pairs
whose claims already stand in a registered conflict are left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Protocol

from rapidfuzz import fuzz

from checker.conflicts.results import ConflictResult
from checker.documents import Sentence, normalise, read_sources, source_sentences, split_sentences
from checker.findings import Finding
from checker.quotes import ClaimResult
from checker.registry import entity_index, load_registry, publication_period
from checker.values import EntityIndex, Period, Value, agree, extract

MIN_CONTEXT_SIMILARITY = 75.0
"""How alike the words around two differing values must be (rapidfuzz ratio, subjects and values masked)."""
CONTEXT_WORDS = 4
DISCOVERED_TYPES = ("percent", "money", "count", "date", "rating")



class CheckedRun(Protocol):
    """What discovery needs of a finished check (the engine's Report): located quotes and registered conflicts."""

    @property
    def claims(self) -> Sequence[ClaimResult]: ...

    @property
    def conflicts(self) -> Sequence[ConflictResult]: ...


@dataclass(frozen=True)
class StatedValue:
    type: str
    value: Value
    context: str
    """The words around the value, with every value and subject masked: what the value is said of."""


@dataclass(frozen=True)
class SentenceFacts:
    source: str
    path: str
    sentence: Sentence
    subjects: frozenset[str]
    values: tuple[StatedValue, ...]


@dataclass(frozen=True)
class Candidate:
    first: SentenceFacts
    second: SentenceFacts
    first_value: StatedValue
    second_value: StatedValue
    similarity: float

    def finding(self) -> Finding:
        a, b = self.first, self.second
        return Finding(
            a.path, a.sentence.line, 1, "conflict-candidate",
            f"{a.source} and {b.source} may disagree on a {self.first_value.type}: "
            f"{self.first_value.value.canonical} vs {self.second_value.value.canonical} "
            f"(said of \"{self.first_value.context}\" / \"{self.second_value.context}\", {self.similarity:.0f}% alike); "
            "register both sides if they do",
            severity="warning", source=a.source,
            details=(f"{a.path}:{a.sentence.line}: {a.sentence.display}", f"{b.path}:{b.sentence.line}: {b.sentence.display}"),
        )


def _masked(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace each span by its mask, so the words around a value compare without the values themselves."""
    out, cursor = [], 0
    for start, end, mask in sorted(spans):
        if start < cursor:
            continue  # overlapping readings: keep the first
        out.append(text[cursor:start])
        out.append(f" {mask} ")
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def sentence_facts(source: str, path: str, text: str, entities: EntityIndex, ref: Period | None,
                   sentences: list[Sentence] | None = None) -> list[SentenceFacts]:
    """What each sentence states; ``sentences`` when the caller has already split ``text``."""
    # A sentence that names no subject ("It added that vacancies had fallen…") is taken
    # to be about the subject its document names most often.
    counts = Counter(sid for _, _, sid in entities.find(text))
    topic = frozenset({max(sorted(counts), key=counts.__getitem__)}) if counts else frozenset()
    facts = []
    for sentence in split_sentences(text) if sentences is None else sentences:
        found = [(f.start, f.end, vtype, f.value) for vtype in DISCOVERED_TYPES for f in extract(vtype, sentence.text, ref=ref)]
        mentions = entities.find(sentence.text)
        subjects = frozenset(sid for _, _, sid in mentions) or topic
        if not found or not subjects:
            continue
        spans = [(s, e, f"<{t}>") for s, e, t, _ in found] + [(s, e, "<subject>") for s, e, _ in mentions]
        values = []
        for start, end, vtype, value in found:
            # The value's own context: the sentence around it, masked, cut to a few words each side.
            before = _masked(sentence.text[:start], [sp for sp in spans if sp[1] <= start])
            after = _masked(sentence.text[end:], [(s - end, e - end, m) for s, e, m in spans if s >= end])
            words = [*normalise(before).casefold().split(" ")[-CONTEXT_WORDS:], "_", *normalise(after).casefold().split(" ")[:CONTEXT_WORDS]]
            values.append(StatedValue(vtype, value, " ".join(w for w in words if w)))
        facts.append(SentenceFacts(source, path, sentence, subjects, tuple(values)))
    return facts


def find_candidates(facts_by_source: dict[str, list[SentenceFacts]], min_similarity: float = MIN_CONTEXT_SIMILARITY) -> list[Candidate]:
    candidates = []
    for first_source, second_source in combinations(sorted(facts_by_source), 2):
        for a in facts_by_source[first_source]:
            for b in facts_by_source[second_source]:
                if not a.subjects & b.subjects:
                    continue
                best: Candidate | None = None
                for x in a.values:
                    for y in b.values:
                        if x.type != y.type or agree(x.value, y.value):
                            continue
                        similarity = fuzz.ratio(x.context, y.context)
                        if similarity >= min_similarity and (best is None or similarity > best.similarity):
                            best = Candidate(a, b, x, y, similarity)
                if best is not None and not _also_agrees(best, a, b):
                    candidates.append(best)
    return candidates


def _also_agrees(candidate: Candidate, a: SentenceFacts, b: SentenceFacts) -> bool:
    """The same value said of the same thing in both sentences means they agree on it after all."""
    x, y = candidate.first_value, candidate.second_value
    return any(agree(x.value, other.value) for other in b.values if other.type == x.type) and any(
        agree(y.value, other.value) for other in a.values if other.type == y.type
    )


def _registered(report: CheckedRun, sentences: dict[str, list[Sentence]]) -> set[frozenset[tuple[str, int]]]:
    """Sentence pairs (source, sentence start) that the registry already holds as a conflict."""
    spans = {(c.id, e.source): e.span for c in report.claims for e in c.evidence if e.span}
    pairs = set()
    for conflict in report.conflicts:
        pair = {
            (side.source, s.start)
            for side in conflict.sides
            if (span := spans.get((side.claim, side.source))) is not None
            for s in sentences.get(side.source, [])
            if s.start <= span.start < s.end
        }
        if len(pair) == 2:
            pairs.add(frozenset(pair))
    return pairs


def discover(root: Path, report: CheckedRun | None = None) -> list[Candidate]:
    """Candidates over the registry's sources, less the sentence pairs ``report`` already holds as conflicts."""
    registry = load_registry(root)
    entities = entity_index(registry)
    facts: dict[str, list[SentenceFacts]] = {}
    sentences: dict[str, list[Sentence]] = {}
    texts, _, _ = read_sources(root, registry.sources)
    for source_id, source in texts.items():
        entry, text = registry.sources[source_id], source.text
        sentences[source_id] = source_sentences(source)
        facts[source_id] = sentence_facts(source_id, f"sources/{entry.path}", text, entities, publication_period(registry, source_id),
                                          sentences[source_id])
    candidates = find_candidates(facts)
    if report is None:
        return candidates
    registered = _registered(report, sentences)
    return [
        c for c in candidates
        if frozenset({(c.first.source, c.first.sentence.start), (c.second.source, c.second.sentence.start)}) not in registered
    ]
