"""``infoview build`` and ``serve``: the site."""

from __future__ import annotations

import os
from pathlib import Path

import click

from infoview_build.cli.app import (
    CONTEXT,
    main,
    public_option,
    resolve_today,
    root_option,
    today_option,
)


def no_cache_option(func):
    """``--no-cache``: make every page again, without reading or writing the build cache."""
    return click.option("--no-cache", is_flag=True,
                        help="Make every page again; leave .infoview-cache/ as it is.")(func)


@main.command(context_settings=CONTEXT)
@root_option
@today_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site [default: site_dir of mkdocs.yml, i.e. site/].")
@click.option("--strict", is_flag=True,
              help="Refuse on warnings too, in the notes and from MkDocs.")
@public_option
@no_cache_option
def build(root: Path, today, site_dir, strict: bool, public: bool, no_cache: bool) -> None:
    """Check the notes, then build the searchable site with MkDocs.

    Refuses to build when any note has an error (they are listed). The pages
    are rendered from contacts/ and interviews/ beside the hand-written pages
    in docs/, as set up in mkdocs.yml (which must list the infoview plugin).
    The site works from a web server and when opened from disk. Pages whose
    Markdown and surroundings did not change since the last build are taken
    from .infoview-cache/ (safe to delete) instead of being made again.

    \b
    Example:
      infoview build --root my-notes --today 2026-12-01
    """
    from infoview_build.site import publish  # MkDocs costs a third of a second to import

    built = publish.build_site(root, resolve_today(today), site_dir, strict, public,
                               cached=not no_cache)
    index = built.site_dir / "index.html"
    shown = os.path.relpath(index) if index.is_relative_to(Path.cwd()) else str(index)
    click.echo(f"Built {built.pages} pages: open {shown}")


@main.command(context_settings=CONTEXT)
@root_option
@today_option
@click.option("-a", "--dev-addr", metavar="IP:PORT",
              help="Address to serve on [default: dev_addr of mkdocs.yml, 127.0.0.1:8000].")
@public_option
@no_cache_option
def serve(root: Path, today, dev_addr, public: bool, no_cache: bool) -> None:
    """Serve the site on localhost; rebuild and reload it when a note changes.

    Watches contacts/, interviews/, docs/, infoview.yml and mkdocs.yml. A note
    saved with an error is reported here and the last good site stays up.
    Stop with Ctrl+C.

    \b
    Example:
      infoview serve --root my-notes --dev-addr 127.0.0.1:8001
    """
    from infoview_build.site import publish

    publish.serve_site(root, resolve_today(today), dev_addr, public, cached=not no_cache)

