"""``infoview mark …``: record an event in one line of one note."""

from __future__ import annotations

from pathlib import Path

import click

from infoview_build.cli.app import (
    CONTEXT,
    DAY,
    complete_slugs,
    echo,
    main,
    resolve_today,
    root_option,
    today_option,
)
from infoview_build.edit import files
from infoview_build.edit import mark as marking


def _complete_action(ctx: click.Context, param: click.Parameter, incomplete: str):
    """Shell completion of the open action items' numbers, with their tasks."""
    found = marking.open_actions(ctx.params.get("root") or ".", ctx.params.get("interview") or "",
                                 resolve_today(ctx.params.get("today")))
    return [click.shell_completion.CompletionItem(str(n), help=task) for n, task in found
            if str(n).startswith(incomplete)]


def _on_option(func):
    return click.option(
        "--on", type=DAY,
        help="Day the event happened, as YYYY-MM-DD [default: --today].",
    )(func)


def _mark_options(func):
    """``--root``, ``--today`` and ``--dry-run``: every ``mark`` command takes them."""
    func = click.option("--dry-run", is_flag=True, help="Show the change; write nothing.")(func)
    return root_option(today_option(func))


def _force_option(func):
    return click.option("--force", is_flag=True,
                        help="Replace a different date that is already recorded; write a "
                        "note that is read-only.")(func)


def _marked(root: Path, dry_run: bool, compute) -> None:
    """Work out the mark and write it under the knowledge base's lock, so that a second
    ``mark`` at the same time waits and then builds on this one."""
    if dry_run:
        _finish(compute(), dry_run)
        return
    with files.locked(root):
        _finish(compute(), dry_run)


def _finish(result: marking.Mark, dry_run: bool) -> None:
    """Write (unless --dry-run) and report: the change and the contact's stage."""
    for problem in result.warnings:
        click.echo(problem.format(), err=True)
    if result.other_errors:
        noun = "error" if result.other_errors == 1 else "errors"
        click.echo(f"Warning: {result.other_errors} {noun} in other files "
                   "(see 'infoview check'); they do not stop a mark.", err=True)
    if not dry_run:
        marking.write(result)
    for line in result.report():
        echo(line)
    if dry_run and result.changes:
        click.echo("dry run: nothing was written", err=True)


@main.group(context_settings=CONTEXT)
def mark() -> None:
    """Record an event in a note: one line of the file changes, nothing else.

    Dates default to today (--today, $INFOVIEW_TODAY, else the system date).
    The edited note is checked before it is written: a follow-up before the
    request, a thank-you before the interview or an unknown slug is an error
    and the file stays untouched. Marking again with the same date changes
    nothing; a different date needs --force.

    \b
    Example:
      infoview mark requested ada-quill
      infoview mark followed-up ada-quill --on 2026-12-04
      infoview mark thanked ada-quill --gift "a coffee"
    """


_EVENT_HELP = {
    "no-reply": "\n\n    Use it when one follow-up has had no answer: the contact stays in\n"
                "    stage no-reply (they never said no, so not declined) and the\n"
                "    'move on' item leaves the to-do list.",
}


def _contact_event(event: str, key: str) -> None:
    more = _EVENT_HELP.get(event, "")

    @mark.command(event, context_settings=CONTEXT, help=f"""Set the contact's {key}.{more}

    CONTACT is a slug, or the person's name (ignoring case and spacing).

    \b
    Example:
      infoview mark {event} ada-quill --on 2026-12-04
      infoview mark {event} "Ada Quill"
    """)
    @click.argument("contact", shell_complete=complete_slugs("contacts"))
    @_on_option
    @_force_option
    @_mark_options
    def command(contact: str, on, force: bool, root: Path, today, dry_run: bool) -> None:
        day = resolve_today(today)
        _marked(root, dry_run, lambda: marking.mark_contact(root, event, contact,
                                                            resolve_today(on or today), day,
                                                            force))


for _event, _key in marking.CONTACT_EVENTS.items():
    _contact_event(_event, _key)


@mark.command(context_settings=CONTEXT)
@click.argument("interview", shell_complete=complete_slugs("interviews", "contacts"))
@click.option("--gift", metavar="TEXT", help="What you gave as thanks: sets 'gift' too.")
@_on_option
@_force_option
@_mark_options
def thanked(interview: str, gift, on, force: bool, root: Path, today, dry_run: bool) -> None:
    """Set an interview's thanked_on (and gift).

    INTERVIEW is an interview slug, or a contact's slug or name when that
    contact has exactly one held interview without a thank-you. --gift adds a second
    line, 'gift: TEXT'.

    \b
    Example:
      infoview mark thanked 2026-11-24-bram-okafor --gift "lunch"
    """
    day = resolve_today(today)
    _marked(root, dry_run, lambda: marking.mark_thanked(root, interview,
                                                        resolve_today(on or today), day, gift,
                                                        force))


