"""A whole report rendered from its parts (``engine.ReportParts``), each part's rendering kept in the store.

A part left unread (its results are what the store holds under its key) is
rendered by the text stored for it under that key: after an edit of one source
only the parts it touched are rendered again, and the others cost one row read.
A part with no stored text for this output (a first run in another format) is
read from the store, rendered, and its text kept. The findings of all parts and
of the rest are laid out in file order, as one sorted list would be, so the
output is byte for byte what ``REPORTERS[format](whole(parts))`` gives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from itertools import groupby

from checker.engine import Part, Report, ReportParts, ResultCache
from checker.findings import Finding, Shown
from checker.reporters import github, json_report
from checker.reporters import text as text_report
from checker.store import MIN_REFERENCED_CHARS


def shown_report(report: Report, output_format: str, shown: Shown) -> Report:
    """The report as the person asked to see it (text and github); JSON is for machines and keeps everything."""
    if output_format == "json":
        return report
    return replace(report, findings=tuple(f for f in report.findings if shown.keeps_finding(f)), notes=() if shown.quiet else report.notes)


Piece = tuple[tuple[str, str, int] | None, str]
"""A stretch of output and where it is stored: (row name, key, index in the row), None when it is not."""


def render_parts(parts: ReportParts, output_format: str, shown: Shown, store: ResultCache | None) -> list[Piece]:
    """The output of ``check`` in ``output_format``: the pieces it is made of, in order, each stored one with where
    it is stored (so the output itself can be kept as references to them: ``store.keep_output``). LookupError when
    a part vanished from the store meanwhile."""
    if output_format == "json":
        rendered = [_rendered(parts, part, "json", store, lambda p: json_report.pieces(p.claims or (), p.findings or ())) for part in parts.parts]
        rest_claims, _ = json_report.pieces(parts.rest.claims, ())
        claims = [r[0] for r in rendered] + [(None, rest_claims)]
        findings = _in_file_order(parts, [r[1] for r in rendered], lambda fs: json_report.pieces((), fs)[1], lambda f: True)
        summary = {**parts.counts(), "exit_code": parts.exit_code}
        made = json_report.assemble(summary, [c for _, c in claims], parts.rest.conflicts, [f for _, f in findings], parts.rest.notes)
        stored = {id(text): where for where, text in claims + findings if where is not None}  # the very objects: see assemble
        return [(stored.get(id(text)), text) for text in made]
    piece = text_report.findings_piece if output_format == "text" else github.findings_piece
    variant = f"{output_format}:{shown.min_severity}:{shown.show_acknowledged}"
    rendered = [_rendered(parts, part, variant, store, lambda p: (piece(f for f in p.findings or () if shown.keeps_finding(f)),))
                for part in parts.parts]
    findings = _in_file_order(parts, [r[0] for r in rendered], piece, shown.keeps_finding)
    listed = any(n and acknowledged and shown.keeps(severity, acknowledged)
                 for p in parts.parts for severity, acknowledged, _, n in p.tally.findings)
    listed = listed or any(f.rule == "conflict-acknowledged" and shown.keeps_finding(f) for f in parts.rest.findings)
    summary = text_report.summary_line(parts.counts(shown.keeps), listed, parts.input_errors(shown.keeps))
    notes = () if shown.quiet else parts.rest.notes
    if output_format == "text":
        return _around(text_report.assemble([f for _, f in findings], notes, None if shown.quiet else summary), findings)
    return _around(github.assemble([f for _, f in findings], notes, summary), findings)


def _around(text: str, pieces: list[Piece]) -> list[Piece]:
    """``text`` cut around the stored ``pieces`` it holds in that order (a few findings pieces: text and github output
    lists findings, not claims), each found by searching from where the one before ended."""
    out: list[Piece] = []
    at = 0
    for where, piece in pieces:
        found = text.find(piece, at) if where is not None and len(piece) >= MIN_REFERENCED_CHARS else -1
        if found >= 0:
            out += [(None, text[at:found]), (where, piece)]
            at = found + len(piece)
    return [*out, (None, text[at:])]


def _rendered(parts: ReportParts, part: Part, variant: str, store: ResultCache | None,
              render: Callable[[Part], tuple[str, ...]]) -> list[Piece]:
    """A part's rendering: the one stored under its key, else made now (reading the part if it was left unread) and kept."""
    name = f"render:{variant}:{part.file}"
    hit = store.get(name, part.key) if part.claims is None and store is not None else None
    if isinstance(hit, tuple) and all(isinstance(p, str) for p in hit):
        made: tuple[str, ...] = hit
    else:
        made = render(parts.loaded(part, store))
        if store is not None and part.key:
            store.put(name, part.key, made)
    return [((name, part.key, index) if store is not None and part.key else None, text) for index, text in enumerate(made)]


def _in_file_order(parts: ReportParts, pieces: list[Piece], render: Callable[[Iterable[Finding]], str],
                   keeps: Callable[[Finding], bool]) -> list[Piece]:
    """The parts' findings pieces and the rest's findings, by file: the order of one sorted list of findings."""
    by_file: list[tuple[str, Piece]] = [(p.file, piece) for p, piece in zip(parts.parts, pieces, strict=True)]
    by_file += [(file, (None, render([f for f in group if keeps(f)]))) for file, group in groupby(parts.rest.findings, key=lambda f: f.file)]
    return [piece for _, piece in sorted(by_file, key=lambda item: item[0])]
