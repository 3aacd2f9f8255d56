"""The check's store: results kept between runs in one SQLite database, and the keys they are kept under.

``database`` is the store itself (``.claimcheck-cache/store.sqlite``: rows signed
with the per-user key of ``signing``, never opened through a symlink); ``output``
keeps a whole output as references to the stored pieces it is made of; ``keys`` makes the keys (sha256 digests of what a
result depends on: the checker's own code, the registry's files, read through a
stat index so unchanged files are not hashed again).

A layer of its own, at the bottom: it knows nothing of claims or sources, so a
run that finds its output stored (``claimcheck check`` with nothing changed)
imports this and little else.

May import: nothing else of claimcheck.
"""

from checker.store.database import CACHE_DIR, DATABASE, MAX_ENTRY_BYTES, ResultCache, cycle_collector_paused
from checker.store.keys import CONFIG, Fingerprint, code_version, digest, file_digest
from checker.store.output import MIN_REFERENCED_CHARS, keep_output, stored_output

__all__ = [
    "CACHE_DIR",
    "CONFIG",
    "DATABASE",
    "MAX_ENTRY_BYTES",
    "MIN_REFERENCED_CHARS",
    "Fingerprint",
    "ResultCache",
    "code_version",
    "cycle_collector_paused",
    "digest",
    "file_digest",
    "keep_output",
    "stored_output",
]
