"""Quote verification: does each pinned quote still stand in its source?

Rules: ``quote-too-weak`` (a fragment under three words), ``quote-missing``
(not found; the finding carries the drift diagnosis), ``quote-ambiguous``
(found more than once, no context singles one out), ``quote-in-boilerplate``
(the quote sits in a line the catalog marks as not being document content),
``quote-outside-main-text`` (HTML: the quote is in the page's visible text but
the extractor left it out of the main text).

Extracted sources (HTML, PDF) keep the layer their quotable text was selected
from (``SourceText.full``): a quote missing from the text but present there is
never a pass and never drift: in an HTML page the extractor cut it; in a PDF it
is a running header or footer (``quote-in-boilerplate``). Every located quote
of a source with a ``url`` carries a link (``documents/links.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from checker.documents import SourceEntry, SourceText, Span, boilerplate_reasons, link_for, normalise
from checker.findings import Finding
from checker.quotes.conventions import MIN_WORDS, QuotePattern, parse_quote
from checker.quotes.drift import MIN_SIMILARITY, Drift, diagnose
from checker.quotes.matcher import Located, locate
from checker.registry import Claim, Evidence


@dataclass(frozen=True)
class EvidenceResult:
    source: str
    path: str | None
    quote: str
    line: int
    status: str
    """ok | missing | ambiguous | context-mismatch | outside-main-text | too-weak | too-complex | unknown-source | source-unreadable"""
    span: Span | None = None
    drift: Drift | None = None
    candidates: tuple[Span, ...] = ()
    link: str | None = None
    """Where a reader clicks to see the quote (or, when it is missing, the nearest text): a text-fragment
    link into an HTML page, ``#page=N`` into a PDF; None for plain-text sources or without a catalog ``url``."""


@dataclass(frozen=True)
class CitedQuote:
    """One evidence entry to verify, with the claim its findings name: small and picklable, so a
    worker process (or another machine) needs nothing else from the registry."""

    claim_id: str
    claim_file: str
    evidence: Evidence

    @classmethod
    def of(cls, claim: Claim, index: int) -> CitedQuote:
        return cls(claim.id, claim.file, claim.evidence[index])


@dataclass(frozen=True)
class ClaimResult:
    id: str
    file: str
    line: int
    statement: str | None
    evidence: tuple[EvidenceResult, ...]
    findings: tuple[Finding, ...]

    @property
    def status(self) -> str:
        return "fail" if any(f.fails for f in self.findings) else "pass"


def drift_details(drift: Drift | None, quote: str, link: str | None = None) -> tuple[str, ...]:
    if drift is None:
        return (f"quote: {quote}", f"no similar text remains in the source (nothing reaches similarity {MIN_SIMILARITY:g})")
    context = "" if drift.context_score is None else f", context {drift.context_score:g}%"
    return (
        f"quote: {quote}",
        f"nearest text, {drift.score:g}% similar{context}, at {drift.span.where()} (chars {drift.span.start}-{drift.span.end}):",
        f"  {' '.join(drift.text.split())}",
        f"diff: {drift.diff}",
        *((f"link: {link}",) if link else ()),
    )


def _outside_quotable(source: SourceText, pattern: QuotePattern, evidence: Evidence) -> tuple[Located, SourceText] | None:
    """A quote missing from an extracted source's text but found in the layer it was selected from."""
    if source.full is None:
        return None
    located = locate(source.full, pattern, evidence.prefix, evidence.suffix)
    if located.status == "ambiguous":  # running furniture stands on every page: the first will do
        return Located("found", located.candidates[0]), source.full
    return (located, source.full) if located.status == "found" else None


