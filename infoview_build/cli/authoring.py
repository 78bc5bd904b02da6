"""``infoview init``, ``new`` and ``draft``: start a knowledge base, a note or an email."""

from __future__ import annotations

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
from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.notes.model import FORMATS


def _echo_warnings(warnings) -> None:
    for warning in warnings:
        echo(f"warning: {warning}", err=True)


def _email_value(ctx, param, value):
    from infoview_build.notes.validate import is_email

    if value is not None and not is_email(value.strip()):
        raise click.BadParameter(f"'{value}' is not an email address")
    return value


def _slug_value(ctx, param, value):
    from infoview_build.notes.validate import SLUG_RE

    if value is not None and not SLUG_RE.match(value):
        raise click.BadParameter(
            f"'{value}' is not a slug: use lower-case letters, digits and single hyphens")
    return value


def _when_value(ctx, param, value):
    """A day, or a day and a time as the ``date`` field takes them → (day, text to write)."""
    from infoview_build.notes.validate import parse_datetime

    if value is None:
        return None
    text = " ".join(value.split())
    parsed = parse_datetime(text)
    if not isinstance(parsed, tuple):
        raise click.BadParameter(f"'{value}' is not a date: use YYYY-MM-DD or "
                                 "\"YYYY-MM-DD HH:MM\", with an offset if you like "
                                 "(\"2026-12-22 10:00+02:00\")")
    day, at = parsed
    return day, (text if at is not None else day.isoformat())


@main.group(context_settings=CONTEXT)
def new() -> None:
    """Create a contact or an interview note from a template.

    Prints the new file's path; never overwrites a file.

    \b
    Example:
      infoview new contact "Ada Quill" --company Northwind
      infoview new interview ada-quill --date "2026-12-03 14:30"
    """


@new.command("contact", context_settings=CONTEXT)
@click.argument("name")
@root_option
@click.option("--company", help="Employer.")
@click.option("--role", help="Job title.")
@click.option("--email", callback=_email_value, help="Email address.")
@click.option("--found-via", help="How you learned about them (goes into the request email).")
@click.option("--why", help="Why you want to talk to them (goes into the request email).")
@click.option("--introduced-by", metavar="CONTACT", shell_complete=complete_slugs("contacts"),
              help="Slug (or name) of the contact who introduced you.")
@click.option("--tag", "tags", multiple=True, help="A label; repeat for more.")
@click.option("--slug", callback=_slug_value,
              help="File name to use instead of the one made from NAME.")
@click.option("--force", is_flag=True,
              help="Write it even if a contact with the same email or name exists.")
@click.option("--edit", is_flag=True, help="Open the new file in $EDITOR.")
def new_contact(name: str, root: Path, slug, edit: bool, **values) -> None:
    """Create contacts/<slug>.md for NAME and print its path.

    The slug is made from the name (José Núñez-Ortiz → jose-nunez-ortiz). If the file
    exists, nothing is written: choose another with --slug. Someone who looks like
    a contact you have (the same email, or the same name once case, accents and
    spacing are ignored) is refused too, unless --force.

    \b
    Example:
      infoview new contact "Ada Quill" --company Northwind --role "Staff Engineer" \\
          --found-via "her talk at the Lisbon Data Meetup" --tag engineering
      $EDITOR $(infoview new contact "Bram Okafor" --introduced-by ada-quill)
    """
    from infoview_build.edit.new import new_contact as write

    written = write(root, name, slug=slug, **values)
    _report_new(written, edit)


@new.command("interview", context_settings=CONTEXT)
@click.argument("contact", shell_complete=complete_slugs("contacts"))
@root_option
@today_option
@click.option("--date", "when", metavar="DATE", callback=_when_value,
              help="YYYY-MM-DD or \"YYYY-MM-DD HH:MM\", optionally with seconds and an "
              "offset (\"2026-12-22 10:00+02:00\") [default: today].")
@click.option("--duration", type=click.IntRange(5, 240), default=30, show_default=True,
              help="Length in minutes; sets how many questions are prepared.")
@click.option("--format", "how", type=click.Choice(FORMATS), help="How you meet.")
@click.option("--place", help="Address or meeting link.")
@click.option("--edit", is_flag=True, help="Open the new file in $EDITOR.")
def new_interview(contact: str, root: Path, today, when, duration: int, how, place,
                  edit: bool) -> None:
    """Create interviews/<date>-<contact>.md and print its path.

    CONTACT is a contact's slug (or name). The note comes with a goals placeholder and
    questions from the question bank: enough for the duration plus a few more, most
    important first, across every topic, ending with the closing question. A second
    interview on the same day gets -2, a third -3.

    \b
    Example:
      infoview new interview ada-quill --date "2026-12-03 14:30" --duration 45 \\
          --format video --place https://meet.example.com/ada
    """
    from infoview_build.edit.new import new_interview as write

    day, stamp = when or (None, None)
    written = write(root, contact, resolve_today(today), day=day, stamp=stamp,
                    duration=duration, format=how, place=place)
    _report_new(written, edit)


