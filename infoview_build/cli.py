"""The ``infoview`` command: each callback parses options and calls one library function."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path

import click

from infoview_build import __version__
from infoview_build.checking import check_report
from infoview_build.knowledge import load_knowledge_base
from infoview_build.model import FORMATS, STAGES

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


class Day(click.ParamType):
    """A calendar day written as YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            if len(text) == 10 and text[4] == text[7] == "-":
                return date.fromisoformat(text)
        except ValueError:
            pass
        self.fail(f"{value!r} is not a day written as YYYY-MM-DD (e.g. 2026-12-01)", param, ctx)


DAY = Day()


def today_option(func):
    """``--today YYYY-MM-DD``, else ``INFOVIEW_TODAY``, else the system date."""
    return click.option(
        "--today",
        type=DAY,
        envvar="INFOVIEW_TODAY",
        help="Day to compute stages and checklists for, as YYYY-MM-DD "
        "[default: $INFOVIEW_TODAY, else the system date].",
    )(func)


def resolve_today(value) -> date:
    """The day a command works for: the option's value, or the system date."""
    return value if value is not None else date.today()


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


# -- infoview mark --------------------------------------------------------------------------

from infoview_build import mark as marking  # noqa: E402 - kept with the commands it serves


def _complete_from(*folders: str):
    """Shell completion of note slugs in ``folders``, under the ``--root`` typed so far."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str):
        root = ctx.params.get("root") or "."
        found = sorted({s for folder in folders for s in marking.note_slugs(root, folder)})
        return [click.shell_completion.CompletionItem(s) for s in found if s.startswith(incomplete)]

    return complete


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
                        help="Replace a different date that is already recorded.")(func)


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
        click.echo(line)
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


def _contact_event(event: str, key: str) -> None:
    @mark.command(event, context_settings=CONTEXT, help=f"""Set the contact's {key}.

    \b
    Example:
      infoview mark {event} ada-quill --on 2026-12-04
    """)
    @click.argument("contact", shell_complete=_complete_from("contacts"))
    @_on_option
    @_force_option
    @_mark_options
    def command(contact: str, on, force: bool, root: Path, today, dry_run: bool) -> None:
        day = resolve_today(today)
        _finish(marking.mark_contact(root, event, contact, resolve_today(on or today), day, force),
                dry_run)


for _event, _key in marking.CONTACT_EVENTS.items():
    _contact_event(_event, _key)


@mark.command(context_settings=CONTEXT)
@click.argument("interview", shell_complete=_complete_from("interviews", "contacts"))
@click.option("--gift", metavar="TEXT", help="What you gave as thanks: sets 'gift' too.")
@_on_option
@_force_option
@_mark_options
def thanked(interview: str, gift, on, force: bool, root: Path, today, dry_run: bool) -> None:
    """Set an interview's thanked_on (and gift).

    INTERVIEW is an interview slug, or a contact slug when that contact has
    exactly one held interview without a thank-you. --gift adds a second
    line, 'gift: TEXT'.

    \b
    Example:
      infoview mark thanked 2026-11-24-bram-okafor --gift "lunch"
    """
    day = resolve_today(today)
    _finish(marking.mark_thanked(root, interview, resolve_today(on or today), day, gift, force),
            dry_run)


@mark.command(context_settings=CONTEXT)
@click.argument("interview", shell_complete=_complete_from("interviews"))
@click.argument("number", type=click.IntRange(min=1), metavar="N",
                shell_complete=_complete_action)
@_mark_options
def done(interview: str, number: int, root: Path, today, dry_run: bool) -> None:
    """Tick action item N (1-based) of an interview: done: true.

    \b
    Example:
      infoview mark done 2026-11-24-bram-okafor 2
    """
    _finish(marking.mark_done(root, interview, number, resolve_today(today)), dry_run)


@mark.command(context_settings=CONTEXT)
@click.argument("interview", shell_complete=_complete_from("interviews"))
@_mark_options
def cancelled(interview: str, root: Path, today, dry_run: bool) -> None:
    """Set an interview's cancelled: true; it then counts for nothing.

    \b
    Example:
      infoview mark cancelled 2026-12-07-opal-reyes
    """
    _finish(marking.mark_cancelled(root, interview, resolve_today(today)), dry_run)


# -- infoview import / export / schema --------------------------------------------------------
# Their modules are imported inside the callbacks: Jinja2, vobject and icalendar would
# otherwise add a tenth of a second to every command's start.


@main.group("import", context_settings=CONTEXT)
def import_() -> None:
    """Create contacts from another tool's export; never overwrite a note.

    Every row is checked before anything is written: rows that would make an
    invalid note, have no name, or name someone already in contacts/ (same
    file name, email or LinkedIn address) are skipped with their reason; the
    rest are written all together or not at all. Two different people with
    the same name in one file become ada-quill.md and ada-quill-2.md.

    \b
    Example:
      infoview import linkedin Connections.csv --dry-run
      infoview import vcard contacts.vcf
    """


def _import_options(func):
    func = click.option("--dry-run", is_flag=True,
                        help="Show the files that would be written; write nothing.")(func)
    func = click.argument("file", type=click.Path(dir_okay=False, path_type=Path))(func)
    return root_option(today_option(func))


def _run_import(root: Path, today, source: str, candidates, skipped, dry_run: bool) -> None:
    from infoview_build import importing

    result = importing.plan(root, source, candidates, resolve_today(today))
    result.skipped[:0] = skipped
    if not dry_run:
        importing.write(result)
    for line in importing.report(result, dry_run):
        click.echo(line)


@import_.command(context_settings=CONTEXT)
@click.option("--filter-company", metavar="TEXT",
              help="Only rows whose company contains TEXT (any case).")
@click.option("--filter-position", metavar="TEXT",
              help="Only rows whose position contains TEXT (any case).")
@_import_options
def linkedin(file: Path, filter_company, filter_position, dry_run: bool, root: Path,
             today) -> None:
    """Import LinkedIn's Connections.csv (Settings → Data privacy → Get a copy).

    Each row becomes contacts/<slug>.md with name, role, company, email (when
    shared), the profile link, and found_via: LinkedIn connection since DATE.

    \b
    Example:
      infoview import linkedin ~/Downloads/Connections.csv --filter-company Northwind
    """
    from infoview_build import linkedin as reader
    from infoview_build.importing import read_text

    text, source = read_text(file)
    candidates, filtered = reader.read(text, source, filter_company, filter_position)
    _run_import(root, today, source, candidates, filtered, dry_run)


@import_.command(context_settings=CONTEXT)
@_import_options
def vcard(file: Path, dry_run: bool, root: Path, today) -> None:
    """Import a .vcf file as phones, Google Contacts and Apple Contacts export it.

    Each card becomes contacts/<slug>.md: FN (else N) → name, ORG → company,
    TITLE → role, EMAIL and TEL (the preferred one) → email and phone, URL →
    links, ADR → location, CATEGORIES → tags, NOTE → the note's body. Photos
    are ignored.

    \b
    Example:
      infoview import vcard contacts.vcf --dry-run
    """
    from infoview_build import vcard as reader
    from infoview_build.importing import read_text

    text, source = read_text(file)
    _run_import(root, today, source, reader.read(text, source), [], dry_run)


@main.command(context_settings=CONTEXT)
@click.argument("kind", type=click.Choice(["all", "contact", "interview", "config"]),
                default="all")
@click.option("--format", "fmt", type=click.Choice(["json", "markdown"]), default="json",
              show_default=True,
              help="json: the JSON Schema of KIND; markdown: the field reference of all kinds.")
def schema(kind: str, fmt: str) -> None:
    """Print the JSON Schema (draft 2020-12) of a note's front matter.

    KIND is contact, interview, config (infoview.yml) or all (default: one
    document with each under $defs). It is made from the same field tables the
    validator uses, so it cannot disagree with 'infoview check'. Editors that validate YAML
    against a schema can use it; see the README for VS Code.

    \b
    Example:
      infoview schema interview > interview.schema.json
      infoview schema --format markdown > docs/fields.md
    """
    from infoview_build import schema as schemas

    click.echo(schemas.markdown() if fmt == "markdown" else schemas.dumps(kind), nl=False)


@main.group(context_settings=CONTEXT)
def export() -> None:
    """Write the notes for other tools: a calendar, JSON or CSV.

    The knowledge base must pass 'infoview check' first. --public leaves out
    private contacts and interviews, emails, phone numbers and private notes.

    \b
    Example:
      infoview export ics -o interviews.ics
      infoview export json > notes.json
      infoview export csv --table interviews -o interviews.csv
    """


def _export_options(func):
    func = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                        help="Write to this file (atomically) instead of stdout.")(func)
    func = click.option("--public", is_flag=True,
                        help="Leave out private notes, emails and phone numbers.")(func)
    return root_option(today_option(func))


def _export(root: Path, today, output, make) -> None:
    from infoview_build import export as exporting
    from infoview_build.checking import require_valid

    day = resolve_today(today)
    data = make(exporting, require_valid(load_knowledge_base(root, day)), day)
    data = data.encode("utf-8") if isinstance(data, str) else data
    if output is None:
        click.echo(data, nl=False)
    else:
        exporting.save(root, output, data)
        click.echo(f"wrote {output}", err=True)


@export.command(context_settings=CONTEXT)
@_export_options
def ics(root: Path, today, public: bool, output) -> None:
    """An iCalendar file for Google Calendar, Apple Calendar and Outlook.

    One event per interview from today on (with a reminder an hour before;
    cancelled ones as cancelled), and all-day events for due follow-ups and
    thank-you notes. Event UIDs come from file names: importing a newer
    export updates the same events instead of adding copies.

    \b
    Example:
      infoview export ics --today 2026-12-01 -o interviews.ics
    """
    _export(root, today, output, lambda ex, kb, day: ex.to_ics(kb, day, public))


@export.command("json", context_settings=CONTEXT)
@_export_options
def json_(root: Path, today, public: bool, output) -> None:
    """Every contact and interview, every field, with the derived stage.

    Dates are ISO text; an interview's date keeps its time and offset. The
    output holds every front-matter key and the notes' bodies, so it can be
    turned back into the same notes.

    \b
    Example:
      infoview export json | jq '.contacts[] | select(.stage == "follow-up-due") | .name'
    """
    _export(root, today, output, lambda ex, kb, day: ex.to_json(kb, day, public))


@export.command("csv", context_settings=CONTEXT)
@click.option("--table", type=click.Choice(["contacts", "interviews"]), default="contacts",
              show_default=True, help="Which notes to list, one row each.")
@_export_options
def csv_(table: str, root: Path, today, public: bool, output) -> None:
    """Contacts (or interviews) as a spreadsheet, with the derived stage.

    Lists are joined with '; ', bodies are left out (use json for those), and
    a cell a spreadsheet would run as a formula starts with an apostrophe.

    \b
    Example:
      infoview export csv --table interviews -o interviews.csv
    """
    _export(root, today, output, lambda ex, kb, day: ex.to_csv(kb, day, table, public))

@main.command(context_settings=CONTEXT)
@root_option
@today_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
    show_default=True,
    help="text: grouped for the terminal; markdown: a task list to paste into a note; "
    "json: a list of item objects on stdout.",
)
def todo(root: Path, today, fmt: str) -> None:
    """Show what to do next: follow-ups, thank-you notes, preparation, referrals,
    action items, reconnects and outreach, all derived from the dates in the notes.

    Items are grouped by checklist, most overdue first. Refuses to run (exit 1) on a
    knowledge base with errors and shows them on stderr.

    \b
    Example:
      infoview todo --root my-notes --today 2026-12-01
      infoview todo --format markdown > this-week.md
    """
    from infoview_build.checking import require_valid
    from infoview_build.todo import todo as render_todo

    day = resolve_today(today)
    kb = require_valid(load_knowledge_base(root, day))
    click.echo(render_todo(kb, day, fmt), nl=False)


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
    cancelled). Refuses to run (exit 1) on a knowledge base with errors.

    \b
    Example:
      infoview list contacts --stage follow-up-due --today 2026-12-01
      infoview list interviews --company Northwind --format json
    """
    from infoview_build.checking import require_valid
    from infoview_build.listing import Filters, listing

    day = resolve_today(today)
    kb = require_valid(load_knowledge_base(root, day))
    click.echo(listing(kb, kind, day, Filters(stage, tag, company), fmt), nl=False)


