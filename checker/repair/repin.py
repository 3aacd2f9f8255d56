"""``claimcheck repin``: move drifted quotes to the text now in their source, when that is safe.

A quote is rewritten only when all of these hold, and is otherwise listed for a
person and never touched:

1. it is plain verbatim text (no ``...``, ``[insertion]`` or ``[sic]``), and no
   longer occurs in its source (an ambiguous, too weak or context-mismatched
   quote is a person's call);
2. its place is known (``anchor.py``): pinned prefix/suffix, or else the text
   around it in the newest earlier version of the source in git that held it;
3. the most similar text now in the source is at least ``REPIN_MIN_SCORE``
   similar (rapidfuzz ratio after normalisation);
4. that text stands in that place: with pinned context, the rewritten quote is found with
   that exact prefix/suffix; with context from git, the text around the
   candidate is at least ``MIN_CONTEXT_SIMILARITY`` like the old context on each
   side. So a deleted sentence is never re-attached to a look-alike elsewhere;
5. the rewritten quote occurs exactly once, at that spot;
6. it still carries the claim's value (``support.py``), and every value of the
   claim's type it quotes is unchanged: a changed number is never repinned.

The new quote keeps the old one's words and characters wherever they still
match (straight or curly quotes, as pinned) and takes the source's words where
they changed. ``plan_repin`` only reads; ``apply_plan`` writes each claims file
atomically, changing nothing but the rewritten quote scalars.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from checker.documents import read_sources
from checker.findings import Finding
from checker.quotes import (
    SourceHistory,
    context_similarity,
    diagnose,
    has_editorial_marks,
    keep_pinned_words,
    locate,
    parse_quote,
    pinned_anchor,
    trim_to_pinned_edges,
)
from checker.registry import Claim, Evidence, Path_, Registry, entity_index, load_registry, publication_periods, reference_findings, type_claims
from checker.repair.atomic import ChangedUnderfoot, write_atomic
from checker.repair.repin_values import revised_value_text, value_refusal
from checker.repair.yamledit import QuoteNode, quote_nodes, rewrite_scalars

REPIN_MIN_SCORE = 90.0
"""Minimum similarity (0-100) of the text now in the source to the pinned quote."""
MIN_CONTEXT_SIMILARITY = 90.0
"""Minimum similarity of the text around the candidate to the context recovered from git, each side."""


@dataclass(frozen=True)
class Repair:
    file: str
    line: int
    col: int
    claim: str
    source: str
    old: str
    new: str
    score: float
    anchored_by: str
    value_text: tuple[str, str] | None = None
    """(old, new) when the pinned spelling of the value changed with the quote (a typo the source fixed)."""


@dataclass(frozen=True)
class Refusal:
    file: str
    line: int
    col: int
    claim: str
    source: str
    quote: str
    reason: str


@dataclass(frozen=True)
class FileChange:
    file: str
    before: bytes
    after: bytes

    def diff(self) -> str:
        old = self.before.decode("utf-8-sig").splitlines(keepends=True)
        new = self.after.decode("utf-8-sig").splitlines(keepends=True)
        lines = difflib.unified_diff(old, new, f"a/{self.file}", f"b/{self.file}")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


@dataclass(frozen=True)
class RepinPlan:
    repairs: tuple[Repair, ...]
    refusals: tuple[Refusal, ...]
    changes: tuple[FileChange, ...]
    input_errors: tuple[Finding, ...]

    @property
    def exit_code(self) -> int:
        """0 every quote stands once the plan is applied; 1 some need a person; 2 the input is unusable."""
        return 2 if self.input_errors else 1 if self.refusals else 0


class _Planner:
    def __init__(self, root: Path, registry: Registry, history: SourceHistory | None = None) -> None:
        self.root, self.registry = root, registry
        self.history = history or SourceHistory(root, entries=registry.sources)
        self.entities = entity_index(registry)
        self.typed, typing_findings = type_claims(registry, self.entities)
        self.texts, _, source_findings = read_sources(root, registry.sources)
        self.refs = publication_periods(registry)
        found = [*registry.findings, *reference_findings(registry), *typing_findings, *source_findings]
        self.input_errors = tuple(sorted(f for f in found if f.is_input_error))

    def examine(self, claim: Claim, evidence: Evidence) -> Repair | Refusal | None:
        """None when the quote stands; else the repair, or why a person must look."""
        source = self.texts[evidence.source]
        pattern = parse_quote(evidence.quote)

        def refuse(reason: str) -> Refusal:
            return Refusal(claim.file, evidence.line, evidence.col, claim.id, evidence.source, evidence.quote, reason)

        if pattern.weak_fragments or not pattern.fragments:
            return refuse("the quote is too weak (a fragment under three words); quote more of the sentence")
        located = locate(source, pattern, evidence.prefix, evidence.suffix)
        if located.status == "found":
            return None
        if located.status == "too-complex":
            return refuse(f"the quote is too complex to search for: {located.reason}")
        if located.status == "ambiguous":
            return refuse(f"the quote occurs {len(located.candidates)}+ times in {source.path}; pin a prefix or suffix")
        if located.status == "context-mismatch":
            return refuse(f"the quote is still in {source.path} but not with its pinned prefix/suffix; fix those by hand")
        if not pattern.is_verbatim:
            return refuse("the quote uses editorial marks (..., [insertion] or [sic]); repin only rewrites plain quotes")
        anchor = pinned_anchor(evidence.prefix, evidence.suffix) or self.history.anchor(source, pattern)
        if anchor is None or not (anchor.prefix or anchor.suffix):
            return refuse(f"nothing shows where the quote stood: no prefix/suffix pinned and no earlier version of {source.path} "
                          "in git holds it once; pin a prefix or suffix, or fix the quote by hand")
        drift = diagnose(source, pattern.text, anchor.prefix or None, anchor.suffix or None)
        if drift is None:
            return refuse(f"no similar text remains in {source.path} (was the sentence deleted?)")
        where = f"line {drift.span.line} of {source.path}"
        if drift.score < REPIN_MIN_SCORE:
            return refuse(f"the nearest text, at {where}, is only {drift.score:g}% similar (repin needs {REPIN_MIN_SCORE:g}): "
                          f"{' '.join(drift.text.split())!r}")
        if not anchor.pinned and (around := context_similarity(source, drift.span, anchor)) < MIN_CONTEXT_SIMILARITY:
            return refuse(f"the nearest text, at {where} ({drift.score:g}% similar), is not where the quote stood: its surroundings "
                          f"are only {around:g}% like those it had in {anchor.origin} (a look-alike elsewhere?)")
        new_quote = keep_pinned_words(evidence.quote, trim_to_pinned_edges(evidence.quote, drift.text))
        if has_editorial_marks(new_quote):
            return refuse(f"the text now at {where} contains ..., [ or ], which would read as editorial marks")
        check = locate(source, parse_quote(new_quote), evidence.prefix, evidence.suffix)
        if check.status != "found" or check.span is None or not drift.span.start <= check.span.start < check.span.end <= drift.span.end:
            what = "is not surrounded by the pinned prefix/suffix" if check.status == "context-mismatch" else f"would be {check.status}"
            return refuse(f"the nearest text, at {where} ({drift.score:g}% similar), {what}")
        typed = self.typed.get(claim.id)
        spelling = revised_value_text(typed, evidence, new_quote, self.entities, self.refs)
        problem = value_refusal(typed, evidence, replace(evidence, quote=new_quote, value_text=spelling), self.entities, self.refs)
        if problem is not None:
            return refuse(f"the text now at {where} reads {' '.join(drift.text.split())!r}: {problem}")
        respelled = None if spelling == evidence.value_text or evidence.value_text is None or spelling is None else (evidence.value_text, spelling)
        return Repair(claim.file, evidence.line, evidence.col, claim.id, evidence.source, evidence.quote, new_quote,
                      drift.score, anchor.label, respelled)


def _file_changes(root: Path, repairs: list[Repair]) -> tuple[list[Repair], list[Refusal], list[FileChange]]:
    """Splice each repair into its claims file; a scalar that cannot be rewritten safely becomes a refusal."""
    done: list[Repair] = []
    refused: list[Refusal] = []
    changes: list[FileChange] = []
    for file in sorted({r.file for r in repairs}):
        before = (root / file).read_bytes()
        bom = b"\xef\xbb\xbf" if before.startswith(b"\xef\xbb\xbf") else b""
        text = before[len(bom) :].decode("utf-8")
        nodes = quote_nodes(text)
        wanted = {r: nodes.get((r.line, r.col)) for r in repairs if r.file == file}
        edits_of = {r: _edits(r, n) for r, n in wanted.items()}
        unsafe: frozenset[Path_] = frozenset()
        while True:  # a repair is written whole (quote and value_text together) or not at all
            edits = {path: edit for r, e in edits_of.items() if e and not unsafe & e.keys() for path, edit in e.items()}
            after, newly = rewrite_scalars(text, edits, file)
            if not newly - unsafe:
                break
            unsafe |= newly
        for repair, node in wanted.items():
            if node is None or not edits_of[repair] or unsafe & edits_of[repair].keys():
                refused.append(Refusal(repair.file, repair.line, repair.col, repair.claim, repair.source, repair.old,
                                       f"the quote should read {repair.new!r}, but its YAML scalar cannot be rewritten safely "
                                       "(an anchor, alias or tag?); edit it by hand"))
            else:
                done.append(repair)
        if after != text:
            changes.append(FileChange(file, before, bom + after.encode("utf-8")))
    return done, refused, changes


def _edits(repair: Repair, node: QuoteNode | None) -> dict[Path_, tuple[yaml.ScalarNode, str]]:
    """The scalar rewrites one repair needs; empty when its scalars are not what the plan read."""
    if node is None or node.node.value != repair.old:
        return {}
    edits = {node.path: (node.node, repair.new)}
    if repair.value_text is not None:
        pinned = node.value_text
        if pinned is None or pinned.node.value != repair.value_text[0]:
            return {}
        edits[pinned.path] = (pinned.node, repair.value_text[1])
    return edits


def plan_repin(root: Path, history: SourceHistory | None = None) -> RepinPlan:
    """What repin would do: reads the registry, its sources and their git history; writes nothing.

    ``history`` supplies the earlier versions of the sources (refresh passes the versions it
    just replaced, ahead of git's); by default, git's history of ``root``.
    """
    root = Path(root)
    registry = load_registry(root)
    planner = _Planner(root, registry, history)
    if planner.input_errors:
        return RepinPlan((), (), (), planner.input_errors)
    repairs: list[Repair] = []
    refusals: list[Refusal] = []
    for claim in registry.claims:
        for evidence in claim.evidence:
            outcome = planner.examine(claim, evidence)
            if isinstance(outcome, Repair):
                repairs.append(outcome)
            elif isinstance(outcome, Refusal):
                refusals.append(outcome)
    done, unsafe, changes = _file_changes(root, repairs)
    key = lambda item: (item.file, item.line, item.col)  # noqa: E731
    return RepinPlan(tuple(sorted(done, key=key)), tuple(sorted([*refusals, *unsafe], key=key)), tuple(changes), ())


class RepinStopped(Exception):
    """Writing stopped part-way: the message names the files written, the one that failed and those left."""


def apply_plan(root: Path, plan: RepinPlan) -> None:
    """Write every changed claims file atomically, one after another.

    Each file is whole (old or new) at every moment; when one cannot be written (edited
    meanwhile, disk full) ``RepinStopped`` says which were already written and which were not.
    """
    written: list[str] = []
    for index, change in enumerate(plan.changes):
        if not change.file.startswith("claims/"):
            raise ValueError(f"repin only writes claims files, not {change.file}")
        try:
            write_atomic(Path(root) / change.file, change.after, expected=change.before)
        except (OSError, ChangedUnderfoot) as exc:
            left = [c.file for c in plan.changes[index:]]
            done = ", ".join(written) if written else "none"
            raise RepinStopped(f"repin stopped at {change.file} ({exc}); written: {done}; not written: {', '.join(left)}") from None
        written.append(change.file)

