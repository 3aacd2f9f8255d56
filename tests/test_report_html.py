"""The HTML report, opened in a real headless Debian Chromium: what a person sees and can do.

Fixture registries (copies of tests/fixtures/mini, edited): passing, failing (a quote
whose text drifted in its source) and with conflicts (one open, one acknowledged).
Every page records console errors and requests other than the report file itself;
both must stay empty (see the ``page`` fixture).

Without /usr/bin/chromium these tests are skipped on a developer machine with the reason
shown; CI (``.ci/run``) installs Chromium and sets CLAIMCHECK_REQUIRE_BROWSER=1, which
turns a missing browser into a failure, so CI never skips them.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from benchmarks.browser import CHROMIUM, Watched, chromium, open_report, watched_page
from checker.cli import main
from tests.conftest import FIXTURES, replace_in
from tests.test_conflicts import OTHER_FOUNDED

if not CHROMIUM.is_file() and not os.environ.get("CLAIMCHECK_REQUIRE_BROWSER"):
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); CI installs it and never skips", allow_module_level=True)

ACKNOWLEDGED_BY = "Jo Reviewer"
CONFLICTING = OTHER_FOUNDED + f"""
  - id: other-northam-stake
    statement: Northam holds a 55% stake in Acme Widgets.
    subject: acme
    property: ownership-share
    qualifiers: {{owner: northam}}
    value: 55%
    evidence:
      - source: other-paper
        quote: Northam holds a 55% stake in Acme Widgets.
acknowledged:
  - claims: [acme-founded, other-founded]
    explanation: The note is the company's own account; the paper got the year wrong.
    reason: error
    prevails: acme-founded
    reviewed_by: {ACKNOWLEDGED_BY}
    reviewed_on: "2026-11-20"
  - claims: [acme-form, acme-rating]
    explanation: Once thought to disagree; they never did.
    reason: error
    prevails: acme-form
    reviewed_by: Old Reviewer
    reviewed_on: "2025-01-01"
