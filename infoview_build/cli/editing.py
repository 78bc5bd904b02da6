"""``infoview rename``, ``edit`` and ``show``: change a person's slug, open a note, read one."""

from __future__ import annotations

from pathlib import Path

import click

from infoview_build.cli.app import (
    CONTEXT,
    complete_slugs,
    main,
    resolve_today,
    root_option,
    today_option,
)


@main.command(context_settings=CONTEXT)
@click.argument("old", shell_complete=complete_slugs("contacts"))
@click.argument("new")
@root_option
@today_option
@click.option("--dry-run", is_flag=True, help="Print the changes as a unified diff; write "
              "nothing.")
def rename(old: str, new: str, root: Path, today, dry_run: bool) -> None:
    """Give the contact OLD the slug NEW, everywhere.

    Moves contacts/OLD.md to contacts/NEW.md and each of their interviews,
    <date>-OLD.md, to <date>-NEW.md (keeping a -2, -3), and rewrites every
    reference to OLD: 'contact' and 'referrals' of interviews, 'introduced_by'
    of contacts, and Markdown links to the moved pages in notes and in docs/.
    Only the lines that name OLD change. The result is checked as 'infoview
    check' would before anything is written, and it is written all at once or
    not at all. OLD may be the person's name. The name inside the note stays:
    edit 'name:' yourself if it changed.

    \b
    Example:
      infoview rename ada-qiull ada-quill --dry-run
      infoview rename "Ada Quill" ada-quill-northwind
    """
    from infoview_build.edit import rename as renaming

    plan = renaming.plan_rename(root, old, new, resolve_today(today))
    for problem in plan.warnings:
        click.echo(problem.format(), err=True)
    if dry_run:
        click.echo(plan.diff(), nl=False)
        click.echo("dry run: nothing was written", err=True)
        return
    renaming.write(plan)
    for line in plan.report():
        click.echo(line)
