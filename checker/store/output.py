"""A whole output kept as references to the stored pieces it is made of, and the text between them.

The output of 50,000 claims is about 42 MB of JSON, nearly all of it the parts'
renderings, which the store holds already; writing it again into SQLite after an
edit cost 0.44 CPU-s. So the output row holds (exit code, segments): strings,
and (row name, key, index) references to a stored rendering. Reading it back
verifies every referenced row like any other; one that is gone or not ours makes
the output a miss.
"""

from __future__ import annotations

from collections.abc import Iterable

from checker.store.database import ResultCache

MIN_REFERENCED_CHARS = 1024
"""A stored piece of output shorter than this is kept in the output row itself, not referenced."""
Where = tuple[str, str, int]
"""A stored piece of output: (row name, key, index in the row's tuple of strings)."""


def keep_output(store: ResultCache, name: str, key: str, code: int, pieces: Iterable[tuple[Where | None, str]]) -> None:
    """Keep an output for ``flush``: its exit code and the pieces it is made of in order, each stored one (``Where``)
    of at least ``MIN_REFERENCED_CHARS`` by reference: the output of 50,000 claims is not written again when one
    part of it changed."""
    segments: list[str | Where] = []
    text: list[str] = []
    for where, piece in pieces:
        if where is not None and len(piece) >= MIN_REFERENCED_CHARS:
            segments += ["".join(text), where] if text else [where]
            text = []
        else:
            text.append(piece)
    segments.append("".join(text))
    store.put(name, key, (code, segments))


def stored_output(store: ResultCache, name: str, key: str) -> tuple[int, str] | None:
    """An output ``keep_output`` kept, with its referenced pieces read back; None if any is gone or not ours."""
    hit = store.get(name, key)
    if not (isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[0], int) and isinstance(hit[1], list)):
        return None
    rows: dict[tuple[str, str], object] = {}
    out: list[str] = []
    for segment in hit[1]:
        if isinstance(segment, str):
            out.append(segment)
            continue
        if not (isinstance(segment, tuple) and len(segment) == 3):
            return None
        row_name, row_key, index = segment
        row = rows[row_name, row_key] = rows.get((row_name, row_key)) or store.get(row_name, row_key)
        if not (isinstance(row, tuple) and isinstance(index, int) and 0 <= index < len(row) and isinstance(row[index], str)):
            return None
        out.append(row[index])
    return hit[0], "".join(out)
