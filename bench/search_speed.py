"""Size of the search index and the time to a first search result, at 1,000 and 3,000 notes.

Usage: python bench/search_speed.py [--notes 1000 3000] [--runs 3]

For each size, a synthetic knowledge base (bench/generate.py: a third contacts, two thirds
interviews) is built with the repository's mkdocs.yml, then Debian's headless Chromium
opens the dashboard, types a contact's name into the search box at once, and waits for the
first result: Material downloads search_index.json and builds its index in a web worker
first, on every page load, so this is the wait a reader has after opening the site. The
script prints the index size (and bytes per note) and the median time to the first result.
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


def first_result_seconds(site: Path, query: str, runs: int) -> float:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    times = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox"])
            for _ in range(runs):
                page = browser.new_page()
                page.goto(url, wait_until="domcontentloaded")
                start = time.perf_counter()
                box = page.locator("input.md-search__input")
                box.click()
                box.fill(query)
                page.locator(".md-search-result__item").first.wait_for(timeout=120_000)
                times.append(time.perf_counter() - start)
                page.close()
            browser.close()
    finally:
        httpd.shutdown()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = []
    for notes in args.notes:
        site = build(notes)
        index = (site / "search" / "search_index.json").stat().st_size
        seconds = first_result_seconds(site, "Quill", args.runs)
        sizes.append((notes, index))
        print(f"{notes:>6} notes: search_index.json {index / 1e6:5.2f} MB "
              f"({index / notes:,.0f} bytes per note), first result {seconds:5.2f} s")
    if len(sizes) > 1:
        (n1, s1), (n2, s2) = sizes[0], sizes[-1]
        print(f"notes × {n2 / n1:.1f}: index × {s2 / s1:.2f}")


if __name__ == "__main__":
    main()
