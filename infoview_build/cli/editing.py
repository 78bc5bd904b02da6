"""``infoview rename``, ``edit`` and ``show``: change a person's slug, open a note, read one."""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

import click

from infoview_build.cli.app import (
    CONTEXT,
    complete_slugs,
    echo,
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
@click.option("--force", is_flag=True, help="Change notes made read-only too.")
def rename(old: str, new: str, root: Path, today, dry_run: bool, force: bool) -> None:
    """Give the contact OLD the slug NEW, everywhere.

    Moves contacts/OLD.md to contacts/NEW.md and each of their interviews,
    <date>-OLD.md, to <date>-NEW.md (keeping a -2, -3), and rewrites every
    reference to OLD: 'contact' and 'referrals' of interviews, 'introduced_by'
    of contacts, and Markdown links to the moved pages in notes and in docs/.
    Only the lines that name OLD change. The result is checked as 'infoview
    check' would before anything is written, and it is written all at once or
    not at all. OLD may be the person's name. The name inside the note stays:
    edit 'name:' yourself if it changed. A note made read-only stops the
    rename unless --force is given.

    \b
    Example:
      infoview rename ada-qiull ada-quill --dry-run
      infoview rename "Ada Quill" ada-quill-northwind
    """
    from infoview_build.edit import files
    from infoview_build.edit import rename as renaming

    if dry_run:
        plan = renaming.plan_rename(root, old, new, resolve_today(today))
        _warn(plan)
        echo(plan.diff(), nl=False)
        click.echo("dry run: nothing was written", err=True)
        return
    # Planned under the lock, so that no other infoview writes between reading and writing.
    with files.locked(root):
        plan = renaming.plan_rename(root, old, new, resolve_today(today))
        _warn(plan)
        renaming.write(plan, force)
    for line in plan.report():
        echo(line)


def _editor() -> str:
    """The command in $VISUAL or $EDITOR once it is known to start a program, else the
    first editor found on the system (as Click looks for one)."""
    from infoview_build.notes.errors import InfoviewError

    for key in ("VISUAL", "EDITOR"):
        value = os.environ.get(key, "")
        if not value.strip():
            continue
        try:
            program = shlex.split(value)[0]
        except (ValueError, IndexError) as exc:
            why = str(exc).lower() if isinstance(exc, ValueError) else "no program in it"
            raise InfoviewError(f"${key} is not a command ({why}): {value!r}; set it to "
                                f"your editor, e.g. {key}=nano") from None
        if shutil.which(program) is None:
            raise InfoviewError(f"${key} names {program!r}, which is no program here; set "
                                f"it to your editor, e.g. {key}=nano")
        return value
    for program in ("sensible-editor", "vim", "nano", "vi"):
        if shutil.which(program) is not None:
            return program
    raise InfoviewError("no editor found: set $EDITOR to yours, e.g. EDITOR=nano")


def _warn(plan) -> None:
    for problem in plan.warnings:
        click.echo(problem.format(), err=True)


@main.command(context_settings=CONTEXT)
@click.argument("note", shell_complete=complete_slugs("contacts", "interviews"))
@root_option
@today_option
def show(note: str, root: Path, today) -> None:
    """Show a person or an interview: stage, history and what is due next.

    NOTE is a contact's slug or name, or an interview's slug. For a person:
    who they are, their stage, every dated event (request, follow-up, reply,
    interviews, thank-you notes) and their items from 'infoview todo'. For an
    interview: when and how, its status, goals, questions (ticked when asked),
    takeaways, referrals, action items and what is due from it.

    \b
    Example:
      infoview show ada-quill
      infoview show "Ada Quill"
      infoview show 2026-11-24-bram-okafor
    """
    from infoview_build.notes.knowledge import load_knowledge_base
    from infoview_build.plan.show import show as page

    day = resolve_today(today)
    echo(page(load_knowledge_base(root, day), note, day), nl=False)


@main.command(context_settings=CONTEXT)
@click.argument("note", shell_complete=complete_slugs("contacts", "interviews"))
@root_option
@today_option
def edit(note: str, root: Path, today) -> None:
    """Open a note in your editor, then check it and print any problem.

    NOTE is a contact's slug or name, or an interview's slug; a note with
    errors opens too, so that you can fix it. The editor is $VISUAL, else
    $EDITOR, else one found on the system. After you close it, the note is
    checked as 'infoview check' would: exit 1 if it has errors.

    \b
    Example:
      infoview edit ada-quill
      EDITOR=nano infoview edit 2026-11-24-bram-okafor
    """
    from infoview_build.notes.errors import InfoviewError
    from infoview_build.notes.knowledge import load_knowledge_base
    from infoview_build.notes.lookup import note_path
    from infoview_build.notes.terminal import command

    day = resolve_today(today)
    rel = note_path(root, note, day)
    click.edit(filename=str(root / rel), editor=_editor())
    problems = [p for p in load_knowledge_base(root, day).problems if p.path == rel]
    for problem in problems:
        click.echo(problem.format(), err=True)
    errors = sum(1 for p in problems if p.severity == "error")
    if errors:
        stem = rel.rsplit("/", 1)[-1][:-3]
        raise InfoviewError(f"{rel} has {errors} error{'s' * (errors > 1)}; fix "
                            f"{'it' if errors == 1 else 'them'} with: {command('edit', stem)}")
    echo(f"{rel}: no problems" if not problems else f"{rel}: no errors")


@main.command(context_settings=CONTEXT)
@click.argument("duplicate", shell_complete=complete_slugs("contacts"))
@click.argument("keep", shell_complete=complete_slugs("contacts"))
@root_option
@today_option
@click.option("--dry-run", is_flag=True, help="Print the changes as a unified diff; write "
              "nothing.")
@click.option("--force", is_flag=True, help="Write notes that are read-only.")
def merge(duplicate: str, keep: str, root: Path, today, dry_run: bool, force: bool) -> None:
    """Make one contact of a person written twice: DUPLICATE goes into KEEP.

    DUPLICATE's interviews move to KEEP (renamed <date>-KEEP.md, with -2, -3
    where a name is taken). Keys KEEP lacks are filled in from DUPLICATE; where
    both have a different value KEEP's stays, and the difference is listed.
    DUPLICATE's research notes are added at the end of KEEP's under '## Merged
    from contacts/DUPLICATE.md'. Every reference to DUPLICATE ('contact',
    'introduced_by', 'referrals', links) is rewritten as 'rename' does, and
    contacts/DUPLICATE.md is removed. The result is checked first and written
    all at once or not at all. Both may be names.

    \b
    Example:
      infoview merge ada-quill-2 ada-quill --dry-run
      infoview merge "Ada Q." "Ada Quill"
    """
    from infoview_build.edit import files
    from infoview_build.edit import merge as merging

    if dry_run:
        plan = merging.plan_merge(root, duplicate, keep, resolve_today(today), force)
        _warn(plan)
        echo(plan.diff(), nl=False)
        for line in plan.report():
            click.echo(line, err=True)
        click.echo("dry run: nothing was written", err=True)
        return
    with files.locked(root):
        plan = merging.plan_merge(root, duplicate, keep, resolve_today(today), force)
        _warn(plan)
        merging.write(plan)
    for line in plan.report():
        echo(line)