@mark.command(context_settings=CONTEXT)
@click.argument("interview", shell_complete=complete_slugs("interviews", "contacts"))
@click.argument("number", type=click.IntRange(min=1), metavar="N",
                shell_complete=_complete_action)
@click.option("--force", is_flag=True, help="Write the note even if it is read-only.")
@_mark_options
def done(interview: str, number: int, force: bool, root: Path, today, dry_run: bool) -> None:
    """Tick action item N (1-based) of an interview: done: true.

    INTERVIEW is an interview slug, or a contact (slug, name or the start of
    one): their next interview, else their last one.

    \b
    Example:
      infoview mark done 2026-11-24-bram-okafor 2
    """
    _marked(root, dry_run,
            lambda: marking.mark_done(root, interview, number, resolve_today(today), force))


@mark.command(context_settings=CONTEXT)
@click.argument("interview", shell_complete=complete_slugs("interviews", "contacts"))
@click.option("--force", is_flag=True, help="Write the note even if it is read-only.")
@_mark_options
def cancelled(interview: str, force: bool, root: Path, today, dry_run: bool) -> None:
    """Set an interview's cancelled: true; it then counts for nothing.

    INTERVIEW is an interview slug, or a contact (slug, name or the start of
    one): their next interview, else their last one.

    \b
    Example:
      infoview mark cancelled 2026-12-07-opal-reyes
    """
    _marked(root, dry_run,
            lambda: marking.mark_cancelled(root, interview, resolve_today(today), force))


@mark.command(context_settings=CONTEXT)
@click.argument("interview", shell_complete=complete_slugs("interviews", "contacts"))
@click.option("--force", is_flag=True, help="Write the note even if it is read-only.")
@_mark_options
def confirmed(interview: str, force: bool, root: Path, today, dry_run: bool) -> None:
    """Set an interview's confirmed: true once the time is agreed.

    INTERVIEW is an interview slug, or a contact (slug, name or the start of
    one): their next interview on or after today.

    \b
    Example:
      infoview mark confirmed 2026-12-07-opal-reyes
      infoview mark confirmed "Opal Reyes"
    """
    _marked(root, dry_run,
            lambda: marking.mark_confirmed(root, interview, resolve_today(today), force))


@mark.command(context_settings=CONTEXT)
@click.argument("interview", shell_complete=complete_slugs("interviews", "contacts"))
@click.argument("numbers", nargs=-1, required=True, type=click.IntRange(min=1), metavar="N...")
@click.option("--force", is_flag=True, help="Write the note even if it is read-only.")
@_mark_options
def asked(interview: str, numbers: tuple[int, ...], force: bool, root: Path, today,
          dry_run: bool) -> None:
    """Record that you asked questions N... (1-based): asked: true.

    A question written as a bare string becomes 'q: …' on the same line, with
    'asked: true' under it; one line per question is added, nothing else moves.

    INTERVIEW is an interview slug, or a contact (slug, name or the start of
    one): their next interview, else their last one.

    \b
    Example:
      infoview mark asked 2026-11-24-bram-okafor 1 2 5
      infoview mark asked bram 3
    """
    _marked(root, dry_run,
            lambda: marking.mark_asked(root, interview, numbers, resolve_today(today), force))


@mark.command(context_settings=CONTEXT)
@click.argument("interview", shell_complete=complete_slugs("interviews", "contacts"))
@click.argument("name")
@_on_option
@_force_option
@_mark_options
def skipped(interview: str, name: str, on, force: bool, root: Path, today,
            dry_run: bool) -> None:
    """Record that you will not pursue referral NAME of an interview.

    The referral keeps its name and gains the day: '- Omar Haddad' becomes
    '- name: Omar Haddad' with 'skipped_on: DAY' on a line under it (in a list
    written [a, b], '{name: b, skipped_on: DAY}' in place). Its "add a contact"
    item goes; the interview page shows it as skipped. INTERVIEW may be a
    contact's slug or name (their interview that lists NAME); NAME may be the
    start of the referral's name.

    \b
    Example:
      infoview mark skipped 2026-11-24-bram-okafor "Omar Haddad"
      infoview mark skipped bram omar
    """
    day = resolve_today(today)
    _marked(root, dry_run, lambda: marking.mark_skipped(root, interview, name,
                                                        resolve_today(on or today), day, force))
