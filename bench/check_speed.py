"""Time `infoview check` on a synthetic knowledge base of ~10,000 notes.

Usage: python bench/check_speed.py [--contacts 3334] [--runs 5]

Each run is a fresh process (imports and all: "cold"). Where the machine allows it
(root on Linux), the page cache is dropped before each run so the files come from disk.
For scale, the script also times PyYAML's C loader alone on the same front matter.
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

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import cached  # noqa: E402


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def c_loader_seconds(root: Path) -> float:
    texts = []
    for path in sorted(root.glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        texts.append(text[4 : text.index("\n---", 4)])
    start = time.perf_counter()
    for text in texts:
        yaml.load(text, Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=3334)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root = cached(args.contacts)
    notes = sum(1 for _ in root.glob("*/*.md"))
    infoview = shutil.which("infoview") or str(Path(sys.executable).parent / "infoview")
    # --no-cache: this times a cold check; bench/live_speed.py times the warm one
    command = [infoview, "check", "--no-cache", "--root", str(root), "--today", "2026-11-26"]
    times = []
    cold = True
    for _ in range(args.runs):
        cold = drop_caches() and cold
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            sys.exit(f"infoview check failed:\n{result.stderr}")
    cache = "page cache dropped before each run" if cold else "page cache warm (could not drop)"
    print(f"infoview check on {notes} notes, {os.cpu_count()} cores, {cache}")
    print(f"  runs: {', '.join(f'{t:.2f}' for t in times)} s")
    print(f"  median: {statistics.median(times):.2f} s, best: {min(times):.2f} s")
    print(f"PyYAML CSafeLoader alone on the same front matter, one core: "
          f"{c_loader_seconds(root):.2f} s")


if __name__ == "__main__":
    main()