def verify_evidence(cited: CitedQuote, entry: SourceEntry, source: SourceText) -> tuple[EvidenceResult, list[Finding]]:
    evidence = cited.evidence
    pattern = parse_quote(evidence.quote)
    base = dict(source=evidence.source, path=source.path, quote=evidence.quote, line=evidence.line)

    def finding(rule: str, message: str, details: tuple[str, ...] = ()) -> Finding:
        return Finding(cited.claim_file, evidence.line, evidence.col, rule, message, claim=cited.claim_id, source=evidence.source, details=details)

    if pattern.only_insertions:
        return EvidenceResult(**base, status="too-weak"), [
            finding("quote-too-weak", "quote is entirely in [square brackets], which mark words added by an editor; quote the source's own words")
        ]
    weak = pattern.weak_fragments
    if weak or not pattern.fragments:
        fragment = weak[0] if weak else evidence.quote
        return EvidenceResult(**base, status="too-weak"), [
            finding("quote-too-weak", f"quote fragment {fragment!r} has fewer than {MIN_WORDS} words; quote more of the sentence")
        ]
    located = locate(source, pattern, evidence.prefix, evidence.suffix)
    if located.status == "found":
        assert located.span is not None
        span = located.span
        link = link_for(source, span)
        findings = []
        boilerplate = boilerplate_reasons(entry)
        for line_no, line_text in source.lines(span) if boilerplate else ():
            reason = boilerplate.get(normalise(line_text))
            if reason is not None:
                findings.append(finding("quote-in-boilerplate", f"quote cites boilerplate line {line_no} of {source.path} ({reason})",
                                        (f"link: {link}",) if link else ()))
        return EvidenceResult(**base, status="ok", span=span, link=link), findings
    if located.status == "too-complex":
        return EvidenceResult(**base, status="too-complex"), [
            finding("quote-too-complex", f"quote is too complex to search for in {source.path}: {located.reason}; quote fewer, more distinctive fragments")
        ]
    if located.status == "missing" and (outside := _outside_quotable(source, pattern, evidence)) is not None:
        return _outside_result(base, source, *outside, finding)
    if located.status == "ambiguous":
        places = ", ".join(s.where() for s in located.candidates)
        return EvidenceResult(**base, status="ambiguous", candidates=located.candidates), [
            finding("quote-ambiguous", f"quote occurs {len(located.candidates)}+ times in {source.path} (at {places}); add prefix or suffix to single one out")
        ]
    drift = diagnose(source, pattern.text, evidence.prefix, evidence.suffix)
    if located.status == "context-mismatch":
        places = ", ".join(s.where() for s in located.candidates)
        message = f"quote occurs in {source.path} (at {places}) but not with its pinned prefix/suffix"
    elif drift is None:
        message = f"quote not found in {source.path}; no similar text remains"
    else:
        message = f"quote not found in {source.path}; nearest text {drift.score:g}% similar at {drift.span.where()}"
    near_link = None if drift is None else link_for(source, drift.span)
    return EvidenceResult(**base, status=located.status, drift=drift, candidates=located.candidates, link=near_link), [
        finding("quote-missing", message, drift_details(drift, evidence.quote, near_link))
    ]


def _outside_result(base: dict[str, object], source: SourceText, located: Located, layer: SourceText,
                    finding: Callable[[str, str, tuple[str, ...]], Finding]) -> tuple[EvidenceResult, list[Finding]]:
    """Found only in the full layer: the HTML extractor cut it, or it is a PDF's running furniture. Never a pass."""
    assert located.span is not None
    span = located.span
    link = link_for(source, span, layer)
    details = (f"link: {link}",) if link else ()
    if source.kind == "pdf":
        rule, message = "quote-in-boilerplate", (f"quote cites a running header or footer of {source.path} ({span.where()}), "
                                                 "repeated on most pages and dropped from the quotable text; quote the document's body")
    else:
        rule, message = "quote-outside-main-text", (f"quote is in the page's visible text ({source.path}, line {span.line} of the full text) "
                                                    "but not in the main text the extractor kept; quote the article itself, "
                                                    "or set `extract: full` in the catalog if the extractor misreads this page")
    return EvidenceResult(**base, status="outside-main-text", span=span, link=link), [finding(rule, message, details)]
