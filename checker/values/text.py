"""Text normalisation: the one form in which values are read and quotes are compared.

Steps: Unicode NFKC (ligatures split, "…" becomes "...", non-breaking spaces become
spaces); curly, low and prime quotation marks and apostrophes become ``'`` or ``"``;
every dash and hyphen variant becomes ``-``; whitespace runs become one space and the
ends are trimmed. Case is kept. The character sets are those of ``checker.normalise``
so a quote normalised there reads the same here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043"

# One character to one character, so these never move offsets (normalise_with_offsets relies on it).
_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    *((char, "'") for char in SINGLE_QUOTES),
    *((char, '"') for char in DOUBLE_QUOTES),
    *((char, "-") for char in DASHES),
)
_REPLACEMENT_OF = dict(_REPLACEMENTS)


def normalise_text(text: str) -> str:
    """NFKC, quotes and dashes unified, whitespace collapsed; a str.replace chain because it is fast."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        for old, new in _REPLACEMENTS:
            if old in text:
                text = text.replace(old, new)
    return " ".join(text.split())


def comparison_key(text: str) -> str:
    """Normalised and casefolded: two texts state the same words when their keys are equal."""
    return normalise_text(text).casefold()


@dataclass(frozen=True)
class NormalisedText:
    """A normalised text that remembers where each of its characters came from."""

    text: str
    origins: tuple[int, ...]
    """``origins[i]`` is the index in the original text of normalised character ``i``."""

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that normalised ``text[start:end]`` (non-empty) came from."""
        return self.origins[start], self.origins[end - 1] + 1


def normalise_with_offsets(text: str) -> NormalisedText:
    """Like normalise_text, keeping offsets; NFKC is applied per character.

    Per-character NFKC differs from whole-string NFKC only in composing combining
    marks, which no value pattern looks at.
    """
    chars: list[str] = []
    origins: list[int] = []
    space_origin: int | None = None  # where a pending run of whitespace began
    for index, char in enumerate(text):
        piece = char if char.isascii() else unicodedata.normalize("NFKC", char)
        for out in piece:
            if out.isspace():
                space_origin = index if space_origin is None else space_origin
                continue
            if space_origin is not None and chars:
                chars.append(" ")
                origins.append(space_origin)
            space_origin = None
            chars.append(_REPLACEMENT_OF.get(out, out))
            origins.append(index)
    return NormalisedText("".join(chars), tuple(origins))
