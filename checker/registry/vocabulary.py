"""The controlled vocabularies (claims/subjects.yaml, claims/properties.yaml) as frozen values.

Both are read after schema validation, whose findings are already recorded;
what is built here must still never raise on a file that failed it.

- Subjects are read leniently: every subject with a usable name is kept even in
  a file with schema errors, because dropping one would fail every claim about
  it too. A name, alias or id that would single out two subjects is a
  ``duplicate-id`` finding, and the later subject loses it.
- Properties are read strictly: one with a schema error is left out, because
  its type decides how every value is read, and guessing it would turn one
  error into many wrong verdicts.
"""

from __future__ import annotations

from typing import Any

from checker.findings import Finding
from checker.registry.model import Property, Subject
from checker.registry.yamlload import Path_, YamlDocument
from checker.values.entities import name_key


def subjects_from(doc: YamlDocument) -> tuple[dict[str, Subject], list[Finding]]:
    raw_all = doc.data.get("subjects") if isinstance(doc.data, dict) else None
    if not isinstance(raw_all, dict):
        return {}, []
    subjects: dict[str, Subject] = {}
    findings: list[Finding] = []
    owners: dict[str, str] = {}  # name key -> the subject it names (the same keys the entity index uses)
    for sid, raw in raw_all.items():
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            continue
        kind = raw.get("kind") if isinstance(raw.get("kind"), str) else None
        aliases = [a for a in raw.get("aliases", []) if isinstance(a, str) and a.strip()] if isinstance(raw.get("aliases"), list) else []
        taken = [n for n in (sid, raw["name"], *aliases) if owners.get(name_key(n), sid) != sid]
        for name in taken:
            line, col = doc.where(_name_path(sid, raw, name))
            findings.append(Finding(doc.file, line, col, "duplicate-id",
                                    f"name `{name}` of subject `{sid}` already names `{owners[name_key(name)]}`; "
                                    "a name or alias must single out one subject"))
        if sid in taken or raw["name"] in taken:
            continue  # its own id or name is another subject's: nothing about it can be trusted
        aliases = [a for a in aliases if a not in taken]
        for name in (sid, raw["name"], *aliases):
            owners[name_key(name)] = sid
        subjects[sid] = Subject(sid, raw["name"], kind, tuple(aliases), doc.where(("subjects", sid))[0])
    return subjects, findings


def _name_path(sid: str, raw: dict[str, Any], name: str) -> Path_:
    if name == sid:
        return ("subjects", sid)
    if name == raw["name"]:
        return ("subjects", sid, "name")
    return ("subjects", sid, "aliases", raw["aliases"].index(name))


def properties_from(doc: YamlDocument, bad: set[Path_]) -> dict[str, Property]:
    """Every property without a schema error; ``bad`` holds the paths the schema refused."""
    raw_all = doc.data.get("properties") if isinstance(doc.data, dict) else None
    if () in bad or ("properties",) in bad or not isinstance(raw_all, dict):
        return {}
    return {pid: _property(pid, raw, doc.where(("properties", pid))[0]) for pid, raw in raw_all.items() if ("properties", pid) not in bad}


def _property(pid: str, raw: dict[str, Any], line: int) -> Property:
    values = raw.get("qualifier_values", {})
    return Property(pid, raw["description"], raw["type"], raw["single_valued"], tuple(raw.get("qualifiers", [])),
                    raw.get("time_invariant", False), tuple((key, tuple(vals)) for key, vals in values.items()),
                    tuple(raw.get("comparable_with", [])), line)
