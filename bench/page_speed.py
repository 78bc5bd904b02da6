"""Time Python-Markdown on the biggest generated pages: the listing pages infoview renders.

Usage: python bench/page_speed.py [--contacts 1000] [--top 12] [--runs 3]

For N contacts and 2N interviews (bench/generate.py) beside the repository's mkdocs.yml,
the script renders the site
(`render_site`) and converts each of the --top biggest pages with the Markdown extensions
of the repository's mkdocs.yml, the way MkDocs does (one `markdown.Markdown` per page),
printing each page's size and its best CPU time of --runs, then the sums.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from datetime import date
from pathlib import Path

import markdown
import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out" / "pages"
TODAY = date(2026, 11, 26)
sys.path.insert(0, str(BENCH))
from generate import generate  # noqa: E402

sys.path.insert(0, str(REPO))
from infoview_build.notes.knowledge import load_knowledge_base  # noqa: E402
from infoview_build.site.render import render_site  # noqa: E402


def extensions() -> tuple[list, dict]:
    """The Markdown extensions and their options, as the repository's mkdocs.yml lists them."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        name, settings = (next(iter(entry.items())) if isinstance(entry, dict)
                          else (entry, None))
        names.append(name)
        if settings:
            options[name] = settings
    return names, options


def body(page: str) -> str:
    """The page without its front matter, as MkDocs hands it to Markdown."""
    if page.startswith("---\n"):
        end = page.find("\n---\n", 4)
        if end != -1:
            return page[end + 5:]
    return page


def convert(text: str, names: list, options: dict) -> float:
    """CPU seconds to convert ``text``: steadier than the wall clock on a shared machine."""
    start = time.process_time()
    markdown.Markdown(extensions=names, extension_configs=options).convert(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = OUT / f"kb-{args.contacts}"
    shutil.rmtree(root, ignore_errors=True)
    generate(root, args.contacts)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")  # its URL style, for the links
    kb = load_knowledge_base(root, TODAY)
    start = time.process_time()
    pages = render_site(kb, TODAY)
    rendered = time.process_time() - start
    names, options = extensions()
    biggest = sorted(pages, key=lambda p: len(pages[p]), reverse=True)[:args.top]
    total_size = total_time = 0.0
    print(f"{args.contacts} contacts, {2 * args.contacts} interviews; "
          f"render_site {rendered:.2f} s for {len(pages)} pages")
    for path in biggest:
        text = body(pages[path])
        best = min(convert(text, names, options) for _ in range(args.runs))
        size = len(text.encode("utf-8")) / 1e6
        total_size += size
        total_time += best
        print(f"{path:32} {size:5.2f} MB {best:6.2f} s")
    print(f"{'total':32} {total_size:5.2f} MB {total_time:6.2f} s")


if __name__ == "__main__":
    main()
