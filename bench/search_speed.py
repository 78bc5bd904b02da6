"""Size of the search indexes and the time to a first search result, at 1,000 and 3,000 notes.

Usage: python bench/search_speed.py [--notes 1000 3000] [--runs 3] [--site DIR]

For each size, a synthetic knowledge base (bench/generate.py: a third contacts, two thirds
interviews) is built with the repository's mkdocs.yml, then Debian's headless Chromium
opens the dashboard in a fresh profile, types a contact's name into the search box at once,
and waits for the first result (over http: Pagefind, which loads only the pieces of its
index the query needs); then the same on the next page opened (a contact's), and from
file:// in another fresh profile (Material's lunr, which loads search_index.js and builds
its index first, on every page load). The script prints the sizes of both indexes and the
median time to the first result of each.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out" / "search"
BIN = Path(sys.executable).parent
TODAY = "2026-11-26"
CHROMIUM = os.environ.get("INFOVIEW_CHROMIUM", "/usr/bin/chromium")
sys.path.insert(0, str(BENCH))
from generate import generate  # noqa: E402


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass


def build(notes: int) -> Path:
    root = OUT / f"kb-{notes}"
    shutil.rmtree(root, ignore_errors=True)
    generate(root, notes // 3)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    subprocess.run([str(BIN / "infoview"), "build", "--today", TODAY], cwd=root, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return root / "site"


def _first_result(page, query: str) -> float:
    start = time.perf_counter()
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material reads the box on a key going up: a paste with the keys
    page.locator(".md-search-result__item").first.wait_for(timeout=120_000)
    return time.perf_counter() - start


def first_result_seconds(site: Path, query: str, runs: int) -> dict[str, float]:
    """Median seconds to the first result: over http on the dashboard of a fresh profile,
    then on the next page opened (a contact's), and from file:// in a fresh profile."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    contact = next(iter(sorted((site / "contacts").glob("*.html"))))
    times: dict[str, list[float]] = {"http": [], "http, next page": [], "file://": []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox"])
            for _ in range(runs):
                context = browser.new_context()  # a fresh profile: nothing cached
                page = context.new_page()
                page.goto(f"{base}/index.html", wait_until="domcontentloaded")
                times["http"].append(_first_result(page, query))
                page.goto(f"{base}/contacts/{contact.name}", wait_until="domcontentloaded")
                times["http, next page"].append(_first_result(page, query))
                context.close()
                context = browser.new_context()
                page = context.new_page()
                page.goto((site / "index.html").as_uri(), wait_until="domcontentloaded")
                times["file://"].append(_first_result(page, query))
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    return {kind: statistics.median(values) for kind, values in times.items()}


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, help="time this built site instead of "
                        "building one (its notes counted from its pages)")
    args = parser.parse_args()
    site = args.site.resolve() if args.site else None
    sites = [(len(list(site.glob("*/*.html"))), site)] if site \
        else [(notes, build(notes)) for notes in args.notes]
    for notes, site in sites:
        index = (site / "search" / "search_index.json").stat().st_size
        pagefind = _size(site / "pagefind") if (site / "pagefind").is_dir() else 0
        seconds = first_result_seconds(site, "Quill", args.runs)
        shown = ", ".join(f"{kind} {value:5.2f} s" for kind, value in seconds.items())
        print(f"{notes:>6} pages: search_index.json {index / 1e6:5.2f} MB, pagefind/ "
              f"{pagefind / 1e6:5.2f} MB; first result: {shown}")


if __name__ == "__main__":
    main()
