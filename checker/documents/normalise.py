"""The one text normalisation claimcheck applies to sources and quotes alike.

A quote matches its source when both are equal after:

1. Unicode NFKC (ligatures split, "…" becomes "...", full-width letters fold);
2. every curly, low or angle quotation mark and apostrophe becomes ``'`` or ``"``;
3. every dash and hyphen variant becomes ``-``;
4. every run of whitespace (spaces, tabs, non-breaking spaces, line breaks) becomes
   one space, and leading or trailing whitespace goes.

Case is kept: "Good" and "good" differ. Everything is done with ``str.replace``
and C-speed checks (``in``, ``isascii``), never a Python loop per character.

A long text is normalised in blocks of about ``BLOCK_CHARS`` characters, each
ending just after an ASCII space or line break: NFKC never combines across
one and no word spans it, so the blocks' results joined by single spaces are
exactly the whole text's. Blocks keep the memory a 64 MiB source needs
proportional to it (one ``split()`` of the whole text held a list of ten million
words), let NFKC run only on the few blocks it changes, and are the checkpoints
from which offsets are mapped back (``offsets.py``).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043"

# Every replacement maps one character to one character, so it never moves offsets:
# only NFKC and whitespace collapsing change lengths (see offsets.py).
_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    *((ch, "'") for ch in SINGLE_QUOTES),
    *((ch, '"') for ch in DOUBLE_QUOTES),
    *((ch, "-") for ch in DASHES),
)

_SAME_NFKD: tuple[tuple[str, str], ...] = (("\u00a0", " "), ("\u2026", "..."), ("\u202f", " "), ("\u205f", " "))
"""Characters whose compatibility decomposition is the ASCII text beside them: replacing them first cannot change NFKC's result.
(U+2000-U+200A and U+3000 are left to NFKC: ``in`` cannot use memchr for a character whose low byte is 0.)"""

EARLY_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    *_SAME_NFKD, *((old, new) for old, new in _REPLACEMENTS if len(unicodedata.normalize("NFKC", old)) == 1),
)
"""Replaced before NFKC: the common non-breaking spaces, "…", curly quotes and dashes. Each is, like its
replacement, a character no canonical composition involves (tests/test_normalise.py checks this over all of
Unicode), so NFKC gives the same result after it; most text then passes NFKC's quick check unchanged."""

UNIFIED_WHITESPACE = "\n\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u1680\u2028\u2029"
"""The white space (``str.isspace``) other than " " that is left after steps 1-3: NFKC turns every other kind into " "."""

BLOCK_CHARS = 2048
"""A block ends at the first ASCII space or line break after this many characters. Small blocks let NFKC
run only where it changes something and keep offset maps local (measured on the benchmark corpus, 400
sources, 21 MB, CPU-s: 0.60 with 2 KiB blocks, 0.64 with 1 KiB, 0.87 with 16 KiB, 0.99 with 64 KiB; 1.23 for
NFKC, the ``str.replace`` chain and ``split`` of each whole text as before)."""
_CUT = re.compile(r"[ \n]")

IDENTITY, SPACING, CHANGED = 0, 1, 2
"""Block kinds. IDENTITY: its normalised text is the block itself, less one leading and one trailing
white-space character at most. SPACING: every character stays one, but runs of white space shrink.
CHANGED: NFKC (or "…") changed the number of characters somewhere."""


SHORT_CHARS = 256
"""Below this many characters, NFKC of the whole text costs less than looking for each early replacement."""


def _unify(text: str) -> tuple[str, bool]:
    """Steps 1-3, and whether every character stayed exactly one character."""
    if text.isascii():
        return text, True
    if len(text) < SHORT_CHARS:
        return _nfkc_and_replace(text), False
    one_for_one = True
    for old, new in EARLY_REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
            one_for_one = one_for_one and len(new) == 1
    if text.isascii():
        return text, one_for_one
    nfkc = unicodedata.normalize("NFKC", text)  # its quick check returns ``text`` itself when nothing changes
    if nfkc is text or nfkc == text:
        return text, one_for_one
    return _replace_marks(nfkc), False


def _nfkc_and_replace(text: str) -> str:
    return _replace_marks(unicodedata.normalize("NFKC", text))


def _replace_marks(text: str) -> str:
    """Steps 2 and 3, after NFKC."""
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


def unify_characters(text: str) -> str:
    """Steps 1-3: NFKC, quotation marks and dashes; whitespace is left alone."""
    return _unify(text)[0]


def spaces_only(unified: str) -> str:
    """Every white-space character of a text after steps 1-3 replaced by one ASCII space (lengths kept)."""
    for ch in UNIFIED_WHITESPACE:
        if ch in unified:
            unified = unified.replace(ch, " ")
    return unified


def _collapse(text: str) -> tuple[str, bool]:
    """Step 4, and whether any run of two or more white-space characters was shrunk."""
    text = spaces_only(text)
    runs = "  " in text
    while "  " in text:  # each pass halves every run
        text = text.replace("  ", " ")
    return text.strip(" "), runs


@dataclass(frozen=True)
class Blocks:
    """A text's normalised form and, per block that has words, where it starts in both."""

    norm: str
    starts: array[int]
    """Original offset where each block begins (blocks of white space only are left out)."""
    norm_starts: array[int]
    """Normalised offset of each block's first character."""
    kinds: bytes
    """IDENTITY, SPACING or CHANGED, per block."""


def normalised_blocks(text: str) -> Blocks:
    parts: list[str] = []
    starts, norm_starts, kinds = array("q"), array("q"), bytearray()
    length, offset, size = 0, 0, len(text)
    while offset < size:
        end = size
        if offset + BLOCK_CHARS < size and (cut := _CUT.search(text, offset + BLOCK_CHARS)) is not None:
            end = cut.end()
        unified, one_for_one = _unify(text[offset:end])
        piece, runs = _collapse(unified)
        if piece:
            length += 1 if parts else 0
            starts.append(offset)
            norm_starts.append(length)
            kinds.append(CHANGED if not one_for_one else SPACING if runs else IDENTITY)
            parts.append(piece)
            length += len(piece)
        offset = end
    return Blocks(" ".join(parts), starts, norm_starts, bytes(kinds))


def normalise(text: str) -> str:
    """All four steps: the form in which quotes are searched for."""
    if len(text) <= BLOCK_CHARS:
        return " ".join(_unify(text)[0].split())
    return normalised_blocks(text).norm


def word_count(text: str) -> int:
    """Words that carry letters or digits; punctuation alone is not a word."""
    return sum(1 for token in normalise(text).split(" ") if token.isalnum() or any(ch.isalnum() for ch in token))
