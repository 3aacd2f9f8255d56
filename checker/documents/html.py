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

import re
from dataclasses import dataclass
from importlib.metadata import version
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

EXTRACTOR = f"trafilatura {version('trafilatura')}"
"""Name and version of what extracts the main text: part of every cache key of extracted text."""

_SKIPPED = frozenset({"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "select", "button"})
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "legend", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
_CELLS = frozenset({"td", "th"})
"""Table cells stay on their row's line, as ``| cell | cell |`` (the way trafilatura writes rows)."""
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


class HtmlRefused(Exception):
    """The bytes hold no HTML page with visible text; the message says why."""


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


def main_text(data: bytes) -> str:
    """trafilatura's main text of the page, one line per paragraph, heading, list item or table row."""
    import trafilatura

    tree = trafilatura.load_html(data)
    if tree is None:
        return ""
    extracted = trafilatura.extract(tree, output_format="txt", include_tables=True, include_comments=False,
                                    include_images=False, include_formatting=False, deduplicate=False)
    return _lines(extracted or "")


def html_layers(data: bytes) -> HtmlLayers:
    import trafilatura
    from lxml import etree

    tree = trafilatura.load_html(data)
    if tree is None or not isinstance(tree, etree._Element):
        raise HtmlRefused("not an HTML page that can be parsed; store the page as the publisher served it")
    full = visible_text(tree)
    if not full:
        raise HtmlRefused("the page has no visible text; store the page as the publisher served it")
    return HtmlLayers(main_text(data), full)
