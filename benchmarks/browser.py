"""Debian's Chromium driven by Playwright, for the HTML report's tests, screenshots and timing.

Playwright (the pip package) drives an existing browser through ``executable_path``;
it never downloads one here (``playwright install`` is not used). The flags keep a
headless Chromium from phoning home at start-up (``--disable-background-networking``
and friends), so the only request a page makes is the one we make.

Every page records what a person would never want: console errors, uncaught
exceptions, and any request other than for the ``file://`` report itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("CLAIMCHECK_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]


@dataclass
class Watched:
    """What a page did besides showing the report: should stay empty."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium (Playwright ``Browser``)."""
    from playwright.sync_api import sync_playwright  # a test extra: imported only where a browser is wanted

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def watched_page(browser: Any, report: Path, watched: Watched, **context: Any) -> Any:
    """A new page in its own context; every request that is not ``report`` itself is refused and recorded."""
    page = browser.new_context(**context).new_page()
    own = report.resolve().as_uri()

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.split("#", 1)[0] == own:
            request_route.continue_()
        else:
            request_route.abort()  # recorded by the request listener below

    page.route("**/*", route)
    page.on("request", lambda request: None if request.url.split("#", 1)[0] == own else watched.requests.append(request.url))
    page.on("console", lambda message: watched.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    return page


def open_report(page: Any, report: Path, fragment: str = "/summary", wait_until: str = "load") -> None:
    """Open the report at a view; ``wait_until="commit"`` returns before the file is fully parsed."""
    page.goto(report.resolve().as_uri() + "#" + fragment, wait_until=wait_until)
    page.wait_for_selector("html[data-ready]")
