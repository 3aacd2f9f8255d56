"""Vocabulary report renderers: claims per property and per subject, unused entries, the free-text share.

Text shows ids; JSON also each subject's name. Both pass through
``escape`` like every renderer: a subject id or name from a stranger's pull
request is shown, never obeyed.
"""

from __future__ import annotations

import json

from checker.registry import VocabularyUsage
from checker.reporters.escape import json_visible, printable_lines


def render_text(usage: VocabularyUsage) -> str:
    lines = [
        f"{usage.claims} claims on {len(usage.properties)} properties and {len(usage.subjects)} subjects; "
        f"{usage.free_text_claims} claims ({100.0 * usage.free_text_share:.1f}%) on free-text properties",
        "",
        "properties (claims, type, single- or multi-valued):",
    ]
    width = max((len(p.id) for p in usage.properties), default=0)
    lines += [f"  {p.claims:5}  {p.id:<{width}}  {p.type}, {'single' if p.single_valued else 'multi'}" for p in usage.properties]
    lines += ["", "subjects (claims about it, claims naming it as value or qualifier):"]
    lines += [f"  {s.as_subject:5} {s.as_reference:5}  {s.id}" for s in usage.subjects]
    lines += [
        "",
        f"unused properties: {', '.join(p.id for p in usage.unused_properties) or 'none'}",
        f"unused subjects: {', '.join(s.id for s in usage.unused_subjects) or 'none'}",
    ]
    return printable_lines(lines)


def render_json(usage: VocabularyUsage) -> str:
    data = {
        "claims": usage.claims,
        "free_text_claims": usage.free_text_claims,
        "free_text_share": round(usage.free_text_share, 4),
        "properties": [{"id": p.id, "type": p.type, "single_valued": p.single_valued, "claims": p.claims} for p in usage.properties],
        "subjects": [{"id": s.id, "name": s.name, "as_subject": s.as_subject, "as_reference": s.as_reference} for s in usage.subjects],
        "unused": {"properties": [p.id for p in usage.unused_properties], "subjects": [s.id for s in usage.unused_subjects]},
    }
    return json_visible(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"
