"""The site's Pagefind index: what answers Material's search box over http.

Material's own search (lunr) downloads the whole index and builds it again in the browser
on every page load: seconds at a few thousand notes. Pagefind (the ``pagefind`` binary,
shipped in the ``pagefind_bin`` wheel) writes an index in small pieces, of which a search
loads only the few it needs. ``data/infoview-pagefind-worker.js`` answers Material's
search box from it; from ``file://``, where browsers refuse Pagefind's modules, Material's
lunr index is still used.

Pagefind is not given the built pages (their theme, navigation and sidebar are most of
their bytes): as each page is built, a small page of its own is written into a scratch
folder, the page's content under its title, at the address the page has on the site. A
page that gathers what many notes say (the dashboard, lists, checklists, topic and
question pages) is given by its title alone, so that a name's own pages come first. A
public site's pages are cleaned first, as the built pages are (``redact_html``). Then one
run of Pagefind indexes the folder into ``pagefind/`` of the site; ``serve`` runs it
again after the pages that changed are rewritten.
"""

from __future__ import annotations

import html
import json
import subprocess
from pathlib import Path

from infoview_build.edit.files import (
    new_folder,
    remove_file,
    remove_folder,
    replace_folder,
    replace_output,
)
from infoview_build.notes.errors import InfoviewError
from infoview_build.site.redact_html import redact_html

FOLDER = "pagefind"
"""Where the index goes in the site (pagefind.js loads its pieces from beside itself)."""
SETTINGS = "search/infoview-pagefind.json"
"""What Material's search box downloads in place of ``search_index.json`` over http: the
index's settings and no pages."""
ARGUMENTS = ("--include-characters", "-", "--exclude-selectors", ".headerlink", "--quiet")
"""A hyphenated word ("on-call") is one word as well as its parts; the ¶ of a heading's
permalink is no text."""
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.",
          "pagefind-highlight.")
"""Files Pagefind writes for search boxes of its own, which the site does not use."""
TIMEOUT = 600
"""Seconds Pagefind may take before the build gives up on it."""


def executable() -> str:
    """The Pagefind binary of the ``pagefind_bin`` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise InfoviewError("the search index needs Pagefind: pip install 'pagefind[bin]'") \
            from None
    return str(get_executable())


class SearchPages:
    """The pages given to Pagefind, in a scratch folder kept until ``close``."""

    def __init__(self, language: str = "en", regions: tuple[str, ...] | None = None) -> None:
        self.folder = new_folder("infoview-pagefind-")
        self.language = language
        self.regions = regions
        """A public site: the regions whose phone numbers are looked for."""

    def add(self, address: str, title: str, content: str | None) -> None:
        """Give Pagefind the page found at ``address`` (its path in the site); with
        ``content`` None, by its title alone."""
        heading = html.escape(title)
        body = f"<h1>{heading}</h1>" if content is None else content
        page = (f'<!doctype html><html lang="{html.escape(self.language)}"><head>'
                f'<meta charset="utf-8"><title>{heading}</title></head><body>'
                f"<main data-pagefind-body>{body}</main></body></html>")
        if self.regions is not None:
            page = redact_html(page, self.regions)
        path = self.folder / address
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_output(path, page.encode("utf-8"))

    def index(self, site_dir: Path | str, settings: dict) -> None:
        """Index the pages given so far into the site's ``pagefind/`` (replaced whole: a
        reader meanwhile searches the old index), and write ``SETTINGS``."""
        site = Path(site_dir)
        fresh = site / f".{FOLDER}.infoview-build-new"
        remove_folder(fresh)
        try:
            done = subprocess.run(
                [executable(), "--site", str(self.folder), "--output-path", str(fresh),
                 *ARGUMENTS],
                capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            remove_folder(fresh)
            raise InfoviewError(f"Pagefind could not index the site: {exc}") from None
        if done.returncode != 0 or not (fresh / "pagefind.js").is_file():
            remove_folder(fresh)
            said = (done.stderr or done.stdout).strip().splitlines()
            raise InfoviewError("Pagefind could not index the site: "
                                + (said[-1] if said else f"exit status {done.returncode}"))
        for path in fresh.iterdir():  # Pagefind's own search boxes: Material's is used
            if path.name.startswith(UNUSED) and path.is_file():
                remove_file(path)
        replace_folder(fresh, site / FOLDER)
        target = site / SETTINGS
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_output(target, json.dumps({"config": settings, "docs": []}).encode("utf-8"))

    def close(self) -> None:
        remove_folder(self.folder)
