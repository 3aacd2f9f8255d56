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

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from checker.documents import LOCALE_PROBLEM, Boilerplate, SourceEntry
from checker.findings import Finding
from checker.registry.layout import CATALOG, PROPERTIES, SUBJECTS, VOCABULARY_FILES, all_claim_files, claim_files, printable_name, unlistable_reason
from checker.registry.model import (
    Acknowledgement,
    Claim,
    Evidence,
    Property,
    Registry,
    Subject,
)
from checker.registry.schema import schema_findings
from checker.registry.vocabulary import properties_from, subjects_from
from checker.registry.yamlload import YamlDocument, YamlError, load_yaml

# The file layout lives in layout.py; these names stay importable from here.
__all__ = ["CATALOG", "PROPERTIES", "SUBJECTS", "VOCABULARY_FILES", "claim_files", "load_registry"]


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.findings: list[Finding] = []
        self.broken: dict[str, tuple[str, int]] = {}

    def document(self, rel: str, schema: str, required: bool = True) -> YamlDocument | None:
        """Load and validate one file; None when unusable. Schema errors drop only the bad entries."""
        path = self.root / rel
        try:
            present = path.is_symlink() or path.exists()
        except OSError:  # e.g. an unreadable directory on the way: the read below says why
            present = True
        if not present:
            if required:
                missing = f"{rel} is missing; create it (`claimcheck init` scaffolds a registry; claimcheck help registry)"
                self.findings.append(Finding(rel, 1, 1, "yaml-error", missing))
            return None
        try:
            doc = load_yaml(path, rel, inside=self.root)
        except YamlError as exc:
            self.findings.append(Finding(exc.file, exc.line, exc.col, "yaml-error", exc.message))
            return None
        if doc.data is None:
            doc = replace(doc, data={})
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
                self.findings.append(Finding(CATALOG, line, 1, "duplicate-id",
                                             f"source id `{raw['id']}` is already used at {CATALOG}:{entries[raw['id']].line}; give each source its own id"))
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
                boilerplate=tuple(Boilerplate(b["text"], b["reason"], bool(b.get("per_page", False))) for b in raw.get("boilerplate", [])),
                file=CATALOG,
                line=line,
                url=raw.get("url"),
                retrieved=raw.get("retrieved"),
                sha256=raw.get("sha256"),
                content_type=raw.get("content_type"),
                extract=raw.get("extract", "main"),
                requested_url=raw.get("requested_url"),
                etag=raw.get("etag"),
                last_modified=raw.get("last_modified"),
                confirm=tuple(raw.get("confirm", ())),
            )
            if raw.get("confirm"):
                confirm_line, confirm_col = doc.where(("sources", i, "confirm"))
                self.findings.append(Finding(CATALOG, confirm_line, confirm_col, "unconfirmed-metadata",
                                             f"source `{raw['id']}`: {', '.join(raw['confirm'])} guessed by `claimcheck fetch`; "
                                             "check each against the document, then remove it from `confirm:`",
                                             severity="warning", source=raw["id"]))
        return entries

    def subjects(self) -> dict[str, Subject]:
        doc = self.document(SUBJECTS, "subjects")
        if doc is None:
            return {}
        self.validate(doc, "subjects")
        subjects, findings = subjects_from(doc)
        self.findings.extend(findings)
        return subjects

    def properties(self) -> dict[str, Property]:
        doc = self.document(PROPERTIES, "properties")
        if doc is None:
            return {}
        return properties_from(doc, self.validate(doc, "properties"))

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
        claims_at = doc.positions_in(("claims",))  # each claim's; one walk, not one per claim
        for i, raw in enumerate(raw_claims):
            if ("claims", i) in bad or () in bad:
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    self.broken.setdefault(raw["id"], (rel, claims_at[i][1]))
                continue
            claims.append(_claim(raw, doc, i, claims_at[i][1:]))
        acks = [
            _acknowledgement(raw, rel, doc.where(("acknowledged", i))[0])
            for i, raw in enumerate(data.get("acknowledged") or [] if isinstance(data.get("acknowledged"), list) else [])
            if ("acknowledged", i) not in bad
        ]
        return claims, acks


