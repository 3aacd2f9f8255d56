"""Load a registry (catalog, vocabularies, claims files) into frozen values plus findings.

Layout under the registry root::

    sources/catalog.yaml      what each source file is
    sources/*.txt             the sources, byte for byte
    claims/subjects.yaml      controlled list of entities and their aliases
    claims/properties.yaml    controlled list of properties and their value types
    claims/**/*.yaml          claims files (every other YAML file under claims/)

Nothing here raises on bad input: every problem becomes a Finding with its
file:line, and everything that can still be read is kept, so one broken file
never hides the verdicts on the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from checker.findings import Finding
from checker.model import (
    Acknowledgement,
    Boilerplate,
    Claim,
    Evidence,
    Property,
    Registry,
    SourceEntry,
    Subject,
)
from checker.schema import schema_findings
from checker.yamlload import YamlDocument, YamlError, load_yaml

CATALOG = "sources/catalog.yaml"
SUBJECTS = "claims/subjects.yaml"
PROPERTIES = "claims/properties.yaml"
VOCABULARY_FILES = frozenset({SUBJECTS, PROPERTIES})


def claim_files(root: Path) -> list[str]:
    """Every claims file, as a sorted posix path relative to root (sorted: output must not depend on disk order)."""
    claims_dir = root / "claims"
    if not claims_dir.is_dir():
        return []
    found = (p.relative_to(root).as_posix() for p in claims_dir.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())
    return sorted(f for f in found if f not in VOCABULARY_FILES)


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.findings: list[Finding] = []
        self.broken: dict[str, tuple[str, int]] = {}

    def document(self, rel: str, schema: str, required: bool = True) -> YamlDocument | None:
        """Load and validate one file; None when unusable. Schema errors drop only the bad entries."""
        path = self.root / rel
        if not path.exists():
            if required:
                self.findings.append(Finding(rel, 1, 1, "yaml-error", f"{rel} is missing"))
            return None
        try:
            doc = load_yaml(path, rel)
        except YamlError as exc:
            self.findings.append(Finding(exc.file, exc.line, exc.col, "yaml-error", exc.message))
            return None
        if doc.data is None:
            doc = YamlDocument(doc.file, doc.text, {}, doc.positions)
        return doc

    def validate(self, doc: YamlDocument, schema: str, owners: dict[tuple[str | int, ...], str] | None = None) -> set[tuple[str | int, ...]]:
        """Record schema findings; return the paths of the top-level entries that are bad.

        ``owners`` maps an entry's path (e.g. ``("claims", 3)``) to its claim id, so a
        schema error inside a claim fails that claim's own test item.
        """
        bad: set[tuple[str | int, ...]] = set()
        for path, finding in schema_findings(doc, schema):
            owner = (owners or {}).get(path[:2])
            self.findings.append(replace(finding, claim=owner) if owner else finding)
            bad.add(path[:2])
        return bad

    # -- the four kinds of file ------------------------------------------------
    def catalog(self) -> dict[str, SourceEntry]:
        doc = self.document(CATALOG, "catalog")
        if doc is None:
            return {}
        bad = self.validate(doc, "catalog")
        if () in bad or ("sources",) in bad:
            return {}
        entries: dict[str, SourceEntry] = {}
        for i, raw in enumerate(doc.data.get("sources", [])):
            if ("sources", i) in bad:
                continue
            line, _ = doc.where(("sources", i))
            if raw["id"] in entries:
                self.findings.append(Finding(CATALOG, line, 1, "duplicate-id", f"source id `{raw['id']}` is used twice"))
                continue
            entries[raw["id"]] = SourceEntry(
                id=raw["id"],
                path=raw["path"],
                title=raw["title"],
                publisher=raw["publisher"],
                kind=raw["kind"],
                published=str(raw["published"]),
                precision=raw["precision"],
                author=raw.get("author"),
                date_note=raw.get("date_note"),
                boilerplate=tuple(Boilerplate(b["text"], b["reason"]) for b in raw.get("boilerplate", [])),
                file=CATALOG,
                line=line,
            )
        return entries

    def subjects(self) -> dict[str, Subject]:
        doc = self.document(SUBJECTS, "subjects")
        if doc is None or self.validate(doc, "subjects"):
            return {} if doc is None else self._subjects_lenient(doc)
        return self._subjects_lenient(doc)

    def _subjects_lenient(self, doc: YamlDocument) -> dict[str, Subject]:
        raw_all = doc.data.get("subjects") if isinstance(doc.data, dict) else None
        if not isinstance(raw_all, dict):
            return {}
        return {
            sid: Subject(sid, raw["name"], raw.get("kind"), tuple(raw.get("aliases", [])))
            for sid, raw in raw_all.items()
            if isinstance(raw, dict) and isinstance(raw.get("name"), str)
        }

    def properties(self) -> dict[str, Property]:
        doc = self.document(PROPERTIES, "properties")
        if doc is None:
            return {}
        self.validate(doc, "properties")
        raw_all = doc.data.get("properties") if isinstance(doc.data, dict) else None
        if not isinstance(raw_all, dict):
            return {}
        result: dict[str, Property] = {}
        for pid, raw in raw_all.items():
            try:
                result[pid] = Property(
                    pid, raw["description"], raw["type"], bool(raw["single_valued"]), tuple(raw.get("qualifiers", [])),
                    bool(raw.get("time_invariant", False)),
                )
            except (KeyError, TypeError):
                continue  # already reported by the schema
        return result

    def claims_file(self, rel: str) -> tuple[list[Claim], list[Acknowledgement]]:
        doc = self.document(rel, "claims")
        if doc is None:
            return [], []
        data = doc.data if isinstance(doc.data, dict) else {}
        raw_claims = data.get("claims") if isinstance(data.get("claims"), list) else []
        owners: dict[tuple[str | int, ...], str] = {
            ("claims", i): raw["id"] for i, raw in enumerate(raw_claims) if isinstance(raw, dict) and isinstance(raw.get("id"), str)
        }
        bad = self.validate(doc, "claims", owners)
        claims: list[Claim] = []
        for i, raw in enumerate(raw_claims):
            line, _ = doc.where(("claims", i))
            if ("claims", i) in bad or () in bad:
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    self.broken.setdefault(raw["id"], (rel, line))
                continue
            claims.append(_claim(raw, doc, i))
        acks = [
            _acknowledgement(raw, rel, doc.where(("acknowledged", i))[0])
            for i, raw in enumerate(data.get("acknowledged") or [] if isinstance(data.get("acknowledged"), list) else [])
            if ("acknowledged", i) not in bad
        ]
        return claims, acks


def _claim(raw: dict[str, Any], doc: YamlDocument, index: int) -> Claim:
    line, col = doc.where(("claims", index))
    evidence = tuple(
        Evidence(
            source=e["source"],
            quote=str(e["quote"]),
            prefix=e.get("prefix"),
            suffix=e.get("suffix"),
            value_text=e.get("value_text"),
            line=doc.where(("claims", index, "evidence", j))[0],
            col=doc.where(("claims", index, "evidence", j))[1],
        )
        for j, e in enumerate(raw["evidence"])
    )
    as_of = raw.get("as_of")
    return Claim(
        id=raw["id"],
        statement=raw["statement"],
        subject=raw["subject"],
        property=raw["property"],
        qualifiers=tuple(sorted((str(k), str(v)) for k, v in (raw.get("qualifiers") or {}).items())),
        value=raw["value"],
        as_of=None if as_of is None else str(as_of),
        time_note=raw.get("time_note"),
        contradicts=tuple(raw.get("contradicts", [])),
        evidence=evidence,
        file=doc.file,
        line=line,
        col=col,
    )


def _acknowledgement(raw: dict[str, Any], file: str, line: int) -> Acknowledgement:
    first, second = raw["claims"]
    return Acknowledgement(
        claims=(first, second),
        explanation=raw["explanation"],
        reason=raw.get("reason"),
        prevails=raw["prevails"],
        reviewed_by=raw["reviewed_by"],
        reviewed_on=str(raw["reviewed_on"]),
        file=file,
        line=line,
    )


def load_registry(root: Path) -> Registry:
    loader = _Loader(root)
    sources = loader.catalog()
    subjects = loader.subjects()
    properties = loader.properties()
    files = claim_files(root)
    claims: list[Claim] = []
    acks: list[Acknowledgement] = []
    for rel in files:
        file_claims, file_acks = loader.claims_file(rel)
        claims.extend(file_claims)
        acks.extend(file_acks)
    if not files:
        loader.findings.append(Finding("claims", 1, 1, "no-claims", "no claims files under claims/ (add claims/<topic>.yaml)"))
    elif not claims and not loader.broken:
        loader.findings.append(Finding(files[0], 1, 1, "no-claims", "the registry has no claims"))
    return Registry(
        root=str(root),
        sources=sources,
        subjects=subjects,
        properties=properties,
        claims=tuple(claims),
        acknowledgements=tuple(acks),
        claim_files=tuple(files),
        findings=tuple(loader.findings),
        broken_claims=loader.broken,
    )


def iter_claims_by_source(claims: Iterable[Claim]) -> dict[str, list[tuple[Claim, Evidence]]]:
    by_source: dict[str, list[tuple[Claim, Evidence]]] = {}
    for claim in claims:
        for evidence in claim.evidence:
            by_source.setdefault(evidence.source, []).append((claim, evidence))
    return by_source