# -- infoview build and serve ---------------------------------------------------------------



def _public_option(func):
    return click.option(
        "--public", is_flag=True,
        help="Leave out private notes, email addresses and phone numbers.",
    )(func)


@main.command(context_settings=CONTEXT)
@root_option
@today_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site [default: site_dir of mkdocs.yml, i.e. site/].")
@click.option("--strict", is_flag=True,
              help="Refuse on warnings too, in the notes and from MkDocs.")
@_public_option
def build(root: Path, today, site_dir, strict: bool, public: bool) -> None:
    """Check the notes, then build the searchable site with MkDocs.

    Refuses to build when any note has an error (they are listed). The pages
    are rendered from contacts/ and interviews/ beside the hand-written pages
    in docs/, as set up in mkdocs.yml (which must list the infoview plugin).
    The site works from a web server and when opened from disk.

    \b
    Example:
      infoview build --root my-notes --today 2026-12-01
    """
    from infoview_build import publish  # MkDocs costs a third of a second to import

    built = publish.build_site(root, resolve_today(today), site_dir, strict, public)
    index = built.site_dir / "index.html"
    shown = os.path.relpath(index) if index.is_relative_to(Path.cwd()) else str(index)
    click.echo(f"Built {built.pages} pages: open {shown}")


@main.command(context_settings=CONTEXT)
@root_option
@today_option
@click.option("-a", "--dev-addr", metavar="IP:PORT",
              help="Address to serve on [default: dev_addr of mkdocs.yml, 127.0.0.1:8000].")
