"""The links claimcheck prints, followed in real headless Debian Chromium: does the reader land on the quote?

The fixture article is served on 127.0.0.1 from a thread; each text-fragment link
from a real ``claimcheck check --format json`` run (its publisher URL swapped for
the local one) is opened in Chromium, driven by Playwright with
``executable_path=/usr/bin/chromium`` (``apt-get install chromium``; ``.ci/run``
installs it). A person following the link sees the quote: the page scrolled,
and the element holding the quote is inside the window. A fragment whose words
are not on the page leaves the page at the top, so the scrolling is the link's doing.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from checker.cli import main
from tests.conftest import FIXTURES, replace_in

CHROMIUM = "/usr/bin/chromium"
PUBLISHED = "https://harbour-gazette.example/news/2025/03/eastmere-library-hours"
ARTICLE = "harbour-gazette-library-hours.html"

# Finds the innermost element whose visible text holds the words, and says where it is on screen.
_WHERE = """words => {
  const norm = s => s.replace(/[|]/g, ' ').replace(/\\s+/g, ' ').trim().toLowerCase();
  const want = norm(words);
  let best = null;
  for (const el of document.body.querySelectorAll('*')) {
    if (norm(el.innerText || '').includes(want)) best = el;
  }
  if (!best) return null;
  const r = best.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, height: innerHeight, scrolled: scrollY};
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("site")
    shutil.copyfile(FIXTURES / "documents/sources" / ARTICLE, directory / ARTICLE)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/{ARTICLE}"
    server.shutdown()


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser.new_page(viewport={"width": 900, "height": 360})
        browser.close()


def html_links(tmp_path: Path, capsys: pytest.CaptureFixture[str], extra_quotes: list[str]) -> list[tuple[str, str]]:
    """(quote, link) for every quote of the fixture article, from a real run."""
    root = tmp_path / "docs"
    shutil.copytree(FIXTURES / "documents", root)
    with (root / "claims/libraries.yaml").open("a", encoding="utf-8") as handle:
        for n, quote in enumerate(extra_quotes):
            handle.write(f"  - id: extra-{n}\n    statement: s.\n    subject: eastmere-libraries\n    property: petition-signatures\n"
                         f"    value: 1\n    evidence:\n      - source: gazette-2025-library-hours\n        quote: {json.dumps(quote)}\n")
    replace_in(root / "sources/catalog.yaml", "    sha256: a3eb", "    # sha256: a3eb")
    main(["check", "--root", str(root), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    return [(e["quote"], e["link"]) for c in report["claims"] for e in c["evidence"] if e["source"] == "gazette-2025-library-hours"]


def open_link(page: Page, link: str, served: str) -> None:
    page.goto("about:blank")
    page.goto(link.replace(PUBLISHED, served))
    page.wait_for_timeout(300)  # the fragment is scrolled to after load


def test_every_text_fragment_link_lands_on_its_quote(page: Page, served: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    extra = [
        "| Kilnworth | 42 | 26 |",  # a table row: start and end in different cells
        "Eastmere Central, which will stay open until 7pm on Tuesdays and Thursdays",  # "Eastmere Central" stands earlier too
        "called the decision “a false economy” and said his group would call it in for scrutiny",  # curly quotes
    ]
    links = html_links(tmp_path, capsys, extra)
    assert len(links) == 6 and all(link.startswith(PUBLISHED + "#:~:text=") for _, link in links)
    for quote, link in links:
        open_link(page, link, served)
        where = page.evaluate(_WHERE, " ".join(quote.replace("|", " ").split()[:4]))
        assert where is not None, quote
        assert where["scrolled"] > 0, (quote, link)
        inside = where["top"] >= 0 and where["bottom"] <= where["height"]
        spans_the_middle = where["top"] < where["height"] / 2 < where["bottom"]  # an element taller than the window
        assert inside or spans_the_middle, (quote, link, where)


def test_a_fragment_not_on_the_page_leaves_it_at_the_top(page: Page, served: str):
    open_link(page, PUBLISHED + "#:~:text=words%20this%20page%20never%20says", served)
    assert page.evaluate("scrollY") == 0
