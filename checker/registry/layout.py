"""Where a registry's files live, and which files under claims/ are claims files.

Listing is sorted, so nothing downstream depends on the order a file system
returns directory entries in; a file name that is not valid UTF-8 is kept out
of ``claim_files`` (it could not be printed) and reported by the loader.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

CATALOG = "sources/catalog.yaml"
SUBJECTS = "claims/subjects.yaml"
PROPERTIES = "claims/properties.yaml"
VOCABULARY_FILES = frozenset({SUBJECTS, PROPERTIES})


def all_claim_files(root: Path) -> list[str]:
    claims_dir = root / "claims"
    if not claims_dir.is_dir():
        return []
    try:
        # Every entry named like a claims file, whatever it is: a directory, device, pipe or symlink
        # in a claims file's place is reported by the loader, never skipped (its claims would vanish).
        found = [p.relative_to(root).as_posix() for p in claims_dir.rglob("*") if p.suffix in {".yaml", ".yml"}]
    except OSError:
        return []  # an unlistable claims/: reported as "no claims files"
    return sorted(f for f in found if f not in VOCABULARY_FILES)


def unlistable_reason(directory: Path) -> str | None:
    """Why an existing directory cannot be listed (permission denied, say), or None."""
    try:
        os.listdir(directory)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return None


def printable_name(rel: str) -> bool:
    """False for a file name that is not valid UTF-8 (Python keeps its bytes as lone surrogates), or that
    holds a control, format (bidi, zero-width) or line-separator character: it would become a test id
    that pytest prints as it is."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return all(c.isprintable() or unicodedata.category(c) == "Zs" for c in rel)


def claim_files(root: Path) -> list[str]:
    """Every claims file, as a sorted posix path relative to root (sorted: output must not depend on disk order)."""
    return [f for f in all_claim_files(root) if printable_name(f)]