@_public_option
def serve(root: Path, today, dev_addr, public: bool) -> None:
    """Serve the site on localhost; rebuild and reload it when a note changes.

    Watches contacts/, interviews/, docs/, infoview.yml and mkdocs.yml. A note
    saved with an error is reported here and the last good site stays up.
    Stop with Ctrl+C.

    \b
    Example:
      infoview serve --root my-notes --dev-addr 127.0.0.1:8001
    """
    from infoview_build import publish

    publish.serve_site(root, resolve_today(today), dev_addr, public)

# --- authoring: init, new, draft -------------------------------------------------------------


def _echo_warnings(warnings) -> None:
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


def _email_value(ctx, param, value):
    from infoview_build.validate import is_email

    if value is not None and not is_email(value.strip()):
        raise click.BadParameter(f"'{value}' is not an email address")
    return value


def _slug_value(ctx, param, value):
    from infoview_build.validate import SLUG_RE

    if value is not None and not SLUG_RE.match(value):
        raise click.BadParameter(
            f"'{value}' is not a slug: use lower-case letters, digits and single hyphens")
    return value


def _when_value(ctx, param, value):
    """``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM`` → (datetime, whether a time was given)."""
    if value is None:
        return None
    for pattern, with_time in (("%Y-%m-%d", False), ("%Y-%m-%d %H:%M", True)):
        try:
            return datetime.strptime(value.strip(), pattern), with_time
        except ValueError:
            continue
    raise click.BadParameter(f"'{value}' is not a date: use YYYY-MM-DD or \"YYYY-MM-DD HH:MM\"")


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
@click.option("--introduced-by", metavar="CONTACT", shell_complete=_complete_from("contacts"),
              help="Slug (or name) of the contact who introduced you.")
