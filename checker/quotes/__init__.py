"""The quotes layer: does each pinned quote still stand in its source, and does it carry the value?

``conventions`` reads the editorial marks of a quote (``...``, ``[insertion]``,
``[sic]``); ``matcher`` finds its fragments in the normalised text; ``anchor``
recovers context for a drifted quote; ``drift`` says where the text went;
``verify`` gives each evidence entry its verdict (``EvidenceResult``) and
findings; ``support`` checks the quote states the claimed value; ``requote``
helps repair keep the quoted words.

May import: ``checker.findings``, ``checker.documents``, ``checker.values``,
``checker.registry``. Knows nothing of conflicts, caching, selection or output.
"""

from checker.quotes.anchor import SourceHistory, context_similarity, pinned_anchor
from checker.quotes.conventions import has_editorial_marks, parse_quote
from checker.quotes.drift import Drift, diagnose
from checker.quotes.matcher import locate
from checker.quotes.requote import keep_pinned_words, trim_to_pinned_edges
from checker.quotes.support import SURFACE_TYPES, support_findings
from checker.quotes.verify import CitedQuote, ClaimResult, EvidenceResult, verify_evidence

__all__ = [
    "SURFACE_TYPES",
    "CitedQuote",
    "ClaimResult",
    "Drift",
    "EvidenceResult",
    "SourceHistory",
    "context_similarity",
    "diagnose",
    "has_editorial_marks",
    "keep_pinned_words",
    "locate",
    "parse_quote",
    "pinned_anchor",
    "support_findings",
    "trim_to_pinned_edges",
    "verify_evidence",
]
