"""Text normalisation: the one form in which values are read and quotes are compared.

Values are read in the same normalised form as quotes: this module only re-exports
``checker.documents.normalise.normalise`` and the quote matcher's offset map
(``checker.documents.sourcetext``), so there is one normalisation in the project.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.documents import SourceText
from checker.documents import normalise as normalise_text

__all__ = ["NormalisedText", "comparison_key", "normalise_text", "normalise_with_offsets"]


def comparison_key(text: str) -> str:
    """Normalised and casefolded: two texts state the same words when their keys are equal."""
    return normalise_text(text).casefold()


@dataclass(frozen=True)
class NormalisedText:
    """A normalised text that maps its spans back to the original (through the quote matcher's own map)."""

    source: SourceText

    @property
    def text(self) -> str:
        return self.source.norm

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that normalised ``text[start:end]`` (non-empty) came from."""
        span = self.source.span(start, end)
        return span.start, span.end


def normalise_with_offsets(text: str) -> NormalisedText:
    return NormalisedText(SourceText("", "", text))