@click.option("--tag", "tags", multiple=True, help="A label; repeat for more.")
@click.option("--slug", callback=_slug_value,
              help="File name to use instead of the one made from NAME.")
@click.option("--edit", is_flag=True, help="Open the new file in $EDITOR.")
def new_contact(name: str, root: Path, slug, edit: bool, **values) -> None:
    """Create contacts/<slug>.md for NAME and print its path.

    The slug is made from the name (José Núñez-Ortiz → jose-nunez-ortiz). If the file
    exists, nothing is written: choose another with --slug.

    \b
    Example:
      infoview new contact "Ada Quill" --company Northwind --role "Staff Engineer" \\
          --found-via "her talk at the Lisbon Data Meetup" --tag engineering
      $EDITOR $(infoview new contact "Bram Okafor" --introduced-by ada-quill)
    """
    from infoview_build.authoring import new_contact as write

    written = write(root, name, slug=slug, **values)
    _report_new(written, edit)


@new.command("interview", context_settings=CONTEXT)
@click.argument("contact", shell_complete=_complete_from("contacts"))
@root_option
@today_option
@click.option("--date", "when", metavar="DATE", callback=_when_value,
              help="YYYY-MM-DD or \"YYYY-MM-DD HH:MM\" [default: today].")
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
    from infoview_build.authoring import new_interview as write

    when, with_time = when or (None, False)
    written = write(root, contact, resolve_today(today), when=when, with_time=with_time,
                    duration=duration, format=how, place=place)
    _report_new(written, edit)


