"""Print the largest pages of a built site: no generated page may grow without bound.

Usage: python bench/page_size.py [--contacts 3334] [--linkedin 2000] [--top 15]
                                 [--limit 400] [--markdown]

For N contacts and 2N interviews (bench/generate.py; 3,334 contacts make 10,002 notes),
plus a synthetic LinkedIn Connections.csv of --linkedin rows imported with
`infoview import linkedin` (people never asked: prospects), beside the repository's
mkdocs.yml and docs/, the script runs `infoview build` and prints the --top largest HTML
pages of the site with their sizes, then how many pages exceed --limit KB (exit 1 if any).
The knowledge base is made once per size under bench/out/page-size/; the site is built
again every run. With --markdown it only renders the pages (`render_site`, no MkDocs) and
prints the largest Markdown pages instead: a minute rather than a quarter of an hour at
10,002 notes on a busy machine.

To measure another checkout (main before a change, say) with this venv, run its copy of
the script as ``PYTHONPATH=<checkout>:<venv>/lib/python3.X/site-packages python -S
<checkout>/bench/page_size.py``: an editable install would otherwise win.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out" / "page-size"
TODAY = "2026-11-26"
sys.path.insert(0, str(BENCH))
from generate import generate  # noqa: E402
from import_speed import connections  # noqa: E402

sys.path.insert(0, str(REPO))
from infoview_build.notes.knowledge import load_knowledge_base  # noqa: E402
from infoview_build.site.render import render_site  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "INFOVIEW_TODAY": TODAY}
INFOVIEW = [sys.executable, *(["-S"] if sys.flags.no_site else []), "-m", "infoview_build"]
"""The command, run as this Python is: under ``python -S`` with PYTHONPATH naming another
checkout first (and the venv's site-packages), the pages of that checkout are measured."""


def knowledge_base(contacts: int, rows: int) -> Path:
    """``bench/out/page-size/kb-N-R``: generated notes plus an imported LinkedIn export."""
    root = OUT / f"kb-{contacts}-{rows}"
    if (root / "mkdocs.yml").is_file():
        return root
    shutil.rmtree(root, ignore_errors=True)
    generate(root, contacts)
    if rows:
        export = OUT / f"Connections-{rows}.csv"
        export.parent.mkdir(parents=True, exist_ok=True)
        export.write_text(connections(rows), encoding="utf-8")
        subprocess.run([*INFOVIEW, "import", "linkedin", str(export),
                        "--root", str(root)], env=ENV, check=True, stdout=subprocess.DEVNULL)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def largest_html(root: Path, top: int) -> list[tuple[int, str]]:
    site = root / "site"
    shutil.rmtree(site, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([*INFOVIEW, "build", "--root", str(root), "--no-cache"],
                   env=ENV, check=True, stdout=subprocess.DEVNULL)
    print(f"built in {time.perf_counter() - started:.1f} s")
    sizes = sorted(((p.stat().st_size, str(p.relative_to(site)))
                    for p in site.rglob("*.html")), reverse=True)
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print(f"{len(sizes)} pages, site {total / 1e6:.1f} MB")
    return sizes


def largest_markdown(root: Path) -> list[tuple[int, str]]:
    started = time.perf_counter()
    pages = render_site(load_knowledge_base(root, date.fromisoformat(TODAY)),
                        date.fromisoformat(TODAY))
    print(f"rendered in {time.perf_counter() - started:.1f} s")
    sizes = sorted(((len(text.encode("utf-8")), path) for path, text in pages.items()),
                   reverse=True)
    print(f"{len(sizes)} generated pages")
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=3334)
    parser.add_argument("--linkedin", type=int, default=2000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--limit", type=int, default=400, help="KB")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    root = knowledge_base(args.contacts, args.linkedin)
    print(f"{args.contacts * 3} generated notes + {args.linkedin} imported contacts, "
          f"load {os.getloadavg()[0]:.2f}")
    sizes = largest_markdown(root) if args.markdown else largest_html(root, args.top)
    for size, path in sizes[:args.top]:
        print(f"{size / 1024:9.1f} KB  {path}")
    over = [path for size, path in sizes if size > args.limit * 1024]
    print(f"{len(over)} pages over {args.limit} KB")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
