"""The site folder: only one infoview made is ever written over."""

from __future__ import annotations

from pathlib import Path

from infoview_build.edit.files.durable import write_new
from infoview_build.notes.cache import CACHE_DIR
from infoview_build.notes.errors import InfoviewError

SITE_MARKER = ".infoview-site"
"""Left in every site folder infoview builds; only such a folder is ever written over."""


def claim_site_dir(site_dir: Path, root: Path) -> None:
    """Refuse a site folder that holds anything infoview did not make; then mark it ours.

    MkDocs empties its site folder before writing, so pointing ``--site-dir`` at the
    wrong place (``contacts``, ``~``) would delete a person's files.
    """
    site = Path(site_dir).expanduser().resolve()
    base = Path(root).resolve()
    protected = {base, Path.home().resolve(), Path(site.anchor)}
    kept = ("contacts", "interviews", "docs", CACHE_DIR)
    protected |= {base / name for name in kept}
    if site in protected or base.is_relative_to(site) or any(
        site.is_relative_to(base / name) for name in kept
    ):
        raise InfoviewError(f"refusing to build the site into {site_dir}: it holds your notes "
                            "or contains the knowledge base; choose another --site-dir")
    if site.exists() and not site.is_dir():
        raise InfoviewError(f"refusing to build the site into {site_dir}: it is a file")
    if site.is_dir() and any(site.iterdir()) and not (site / SITE_MARKER).is_file():
        raise InfoviewError(f"refusing to build the site into {site_dir}: the folder is not "
                            "empty and was not made by infoview; empty it or choose another "
                            "--site-dir")
    site.mkdir(parents=True, exist_ok=True)
    if not (site / SITE_MARKER).is_file():
        write_new(site / SITE_MARKER, "This folder is built by infoview and replaced on every "
                                      "build.\n")
