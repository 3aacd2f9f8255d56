"""The naive baseline the checker is measured against, as a command.

What a straightforward implementation does: load every claims file with
PyYAML (its C loader when built with libyaml: the fastest loading, so the
comparison does not flatter the checker), then for each source normalise the
text with ``unicodedata`` NFKC, ``str.translate`` (a dict of quotation marks and
dashes) and a ``\\s+`` regex, test every quote with ``in``, and for every miss
run rapidfuzz's ``partial_ratio_alignment`` over the whole normalised source.

Run: ``python3 -m benchmarks.baseline ROOT VERDICTS.json``; it writes
``{claim id: "pass" | "fail"}`` (a claim passes when all its quotes are found)
and prints its phases' times as JSON on stdout.
"""

from __future__ import annotations

import json
import re
import sys
import time
import unicodedata
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from checker.documents.normalise import DASHES, DOUBLE_QUOTES, SINGLE_QUOTES

_TABLE = {ord(ch): "'" for ch in SINGLE_QUOTES} | {ord(ch): '"' for ch in DOUBLE_QUOTES} | {ord(ch): "-" for ch in DASHES}
_SPACES = re.compile(r"\s+")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def naive_normalise(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).translate(_TABLE)).strip()


def main(root: Path, verdicts_path: Path) -> dict[str, float]:
    times: dict[str, float] = {}
    started = time.perf_counter()
    catalog = yaml.load((root / "sources" / "catalog.yaml").read_text(encoding="utf-8"), Loader=_LOADER)
    paths = {s["id"]: s["path"] for s in catalog["sources"]}
    quotes: dict[str, list[tuple[str, str]]] = {}
    claim_ids: list[str] = []
    for file in sorted((root / "claims").rglob("*.yaml")):
        if file.name in ("subjects.yaml", "properties.yaml"):
            continue
        for claim in yaml.load(file.read_text(encoding="utf-8"), Loader=_LOADER).get("claims", []):
            claim_ids.append(claim["id"])
            for evidence in claim["evidence"]:
                quotes.setdefault(evidence["source"], []).append((claim["id"], evidence["quote"]))
    times["load"] = time.perf_counter() - started

    failed: set[str] = set()
    normalise_time = search_time = fuzzy_time = 0.0
    fuzzy_calls = 0
    for source_id, cited in sorted(quotes.items()):
        t0 = time.perf_counter()
        norm = naive_normalise((root / "sources" / paths[source_id]).read_bytes().decode("utf-8-sig"))
        t1 = time.perf_counter()
        misses = [(cid, q) for cid, q in ((cid, naive_normalise(q)) for cid, q in cited) if q not in norm]
        t2 = time.perf_counter()
        for claim_id, quote in misses:
            fuzz.partial_ratio_alignment(quote, norm)
            failed.add(claim_id)
        t3 = time.perf_counter()
        normalise_time, search_time, fuzzy_time = normalise_time + t1 - t0, search_time + t2 - t1, fuzzy_time + t3 - t2
        fuzzy_calls += len(misses)
    times |= {"read_and_normalise": normalise_time, "search": search_time, "fuzzy": fuzzy_time, "fuzzy_calls": fuzzy_calls}
    times["total"] = time.perf_counter() - started
    verdicts_path.write_text(json.dumps({cid: "fail" if cid in failed else "pass" for cid in claim_ids}), encoding="utf-8")
    return times


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
