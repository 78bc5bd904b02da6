"""``infoview build`` and ``serve``: the site."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from infoview_build.cli.app import (
    CONTEXT,
    echo,
    main,
    public_option,
    resolve_today,
    root_option,
    today_option,
)
from infoview_build.notes.errors import InfoviewError


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
    echo(f"Built {built.pages} pages: open {shown}")


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
    The calendar of 'infoview export ics' is served at /calendar.ics, made
    afresh at each request: a calendar app on this computer can subscribe to
    it. Stop with Ctrl+C.

    \b
    Example:
      infoview serve --root my-notes --dev-addr 127.0.0.1:8001
    """
    from infoview_build.interchange.export import calendar_feed
    from infoview_build.site import publish

    day = resolve_today(today)
    publish.serve_site(root, day, dev_addr, public, cached=not no_cache,
                       feeds={"calendar.ics": calendar_feed(root, day, public)})



@main.command(context_settings=CONTEXT)
@root_option
@today_option
@click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Publish into this folder (for any static host) instead of a branch.")
@click.option("--branch", default="gh-pages", show_default=True,
              help="Branch of the knowledge base's git repository to commit the site to.")
@click.option("--push", "push", is_flag=True,
              help="Push the branch to --remote after committing (GitHub Pages serves it).")
@click.option("--remote", default="origin", show_default=True, help="Remote to push to.")
@click.option("--dry-run", is_flag=True,
              help="Build and list what would become public; publish nothing.")
@click.option("--yes", "-y", is_flag=True,
              help="Publish without asking, even when something is public for the first time.")
@no_cache_option
def publish(root: Path, today, folder, branch: str, push: bool, remote: str, dry_run: bool,
            yes: bool, no_cache: bool) -> None:
    """Build the public site and publish it to a git branch or a folder.

    Only the public site is ever published (as 'infoview build --public'
    makes it: no private note, email address or phone number). First it lists
    what is new since the last publish: pages added, changed and removed,
    and every name, company and email- or number-like string shown for the
    first time (a private contact's name is flagged). On a terminal it asks
    before publishing anything new; --yes skips the question, and without a
    terminal --yes is required. A branch gets one commit per publish; your
    working tree, index and current branch are never touched.

    \b
    Example:
      infoview publish --dry-run
      infoview publish --push --yes
      infoview publish --to ../public-site
    """
    from infoview_build.site import deploy, published

    if folder is not None and (push or branch != "gh-pages"):
        raise click.UsageError("--to publishes to a folder; it takes neither --push nor --branch")
    if remote.startswith("-"):
        raise click.BadParameter(f"{remote!r} is not a remote name", param_hint="--remote")
    target = (deploy.Target(folder=folder) if folder is not None
              else deploy.Target(branch=branch, remote=remote if push else None))

    def report(changes, pages: int) -> None:
        limit = None if dry_run else published.SHOWN
        echo("\n".join(published.describe(changes, pages, target.describe(), limit)))

    def confirm(changes) -> bool:
        if yes or not changes.new:
            return True
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise InfoviewError("something becomes public for the first time (listed above); "
                                "run again with --yes to publish it; nothing was published")
        if not click.confirm("Publish this?", default=False):
            raise InfoviewError("nothing was published")
        return True

    outcome = deploy.publish(root, resolve_today(today), target, dry_run=dry_run,
                             cached=not no_cache, confirm=confirm, report=report)
    if dry_run:
        click.echo(f"Dry run: nothing was published (it would go to {target.describe()}).")
    elif not outcome.published:
        click.echo(f"Nothing changed since the last publish: {target.describe()} is as it was.")
    else:
        commit = f" (commit {outcome.commit[:12]})" if outcome.commit else ""
        click.echo(f"Published {outcome.pages} pages to {target.describe()}{commit}.")
