"""Time `infoview build` against a plain `mkdocs build` of the same rendered pages.

Usage: python bench/site_speed.py [--contacts 1000] [--runs 3]

For N contacts and 2N interviews (bench/generate.py), and again for 2N and 4N, the script
writes the repository's mkdocs.yml and docs/ beside the notes, then times, each in a fresh
process:

- `infoview build`: load, check, render and build with MkDocs (the infoview plugin);
- `mkdocs build` of the very same pages, written out as plain Markdown files with the same
  theme, nav and `not_in_nav` (the infoview plugin left out): the cost of MkDocs alone.

It prints the median seconds of each, their ratio (target ≤ 1.1), and, for the doubled
notes, the time and site-size ratios against the first size (target ≤ 2.2).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out" / "site"
BIN = Path(sys.executable).parent
TODAY = "2026-11-26"
sys.path.insert(0, str(BENCH))
from generate import generate  # noqa: E402

sys.path.insert(0, str(REPO))
from infoview_build.notes.knowledge import load_knowledge_base  # noqa: E402
from infoview_build.site.plugin import ASSETS, DATA, NAV_PAGES  # noqa: E402
from infoview_build.site.render import render_site  # noqa: E402


def knowledge_base(root: Path, contacts: int) -> None:
    generate(root, contacts)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")


def plain_copy(root: Path, plain: Path) -> None:
    """The pages infoview renders, as ordinary files of an ordinary MkDocs project."""
    kb = load_knowledge_base(root, date.fromisoformat(TODAY))
    shutil.copytree(root / "docs", plain / "docs")
    for path, markdown in render_site(kb, date.fromisoformat(TODAY)).items():
        target = plain / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    for name, path in ASSETS.items():
        (plain / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / name, plain / "docs" / path)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if p != "infoview"]
    config["nav"] = [*NAV_PAGES, "about.md"]
    config["not_in_nav"] = "/contacts/*\n/interviews/*\n/checklists/*\n"
    config["extra_css"] = [ASSETS["infoview.css"]]
    config["extra"] = {"polyfills": [ASSETS["infoview-iframe-worker.js"]]}
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def timed(command: list[str], cwd: Path, runs: int) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "INFOVIEW_TODAY": TODAY}
    times = []
    for _ in range(runs):
        shutil.rmtree(cwd / "site", ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(contacts: int, runs: int) -> tuple[float, float, int]:
    root = OUT / f"kb-{contacts}"
    plain = OUT / f"plain-{contacts}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(plain, ignore_errors=True)
    knowledge_base(root, contacts)
    plain_copy(root, plain)
    ours = timed([str(BIN / "infoview"), "build", "--today", TODAY], root, runs)
    theirs = timed([str(BIN / "mkdocs"), "build", "--quiet"], plain, runs)
    site_bytes = size(root / "site")
    notes = contacts * 3
    print(f"{notes:>6} notes: infoview build {ours:6.1f} s, plain mkdocs build {theirs:6.1f} s, "
          f"ratio {ours / theirs:4.2f}; site {site_bytes / 1e6:6.1f} MB")
    return ours, theirs, site_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    one = measure(args.contacts, args.runs)
    two = measure(args.contacts * 2, args.runs)
    print(f"doubling the notes: time × {two[0] / one[0]:.2f}, site size × {two[2] / one[2]:.2f}")


if __name__ == "__main__":
    main()
