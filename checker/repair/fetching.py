"""``claimcheck fetch URL --id ID``: store a document from the web in sources/ and catalog it.

The bytes are stored exactly as the server sent them. The catalog entry gets
the document's provenance (``url``, ``requested_url`` when redirects led
elsewhere, ``retrieved``, ``sha256``, ``content_type``, and the ``etag`` /
``last_modified`` validators that ``refresh`` sends back) and its description
(title, publisher, kind, publication date) read from the page's metadata, with
every guessed field listed under ``confirm:`` for a person to check.

Nothing is overwritten without ``force``: not a file in sources/, not a
catalog entry. With ``force`` an existing entry keeps its description and only
its provenance is updated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from checker.documents import (
    ALLOWED_TYPES,
    Download,
    DownloadRefused,
    Limits,
    NotModified,
    ReadRefused,
    check_url,
    download,
    page_metadata,
    read_bounded,
    shown,
)
from checker.findings import Finding
from checker.registry import CATALOG, MAX_YAML_BYTES, YamlError, parse_yaml
from checker.repair.atomic import write_atomic
from checker.repair.catalog_edit import CatalogEditError, append_entry, update_entry
from checker.repair.store import StoreRefused, check_name, source_file, store_new, store_replacing

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class FetchUsageError(Exception):
    """The request itself is unusable (bad URL, id or name; would overwrite): exit 2."""


@dataclass(frozen=True)
class Fetched:
    source: str
    path: str
    """Relative to the registry root: ``sources/<name>``."""
    download: Download
    confirm: tuple[str, ...]
    replaced: bool
    findings: tuple[Finding, ...] = field(default=())


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def provenance(got: Download, retrieved: str) -> dict[str, str | None]:
    """The catalog fields that record where and when the stored bytes came from (None: drop the field)."""
    return {
        "url": got.url,
        "requested_url": got.requested_url if got.requested_url != got.url else None,
        "retrieved": retrieved,
        "sha256": got.sha256,
        "content_type": got.content_type,
        "etag": got.validators.etag,
        "last_modified": got.validators.last_modified,
    }


def read_catalog(root: Path) -> tuple[str, bytes, dict[str, dict[str, object]]]:
    """The catalog's text, its raw bytes, and its entries by id; FetchUsageError when it is unusable."""
    path = root / CATALOG
    try:
        raw = read_bounded(path, MAX_YAML_BYTES) if path.exists() else b""
        text = raw.decode("utf-8-sig")
        data = parse_yaml(text, CATALOG).data
    except (ReadRefused, UnicodeDecodeError) as exc:
        raise FetchUsageError(f"{CATALOG}: cannot be read ({exc}); fix it first") from None
    except YamlError as exc:
        raise FetchUsageError(f"{exc.file}:{exc.line}:{exc.col}: {exc.message}") from None
    sources = data.get("sources") if isinstance(data, dict) else None
    entries = {s["id"]: s for s in sources or [] if isinstance(s, dict) and isinstance(s.get("id"), str)}
    return text, raw, entries


def write_catalog(root: Path, raw: bytes, text: str) -> None:
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    path = root / CATALOG
    if path.is_symlink():  # it could point anywhere: never write through it
        raise FetchUsageError(f"{CATALOG} is a symlink; refusing to write through it (replace it with the file itself)")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        write_atomic(path, bom + text.encode("utf-8"), expected=raw)
    else:
        store_new(path, text.encode("utf-8"))


def fetch_source(root: Path, url: str, source_id: str, name: str | None = None, force: bool = False,
                 limits: Limits = Limits()) -> Fetched:  # noqa: B008
    """Download ``url`` into sources/ and catalog it; DownloadRefused when the web says no."""
    problem = check_url(url)
    if problem is not None:
        raise FetchUsageError(problem)
    if not _ID.fullmatch(source_id):
        raise FetchUsageError(f"--id {shown(source_id)!r}: use lower-case words joined by hyphens, e.g. govuk-2014-case-study")
    if name is not None and (why := check_name(name)) is not None:
        raise FetchUsageError(f"--path {shown(why)}")
    text, raw, entries = read_catalog(root)
    existing = entries.get(source_id)
    if existing is not None and not force:
        raise FetchUsageError(f"source `{source_id}` is already in {CATALOG}; `claimcheck refresh {source_id}` updates it, --force replaces it")
    if existing is not None and name is None:
        name = str(existing.get("path"))
    if name is not None:
        _target(root, name, force)  # refuse before downloading anything
    got = download(url, limits)
    if isinstance(got, NotModified):  # no validators were sent, so a 304 is the server's mistake
        raise DownloadRefused("link-http-error", f"{shown(url)} answered 304 Not Modified to a plain request")
    extensions = ALLOWED_TYPES[got.content_type]
    name = name or f"{source_id}{extensions[0]}"
    if not name.lower().endswith(extensions):
        raise FetchUsageError(f"--path {name!r}: the document is {got.content_type}; its file name must end in {' or '.join(extensions)}")
    retrieved = utc_now()
    if existing is not None:
        new_text = update_entry(text, source_id, {"path": name, **provenance(got, retrieved)})
        confirm = tuple(str(c) for c in existing.get("confirm", []) or [])  # type: ignore[union-attr]
    else:
        meta = page_metadata(got.body, got.content_type, got.url, datetime.now(UTC))
        entry = {"id": source_id, "path": name, **dict(meta.fields), **provenance(got, retrieved), "confirm": list(meta.guessed) or None}
        new_text = append_entry(text, {k: v for k, v in entry.items() if v is not None})  # type: ignore[misc]
        confirm = meta.guessed
    path = _target(root, name, force)
    replaced = path.exists()
    if replaced:
        store_replacing(path, got.body)
    else:
        store_new(path, got.body)
    try:
        write_catalog(root, raw, new_text)
    except BaseException:
        if not replaced:
            path.unlink(missing_ok=True)  # no orphan: the new file goes when its entry could not be written
        raise
    return Fetched(source_id, f"sources/{name}", got, confirm, replaced)


def _target(root: Path, name: str, force: bool) -> Path:
    try:
        path = source_file(root, name)
    except StoreRefused as exc:
        raise FetchUsageError(str(exc)) from None
    if path.exists() and not force:
        raise FetchUsageError(f"sources/{name} already exists; choose another --path, or --force to replace it")
    return path


__all__ = ["CatalogEditError", "DownloadRefused", "FetchUsageError", "Fetched", "fetch_source", "provenance", "utc_now"]
