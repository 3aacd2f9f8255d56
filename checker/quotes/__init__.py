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

from checker import lazy_layer

__all__ = lazy_layer(__name__, {
    "anchor": ("SourceHistory", "context_similarity", "pinned_anchor"),
    "conventions": ("has_editorial_marks", "parse_quote"),
    "drift": ("Drift", "diagnose"),
    "matcher": ("locate",),
    "requote": ("keep_pinned_words", "trim_to_pinned_edges"),
    "support": ("SURFACE_TYPES", "support_findings"),
    "verify": ("CitedQuote", "ClaimResult", "EvidenceResult", "verify_evidence"),
})