def _claim(raw: dict[str, Any], doc: YamlDocument, index: int, position: tuple[int, int]) -> Claim:
    """A claim that passed the schema, so each field and evidence item named here is there."""
    line, col = position
    evidence_at = doc.positions_in(("claims", index, "evidence"))
    evidence = tuple(
        Evidence(
            source=e["source"],
            quote=str(e["quote"]),
            prefix=e.get("prefix"),
            suffix=e.get("suffix"),
            value_text=e.get("value_text"),
            line=evidence_at[j][1],
            col=evidence_at[j][2],
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
        # str keys: the claim passed the schema; lines counted from the claim's, so claims written alike share one tuple
        fields=_shared_fields(tuple((name, at - line, column) for name, at, column in doc.positions_in(("claims", index)))),  # type: ignore[misc]
    )


_FIELDS: dict[tuple[tuple[str, int, int], ...], tuple[tuple[str, int, int], ...]] = {}
"""Each distinct ``Claim.fields`` once: claims written alike share one tuple (10,000 claims held 70,000 field
tuples, 4.5 MB, a third of the registry's memory; relative lines make them alike)."""


def _shared_fields(fields: tuple[tuple[str, int, int], ...]) -> tuple[tuple[str, int, int], ...]:
    if len(_FIELDS) >= 4096:  # bounded: a stranger's file of claims each written differently gains nothing here
        return _FIELDS.get(fields, fields)
    return _FIELDS.setdefault(fields, fields)


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


@dataclass(frozen=True)
class ClaimsFileResult:
    """One claims file, loaded: what it adds to the registry. Picklable: a worker process may load it."""

    claims: tuple[Claim, ...]
    acknowledgements: tuple[Acknowledgement, ...]
    findings: tuple[Finding, ...]
    broken: dict[str, tuple[str, int]]


def load_claims_file(root: Path, rel: str) -> ClaimsFileResult:
    """Load and validate one claims file on its own (files do not depend on each other)."""
    loader = _Loader(root)
    claims, acks = loader.claims_file(rel)
    return ClaimsFileResult(tuple(claims), tuple(acks), tuple(loader.findings), loader.broken)


FilesLoader = Callable[[Path, list[str]], Iterable[ClaimsFileResult]]
"""Loads the given claims files and yields their results in the same order (the engine passes one that uses every core)."""


def load_in_this_process(root: Path, files: list[str]) -> Iterable[ClaimsFileResult]:
    return (load_claims_file(root, rel) for rel in files)


def _unusable_name(rel: str) -> Finding:
    """Why a claims file's name cannot be used: not UTF-8, not printable, or UTF-8 read under an ASCII locale."""
    shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if shown == rel:
        return Finding(rel, 1, 1, "yaml-error", "file name holds a control, bidi or invisible character; rename the file")
    try:  # good UTF-8, only read under a locale whose file-name encoding is not UTF-8
        named = rel.encode(sys.getfilesystemencoding(), "surrogateescape").decode("utf-8")
    except (UnicodeError, LookupError):
        return Finding(shown, 1, 1, "yaml-error", "file name is not valid UTF-8; rename the file")
    return Finding(named, 1, 1, "yaml-error", f"file {LOCALE_PROBLEM}")


def load_registry(root: Path, load_files: FilesLoader = load_in_this_process) -> Registry:
    loader = _Loader(root)
    sources = loader.catalog()
    subjects = loader.subjects()
    properties = loader.properties()
    all_files = all_claim_files(root)
    for rel in all_files:
        if not printable_name(rel):
            loader.findings.append(_unusable_name(rel))
    files = [f for f in all_files if printable_name(f)]
    claims: list[Claim] = []
    acks: list[Acknowledgement] = []
    for result in load_files(root, files):
        claims.extend(result.claims)
        acks.extend(result.acknowledgements)
        loader.findings.extend(result.findings)
        for claim_id, place in result.broken.items():
            loader.broken.setdefault(claim_id, place)
    if not all_files:
        unlistable = unlistable_reason(root / "claims")
        message = f"claims/ cannot be listed ({unlistable}); make it readable" if unlistable else "no claims files under claims/; add one (claims/<topic>.yaml)"
        loader.findings.append(Finding("claims", 1, 1, "no-claims", message))
    elif not claims and not loader.broken and not any(f.file in files for f in loader.findings):
        # Only when every claims file read cleanly: a broken file has already said why nothing loaded.
        loader.findings.append(Finding(files[0] if files else "claims", 1, 1, "no-claims", "the registry has no claims; add some under `claims:`"))
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