"""


def write_report(root: Path) -> Path:
    target = root.parent / f"{root.name}-report.html"
    assert main(["report", "--root", str(root), "--html", str(target)]) == 0
    return target


@pytest.fixture
def failing(mini: Path) -> Path:
    """acme-northam-stake fails: its quoted "60% stake" now reads "65% share" in the source."""
    replace_in(mini / "sources/acme-note.txt", "60% stake", "65% share")
    return mini


@pytest.fixture
def conflicting(mini: Path) -> Path:
    path = mini / "claims/facts.yaml"
    path.write_text(path.read_text(encoding="utf-8") + CONFLICTING, encoding="utf-8")
    return mini


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """``open_page(report, fragment, **context)``: a watched page showing the report; checked for errors and requests after the test."""
    watched = Watched()
    pages: list[Any] = []

    def opener(report: Path, fragment: str = "/summary", **context: Any) -> Any:
        page = watched_page(browser, report, watched, **({"viewport": {"width": 1200, "height": 800}} | context))
        pages.append(page)
        open_report(page, report, fragment)
        return page

    yield opener
    for page in pages:
        page.context.close()
    assert watched.errors == [], "console errors"
    assert watched.requests == [], "network requests"


def visible_claim_ids(page: Any) -> list[str]:
    return page.locator("table.claims tbody th a").all_inner_texts()


def test_document_highlights_one_mark_per_cited_quote(mini: Path, open_page):
    page = open_page(write_report(mini), "/doc/acme-note")
    marks = page.locator("article.document mark.hl")
    assert marks.count() == 4  # acme-note is cited by four claims' quotes, none overlapping
    assert page.locator("article.document mark.hl.exact").count() == 4
    assert "Picture: Some Photographer" in page.locator("article.document .boiler").all_inner_texts()
    page.goto(page.url.split("#")[0] + "#/doc/other-paper")
    page.wait_for_selector("article.document.loaded")
    assert page.locator("article.document mark.hl").count() == 0
    assert page.locator("article.document .uncited").count() == 2  # no claim cites either sentence


def test_hovering_a_highlight_names_its_claim_and_clicking_opens_it(mini: Path, open_page):
    page = open_page(write_report(mini), "/doc/acme-note")
    mark = page.locator("article.document mark.hl", has_text="60% stake")
    mark.hover()
    popover = page.locator("#popover")
    assert popover.is_visible()
    assert "acme-northam-stake" in popover.inner_text() and "passed" in popover.inner_text()
    mark.click()
    page.wait_for_url(re.compile(r"#/claim/acme-northam-stake$"))
    assert page.locator("h1").inner_text().startswith("acme-northam-stake")


def test_filtering_on_failed_leaves_exactly_the_failing_claims_and_the_url_keeps_it(failing: Path, open_page):
    page = open_page(write_report(failing), "/claims")
    assert len(visible_claim_ids(page)) == 4
    page.select_option("select[name=status]", "fail")
    assert visible_claim_ids(page) == ["acme-northam-stake"]
    assert "status=fail" in page.url
    page.reload()
    page.wait_for_selector("html[data-ready]")
    assert visible_claim_ids(page) == ["acme-northam-stake"]
    assert page.locator("select[name=status]").input_value() == "fail"
    page.select_option("select[name=status]", "pass")
    assert sorted(visible_claim_ids(page)) == ["acme-form", "acme-founded", "acme-rating"]


def test_search_and_sort_change_the_rows(mini: Path, open_page):
    page = open_page(write_report(mini), "/claims")
    page.get_by_role("button", name=re.compile("^Claim")).click()
    assert visible_claim_ids(page) == sorted(visible_claim_ids(page))
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Claim")
    page.get_by_role("button", name=re.compile("^Claim")).click()
    assert visible_claim_ids(page) == sorted(visible_claim_ids(page), reverse=True)
    page.fill("input[name=q]", "northam")
    expect(page.locator("table.claims tbody tr")).to_have_count(1)
    assert visible_claim_ids(page) == ["acme-northam-stake"]
    assert "q=northam" in page.url


def test_failing_claim_shows_the_drift_side_by_side(failing: Path, open_page):
    page = open_page(write_report(failing), "/claim/acme-northam-stake")
    drift = page.locator(".drift")
    assert drift.locator("del").all_inner_texts() == ["60% stake"]
    assert drift.locator("ins").all_inner_texts() == ["65% share"]
    page.get_by_role("link", name="Show the nearest text in the document").click()
    page.wait_for_selector("article.document.loaded")
    near = page.locator("article.document mark.hl.near")
    assert near.count() == 1 and "65% share" in near.inner_text()
    assert page.locator("article.document mark.hl.exact").count() == 3


def test_clicking_a_quote_brings_its_highlight_into_view(mini: Path, open_page):
    page = open_page(write_report(mini), "/claim/acme-rating", viewport={"width": 800, "height": 260})
    page.locator("blockquote.quote a").click()
    page.wait_for_selector("article.document.loaded")
    current = page.locator("article.document mark.hl.current")
    assert current.count() == 1
    assert "rated its services Good in 2019." in current.inner_text()
    current.wait_for(state="visible")
    box, height = current.bounding_box(), page.viewport_size["height"]
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height
    assert page.evaluate("document.activeElement.classList.contains('current')")


def test_conflicts_side_by_side_with_the_reviewer_of_the_acknowledged_one(conflicting: Path, open_page):
    page = open_page(write_report(conflicting), "/conflicts")
    cards = page.locator("article.conflict")
    assert cards.count() == 2
    acknowledged = page.locator("article.conflict.acknowledged")
    assert ACKNOWLEDGED_BY in acknowledged.inner_text()
    assert acknowledged.locator(".side.prevails h3").inner_text().startswith("acme-founded")
    open_one = page.locator("article.conflict.unreviewed")
    values = open_one.locator(".side dd").all_inner_texts()
    assert "60%" in values and "55%" in values
    stale = page.locator("section.stale")
    assert stale.is_visible() and "[stale-acknowledgement]" in stale.inner_text()
    page.select_option("select[name=status]", "acknowledged")
    expect(page.locator("article.conflict")).to_have_count(1)
    assert "status=acknowledged" in page.url


def test_keyboard_reaches_the_filters_and_the_rows(mini: Path, open_page):
    page = open_page(write_report(mini), "/claims")
    reached: list[str] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(
            "(() => { const e = document.activeElement; return e.closest('tbody') ? 'row' : (e.name || e.tagName.toLowerCase()); })()"))
    assert {"status", "source", "q"} <= set(reached)
    assert "row" in reached
    page.keyboard.press("Shift+Tab")
    while page.evaluate("!document.activeElement.closest('tbody')"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#/claim/"))


def test_summary_counts_and_landmarks(failing: Path, open_page):
    page = open_page(write_report(failing))
    assert "1 of 4 claims failed" in page.locator(".verdict").inner_text()
    assert page.locator("main").count() == 1 and page.locator("nav").count() >= 1 and page.locator("h1").count() == 1
    assert page.locator("table").first.locator("tbody tr").count() == 2  # coverage per source


def test_narrow_screen_has_no_sideways_scrolling_and_print_hides_navigation(conflicting: Path, open_page):
    report = write_report(conflicting)
    for fragment in ("/summary", "/claims", "/conflicts", "/doc/acme-note", "/claim/acme-founded"):
        page = open_page(report, fragment, viewport={"width": 360, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), fragment
    page.emulate_media(media="print")
    assert not page.locator("header nav").is_visible()


def test_values_from_the_registry_are_shown_as_text_never_run(mini: Path, open_page):
    hostile = "Acme </script><script>window.pwned = 1</script><img src=x onerror='window.pwned = 2'> {{data}}"
    replace_in(mini / "claims/facts.yaml", "statement: Acme Widgets was founded in 2014.", f"statement: \"{hostile}\"")
    report = write_report(mini)
    page = open_page(report, "/claims")
    assert page.evaluate("window.pwned") is None
    assert page.locator("img").count() == 0
    assert hostile in page.locator("table.claims").inner_text()


def test_html_and_pdf_sources_show_their_extracted_text_provenance_and_live_links(tmp_path: Path, open_page):
    root = tmp_path / "documents"
    shutil.copytree(FIXTURES / "documents", root)
    report = write_report(root)
    page = open_page(report, "/doc/gazette-2025-library-hours")
    facts = page.locator("dl.facts").inner_text()
    assert "a3eb16476f744a5882c93d969f3f1a6ac298895a54b8c75f2ea97224c2de7195" in facts and "2025-03-20" in facts
    assert page.get_by_role("link", name="https://harbour-gazette.example/news/2025/03/eastmere-library-hours").count() == 1
    cited = page.locator("article.document mark.hl.exact")
    assert cited.count() == 3  # the fixture's three quotes from the gazette page
    page.goto(report.resolve().as_uri() + "#/claim/eastmere-library-hours-28-gazette2025")
    page.wait_for_selector("html[data-ready]")
    live = page.get_by_role("link", name="Open the live document").first
    assert live.get_attribute("href").startswith("https://harbour-gazette.example/") and ":~:text=" in live.get_attribute("href")
    page.goto(report.resolve().as_uri() + "#/doc/northfield-2025-annual-report")
    page.wait_for_selector("article.document.loaded")
    assert page.locator("article.document mark.hl.exact").count() == 6  # the fixture's six quotes from the PDF
