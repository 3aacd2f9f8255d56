"""Renderers of a Report, chosen by name. Each is ``render(report) -> str``."""

from __future__ import annotations

from collections.abc import Callable

from checker.engine import Report
from checker.reporters import github, json_report, text

REPORTERS: dict[str, Callable[[Report], str]] = {
    "text": text.render,
    "json": json_report.render,
    "github": github.render,
}
