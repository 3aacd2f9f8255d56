"""The HTML report in a real browser: how big it is and how soon its claims table is usable; and its screenshots.

    python3 -m benchmarks.report_html time [--claims 50000 ...]   the benchmark registry (generated as benchmarks.run does)
    python3 -m benchmarks.report_html time --root DIR              any registry
    python3 -m benchmarks.report_html screenshots [--out docs]     the sample registry, one screenshot per page kind

Timing opens the report from file:// in headless Debian Chromium (benchmarks/browser.py) and reads:

- ``ready``: milliseconds from navigation start until the page's script has rendered the first page of
  the claims table (the ``claimcheck-ready`` performance mark);
- ``usable``: wall-clock seconds from ``goto`` until the first row is visible, as a person sees it
  (the browser goes on parsing the document blocks after the script meanwhile);
- ``loaded``: milliseconds from navigation start until the load event (the whole file parsed);
- ``filter``: seconds from choosing status = failed until the table shows the failing claims;
- ``document``: seconds to open the largest document with its highlights.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.browser import Watched, chromium, open_report, watched_page
from benchmarks.corpus import Spec, ensure_corpus

REPO = Path(__file__).resolve().parent.parent


def write(root: Path, target: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "checker", "report", "--no-cache", "--root", str(root), "--html", str(target)], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure_once(browser: Any, report: Path, largest_doc: str | None) -> dict[str, float]:
    watched = Watched()
    page = watched_page(browser, report, watched, viewport={"width": 1280, "height": 900})
    started = time.perf_counter()
    open_report(page, report, "/claims", wait_until="commit")
    page.wait_for_selector("table.claims tbody tr")
    usable = time.perf_counter() - started
    ready = page.evaluate("performance.getEntriesByName('claimcheck-ready')[0].startTime")
    page.wait_for_load_state("load")
    loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart")
    started = time.perf_counter()
    page.select_option("select[name=status]", "fail")
    page.wait_for_function("() => [...document.querySelectorAll('table.claims tbody tr')].every(r => r.classList.contains('fail'))")
    filtered = time.perf_counter() - started
    figures = {"ready_ms": ready, "usable_s": usable, "loaded_ms": loaded, "filter_s": filtered}
    if largest_doc:
        started = time.perf_counter()
        page.evaluate(f"location.hash = '#/doc/{largest_doc}'")
        page.wait_for_selector("article.document.loaded")
        figures["document_s"] = time.perf_counter() - started
    page.context.close()
    if watched.errors or watched.requests:
        raise SystemExit(f"the page misbehaved: errors {watched.errors[:3]}, requests {watched.requests[:3]}")
    return figures


def time_report(root: Path, repeat: int, existing: Path | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report = existing or Path(tmp) / "report.html"
        seconds = None if existing else write(root, report)
        sources = sorted((root / "sources").glob("*.txt"), key=lambda p: p.stat().st_size)
        largest = sources[-1].stem if sources else None
        with chromium() as browser:
            runs = [measure_once(browser, report, largest) for _ in range(repeat)]
        size = report.stat().st_size
    print(f"registry: {root}")
    made = "given with --html" if seconds is None else f"written in {seconds:.1f} s (claimcheck report --no-cache: the whole check and the page)"
    print(f"report {made}; {size / 1e6:.1f} MB")
    for key in runs[0]:
        values = [r[key] for r in runs]
        print(f"{key}: median {statistics.median(values):.2f} (runs: {', '.join(f'{v:.2f}' for v in values)})")


def screenshots(out: Path) -> None:
    """Summary, claims, a claim with a drifted quote, a document, conflicts: from the sample registry
    (the drifted claim from a copy in which one source's "20% stake" became "25% share")."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "registry"
        for part in ("sources", "claims"):
            shutil.copytree(REPO / part, copy / part)
        source = copy / "sources/community-care-2019-kingston-outstanding.txt"
        source.write_text(source.read_text(encoding="utf-8").replace("20% stake", "25% share"), encoding="utf-8")
        report = Path(tmp) / "report.html"
        write(copy, report)
        shots = {
            "summary": "/summary",
            "claims": "/claims?status=fail",
            "claim": "/claim/ownership-afc-share-windsor-maidenhead-20pc-cc2019",
            "document": "/doc/cc-2019-kingston-outstanding?claim=ownership-afc-share-windsor-maidenhead-20pc-cc2019&ev=0",
            "conflicts": "/conflicts",
        }
        with chromium() as browser:
            for name, fragment in shots.items():
                watched = Watched()
                page = watched_page(browser, report, watched, viewport={"width": 1280, "height": 860})
                open_report(page, report, fragment)
                page.wait_for_timeout(150)
                page.screenshot(path=str(out / f"report-{name}.png"), full_page=name == "claim")  # the drift sits below the fold
                page.context.close()
                print(f"{out / f'report-{name}.png'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m benchmarks.report_html", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    timing = sub.add_parser("time", help="size of the report and time until its claims table is usable")
    timing.add_argument("--root", type=Path, help="a registry (default: the benchmark registry for the spec below)")
    timing.add_argument("--sources", type=int, default=2000)
    timing.add_argument("--claims", type=int, default=50_000)
    timing.add_argument("--mb", type=float, default=100.0)
    timing.add_argument("--drift", type=float, default=0.02)
    timing.add_argument("--seed", type=int, default=1)
    timing.add_argument("--dir", type=Path, default=None, help="where corpora are kept (as in benchmarks.run)")
    timing.add_argument("--repeat", type=int, default=3)
    timing.add_argument("--html", type=Path, default=None, help="time this report of the registry instead of writing one")
    shots = sub.add_parser("screenshots", help="one screenshot per page kind of the sample registry's report")
    shots.add_argument("--out", type=Path, default=REPO / "docs")
    args = parser.parse_args(argv)
    if args.what == "screenshots":
        screenshots(args.out)
        return 0
    root = args.root or ensure_corpus(Spec(args.sources, args.claims, args.mb, args.drift, args.seed), args.dir)
    time_report(root, args.repeat, args.html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
