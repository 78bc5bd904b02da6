"""Time what `--public` costs: the public view alone, and a whole public build.

Usage: python bench/public_speed.py [--notes 1000] [--runs 3]

For the example knowledge base of the repository and for a synthetic one of about N notes
(bench/generate.py: N/3 contacts, 2N/3 interviews, ~2 KB bodies), it prints the median
seconds of `public_view` on the loaded notes (in this process) and of `infoview build
--public` (a fresh process each run, as a user runs it). Then the same synthetic notes
with a private section and a phone number added to every body, where every body has to be
read by Python-Markdown: `public_view` alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BIN = Path(sys.executable).parent
TODAY = "2026-12-01"
sys.path.insert(0, str(BENCH))
from generate import generate  # noqa: E402

sys.path.insert(0, str(REPO))
from infoview_build.notes.knowledge import load_knowledge_base  # noqa: E402
from infoview_build.plan.public import public_regions, public_view  # noqa: E402
from infoview_build.site.redact_html import redact_site  # noqa: E402


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(root: Path, site: Path, runs: int) -> tuple[float, float]:
    kb = load_knowledge_base(root, date.fromisoformat(TODAY))
    view = median_seconds(lambda: public_view(kb), runs)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(BIN / "infoview"), "build", "--public", "--root", str(root),
               "--today", TODAY, "--site-dir", str(site)]
    build = median_seconds(lambda: subprocess.run(command, env=env, check=True,
                                                  stdout=subprocess.DEVNULL), runs)
    return view, build


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        example = scratch / "example"
        for name in ("contacts", "interviews", "docs"):
            shutil.copytree(REPO / name, example / name)
        for name in ("mkdocs.yml", "infoview.yml"):
            if (REPO / name).is_file():
                shutil.copy(REPO / name, example / name)
        synthetic = scratch / "synthetic"
        generate(synthetic, max(args.notes // 3, 1))
        shutil.copytree(REPO / "docs", synthetic / "docs")
        shutil.copy(REPO / "mkdocs.yml", synthetic / "mkdocs.yml")
        for label, root in (("example", example), (f"{args.notes} notes", synthetic)):
            site = scratch / f"site-{root.name}"  # a site folder belongs to one base
            view, build = measure(root, site, args.runs)
            regions = public_regions(load_knowledge_base(root, date.fromisoformat(TODAY)))
            cleaned = []
            for _ in range(args.runs):
                shutil.rmtree(scratch / "cleaned", ignore_errors=True)
                shutil.copytree(site, scratch / "cleaned")
                start = time.perf_counter()
                redact_site(scratch / "cleaned", regions)
                cleaned.append(time.perf_counter() - start)
            print(f"{label}: public_view {view:.3f} s, infoview build --public {build:.2f} s, "
                  f"redact_site {statistics.median(cleaned):.2f} s")
        for path in sorted(synthetic.glob("*/*.md")):
            with path.open("a", encoding="utf-8") as note:
                note.write("\n## Private: pay\n\nSalary talk; call 07700 900123.\n\n## Next\n")
        kb = load_knowledge_base(synthetic, date.fromisoformat(TODAY))
        view = median_seconds(lambda: public_view(kb), args.runs)
        print(f"{args.notes} notes, each with a private section: public_view {view:.3f} s")


if __name__ == "__main__":
    main()
