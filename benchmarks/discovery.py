"""Precision and recall of ``claimcheck conflicts --discover``.

Two measurements, printed together:

1. The five real sources. Gold: the registry's conflicts whose values have a
   surface form discovery can read (percent, money, count, date, rating),
   mapped to the sentences their quotes sit in. Candidates are counted before
   the "already registered" filter, so registered disagreements count as found.
2. A synthetic set with planted disagreements. For each real source a copy is
   made as a second source in which every sentence that states a value has,
   with a fixed seed, a one-in-two chance of getting a different value planted
   ("20%" becomes "21%", "2014" becomes "2015", "good" becomes "inadequate");
   every other sentence is copied unchanged, so each copy also holds many
   agreeing sentences that must not be flagged. Precision: the share of
   candidates that involve a planted sentence; recall: the share of planted
   sentences that some candidate flags. Five seeds, summed.

Run: ``python3 -m benchmarks.discovery`` (from the repository root).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from checker.conflicts.discover import Candidate, SentenceFacts, find_candidates, sentence_facts
from checker.documents.catalog import read_source
from checker.engine.check import run_check
from checker.engine.coverage import split_sentences
from checker.registry.load import load_registry
from checker.registry.typed import entity_index, publication_period
from checker.values import extract

SURFACE_TYPES = {"percent", "money", "count", "date", "rating"}
_WORD_SWAPS = {
    "good": "inadequate", "Good": "Inadequate", "outstanding": "good", "Outstanding": "Good", "inadequate": "good",
    "Inadequate": "Good", "nine": "ten", "eight": "seven", "two": "three", "three": "four", "six": "five", "a fifth": "a quarter",
}


def plant(text: str, start: int, end: int) -> str:
    """A different value in place of text[start:end]: bump its first number, or swap its word."""
    surface = text[start:end]
    digits = re.search(r"\d+", surface)
    if digits:
        changed = surface[: digits.start()] + str(int(digits.group()) + 1) + surface[digits.end() :]
    else:
        word = next((w for w in _WORD_SWAPS if w in surface), None)
        if word is None:
            return text
        changed = surface.replace(word, _WORD_SWAPS[word], 1)
    return text[:start] + changed + text[end:]


def _pairs(candidates: list[Candidate]) -> set[frozenset[tuple[str, int]]]:
    return {frozenset({(c.first.source, c.first.sentence.start), (c.second.source, c.second.sentence.start)}) for c in candidates}


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator}/{denominator} = {numerator / denominator:.2f}" if denominator else f"{numerator}/0 = n/a"


def real_corpus(root: Path) -> tuple[int, int, int]:
    """(correct candidates, candidates, gold pairs) on the registry's own sources."""
    registry = load_registry(root)
    entities = entity_index(registry)
    texts = {sid: read_source(root, entry).text for sid, entry in registry.sources.items()}
    facts = {
        sid: sentence_facts(sid, f"sources/{e.path}", texts[sid], entities, publication_period(registry, sid))
        for sid, e in registry.sources.items()
    }
    report = run_check(root)
    claims = {c.id: c for c in registry.claims}
    starts = {sid: [s.start for s in split_sentences(t)] for sid, t in texts.items()}
    spans = {(c.id, e.source): e.span for c in report.claims for e in c.evidence if e.span}
    gold = set()
    for conflict in report.conflicts:
        if conflict.kind != "typed" or registry.properties[claims[conflict.sides[0].claim].property].type not in SURFACE_TYPES:
            continue
        pair = {
            (side.source, max(s for s in starts[side.source] if s <= span.start))
            for side in conflict.sides
            if (span := spans.get((side.claim, side.source))) is not None
        }
        if len(pair) == 2:
            gold.add(frozenset(pair))
    found = _pairs(find_candidates(facts))
    return len(found & gold), len(found), len(gold)


def synthetic(root: Path, seed: int = 7, rate: float = 0.5) -> tuple[int, int, int, int]:
    """(candidates touching a planted sentence, candidates, planted sentences found, planted sentences)."""
    registry = load_registry(root)
    entities = entity_index(registry)
    rng = random.Random(seed)
    facts: dict[str, list[SentenceFacts]] = {}
    planted: set[tuple[str, int]] = set()
    for sid, entry in sorted(registry.sources.items()):
        text = read_source(root, entry).text
        ref = publication_period(registry, sid)
        copy_id = f"{sid}-copy"
        sentences = split_sentences(text)
        mutated = text
        planted_indexes = []
        for index in reversed(range(len(sentences))):  # from the end: earlier offsets stay valid
            sentence = sentences[index]
            found = [f for t in sorted(SURFACE_TYPES) for f in extract(t, sentence.text, ref=ref)]
            if found and rng.random() < rate:
                target = rng.choice(found)
                changed = plant(mutated, sentence.start + target.start, sentence.start + target.end)
                if changed != mutated:
                    mutated = changed
                    planted_indexes.append(index)
        mutated_sentences = split_sentences(mutated)
        assert len(mutated_sentences) == len(sentences), "planting must not change sentence boundaries"
        planted.update((copy_id, mutated_sentences[i].start) for i in planted_indexes)
        facts[sid] = sentence_facts(sid, sid, text, entities, ref)
        facts[copy_id] = sentence_facts(copy_id, copy_id, mutated, entities, ref)
    candidates = find_candidates(facts)
    touching = [c for c in candidates if {(c.first.source, c.first.sentence.start), (c.second.source, c.second.sentence.start)} & planted]
    found = {p for c in touching for p in ((c.first.source, c.first.sentence.start), (c.second.source, c.second.sentence.start))} & planted
    return len(touching), len(candidates), len(found), len(planted)


def main() -> None:
    root = Path(".")
    hits, found, gold = real_corpus(root)
    print(f"real sources:   precision {_ratio(hits, found)}   recall {_ratio(hits, gold)}")
    runs = [synthetic(root, seed) for seed in range(1, 6)]
    touching, candidates, found, planted = (sum(run[i] for run in runs) for i in range(4))
    print(f"synthetic set:  precision {_ratio(touching, candidates)}   recall {_ratio(found, planted)} (planted sentences flagged)")


if __name__ == "__main__":
    main()
