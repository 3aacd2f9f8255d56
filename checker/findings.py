"""The one thing every check produces: a Finding, with a stable rule id.

Rule ids never change once published; tests and CI filters compare ids, not
message wording. ``INPUT_RULES`` are problems with the registry's files
themselves (the input is unusable: exit code 2); the rest are verdicts on
claims (exit code 1 when any is an error).
"""

from __future__ import annotations

from dataclasses import dataclass, field

RULES: dict[str, str] = {
    # input problems (exit 2)
    "yaml-error": "A YAML file is malformed, unsafe, too large or not UTF-8.",
    "schema": "A file does not follow its JSON Schema (missing or unknown keys, wrong types).",
    "duplicate-id": "Two claims (or two sources) share an id.",
    "unknown-source": "Evidence names a source id that the catalog does not have.",
    "unknown-subject": "A claim names a subject missing from claims/subjects.yaml.",
    "unknown-property": "A claim names a property missing from claims/properties.yaml.",
    "unknown-qualifier": "A claim uses a qualifier key its property does not declare in claims/properties.yaml.",
    "unknown-claim": "contradicts: or acknowledged: names a claim id that does not exist.",
    "unknown-qualifier-value": "A qualifier value is neither a subject id nor a value claims/properties.yaml declares for that qualifier.",
    "bad-value": "A claim's value or as_of cannot be read as the property's type.",
    "source-unreadable": "A source file is missing, empty, binary, too large, not UTF-8, or outside sources/.",
    "no-claims": "The registry has no claims to check.",
    "config": "claimcheck.toml (the registry's settings) is unreadable, not TOML, or has an unknown key or a wrong value.",
    # verdicts on claims (exit 1)
    "quote-missing": "A quote does not occur in its source; the drift diagnosis says where the text went.",
    "quote-ambiguous": "A quote occurs more than once and no prefix/suffix singles one out.",
    "quote-too-weak": "A quote (or one of its fragments) has fewer than three words, or is all [editorial insertion].",
    "quote-too-complex": "A quote has too many fragments, or a fragment occurs too often, to be searched within the matcher's bounds.",
    "quote-in-boilerplate": "A quote cites a line the catalog marks as boilerplate (not document content), or a PDF's running header or footer.",
    "quote-outside-main-text": "An HTML quote is in the page's visible text but not in the main text the extractor kept ("
    "set `extract: full` if the extractor is wrong).",
    "source-hash-mismatch": "A source file's bytes no longer have the sha256 its catalog entry records.",
    "value-unsupported": "None of a claim's quotes carries the claim's value.",
    "conflict": "Two claims give different values for the same fact at overlapping times.",
    "conflict-acknowledged": "A reviewed conflict: reported, does not fail.",
    "stale-acknowledgement": "An acknowledgement whose conflict no longer exists.",
    "coverage-below-minimum": "A source has fewer of its sentences cited than claimcheck.toml's [coverage] minimum.",
    "conflict-candidate": "Discovery: sentences in two sources that may disagree (warning only).",
    "unconfirmed-metadata": "A catalog entry has fields `claimcheck fetch` guessed that no person has confirmed yet (warning).",
    # fetch and refresh: the document at a source's URL (link rot leaves the stored copy untouched)
    "link-gone": "The source's URL answers 404 Not Found or 410 Gone.",
    "link-http-error": "The source's URL answers an HTTP error other than 404/410 (403, 500, ...).",
    "link-timeout": "The server did not answer, or did not finish sending, in time.",
    "link-unreachable": "The server cannot be reached (connection refused, unknown host, TLS or protocol error).",
    "link-redirects": "The URL redirects too many times (a loop) or to a URL that is not http(s).",
    "link-too-large": "The document is larger than the download limit.",
    "link-content-type": "The document's content type is not one claimcheck reads, or differs from the recorded one or the stored file's.",
    "source-changed": "refresh: the publisher changed the document; the new version is stored (or would be, with --dry-run).",
    "source-unchanged": "refresh: the document is as stored (304 Not Modified, or the same sha256).",
    "repin-available": "refresh: a quote the change broke that `claimcheck repin` can repair.",
    # registry quality
    "duplicate-fact": "Two claims give the same subject, property, qualifiers, value and time from the same source: one fact, one claim.",
    "incomparable-claims": "contradicts: or an acknowledgement pairs claims whose properties cannot be compared.",
    "unused-subject": "A subject no claim names (as subject, value or qualifier value): remove it (warning).",
    "unused-property": "A property no claim uses: remove it (warning).",
    "alias-inside-name": "A subject's alias is read inside a longer name of other subjects in a quote (warning).",
}

INPUT_RULES = frozenset(
    {
        "yaml-error",
        "schema",
        "duplicate-id",
        "unknown-source",
        "unknown-subject",
        "unknown-property",
        "unknown-qualifier",
        "unknown-claim",
        "unknown-qualifier-value",
        "bad-value",
        "source-unreadable",
        "no-claims",
        "config",
    }
)


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    col: int
    rule: str
    message: str
    severity: str = "error"  # "error" | "warning" | "info"
    claim: str | None = None
    source: str | None = None
    conflict: str | None = None
    """The conflict's id (``claim-a--claim-b``) for conflict findings."""
    details: tuple[str, ...] = field(default=(), compare=False)
    """Extra lines for people (a diff, the text now at the spot); not for machines."""

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown rule id {self.rule!r}")

    @property
    def is_input_error(self) -> bool:
        return self.rule in INPUT_RULES and self.severity == "error"

    @property
    def fails(self) -> bool:
        return self.severity == "error"


SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True)
class Shown:
    """What a person asked to see; the exit code never depends on it, and JSON always has everything."""

    min_severity: str = "info"
    show_acknowledged: bool = False
    quiet: bool = False

    def keeps(self, severity: str, acknowledged: bool) -> bool:
        """Whether a finding of this severity (``acknowledged``: a reviewed conflict) is shown."""
        return SEVERITIES.index(severity) >= SEVERITIES.index(self.min_severity) and (self.show_acknowledged or not acknowledged)

    def keeps_finding(self, finding: Finding) -> bool:
        return self.keeps(finding.severity, finding.rule == "conflict-acknowledged")
