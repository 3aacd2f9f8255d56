"""A registry's own settings: ``claimcheck.toml`` beside ``sources/`` and ``claims/``.

What a registry must satisfy beyond "every claim passes" is the registry's
business, not the checker's: the sample registry requires every sentence of
every source to be cited, a newsroom's registry may require less. The file also
marks a directory as a claimcheck registry (the pytest plugin collects only
where it exists, or when asked).

    # claimcheck.toml
    [coverage]
    minimum = 100   # per source, the percentage of sentences some claim must cite (default 0: not checked)

A missing file means the defaults. A file that cannot be read, is not TOML, or
holds an unknown key or a wrong value is one ``config`` finding (exit 2) at its
line, and the defaults stand for the rest of the run.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.documents import ReadRefused, read_bounded
from checker.findings import Finding

CONFIG = "claimcheck.toml"
MAX_CONFIG_BYTES = 64 * 1024
"""A settings file is a few lines; anything larger is refused unread."""
_KNOWN: dict[str, dict[str, type]] = {"coverage": {"minimum": int}}
"""Every table and key the file may hold, with the type of each value."""
_AT_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class RegistryConfig:
    coverage_minimum: int = 0
    """Per source, the percentage (0-100) of its counted sentences that claims must cite."""
    line_of: tuple[tuple[str, int], ...] = ()
    """(dotted key, line) of each setting in the file, so findings about a setting can point at it."""

    def line(self, key: str) -> int:
        return dict(self.line_of).get(key, 1)


def has_config(root: Path) -> bool:
    return (root / CONFIG).is_file()


def load_config(root: Path) -> tuple[RegistryConfig, list[Finding]]:
    """The registry's settings (defaults when there is no file) and any problem with the file."""
    path = root / CONFIG
    if not path.exists():
        return RegistryConfig(), []
    try:
        text = read_bounded(path, MAX_CONFIG_BYTES).decode("utf-8")
        data = tomllib.loads(text)
    except ReadRefused as exc:
        return RegistryConfig(), [_problem(1, 1, exc.message)]
    except UnicodeDecodeError:
        return RegistryConfig(), [_problem(1, 1, "not valid UTF-8; save the file as UTF-8")]
    except tomllib.TOMLDecodeError as exc:
        where = _AT_LINE.search(str(exc))
        line, col = (int(where.group(1)), int(where.group(2))) if where else (1, 1)
        return RegistryConfig(), [_problem(line, col, f"not valid TOML: {_AT_LINE.sub('', str(exc)).strip()}")]
    return _settings(data, text)


def _settings(data: dict[str, Any], text: str) -> tuple[RegistryConfig, list[Finding]]:
    findings: list[Finding] = []
    values: dict[str, Any] = {}
    lines: list[tuple[str, int]] = []
    for table, entries in data.items():
        if table not in _KNOWN or not isinstance(entries, dict):
            findings.append(_problem(_line_of(text, table), 1, f"unknown setting `{table}`; known tables: {', '.join(f'[{t}]' for t in _KNOWN)}"))
            continue
        for key, value in entries.items():
            line = _line_of(text, key)
            wanted = _KNOWN[table].get(key)
            if wanted is None:
                findings.append(_problem(line, 1, f"unknown setting `{table}.{key}`; known: {', '.join(_KNOWN[table])}"))
            elif type(value) is not wanted or not 0 <= value <= 100:
                findings.append(_problem(line, 1, f"`{table}.{key}` must be a whole number from 0 to 100, not {value!r}"))
            else:
                values[f"{table}.{key}"] = value
                lines.append((f"{table}.{key}", line))
    return RegistryConfig(coverage_minimum=values.get("coverage.minimum", 0), line_of=tuple(lines)), findings


def _line_of(text: str, key: str) -> int:
    """The first line that sets or opens ``key`` (tomllib keeps no positions)."""
    match = re.search(rf"^\s*\[?\s*{re.escape(key)}\s*[\]=]", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _problem(line: int, col: int, message: str) -> Finding:
    return Finding(CONFIG, line, col, "config", f"{message} (claimcheck help config)")
