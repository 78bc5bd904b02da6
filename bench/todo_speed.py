"""Time `infoview todo` on a synthetic knowledge base of ~10,000 notes.

Usage: python bench/todo_speed.py [--contacts 3334] [--runs 7] [--infoview PATH]

Each run is a fresh process (imports and all), as a person runs it, after one untimed run
that warms the caches. Then, in this process, the plan alone (``todo()`` on a loaded
knowledge base: checklists and their text, loading excluded). The horizon of "Coming up"
(DESIGN.md §1, "Seeing ahead") must not make ``todo`` more than 10 % slower than the plan
without it: run this once on each version (``--infoview`` for the command, PYTHONPATH for
the in-process part) and compare.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import cached  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=3334)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--format", default="text", choices=["text", "markdown", "json"])
    parser.add_argument("--infoview", help="the infoview executable to time (default: this "
                        "environment's)")
    args = parser.parse_args()
    root = cached(args.contacts)
    notes = sum(1 for _ in root.glob("*/*.md"))
    infoview = args.infoview or shutil.which("infoview") or str(
        Path(sys.executable).parent / "infoview")
    command = [infoview, "todo", "--root", str(root), "--today", "2026-11-26",
               "--format", args.format]
    subprocess.run(command, capture_output=True, check=False)  # warms the check cache
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            sys.exit(f"infoview todo failed:\n{result.stderr}")
    print(f"infoview todo --format {args.format} on {notes} notes, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.2f}")
    print(f"  runs: {', '.join(f'{t:.2f}' for t in times)} s")
    print(f"  median: {statistics.median(times):.2f} s, best: {min(times):.2f} s")
    plan_alone(root, args.format, args.runs)


def plan_alone(root: Path, fmt: str, runs: int) -> None:
    from datetime import date

    from infoview_build.notes.knowledge import load_knowledge_base
    from infoview_build.plan.todo import todo

    today = date(2026, 11, 26)
    kb = load_knowledge_base(root, today)
    times = []
    for _ in range(runs):
        kb.derived.clear()
        start = time.perf_counter()
        todo(kb, today, fmt)
        times.append(time.perf_counter() - start)
    print(f"plan alone (todo() on the loaded notes, {todo.__module__}):")
    print(f"  runs: {', '.join(f'{t:.3f}' for t in times)} s")
    print(f"  median: {statistics.median(times):.3f} s, best: {min(times):.3f} s")


if __name__ == "__main__":
    main()
