"""``claimcheck text ID``: the text claimcheck quotes from a source, with the line numbers reports give.

For an HTML page that is the main text trafilatura extracts (``--full``: all its
visible text); for a PDF, page by page, lines numbered within each page, running
headers and footers left out (``--full`` keeps them). Lines go through the
renderers' one escaping (``reporters/escape.py``), so no text from a source
reaches the terminal or a CI log as a command.
"""

from __future__ import annotations

import argparse
import sys

from checker.commands.common import UsageError, add_root, registry_root
from checker.documents import SourceError, SourceText, document_kind, extractor, read_source, source_finding
from checker.registry import load_registry
from checker.reporters.escape import printable_lines
from checker.reporters.text import finding_line

NAME = "text"
HELP = "print the text claimcheck quotes from a source (HTML and PDF as extracted), with line numbers"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("source", help="the source's id in sources/catalog.yaml")
    parser.add_argument("--full", action="store_true", help="the whole text layer: all visible text of a page, a PDF's running headers and footers")


def render(text: SourceText) -> str:
    """Numbered lines, escaped for a terminal; a PDF's page by page, numbered within the page as in ``p. 3, line 12``."""
    starts = text.page_starts or (0,)
    out: list[str] = []
    for page, start in enumerate(starts, 1):
        end = starts[page] if page < len(starts) else len(text.text)
        if text.page_starts:
            out.append(f"--- p. {page} ---")
        lines = text.text[start:end].rstrip("\n").split("\n") if end > start else []
        out.extend(f"{number:6}  {line}" for number, line in enumerate(lines, 1))
    return printable_lines(out)


def run(args: argparse.Namespace) -> int:
    root = registry_root(args)
    registry = load_registry(root)
    entry = registry.sources.get(args.source)
    if entry is None:
        known = ", ".join(sorted(registry.sources)) or "none"
        raise UsageError(f"no source `{args.source}` in sources/catalog.yaml (known: {known})")
    try:
        text = read_source(root, entry)
    except SourceError as exc:
        sys.stdout.write(printable_lines([finding_line(source_finding(entry, exc))]))
        return 2
    kind = document_kind(entry.path)
    layer = text.full if args.full and text.full is not None else text
    origin = f"{kind}, extracted by {extractor(kind)}" if extractor(kind) else kind
    sys.stdout.write(printable_lines([f"{text.path} ({origin}{', full layer' if layer is not text else ''})"]) + render(layer))
    return 0
