"""``infoview check``, ``todo`` and ``list``: what the notes say, in the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import click

from infoview_build.cli.app import (
    CONTEXT,
    echo,
    main,
    resolve_today,
    root_option,
    today_option,
)
from infoview_build.edit.cached import checked
from infoview_build.notes.checking import check_report
from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.notes.model import STAGES


@main.command(context_settings=CONTEXT)
@root_option
@today_option
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="text: one problem a line; json: a list of problem objects on stdout.",
)
@click.option("--no-cache", is_flag=True,
              help="Read every note again, ignoring .infoview-cache/ (and leaving it as it is).")
def check(root: Path, today, strict: bool, fmt: str, no_cache: bool) -> None:
    """Validate every contact and interview; report every problem at once.

    Each problem is shown as path:line: field: message, with a hint where one
    helps. Exit 0 when clean (or warnings only), 1 on errors (or warnings with
    --strict), 2 on usage errors. A note whose file is unchanged since the last
    check (same size, times and inode; same day, infoview.yml and program) is
    not read again: the results are kept in .infoview-cache/, safe to delete.

    \b
    Example:
      infoview check --root my-notes --strict
    """
    kb = checked(root, resolve_today(today), cached=not no_cache)
    lines, summary, failed = check_report(kb, strict)
    if fmt == "json":
        echo(json.dumps([p.as_dict() for p in kb.problems], indent=2, ensure_ascii=False),
             "json")
        click.echo(summary, err=True)
    else:
        for line in lines:
            echo(line)
        click.echo(summary)
    if failed:
        raise SystemExit(1)



@main.command(context_settings=CONTEXT)
@root_option
@today_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
    show_default=True,
    help="text: grouped for the terminal; markdown: a task list to paste into a note; "
    "json: a list of item objects on stdout.",
)
@click.option("--days", type=click.IntRange(0, 3660), metavar="N",
              help="Show what comes up in the next N days  [default: prep_window_days, 7].")
def todo(root: Path, today, fmt: str, days: int | None) -> None:
    """Show what to do next: follow-ups, thank-you notes, preparation, referrals,
    action items, reconnects and outreach, all derived from the dates in the notes.

    What is overdue or due today comes first, by checklist; then what comes up
    in the next week (--days to look further), by day; reconnect and outreach
    are suggestions and come last. A note with errors is left out: its problems
    are shown on stderr first, the rest of the list follows, and the exit code
    is 1.

    \b
    Example:
      infoview todo --root my-notes --today 2026-12-01
      infoview todo --days 30
      infoview todo --format markdown > this-week.md
    """
    from infoview_build.notes.checking import report_broken
    from infoview_build.plan.todo import todo as render_todo

    day = resolve_today(today)
    kb = load_knowledge_base(root, day)
    echo(render_todo(report_broken(kb, "the to-do list"), day, fmt, days), fmt, nl=False)
    if kb.errors:
        raise SystemExit(1)


@main.command("list", context_settings=CONTEXT)
@click.argument("kind", type=click.Choice(["contacts", "interviews"]))
@root_option
@today_option
@click.option("--stage", type=click.Choice(STAGES),
              help="Only contacts in this stage (for interviews: their contact's stage).")
@click.option("--tag", help="Only contacts with this tag (ignoring case).")
@click.option("--company", help="Only contacts at this company (ignoring case).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="text: a table; json: a list of objects on stdout.",
)
def list_notes(kind: str, root: Path, today, stage, tag, company, fmt: str) -> None:
    """List contacts or interviews with their derived stage or status.

    Contacts show name, company, role, stage and the last interaction; interviews
    show date, contact, format, duration and status (scheduled, held, thanked or
    cancelled). A note with errors is left out: its problems are shown on
    stderr first, the rest of the list follows, and the exit code is 1.

    \b
    Example:
      infoview list contacts --stage follow-up-due --today 2026-12-01
      infoview list interviews --company Northwind --format json
    """
    from infoview_build.notes.checking import report_broken
    from infoview_build.plan.listing import Filters, listing

    day = resolve_today(today)
    kb = load_knowledge_base(root, day)
    valid = report_broken(kb, "the list")
    echo(listing(valid, kind, day, Filters(stage, tag, company), fmt), fmt, nl=False)
    if kb.errors:
        raise SystemExit(1)


