"""The plain script of issue 13: what a user writes in ten minutes, one core.

PyYAML's C loader; NFKC, a ``str.replace`` chain and ``" ".join(s.split())``;
``str.count`` for each quote (a claim passes when each of its quotes occurs
exactly once); rapidfuzz's ``partial_ratio_alignment`` over the source for each
miss. Run: ``python3 -m benchmarks.plain ROOT VERDICTS.json``; it writes
``{claim id: "pass" | "fail"}`` and prints its time as JSON on stdout.
"""

import json
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

MARKS = [*((c, "'") for c in "‘’‚‛′‵ʼ"), *((c, '"') for c in "“”„‟″‶«»"), *((c, "-") for c in "‐‑‒–—―−﹘﹣－⁃")]


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for old, new in MARKS:
        text = text.replace(old, new)
    return " ".join(text.split())


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def main(root: Path, out: str) -> dict[str, float]:
    started = time.perf_counter()
    paths = {s["id"]: s["path"] for s in load(root / "sources" / "catalog.yaml")["sources"]}
    quotes: dict[str, list[tuple[str, str]]] = {}
    verdicts: dict[str, str] = {}
    for file in sorted((root / "claims").rglob("*.yaml")):
        for claim in (load(file) or {}).get("claims", []) if file.name not in ("subjects.yaml", "properties.yaml") else []:
            verdicts[claim["id"]] = "pass"
            for evidence in claim["evidence"]:
                quotes.setdefault(evidence["source"], []).append((claim["id"], norm(evidence["quote"])))
    for source, cited in quotes.items():
        text = norm((root / "sources" / paths[source]).read_text(encoding="utf-8-sig"))
        for claim_id, quote in cited:
            if text.count(quote) != 1:
                fuzz.partial_ratio_alignment(quote, text)
                verdicts[claim_id] = "fail"
    Path(out).write_text(json.dumps(verdicts), encoding="utf-8")
    return {"total": time.perf_counter() - started}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2])))
