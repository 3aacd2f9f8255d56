"""A paged document's lines made into one quotable text: running furniture dropped, line-end hyphens resolved.

Input: each page's lines as the PDF reader gives them (``pdf.py``). Output: two
``PagedText`` layers, joined page after page with a line break, so a quote that
runs across a page break matches like any other line break:

- ``main``: the quotable text, without running headers, footers and page numbers;
- ``full``: every line, furniture included (a quote found only there cites furniture).

**Running furniture** is a line among the first or last ``EDGE_LINES`` lines of a
page that, with every number masked (``Page 3 of 12`` → ``Page # of #``), stands at
the edge of at least half the pages (and of two at least); plus every line the
catalog declares with ``per_page: true`` (``#`` there matches any number), wherever
it stands on the page.

**Hyphens at line ends** (the rule, and why):

1. *Soft*: a line ending in U+00AD (soft hyphen) or U+2010 (the hyphen glyph
   renderers draw when they break a word themselves: Chromium prints ``&shy;`` and
   ``hyphens: auto`` breaks as U+2010, typed hyphens as U+002D) before a line that
   starts with a lower-case letter: the word is rejoined and the hyphen removed.
   Soft hyphens inside a line are invisible and removed too.
2. *Hard*: a hyphen-minus between letters at a line end (PDFium reports it as
   U+FFFE and joins the two lines itself) may be a break or a real hyphen
   ("well-being"). The document decides: the hyphen goes only when the joined word
   occurs elsewhere in the document and the hyphenated form does not ("prog-⏎ress"
   with "progress" elsewhere → "progress"); otherwise it stays. Deleting a real
   hyphen would corrupt the text, while a kept break hyphen only fails a quote,
   whose drift diagnosis then shows the hyphen.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from checker.documents.normalise import normalise

EDGE_LINES = 3
"""How many lines at the top and at the bottom of a page may be running furniture."""
MIN_SHARE = 0.5
"""A line is running furniture when it stands at the edge of at least this share of the pages."""

PDFIUM_HYPHEN = "\ufffe"
"""PDFium's mark for a hyphen-minus at a line end; it joins the two lines itself."""
SOFT_HYPHENS = ("\u00ad", "\u2010")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LETTERS_BEFORE = re.compile(r"[^\W\d_]+$")
_LETTERS_AFTER = re.compile(r"^[^\W\d_]+")


@dataclass(frozen=True)
class PagedText:
    text: str
    """The pages' lines, joined with line breaks."""
    page_starts: tuple[int, ...]
    """Offset in ``text`` where each page begins (page 1 at 0)."""


@dataclass(frozen=True)
class PagedLayers:
    main: PagedText
    full: PagedText
    furniture: tuple[str, ...]
    """The distinct lines dropped as running furniture, as they first appear."""


def furniture_key(line: str) -> str:
    """A line as compared for furniture: normalised, every number masked as ``#``."""
    return _DIGITS.sub("#", normalise(line))


def _running_keys(pages: list[list[str]]) -> set[str]:
    counts: Counter[str] = Counter()
    for lines in pages:
        edges = lines[:EDGE_LINES] + lines[max(EDGE_LINES, len(lines) - EDGE_LINES):]
        counts.update({furniture_key(line) for line in edges})
    needed = max(2, math.ceil(MIN_SHARE * len(pages)))
    return {key for key, count in counts.items() if count >= needed and key}


def _furniture(pages: list[list[str]], declared: frozenset[str]) -> list[set[int]]:
    """Per page, the indices of its lines that are running furniture."""
    running = _running_keys(pages)
    dropped: list[set[int]] = []
    for lines in pages:
        edge = set(range(min(EDGE_LINES, len(lines)))) | set(range(max(0, len(lines) - EDGE_LINES), len(lines)))
        dropped.append({i for i, line in enumerate(lines) if (key := furniture_key(line)) in declared or (i in edge and key in running)})
    return dropped


def _vocabulary(pages: list[list[str]]) -> Counter[str]:
    """Every word of the document, lower-cased, hyphenated compounds whole: the evidence for rule 2."""
    words: Counter[str] = Counter()
    for lines in pages:
        for line in lines:
            words.update(w.lower() for w in _WORD.findall(line.replace(PDFIUM_HYPHEN, " ")))
    return words


def _keeps_hyphen(before: str, after: str, vocabulary: Counter[str]) -> bool:
    """Rule 2: keep a line-end hyphen-minus unless the document spells the word joined and never hyphenated."""
    head = _LETTERS_BEFORE.search(before)
    tail = _LETTERS_AFTER.search(after)
    if head is None or tail is None:
        return True
    joined = (head.group() + tail.group()).lower()
    hyphenated = f"{head.group()}-{tail.group()}".lower()
    return not (vocabulary[joined] > 0 and vocabulary[hyphenated] == 0)


def _resolve_pdfium_hyphens(line: str, vocabulary: Counter[str]) -> str:
    if PDFIUM_HYPHEN not in line:
        return line
    parts = line.split(PDFIUM_HYPHEN)
    out = parts[0]
    for part in parts[1:]:
        out += ("-" if _keeps_hyphen(out, part, vocabulary) else "") + part
    return out


def _join_lines(lines: list[tuple[int, str]], vocabulary: Counter[str]) -> list[tuple[int, str]]:
    """Rejoin words broken at line ends (rules 1 and 2); each line keeps the page it starts on."""
    joined: list[tuple[int, str]] = []
    for page, raw in lines:
        line = _resolve_pdfium_hyphens(raw, vocabulary)
        if joined:
            prev_page, prev = joined[-1]
            starts_lower = line[:1].islower()
            if starts_lower and prev.endswith(SOFT_HYPHENS) and prev[-2:-1].isalpha():
                joined[-1] = (prev_page, prev[:-1] + line)
                continue
            if starts_lower and prev.endswith(("-", PDFIUM_HYPHEN)) and prev[-2:-1].isalpha():
                keep = _keeps_hyphen(prev[:-1], line, vocabulary)
                joined[-1] = (prev_page, prev[:-1] + ("-" if keep else "") + line)
                continue
        joined.append((page, line))
    return [(page, line.replace("\u00ad", "").replace(PDFIUM_HYPHEN, "-")) for page, line in joined]


def _layer(lines: list[tuple[int, str]], page_count: int, vocabulary: Counter[str]) -> PagedText:
    text_lines: list[str] = []
    starts: list[int] = []
    offset = 0
    for page, line in _join_lines(lines, vocabulary):
        while len(starts) < page + 1:
            starts.append(offset)
        text_lines.append(line)
        offset += len(line) + 1
    while len(starts) < page_count:  # trailing pages with no text of their own
        starts.append(max(0, offset - 1))
    return PagedText("\n".join(text_lines), tuple(starts))


def paged_layers(pages: list[list[str]], declared: tuple[str, ...] = ()) -> PagedLayers:
    """The main and full layers of a document given as lines per page (see the module docstring)."""
    pages = [[line.strip() for line in lines if line.strip()] for lines in pages]
    dropped = _furniture(pages, frozenset(furniture_key(text) for text in declared))
    vocabulary = _vocabulary(pages)
    full = [(p, line) for p, lines in enumerate(pages) for line in lines]
    main = [(p, line) for p, lines in enumerate(pages) for i, line in enumerate(lines) if i not in dropped[p]]
    furniture = dict.fromkeys(line for p, lines in enumerate(pages) for i, line in enumerate(lines) if i in dropped[p])
    return PagedLayers(_layer(main, len(pages), vocabulary), _layer(full, len(pages), vocabulary), tuple(furniture))
