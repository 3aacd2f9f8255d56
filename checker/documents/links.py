"""Links a reader can click: into the live page at the quote, or to the PDF's page.

- HTML: a text fragment, ``URL#:~:text=[prefix-,]start[,end][,-suffix]`` (WICG
  Scroll-to-Text-Fragment, followed by current Chromium, Safari and Firefox).
  The browser highlights the first place in the page where ``start`` (after
  ``prefix``) occurs and ``end`` follows; so the terms are chosen and checked
  against the page's full visible text, the text a browser searches, and a
  prefix or longer terms are added until that first place is the quote.
  Terms are percent-encoded with ``-``, ``,`` and ``&`` escaped, as the syntax needs.
- PDF: ``URL#page=N`` (the open-parameters every PDF viewer in a browser follows).
- Plain text: no link (the stored file is the document).
"""

from __future__ import annotations

import re
from urllib.parse import quote as percent_encode

from checker.documents.sourcetext import SourceText, Span

SHORT_QUOTE_WORDS = 8
"""Quotes up to this many words are linked whole (``text=quote``); longer ones as ``text=start,end``."""
_TERM_WORDS = (3, 5, 8)
_PREFIX_WORDS = 3


def _encode(term: str) -> str:
    return percent_encode(term, safe="").replace("-", "%2D")


def _collapse(text: str) -> str:
    """Whitespace collapsed, and the ``|`` that extracted text puts between table cells gone (a page shows none)."""
    return " ".join(text.replace("|", " ").split())


def _bounded_find(haystack: str, needle: str, start: int = 0) -> int:
    """First occurrence of ``needle`` starting and ending at word boundaries, as browsers match terms."""
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    found = pattern.search(haystack, start)
    return -1 if found is None else found.start()


def _first_match(page: str, prefix: str, start: str, end: str) -> tuple[int, int] | None:
    """Where a browser highlights ``prefix-,start,end`` in ``page`` (case-folded both): (start, end) or None."""
    needle = f"{prefix} {start}" if prefix else start
    position = _bounded_find(page, needle)
    if position == -1:
        return None
    begin = position + len(needle) - len(start)
    if not end:
        return begin, begin + len(start)
    after = _bounded_find(page, end, begin + len(start))
    return None if after == -1 else (begin, after + len(end))


def _target(page: str, quote: str, before: str) -> int:
    """Where in the page the quote found in the extracted text stands: the occurrence preceded by the same text."""
    best, best_score = -1, -1
    position = _bounded_find(page, quote)
    while position != -1:
        score = len(_common_suffix(page[:position], before))
        if score > best_score:
            best, best_score = position, score
        position = _bounded_find(page, quote, position + 1)
    return best


def _common_suffix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n :]


def text_fragment(url: str, page_text: str, quote: str, before: str = "") -> str:
    """A link to ``quote`` in the page whose visible text is ``page_text``; ``before`` is the text preceding the quote."""
    base = url.split("#", 1)[0]
    quote_text, quote, page = quote, _collapse(quote), _collapse(page_text).casefold()
    words = quote.split(" ")
    folded = quote.casefold()
    target = _target(page, folded, _collapse(before).casefold())
    prefix_words = [w for w in _collapse(before).split(" ") if any(ch.isalnum() for ch in w)][-_PREFIX_WORDS:]
    prefix_text = " ".join(prefix_words)
    candidates: list[tuple[str, str, str]] = []
    cells = [" ".join(cell.split()) for cell in quote_text.split("|") if cell.strip()]
    if len(cells) > 1:  # a table row: no term may run from one cell into the next
        candidates += [("", cells[0], cells[-1]), (prefix_text, cells[0], cells[-1])]
    else:
        if len(words) <= SHORT_QUOTE_WORDS:
            candidates += [("", quote, ""), (prefix_text, quote, "")]
        for n in _TERM_WORDS:
            if 2 * n < len(words):
                start, end = " ".join(words[:n]), " ".join(words[-n:])
                candidates += [("", start, end), (prefix_text, start, end)]
        candidates.append((prefix_text, quote, ""))
    chosen = candidates[-1]
    if target != -1:
        for prefix, start, end in candidates:
            if _first_match(page, prefix.casefold(), start.casefold(), end.casefold()) == (target, target + len(folded)):
                chosen = (prefix, start, end)
                break
    prefix, start, end = chosen
    terms = ([f"{_encode(prefix)}-"] if prefix else []) + [_encode(start)] + ([_encode(end)] if end else [])
    return f"{base}#:~:text={','.join(terms)}"


def page_link(url: str, page: int) -> str:
    return f"{url.split('#', 1)[0]}#page={page}"


def link_for(source: SourceText, span: Span, layer: SourceText | None = None) -> str | None:
    """The link to a span of ``layer`` (default: the source's quotable text), or None without a URL or for plain text."""
    layer = layer or source
    if source.url is None:
        return None
    if source.kind == "pdf" and span.page is not None:
        return page_link(source.url, span.page)
    if source.kind == "html":
        page = source.full or source
        return text_fragment(source.url, page.text, layer.text[span.start : span.end], layer.text[max(0, span.start - 200) : span.start])
    return None
