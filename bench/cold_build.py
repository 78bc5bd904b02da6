"""A cold build at network size: wall time, CPU time and peak memory, private and public.

Usage: python bench/cold_build.py [--contacts 3334] [--parts cold public repeat]

Writes a synthetic knowledge base of N contacts and 2N interviews (bench/generate.py; the
default makes 10,002 notes) with the repository's mkdocs.yml and docs/, then runs, each in
a fresh process: `infoview build --no-cache` (cold), `infoview build --no-cache --public`,
and `infoview build` again after one note changed (repeat, with the cache the first build
left). For each it prints the wall seconds, the CPU seconds of the build and every process
it started (the page converters, Pagefind), the largest resident memory of any of them,
and the load average before and after: on a shared machine wall time varies with the load,
CPU time much less. Targets (issue 26): cold ≤ 35 s wall and ≤ 400 MB on 2 cores; public
≤ 1.15 × cold; repeat ≤ 10 % of cold.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out" / "cold"
BIN = Path(sys.executable).parent
TODAY = "2026-11-26"
sys.path.insert(0, str(BENCH))
from generate import generate  # noqa: E402


def knowledge_base(contacts: int) -> Path:
    root = OUT / f"kb-{contacts}"
    shutil.rmtree(root, ignore_errors=True)
    generate(root, contacts)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def timed(root: Path, *options: str) -> dict[str, float]:
    """Run one build in a child process; its wall and CPU seconds and peak memory (MB)."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(BIN / "infoview"), "build", "--today", TODAY, *options], cwd=root,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak": after.ru_maxrss / 1024, "load": load,
            "load after": os.getloadavg()[0]}


def show(name: str, figures: dict[str, float], cold: dict[str, float] | None) -> None:
    ratio = ""
    if cold is not None:
        ratio = (f" ({figures['wall'] / cold['wall']:.2f} × cold wall, "
                 f"{figures['cpu'] / cold['cpu']:.2f} × cold CPU)")
    print(f"{name:>8}: {figures['wall']:6.1f} s wall, {figures['cpu']:6.1f} s CPU, "
          f"peak {figures['peak']:5.0f} MB (max so far), load {figures['load']:.1f} → "
          f"{figures['load after']:.1f}{ratio}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=3334)
    parser.add_argument("--parts", nargs="+", default=["cold", "public", "repeat"],
                        choices=["cold", "public", "repeat"])
    args = parser.parse_args()
    root = knowledge_base(args.contacts)
    notes = len(list((root / "contacts").glob("*.md"))) + \
        len(list((root / "interviews").glob("*.md")))
    print(f"{notes:,} notes, {os.cpu_count()} cores")
    cold = None
    if "cold" in args.parts:
        cold = timed(root, "--no-cache")
        show("cold", cold, None)
    if "public" in args.parts:
        show("public", timed(root, "--no-cache", "--public", "--site-dir", "site-public"),
             cold)
    if "repeat" in args.parts:
        timed(root)  # the cache of a private build
        note = sorted((root / "contacts").glob("*.md"))[0]
        note.write_text(note.read_text(encoding="utf-8") + "\nOne more line.\n",
                        encoding="utf-8")
        show("repeat", timed(root), cold)


if __name__ == "__main__":
    main()
