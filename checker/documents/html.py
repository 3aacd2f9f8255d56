"""HTML sources: the page's main text (trafilatura) and its full visible text (lxml), one line per block.

- **main**: what trafilatura keeps of the page as its content: headline,
  paragraphs, headings, lists, and tables as ``| cell | cell |`` rows; site
  navigation, cookie banners, asides, comments and footers dropped.
- **full**: every visible text node of ``<body>``: without ``script``, ``style``,
  ``noscript``, ``template`` and elements marked ``hidden`` or ``display: none``;
  each block element (paragraph, heading, list item, table cell, ...) on a line
  of its own.

A quote found in ``full`` but not in ``main`` was cut by the extractor, not by the
publisher (rule ``quote-outside-main-text``); a catalog entry with
``extract: full`` quotes the full layer instead, for pages whose layout misleads
trafilatura. Soft hyphens are invisible on the page and removed from both layers.

trafilatura (and lxml) are imported on first use: trafilatura takes most of a
second to import, and a registry of text sources never needs it.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

_SKIPPED = frozenset({"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "select", "button"})
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "legend", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
_CELLS = frozenset({"td", "th"})
"""Table cells stay on their row's line, as ``| cell | cell |`` (the way trafilatura writes rows)."""
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

MAX_TAGS = 100_000
"""Most start tags a page may hold. trafilatura spends about 0.1 ms per element (a page of
200,000 elements: 20 s and 450 MB); real articles and reports hold a few thousand."""
MAX_DEPTH = 255
"""Deepest nesting read: libxml2's HTML parser stops at 256 levels and drops the rest of the page."""
_START_TAG = re.compile(rb"<[A-Za-z]")


class HtmlRefused(Exception):
    """The bytes hold no HTML page whose text can be read whole; the message says why, ``line`` where."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message, self.line = message, line


@dataclass(frozen=True)
class HtmlLayers:
    main: str
    full: str


def _tag(element: etree._Element) -> str | None:
    return element.tag.lower() if isinstance(element.tag, str) else None


def _hidden(element: etree._Element) -> bool:
    return element.get("hidden") is not None or bool(_HIDDEN_STYLE.search(element.get("style") or ""))


def visible_text(tree: etree._Element) -> str:
    """The full visible text of ``<body>``, block elements on lines of their own (iterative: no recursion limit)."""
    from lxml import etree

    body = tree.find(".//body")
    root = body if body is not None else tree
    parts: list[str] = []
    skipping: etree._Element | None = None
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = _tag(element)
        if skipping is not None:
            if event == "end" and element is skipping:
                skipping = None
                parts.append(element.tail or "")
            continue
        if event == "start":
            if tag is None or tag in _SKIPPED or _hidden(element):
                skipping = element
                continue
            if tag in _BLOCKS or tag == "br":
                parts.append("\n")
            parts.append(("| " if tag in _CELLS else "") + (element.text or ""))
        else:
            if tag in _CELLS:
                parts.append(" ")
            elif tag == "tr":
                parts.append("|")
            if tag in _BLOCKS:
                parts.append("\n")
            if element is not root:
                parts.append(element.tail or "")
    return _lines("".join(parts))


def _lines(text: str) -> str:
    """Each line's whitespace collapsed, soft hyphens removed, empty lines dropped."""
    lines = (" ".join(line.replace("\u00ad", "").split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def main_text(tree: etree._Element) -> str:
    """trafilatura's main text of the parsed page, one line per paragraph, heading, list item or table row."""
    import trafilatura

    extracted = trafilatura.extract(tree, output_format="txt", include_tables=True, include_comments=False,
                                    include_images=False, include_formatting=False, deduplicate=False)
    return _lines(extracted or "")


def html_layers(data: bytes) -> HtmlLayers:
    import trafilatura
    from lxml import etree

    over = tag_overflow(data)
    if over is not None:
        raise HtmlRefused(f"the page holds more than {MAX_TAGS:,} tags (this is tag {MAX_TAGS + 1:,}), over the limit for an HTML "
                          "source; quote a text copy of the part you cite (a .txt source)", over)
    stopped = _parser_stopped(data)
    if stopped is not None:
        raise stopped
    tree = trafilatura.load_html(data)
    if tree is None or not isinstance(tree, etree._Element):
        raise HtmlRefused("not an HTML page that can be parsed; store the page as the publisher served it")
    full = visible_text(tree)
    if not full:
        raise HtmlRefused("the page has no visible text; store the page as the publisher served it")
    return HtmlLayers(main_text(tree), full)


def tag_overflow(data: bytes) -> int | None:
    """The line of the page's tag number ``MAX_TAGS + 1``, or None when it has no more tags than that (counted without parsing)."""
    over = next(itertools.islice(_START_TAG.finditer(data), MAX_TAGS, None), None)
    return None if over is None else data.count(b"\n", 0, over.start()) + 1


def _parser_stopped(data: bytes) -> HtmlRefused | None:
    """Where and why libxml2 stops reading the page, or None when it reads it to the end.

    libxml2 (under lxml, under trafilatura) gives up at elements nested 256 deep and at a
    text run, tag or attribute over 10,000,000 characters, and keeps only what came
    before: without this check the rest of the page would vanish from the text without
    a word. This parse is libxml2's own, with trafilatura's settings, for its error log
    (about 1 ms for a news page).
    """
    from lxml import etree, html

    parser = html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True)
    with contextlib.suppress(etree.ParserError, ValueError):
        html.fromstring(data, parser=parser)
    for error in parser.error_log:
        if error.level_name != "FATAL":
            continue
        if "depth" in error.message.lower():
            why = f"elements are nested more than {MAX_DEPTH} deep here (libxml2's limit)"
        elif error.type_name == "ERR_RESOURCE_LIMIT":
            why = "a single text run, tag or attribute here is over libxml2's 10,000,000-character limit"
        else:
            why = "libxml2 cannot read past this point"
        return HtmlRefused(f"the HTML parser stops reading the page here: {why}, so the rest of its text would be lost; "
                           "store the page as the publisher served it, or quote a text copy (a .txt source)", error.line or 1)
    return None