def _report_new(written, edit: bool) -> None:
    _echo_warnings(written.warnings)
    click.echo(str(written.path))
    if edit:
        click.edit(filename=str(written.path))


@main.command(context_settings=CONTEXT)
@click.argument("kind", type=click.Choice(["request", "follow-up", "thank-you"]))
@click.argument("slug", shell_complete=_complete_from("contacts", "interviews"))
@root_option
@today_option
@click.option("--minutes", type=click.IntRange(5, 240), default=20, show_default=True,
              help="How much of their time to ask for (request, follow-up).")
@click.option("--slots", "slots", multiple=True, metavar="TEXT",
              help="A time to suggest, e.g. \"Tuesday 8 December at 10:00\"; repeat for more "
              "[default: the next working days from the day after tomorrow, at 10:00, "
              "14:00 and 11:00].")
def draft(kind: str, slug: str, root: Path, today, minutes: int, slots) -> None:
    """Print an email draft: a Subject: line, a blank line, then the body.

    \b
    request    SLUG is a contact: how you found them, why, the time you ask
               for, suggested times, thanks and your signature.
    follow-up  SLUG is a contact: one short, polite reminder of your request.
    thank-you  SLUG is an interview, or a contact with exactly one held
               interview: the points from its '## Takeaways', your contact
               details, a request for referrals when none are recorded.

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
    from infoview_build.checking import require_valid
    from infoview_build.drafts import make_draft

    day = resolve_today(today)
    kb = require_valid(load_knowledge_base(root, day))
    result = make_draft(kb, kind, slug, day, minutes=minutes, slots=slots)
    _echo_warnings(result.warnings)
    click.echo(result.text, nl=False)


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
    docs/guide.md, empty contacts/ and interviews/, a .gitignore and a
    .pre-commit-config.yaml that runs 'infoview check'; runs 'git init' unless
    the folder is already in a repository. Refuses a folder that is not empty
    unless --force, and never overwrites a file.

    \b
    Example:
      infoview init my-interviews
      infoview init demo --example && infoview todo --root demo
    """
    from infoview_build.scaffold import init as scaffold

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
    return f"\nNext:\n{body}\nThe whole workflow: docs/guide.md (and 'infoview COMMAND --help')."
