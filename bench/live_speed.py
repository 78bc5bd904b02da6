"""Time what a person waits for while editing: a warm check, a repeat build, a live preview.

Usage: python bench/live_speed.py [--contacts 300 1000] [--check-contacts 3334] [--runs 5]
       [--parts build serve check]

For each N in --contacts (N contacts and 2N interviews, bench/generate.py, with the
repository's mkdocs.yml and docs/), each command in a fresh process:

- build: `infoview build --no-cache` (cold), `infoview build` twice (fills the cache, then
  nothing changed), then `infoview build` after one note changed: its time against the cold
  one (target ≤ 25 %);
- serve: `infoview serve --no-cache` started, then `infoview serve` (time until the first
  page is served), then --runs times: append a line to one note and time until its page
  is served with that line (target median ≤ 1.0 s at 3,000 notes), and until the whole
  site is current (the search index, written last, has the line).

Then `infoview check` on 3N' notes (--check-contacts N'): once to fill the cache, then the
median of --runs warm runs (target ≤ 0.25 s at 10,000 notes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out" / "live"
INFOVIEW = str(Path(sys.executable).parent / "infoview")
TODAY = "2026-11-26"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "INFOVIEW_TODAY": TODAY}
RACY = 2.1
"""Seconds to wait after writing notes: files changed more recently are never cached."""
sys.path.insert(0, str(BENCH))
from generate import generate  # noqa: E402


def knowledge_base(contacts: int, site: bool = True) -> Path:
    root = OUT / f"kb-{contacts}"
    shutil.rmtree(root, ignore_errors=True)
    generate(root, contacts)
    if site:
        shutil.copytree(REPO / "docs", root / "docs")
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    time.sleep(RACY)
    return root


def timed(*args: str, root: Path) -> float:
    start = time.perf_counter()
    subprocess.run([INFOVIEW, *args, "--root", str(root)], env=ENV, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def touch_note(root: Path, marker: str) -> str:
    """Append ``marker`` to the first contact; its page's address."""
    note = sorted((root / "contacts").glob("*.md"))[0]
    with note.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{marker}\n")
    return f"contacts/{note.stem}.html"


def bench_build(root: Path) -> None:
    cold = timed("build", "--no-cache", root=root)
    filling = timed("build", root=root)
    unchanged = timed("build", root=root)
    touch_note(root, "One more line.")
    one = timed("build", root=root)
    notes = sum(1 for _ in root.glob("*/*.md")) - sum(1 for _ in root.glob("docs/*.md"))
    print(f"{notes:>6} notes: build cold {cold:5.1f} s, filling the cache {filling:5.1f} s, "
          f"nothing changed {unchanged:5.1f} s, one note changed {one:5.1f} s "
          f"= {one / cold:.0%} of cold")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _served(url: str, marker: str | None) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return marker is None or marker in response.read().decode("utf-8", "replace")
    except OSError:
        return False


def _wait(url: str, marker: str | None, limit: float = 600) -> float:
    start = time.perf_counter()
    while not _served(url, marker):
        if time.perf_counter() - start > limit:
            raise SystemExit(f"{url} not served with {marker!r} within {limit} s")
        time.sleep(0.01)
    return time.perf_counter() - start


def _serve(root: Path, port: int, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([INFOVIEW, "serve", "--root", str(root), "--dev-addr",
                             f"127.0.0.1:{port}", *extra], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=60)


def bench_serve(root: Path, runs: int) -> None:
    port = _port()
    base = f"http://127.0.0.1:{port}/"
    start = time.perf_counter()
    server = _serve(root, port, "--no-cache")
    try:
        _wait(base + "index.html", None)
        uncached = time.perf_counter() - start
    finally:
        _stop(server)
    start = time.perf_counter()
    server = _serve(root, port)
    try:
        _wait(base + "index.html", None)
        startup = time.perf_counter() - start
        time.sleep(RACY)
        page_times, site_times = [], []
        for run in range(runs):
            marker = f"Edited in run {run} at {time.time_ns()}."
            edited = time.perf_counter()
            page = touch_note(root, marker)
            _wait(base + page, marker)
            page_times.append(time.perf_counter() - edited)
            # the whole site is current once the search index (written last) has the words
            _wait(base + "search/search_index.json", marker)
            site_times.append(time.perf_counter() - edited)
            time.sleep(RACY)
    finally:
        _stop(server)
    notes = sum(1 for _ in root.glob("*/*.md")) - sum(1 for _ in root.glob("docs/*.md"))
    print(f"{notes:>6} notes: serve startup {startup:5.1f} s ({uncached:5.1f} s with --no-cache)")
    print(f"{notes:>6} notes: edit → page served "
          f"{', '.join(f'{t:.2f}' for t in page_times)} s, median "
          f"{statistics.median(page_times):.2f} s")
    print(f"{notes:>6} notes: edit → whole site current (search index) "
          f"{', '.join(f'{t:.2f}' for t in site_times)} s, median "
          f"{statistics.median(site_times):.2f} s")


def bench_check(contacts: int, runs: int) -> None:
    root = knowledge_base(contacts, site=False)
    cold = timed("check", "--no-cache", root=root)
    timed("check", root=root)
    warm = [timed("check", root=root) for _ in range(runs)]
    notes = sum(1 for _ in root.glob("*/*.md"))
    print(f"{notes:>6} notes: check without cache {cold:.2f} s; warm "
          f"{', '.join(f'{t:.2f}' for t in warm)} s, median {statistics.median(warm):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--check-contacts", type=int, default=3334)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--parts", nargs="+", choices=["build", "serve", "check"],
                        default=["build", "serve", "check"], help="what to time [all]")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; each command a fresh process")
    for contacts in args.contacts if {"build", "serve"} & set(args.parts) else []:
        root = knowledge_base(contacts)
        if "build" in args.parts:
            bench_build(root)
        if "serve" in args.parts:
            bench_serve(root, args.runs)
    if "check" in args.parts:
        bench_check(args.check_contacts, args.runs)


if __name__ == "__main__":
    main()