def _report_new(written, edit: bool) -> None:
    _echo_warnings(written.warnings)
    echo(str(written.path))
    if edit:
        click.edit(filename=str(written.path))


@main.command(context_settings=CONTEXT)
@click.argument("kind", type=click.Choice(["request", "follow-up", "thank-you"]))
@click.argument("slug", shell_complete=complete_slugs("contacts", "interviews"))
@root_option
@today_option
@click.option("--minutes", type=click.IntRange(5, 240),
              help="How much of their time to ask for (request, follow-up) [default: "
              "request_minutes in infoview.yml, else 20]; give a follow-up the request's.")
@click.option("--slots", "slots", multiple=True, metavar="TEXT",
              help="A time to suggest, e.g. \"Tuesday 8 December at 10:00\"; repeat for more. "
              "Without it: the next working days from the day after tomorrow, at 10:00, "
              "14:00 and 11:00.")
def draft(kind: str, slug: str, root: Path, today, minutes: int, slots) -> None:
    """Print an email draft: a Subject: line, a blank line, then the body.

    \b
    request    SLUG is a contact: how you found them, why, the time you ask
               for, suggested times, thanks and your signature.
    follow-up  SLUG is a contact: one short, polite reminder of your request.
    thank-you  SLUG is an interview, or a contact with exactly one held
               interview: your contact details and a request for referrals
               when none are recorded; below the letter, for you only, the
               points of its '## Takeaways' to mention in your own words.

    The sender is the owner in infoview.yml. Anything missing shows as a
    [placeholder] and a warning on stderr. To change the wording, copy a
    template from infoview_build/templates/drafts/ in the installed package
    (request.txt, follow-up.txt, thank-you.txt, signature.txt) into
    templates/ in the knowledge base and edit it there.

    \b
    Example:
      infoview draft request ada-quill --minutes 30 > request.txt
      infoview draft thank-you 2026-08-20-ada-quill
    """
    from infoview_build.edit.drafts import make_draft
    from infoview_build.notes.checking import require_valid

    day = resolve_today(today)
    kb = require_valid(load_knowledge_base(root, day))
    result = make_draft(kb, kind, slug, day, minutes=minutes, slots=slots)
    _echo_warnings(result.warnings)
    echo(result.text, nl=False)


@main.command(context_settings=CONTEXT)
@click.argument("directory", type=click.Path(path_type=Path))
@today_option
@click.option("--example", is_flag=True,
              help="Add a small invented example (dates counted from today) so every stage "
              "and checklist shows.")
@click.option("--force", is_flag=True,
              help="Work in a folder that is not empty: add the missing files, keep every "
              "existing one.")
def init(directory: Path, today, example: bool, force: bool) -> None:
    """Create a new knowledge base in DIRECTORY, ready to check and build.

    Writes mkdocs.yml, infoview.yml (your profile, to fill in), docs/about.md,
    docs/guide.md (the workflow), docs/fields.md (every key a note may hold),
    empty contacts/ and interviews/, a .gitignore, a .pre-commit-config.yaml
    that runs 'infoview check' and .github/workflows/infoview.yml, which
    publishes the public site to GitHub Pages on every push (turn Pages on
    with "GitHub Actions" as the source); runs 'git init' unless
    the folder is already in a repository. Refuses a folder that is not empty
    unless --force, and never overwrites a file.

    \b
    Example:
      infoview init my-interviews
      infoview init demo --example && infoview todo --root demo
    """
    from infoview_build.edit.scaffold import init as scaffold

    done = scaffold(directory, resolve_today(today), example=example, force=force)
    for rel in done.created:
        click.echo(f"created  {directory / rel}")
    for rel in done.kept:
        click.echo(f"kept     {directory / rel} (it exists)")
    click.echo(f"git:     {done.git}")
    click.echo(_next_steps(directory))


def _next_steps(directory: Path) -> str:
    cd = f"cd {click.format_filename(directory)}" if str(directory) != "." else ""
    steps = [cd,
             "edit infoview.yml: your name, email and one line about you (drafts use them)",
             'infoview new contact "Ada Quill" --company Northwind \\',
             '    --found-via "her talk at the data meetup" --why "I want to learn …"',
             "infoview draft request ada-quill",
             "infoview check"]
    body = "\n".join(f"  {step}" for step in steps if step)
    return (f"\nNext:\n{body}\nThe whole workflow: docs/guide.md (and 'infoview COMMAND --help')."
            "\nPublishing: 'infoview publish --dry-run' shows what would become public; "
            ".github/workflows/infoview.yml publishes on every push to GitHub.")
