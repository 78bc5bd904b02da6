"""The ``infoview`` command: each callback parses options and calls one library function."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import click

from infoview_build import __version__
from infoview_build.checking import check_report
from infoview_build.knowledge import load_knowledge_base

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def root_option(func):
    """``--root DIR``: the knowledge base to work on (default: the current folder)."""
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=".",
        show_default=True,
        help="Knowledge-base folder (holds contacts/ and interviews/).",
    )(func)


def today_option(func):
    """``--today YYYY-MM-DD``, else ``INFOVIEW_TODAY``, else the system date."""
    return click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        envvar="INFOVIEW_TODAY",
        help="Day to compute stages and checklists for, as YYYY-MM-DD "
        "[default: $INFOVIEW_TODAY, else the system date].",
    )(func)


def resolve_today(value) -> date:
    """The day a command works for: the option's value, or the system date."""
    return value.date() if value is not None else date.today()


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="infoview")
def main() -> None:
    """Keep informational interviews as plain text and publish them as a searchable site.

    Contacts live in contacts/<slug>.md, conversations in
    interviews/<YYYY-MM-DD>-<contact>.md, each with YAML front matter.

    \b
    Example:
      infoview check --root my-notes
    """
    # MkDocs 1.6 with Material 9.7+ prints a banner about MkDocs 2 on every build.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@main.command(context_settings=CONTEXT)
@root_option
@today_option
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="text: one problem a line; json: a list of problem objects on stdout.",
)
def check(root: Path, today, strict: bool, fmt: str) -> None:
    """Validate every contact and interview; report every problem at once.

    Each problem is shown as path:line: field: message, with a hint where one
    helps. Exit 0 when clean (or warnings only), 1 on errors (or warnings with
    --strict), 2 on usage errors.

    \b
    Example:
      infoview check --root my-notes --strict
    """
    kb = load_knowledge_base(root, resolve_today(today), records=False)
    lines, summary, failed = check_report(kb, strict)
    if fmt == "json":
        click.echo(json.dumps([p.as_dict() for p in kb.problems], indent=2, ensure_ascii=False))
        click.echo(summary, err=True)
    else:
        for line in lines:
            click.echo(line)
        click.echo(summary)
    if failed:
        raise SystemExit(1)
