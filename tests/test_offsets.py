"""The block-wise, lazy offset map against the whole-text map it replaced (tests/full_offset_map.py).

Blocks are shrunk to a few characters here, so that every way a block can end
(inside a run of white space, next to a combining mark, a ligature or a CRLF)
is met by texts a few dozen characters long.
"""

from __future__ import annotations

import dataclasses
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from checker.documents.lines import LineIndex
from checker.documents.normalise import EARLY_REPLACEMENTS, UNIFIED_WHITESPACE, normalise, normalised_blocks
from checker.documents.sourcetext import SourceText, Span
from tests import full_offset_map as oracle

normalise_module, lines_module = sys.modules["checker.documents.normalise"], sys.modules["checker.documents.lines"]

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_UNITS = st.sampled_from(
    [*"abcdefghijklmnopqrstuvwxyzAB0123456789", "é", "e\u0301", "a\u0308", "\u0301", "ß", "ﬁ", "ﬃ", "Ａ", "½", "²", "…", "\u2033",
     "ｶ\u3099", "\u1100\u1161", "\u1100", "\u2019", "\u201c", "\u2013", "\u2011", "\ufe58", "'", '"', "-", "İ", "\u2126", "\u00a8", "ﷺ"]
)
_SEPARATORS = st.sampled_from([" ", " ", "\n", "\n\n", "\r\n", "\r", "\t", "\u00a0", "  \n  ", "\u2003", "\u3000", "\u2028", "\x1c", "\u202f"])
texts = st.lists(st.tuples(st.lists(_UNITS, min_size=0, max_size=5).map("".join), _SEPARATORS), min_size=0, max_size=30).map(
    lambda pairs: "".join(word + sep for word, sep in pairs)
) | st.text(alphabet=st.sampled_from([*"ab \n\r\t", "\u0301", "ﬁ", "\u00a0", "…", "\u2003"]), max_size=60)


def _makes_white_space(text: str) -> bool:
    """Where NFKC turns a character into white space and more ("¨" is " " and a combining diaeresis),
    the whole-text sparse map went wrong from there on (a span could take in the white space before
    it, which normalising drops, so verification passed); the lazy map is right again from the next block."""
    return any(not ch.isspace() and any(out.isspace() for out in unicodedata.normalize("NFKC", ch)) for ch in text)


@contextmanager
def blocks_of(chars: int) -> Iterator[None]:
    saved = normalise_module.BLOCK_CHARS, lines_module.STEP
    normalise_module.BLOCK_CHARS, lines_module.STEP = chars, chars
    try:
        yield
    finally:
        normalise_module.BLOCK_CHARS, lines_module.STEP = saved


@FAST
@given(texts, st.integers(1, 12))
def test_normalised_text_is_the_whole_texts(text: str, block: int):
    with blocks_of(block):
        assert normalised_blocks(text).norm == oracle.normalise(text)
        assert normalise(text) == oracle.normalise(text)


@FAST
@given(texts, st.integers(1, 12))
def test_every_offset_maps_as_the_whole_text_sparse_map_did(text: str, block: int):
    assume(not _makes_white_space(text))
    with blocks_of(block):
        lazy = SourceText("s", "s.txt", text)
    whole = oracle.FullMapSourceText("s", "s.txt", text)
    assert [lazy.to_original(n) for n in range(len(lazy.norm) + 1)] == [whole.to_original(n) for n in range(len(whole.norm) + 1)]
    for orig in range(len(text) + 1):
        for lower in (0, len(whole.norm) // 2):
            assert lazy.to_normalised(orig, lower) == whole.to_normalised(orig, lower)


@FAST
@given(texts, st.integers(1, 12), st.data())
def test_spans_and_their_verification_are_the_whole_text_maps(text: str, block: int, data: st.DataObject):
    """Fresh maps for each span: the whole-text map switched to its exact map for good after one
    span failed to verify, the lazy one switches only that span's blocks. A span that does not
    verify is never reported (it starts or ends inside one character's expansion), so only
    verified spans must map alike; each maps back to original text that normalises to it."""
    with blocks_of(block):
        norm = SourceText("s", "s.txt", text).norm
        for _ in range(5):
            if not norm:
                break
            start = data.draw(st.integers(0, len(norm) - 1))
            end = data.draw(st.integers(start + 1, len(norm)))  # an empty span verifies anywhere
            lazy, whole = SourceText("s", "s.txt", text), oracle.FullMapSourceText("s", "s.txt", text)
            verified = lazy.aligned(start, end)
            span = lazy.span(start, end)
            if verified:
                assert normalise(text[span.start : span.end]) == norm[start:end]
            if not _makes_white_space(text):
                assert verified == whole.aligned(start, end)
                if verified:
                    _assert_same_span(text, span, whole.span(start, end))


def _assert_same_span(text: str, lazy: Span, whole: Span) -> None:
    """The same span, but for one difference where the lazy map is the tighter: the whole-text exact
    map gave a combining mark that follows white space the offset of that white space (they are one
    segment there), while a block that begins at the mark maps it to itself."""
    if lazy.start != whole.start:
        assert whole.start < lazy.start and text[whole.start : lazy.start].isspace()
        assert unicodedata.combining(text[lazy.start])
        lazy = dataclasses.replace(lazy, start=whole.start, line=whole.line, col=whole.col)
    assert lazy == whole


@FAST
@given(texts, st.integers(1, 12))
def test_lines_and_columns_are_an_editors(text: str, step: int):
    whole = oracle.FullMapSourceText("s", "s.txt", text)
    with blocks_of(step):
        index = LineIndex(text)
        assert [index.line_col(i) for i in range(len(text) + 1)] == [whole.line_col(i) for i in range(len(text) + 1)]
        for start in range(len(text) + 1):
            last = min(len(text), start + step)
            expected = [(n, whole.line_text(n)) for n in range(whole.line_col(start)[0], whole.line_col(last)[0] + 1)]
            assert list(index.lines(start, last)) == expected


def test_early_replacements_cannot_change_what_nfkc_gives():
    """Each character replaced before NFKC either decomposes to its replacement, or it and its
    replacement are both characters that no canonical composition involves and that do not combine."""
    composing = set()
    for cp in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            composing.update(chr(int(p, 16)) for p in parts)
    composing.update(map(chr, [*range(0x1100, 0x1113), *range(0x1161, 0x1176), *range(0x11A8, 0x11C3), *range(0xAC00, 0xD7A4)]))
    for old, new in EARLY_REPLACEMENTS:
        assert oracle.unify_characters(old) == new
        if unicodedata.normalize("NFKD", old) != new:
            nfkd = unicodedata.normalize("NFKD", old)
            for ch in (old, *nfkd, *new):
                assert ch not in composing and unicodedata.combining(ch) == 0, (old, ch)


def test_white_space_left_after_nfkc_is_listed():
    """``spaces_only`` needs only the white space NFKC keeps: every other kind becomes a space."""
    for ch in map(chr, range(sys.maxunicode + 1)):
        if ch.isspace() and ch != " ":
            assert ch in UNIFIED_WHITESPACE or unicodedata.normalize("NFKC", ch) == " ", hex(ord(ch))
