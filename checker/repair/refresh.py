"""``claimcheck refresh``: fetch each source again and report which claims the publisher's change breaks.

For every catalogued source with a ``url`` (or those named), a conditional GET
(the recorded ``etag``/``last_modified``) asks whether the document changed:

- 304, or the same sha256 as the stored file: unchanged, nothing written;
- a new version: the registry is checked twice, once as it is and once with the
  new bytes (in a staged copy under the cache directory, never in sources/),
  and every claim citing the changed source that passed before and fails after
  is reported with its findings (drift diagnosis included), together with the
  quotes ``repin`` could repair (its own planner, anchored by the version just
  replaced). Unless it is a dry run, the new bytes then replace the stored ones
  (atomically) and the catalog records the new ``retrieved``/``sha256``/validators;
- a 404/410, a timeout, a refused connection, a changed content type, an
  oversized body: a link-rot finding at the catalog entry; the stored copy is
  left as it is.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from checker.documents import (
    ALLOWED_TYPES,
    MAX_SOURCE_BYTES,
    Download,
    DownloadRefused,
    Limits,
    NotModified,
    ReadRefused,
    SourceEntry,
    SourceError,
    Validators,
    download,
    media_type,
    read_bounded,
    read_source,
    resolve_source_path,
    shown,
)
from checker.engine import CACHE_DIR, Report, ResultCache, run_check
from checker.findings import Finding
from checker.quotes import ClaimResult, SourceHistory
from checker.registry import CATALOG, load_registry
from checker.repair.catalog_edit import update_entry
from checker.repair.fetching import provenance, read_catalog, utc_now, write_catalog
from checker.repair.repin import Repair, plan_repin
from checker.repair.store import store_replacing


class RefreshUsageError(Exception):
    """Unknown source ids, or ids without a url: exit 2."""


@dataclass(frozen=True)
class SourceRefresh:
    source: str
    url: str
    status: str
    """unchanged | changed | failed"""
    finding: Finding
    """source-unchanged (info), source-changed (warning) or a link-rot rule (error)."""
    old_sha256: str | None = None
    new_sha256: str | None = None


@dataclass(frozen=True)
class RefreshReport:
    sources: tuple[SourceRefresh, ...]
    broken: tuple[ClaimResult, ...]
    """Claims citing a changed source that passed before the change and fail after it."""
    repairs: tuple[Repair, ...]
    """Quotes of broken claims that ``repin`` can repair once the new versions are stored."""
    input_errors: tuple[Finding, ...]
    dry_run: bool

    @property
    def findings(self) -> tuple[Finding, ...]:
        claim_findings = [f for c in self.broken for f in c.findings if f.fails]
        repairs = [Finding(r.file, r.line, r.col, "repin-available", f"`claimcheck repin` can repair this quote ({r.score:g}% similar, "
                           f"anchored by {r.anchored_by}): now {shown(r.new)!r}", severity="info", claim=r.claim, source=r.source)
                   for r in self.repairs]
        return tuple(sorted([*self.input_errors, *(s.finding for s in self.sources), *claim_findings, *repairs]))

    @property
    def exit_code(self) -> int:
        """0 nothing broke; 1 claims broke or links rotted; 2 unusable input."""
        if self.input_errors:
            return 2
        return 1 if self.broken or any(s.status == "failed" for s in self.sources) else 0


@dataclass(frozen=True)
class _Changed:
    entry: SourceEntry
    got: Download
    old: bytes | None


def refresh(root: Path, ids: tuple[str, ...] = (), dry_run: bool = False, limits: Limits = Limits()) -> RefreshReport:  # noqa: B008
    root = Path(root)
    before = run_check(root)
    input_errors = tuple(f for f in before.findings if f.is_input_error)
    if input_errors:
        return RefreshReport((), (), (), input_errors, dry_run)
    entries = _chosen(before, root, ids)
    outcomes: list[SourceRefresh] = []
    changed: list[_Changed] = []
    for entry in entries:
        outcome, new = _refetch(root, entry, limits)
        outcomes.append(outcome)
        if new is not None:
            changed.append(new)
    if not changed:
        return RefreshReport(tuple(outcomes), (), (), (), dry_run)
    text, raw, _ = read_catalog(root)
    retrieved = utc_now()
    for item in changed:
        text = update_entry(text, item.entry.id, {k: v for k, v in provenance(item.got, retrieved).items() if k != "requested_url"})
    broken, repairs = _consequences(root, before, changed, text)
    if not dry_run:
        for item in changed:
            store_replacing(resolve_source_path(root, item.entry.path), item.got.body, expected=item.old)
        write_catalog(root, raw, text)
    return RefreshReport(tuple(outcomes), broken, repairs, (), dry_run)


def _chosen(before: Report, root: Path, ids: tuple[str, ...]) -> list[SourceEntry]:
    sources = load_registry(root).sources
    unknown = [i for i in ids if i not in sources]
    if unknown:
        raise RefreshUsageError(f"no source {', '.join(f'`{shown(i)}`' for i in unknown)} in {CATALOG}")
    without = [i for i in ids if not sources[i].url]
    if without:
        raise RefreshUsageError(f"source {', '.join(f'`{i}`' for i in without)} has no `url:` in {CATALOG}; nothing to refresh from")
    return [sources[i] for i in (ids or sorted(sources)) if sources[i].url]


def _refetch(root: Path, entry: SourceEntry, limits: Limits) -> tuple[SourceRefresh, _Changed | None]:
    url = entry.requested_url or entry.url or ""
    where = (entry.file, entry.line, 1)

    def failed(rule: str, message: str) -> SourceRefresh:
        return SourceRefresh(entry.id, url, "failed", Finding(*where, rule, f"source `{entry.id}`: {message}; the stored copy is kept",
                                                               source=entry.id))

    try:
        got = download(url, limits, Validators(entry.etag, entry.last_modified))
    except DownloadRefused as exc:
        return failed(exc.rule, exc.message), None
    if isinstance(got, NotModified):
        return _unchanged(entry, url, "the server answers 304 Not Modified"), None
    if entry.content_type and got.content_type != media_type(entry.content_type):  # the record may carry "; charset=..."
        return failed("link-content-type", f"{shown(got.url)} is now {got.content_type}, recorded as {shown(entry.content_type)}"), None
    if not entry.path.lower().endswith(ALLOWED_TYPES[got.content_type]):  # e.g. a page kept as a hand-made .txt copy
        return failed("link-content-type", f"{shown(got.url)} is {got.content_type}, but sources/{entry.path} is not stored as one"), None
    old = _stored_bytes(root, entry)
    old_sha = None if old is None else hashlib.sha256(old).hexdigest()
    if old_sha == got.sha256:
        return _unchanged(entry, url, "same sha256 as the stored copy"), None
    message = (f"source `{entry.id}`: the publisher changed {shown(got.url)} (sha256 {(old_sha or 'none')[:12]} -> {got.sha256[:12]}); "
               f"new version for sources/{entry.path}")
    outcome = SourceRefresh(entry.id, url, "changed", Finding(*where, "source-changed", message, severity="warning", source=entry.id),
                            old_sha, got.sha256)
    return outcome, _Changed(entry, got, old)


def _unchanged(entry: SourceEntry, url: str, why: str) -> SourceRefresh:
    finding = Finding(entry.file, entry.line, 1, "source-unchanged", f"source `{entry.id}`: unchanged at {shown(url)} ({why})",
                      severity="info", source=entry.id)
    return SourceRefresh(entry.id, url, "unchanged", finding, entry.sha256, entry.sha256)


def _stored_bytes(root: Path, entry: SourceEntry) -> bytes | None:
    try:
        return read_bounded(resolve_source_path(root, entry.path), MAX_SOURCE_BYTES, follow_symlinks=False)
    except (ReadRefused, SourceError, OSError):
        return None


def _consequences(root: Path, before: Report, changed: list[_Changed], catalog: str) -> tuple[tuple[ClaimResult, ...], tuple[Repair, ...]]:
    """Check a staged copy of the registry holding the new versions: claims broken, and repin's repairs."""
    cache = ResultCache(root)
    cache.ensure_directory()
    staged = Path(tempfile.mkdtemp(prefix="refresh-", dir=root / CACHE_DIR))
    try:
        _stage(root, staged, changed, catalog)
        after = run_check(staged)
        replaced = {}
        for item in changed:
            try:
                replaced[f"sources/{item.entry.path}"] = (f"sources/{item.entry.path} as stored before this refresh", read_source(root, item.entry))
            except SourceError:
                continue
        plan = plan_repin(staged, SourceHistory(root, replaced, {item.entry.id: item.entry for item in changed}))
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    changed_ids = {item.entry.id for item in changed}
    passed = {c.id for c in before.claims if c.status == "pass"}
    broken = tuple(c for c in after.claims if c.status == "fail" and c.id in passed and any(e.source in changed_ids for e in c.evidence))
    broken_ids = {c.id for c in broken}
    return broken, tuple(r for r in plan.repairs if r.claim in broken_ids and r.source in changed_ids)


def _stage(root: Path, staged: Path, changed: list[_Changed], catalog: str) -> None:
    """The registry as it would be after the refresh: claims copied, sources hard-linked, new versions written.

    A hard link shares its bytes with the original, so each file that changes is unlinked
    first and written anew: the registry's own files are never touched.
    """
    shutil.copytree(root / "claims", staged / "claims", symlinks=True)
    shutil.copytree(root / "sources", staged / "sources", symlinks=True, copy_function=_link_or_copy)
    for rel, body in [*((f"sources/{item.entry.path}", item.got.body) for item in changed), (CATALOG, catalog.encode("utf-8"))]:
        target = staged / rel
        target.unlink(missing_ok=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
