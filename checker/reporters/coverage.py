"""Coverage renderers: per source, sentences cited of sentences counted, then the uncited ones."""

from __future__ import annotations

import json

from checker.engine import SourceCoverage
from checker.findings import Finding
from checker.reporters.escape import json_visible, printable_lines
from checker.reporters.json_report import finding_dict


def render_text(results: list[SourceCoverage]) -> str:
    lines: list[str] = []
    for item in results:
        lines.append(f"{item.path}: {item.cited}/{item.sentences} sentences cited ({item.percent:g}%), {item.boilerplate} boilerplate left out")
        lines.extend(f"  {item.path}:{s.line}: uncited: {s.display}" if s.page is None else f"  {item.path} {s.where()}: uncited: {s.display}"
                     for s in item.uncited)
    total = sum(i.sentences for i in results)
    cited = sum(i.cited for i in results)
    lines.append(f"total: {cited}/{total} sentences cited ({100.0 * cited / total if total else 100.0:.1f}%)")
    return printable_lines(lines)


def render_json(results: list[SourceCoverage], input_errors: list[Finding] | None = None) -> str:
    """``input_errors``: why the registry is unusable, when it is (then the counts may be partial)."""
    data = {
        "sources": [
            {
                "source": i.source, "path": i.path, "sentences": i.sentences, "cited": i.cited, "boilerplate": i.boilerplate,
                "percent": i.percent,
                "uncited": [{"line": s.line, "page": s.page, "page_line": s.page_line, "start": s.start, "end": s.end, "text": s.display}
                            for s in i.uncited],
            }
            for i in results
        ],
        "total": {"sentences": sum(i.sentences for i in results), "cited": sum(i.cited for i in results)},
        "input_errors": [finding_dict(f) for f in input_errors or []],
    }
    return json_visible(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"
