"""What a downloaded document says about itself: title, publisher, publication date, author.

HTML pages carry it in ``citation_*`` tags (Google Scholar's), Open Graph
(``og:title``, ``og:site_name``, ``article:published_time``), Dublin Core and
JSON-LD (``headline``, ``publisher``, ``datePublished``); trafilatura's
``extract_metadata`` reads all of them and normalises the date. A field is
*read* when the page states it in one of those tags; a field filled any other
way (the ``<title>`` or first heading, the host name as publisher, the retrieval
date standing in for a publication date, every ``kind``) is *guessed* and goes
into the entry's ``confirm:`` list for a person to check.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import unquote, urlsplit

from checker.documents.html import tag_overflow
from checker.documents.isolated import EXTRACTION, Exceeded, isolated
from checker.documents.shown import plain_value

_TITLE_TAGS = {"citation_title", "og:title", "dc.title", "dcterms.title", "twitter:title"}
_PUBLISHER_TAGS = {"og:site_name", "citation_publisher", "dc.publisher", "dcterms.publisher", "citation_journal_title"}
_DATE_TAGS = {"citation_publication_date", "citation_date", "citation_online_date", "article:published_time",
              "dc.date", "dcterms.date", "dcterms.issued", "dc.date.issued", "og:published_time", "date"}
_AUTHOR_TAGS = {"citation_author", "author", "article:author", "dc.creator"}
_ISO_DATE = re.compile(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?")
_KIND_BY_TYPE = {"text/html": "web-page", "application/xhtml+xml": "web-page", "application/pdf": "report", "text/plain": "other"}


@dataclass(frozen=True)
class PageMetadata:
    fields: tuple[tuple[str, str], ...]
    """The catalog's description fields, in catalog order: title, publisher, kind, published,
    precision, and author and date_note where there is something to say."""
    guessed: tuple[str, ...]
    """Fields a person must confirm, in catalog order."""


def page_metadata(body: bytes, content_type: str, url: str, retrieved: datetime) -> PageMetadata:
    """The catalog fields for a document, read from its own metadata where it has any."""
    title = publisher = stated_date = author = None
    stated: set[str] = set()
    try:  # bounded as extraction is (``isolated``): the bytes are a stranger's; what cannot be read is guessed
        if content_type in ("text/html", "application/xhtml+xml") and tag_overflow(body) is None:
            title, publisher, stated_date, author, stated = isolated(lambda: _html_metadata(body, url), EXTRACTION)
        elif content_type == "application/pdf":
            title, stated_date, author, stated = isolated(lambda: _pdf_metadata(body), EXTRACTION)
    except Exceeded:
        pass
    guessed = [] if title and "title" in stated else ["title"]
    if not (publisher and "publisher" in stated):
        publisher = urlsplit(url).hostname or "unknown"
        guessed.append("publisher")
    guessed.append("kind")
    published, precision = _date_and_precision(stated_date) if stated_date else (None, None)
    note = None
    if published is None:
        published, precision = retrieved.strftime("%Y-%m-%d"), "day"
        note = "No publication date in the document's metadata: the retrieval date stands in until a person sets it."
    elif "published" not in stated:
        note = "The PDF's creation date, which may not be its publication date."
    if "published" not in stated or note is not None:
        guessed.extend(["published", "precision"])
    fields = [("title", plain_value(title or _title_from_url(url))), ("publisher", plain_value(publisher)),
              ("kind", _KIND_BY_TYPE.get(content_type, "other")), ("published", published), ("precision", precision or "day")]
    if author and "author" in stated:
        fields.append(("author", plain_value(author)))
    if note is not None:
        fields.append(("date_note", note))
    return PageMetadata(tuple(fields), tuple(guessed))


def _pdf_metadata(body: bytes) -> tuple[str | None, str | None, str | None, set[str]]:
    """Title and author from a PDF's information dictionary, and its creation date (a guess for the publication date)."""
    import pypdfium2  # imported late: only fetch and refresh of PDFs need it

    try:
        info = pypdfium2.PdfDocument(body).get_metadata_dict()
    except pypdfium2.PdfiumError:
        return None, None, None, set()
    title, author = (info.get("Title") or "").strip(), (info.get("Author") or "").strip()
    created = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", info.get("CreationDate") or "")
    date = "-".join(part for part in created.groups() if part) if created else None
    return title or None, date, author or None, {name for name, value in (("title", title), ("author", author)) if value}


def _html_metadata(body: bytes, url: str) -> tuple[str | None, str | None, str | None, str | None, set[str]]:
    from trafilatura.metadata import extract_metadata  # imported late: only fetch and refresh of HTML need it
    from trafilatura.utils import load_html

    tree = load_html(body)
    if tree is None:
        return None, None, None, None, set()
    stated = _stated_fields(tree)
    found = extract_metadata(tree, default_url=url, extensive=False)
    tags = _meta_tags(tree)
    published = found.date or next((tags[name] for name in ("citation_publication_date", "citation_date") if name in tags), None)
    published = published if "published" in stated else None  # a date found anywhere else in the page is no better than none
    publisher = found.sitename if found.sitename and found.sitename != found.hostname else tags.get("citation_publisher")
    return found.title, publisher, published, found.author, stated


def _meta_tags(tree: object) -> dict[str, str]:
    tags: dict[str, str] = {}
    for meta in tree.iter("meta"):  # type: ignore[attr-defined]
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if name and content:
            tags.setdefault(name, content)
    return tags


def _stated_fields(tree: object) -> set[str]:
    """Which fields the page states in metadata tags or JSON-LD, as opposed to leaving them to a guess."""
    tags = set(_meta_tags(tree))
    stated = {field for field, names in (("title", _TITLE_TAGS), ("publisher", _PUBLISHER_TAGS),
                                         ("published", _DATE_TAGS), ("author", _AUTHOR_TAGS)) if tags & names}
    for script in tree.iter("script"):  # type: ignore[attr-defined]
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            stated |= _json_ld_fields(script.text or "")
    return stated


def _json_ld_fields(text: str) -> set[str]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return set()
    items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
    stated: set[str] = set()
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            stated |= {field for field, key in (("title", "headline"), ("publisher", "publisher"),
                                                ("published", "datePublished"), ("author", "author")) if item.get(key)}
    return stated


def _date_and_precision(value: str) -> tuple[str | None, str | None]:
    match = _ISO_DATE.match(value.strip())
    if match is None:
        return None, None
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None, None
    if day:
        return f"{year}-{int(month):02d}-{int(day):02d}", "day"
    if month:
        return f"{year}-{int(month):02d}", "month"
    return year, "year"


def _title_from_url(url: str) -> str:
    parts = urlsplit(url)
    last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    return last or parts.hostname or url
