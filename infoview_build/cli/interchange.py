"""``infoview import``, ``export`` and ``schema``: notes in and out of other programs."""

from __future__ import annotations

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
from infoview_build.notes.knowledge import load_knowledge_base

# Their modules are imported inside the callbacks: Jinja2, vobject and icalendar would
# otherwise add a tenth of a second to every command's start.


@main.group("import", context_settings=CONTEXT)
def import_() -> None:
    """Create contacts from another tool's export; never overwrite a note.

    Every row is checked before anything is written: rows that would make an
    invalid note, have no name, or name someone already in contacts/ (same
    email, same personal profile link, or same name once case, accents and
    emoji are folded) are skipped with their reason; the rest are written all
    together or not at all. A shared company homepage is not a person. The
    summary counts what was left out (photos, unreadable dates).

    With --update, someone already known gets the fields their note lacks
    (role, company, email, phone, links, …), one added line each, as 'mark'
    adds a date; no value is ever changed and the body is left alone. A note
    made read-only is left as it is unless --force is given.

    \b
    Example:
      infoview import linkedin Connections.csv --dry-run
      infoview import csv google-contacts.csv --dry-run
      infoview import vcard contacts.vcf
      infoview import vcard contacts.vcf --update --dry-run
    """


def _import_options(func):
    func = click.option("--dry-run", is_flag=True,
                        help="Show the files that would be written; write nothing.")(func)
    func = click.option("--update", is_flag=True,
                        help="For someone already in contacts/, add the fields their note "
                             "lacks (one line each; no value is changed).")(func)
    func = click.option("--force", is_flag=True,
                        help="With --update, fill in notes made read-only too.")(func)
    func = click.argument("file", type=click.Path(dir_okay=False, path_type=Path))(func)
    return root_option(today_option(func))


def _run_import(root: Path, today, source: str, candidates, skipped, dry_run: bool,
                update: bool, force: bool) -> None:
    from infoview_build.interchange import importing

    result = importing.run(root, source, candidates, skipped, resolve_today(today), dry_run,
                           update, force)
    for line in importing.report(result, dry_run):
        echo(line)


@import_.command(context_settings=CONTEXT)
@click.option("--filter-company", metavar="TEXT",
              help="Only rows whose company contains TEXT (any case).")
@click.option("--filter-position", metavar="TEXT",
              help="Only rows whose position contains TEXT (any case).")
@_import_options
def linkedin(file: Path, filter_company, filter_position, dry_run: bool, update: bool,
             force: bool, root: Path, today) -> None:
    """Import LinkedIn's Connections.csv (Settings → Data privacy → Get a copy).

    Each row becomes contacts/<slug>.md with name, role, company, email (when
    shared), the profile link, and found_via: LinkedIn connection since DATE.

    \b
    Example:
      infoview import linkedin ~/Downloads/Connections.csv --filter-company Northwind
    """
    from infoview_build.interchange import csv_table
    from infoview_build.interchange import linkedin as reader
    from infoview_build.interchange.importing import read_bytes

    found = csv_table.table(*read_bytes(file))
    candidates, filtered = reader.read(found, filter_company, filter_position)
    if found.encoding_note:
        click.echo(f"{found.source}: {found.encoding_note}")
    _run_import(root, today, found.source, candidates, filtered, dry_run, update, force)


@import_.command("csv", context_settings=CONTEXT)
@_import_options
def import_csv(file: Path, dry_run: bool, update: bool, force: bool, root: Path,
               today) -> None:
    """Import an address book's CSV export: Google Contacts, Outlook, Thunderbird, LinkedIn.

    The layout is recognised by the header (Google's current and older
    layouts, Outlook's, Thunderbird's, LinkedIn's Connections.csv); any other
    header is refused (export the contacts as vCard and use 'import vcard').
    Each row becomes contacts/<slug>.md as a vCard would: name, the first
    email and phone, organisation → company, title → role, websites → links,
    the city and country of the first address → location, labels or
    categories → tags, notes → the body; the other emails and phones, the
    birthday, addresses, chat names and related people are listed in the body
    (personal details under a private heading). Files saved by Excel (a
    byte-order mark, Windows-1252, ';' between cells) are read.

    \b
    Example:
      infoview import csv ~/Downloads/contacts.csv --dry-run
    """
    from infoview_build.interchange import address_csv, csv_table, linkedin
    from infoview_build.interchange.importing import read_bytes

    found = csv_table.table(*read_bytes(file))
    if found.layout is None:
        raise csv_table.unknown_header(found)
    reader = linkedin.read if found.layout.key == "linkedin" else address_csv.read
    candidates, skipped = reader(found)
    click.echo(f"{found.source}: {found.layout.title} export"
               + (f"; {found.encoding_note}" if found.encoding_note else ""))
    _run_import(root, today, found.source, candidates, skipped, dry_run, update, force)


@import_.command(context_settings=CONTEXT)
@_import_options
def vcard(file: Path, dry_run: bool, update: bool, force: bool, root: Path, today) -> None:
    """Import a .vcf file as phones, Google, Apple, Outlook and Nextcloud export it.

    Each card becomes contacts/<slug>.md: FN (else N) → name, ORG → company,
    TITLE → role, EMAIL and TEL (the preferred one) → email and phone, URL and
    X-SOCIALPROFILE → links (LinkedIn first), ADR → location (city, country),
    CATEGORIES → tags, NOTE → the note's body, shown as text. The other emails
    and phones, NICKNAME and BDAY go in the body as a list. Photos, logos,
    sounds and keys are left out and counted. A card that cannot be read is
    skipped with its line and reason; the others are imported.

    \b
    Example:
      infoview import vcard contacts.vcf --dry-run
    """
    from infoview_build.interchange import vcard as reader
    from infoview_build.interchange.importing import read_bytes

    data, source = read_bytes(file)
    candidates, skipped = reader.read(data, source)
    _run_import(root, today, source, candidates, skipped, dry_run, update, force)


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
    against a schema can use it (docs/notes.md in the manual shows VS Code's set-up).

    \b
    Example:
      infoview schema interview > interview.schema.json
      infoview schema --format markdown > docs/fields.md
    """
    from infoview_build.notes import schema as schemas

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
    from infoview_build.interchange import export as exporting
    from infoview_build.notes.checking import require_valid

    day = resolve_today(today)
    data = make(exporting, require_valid(load_knowledge_base(root, day)), day)
    data = data.encode("utf-8") if isinstance(data, str) else data
    if output is None:
        click.echo(data, nl=False)
    else:
        exporting.save(root, output, data)
        click.echo(f"wrote {output}", err=True)


def _export_time():
    """Now, or the moment ``SOURCE_DATE_EPOCH`` names (for reproducible files)."""
    import os
    from datetime import UTC, datetime

    from infoview_build.notes.errors import InfoviewError

    pinned = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not pinned:
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(pinned), UTC)
    except (ValueError, OverflowError, OSError):
        raise InfoviewError(f"SOURCE_DATE_EPOCH is '{pinned}'; it must be a whole number of "
                            "seconds since 1970 (or unset)") from None


@export.command(context_settings=CONTEXT)
@_export_options
def ics(root: Path, today, public: bool, output) -> None:
    """An iCalendar file for Google Calendar, Apple Calendar and Outlook.

    One event per interview from today on (with a reminder an hour before, or
    at 09:00 for an interview without a time; none for cancelled ones, which
    are marked cancelled), and an all-day event with a 09:00 reminder for
    every dated to-do (scheduling, follow-ups, thank-you notes, preparation,
    referrals, action items) on its due day, also the ones ahead. UIDs say
    what each event is and SEQUENCE comes from the notes: unchanged notes give
    the same calendar (but for DTSTAMP, the export time), a changed note a
    newer revision, so importing a newer export updates the same events.
    Set SOURCE_DATE_EPOCH to pin the export time.

    \b
    Example:
      infoview export ics --today 2026-12-01 -o interviews.ics
    """
    now = _export_time()
    _export(root, today, output, lambda ex, kb, day: ex.to_ics(kb, day, public, now))


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
@click.option("--no-bom", is_flag=True,
              help="Leave out the byte-order mark (for scripts; Excel needs it).")
@_export_options
def csv_(table: str, no_bom: bool, root: Path, today, public: bool, output) -> None:
    """Contacts (or interviews) as a spreadsheet, with the derived stage.

    UTF-8 with a byte-order mark, so that Excel shows accented names right.
    Lists are joined with '; ', bodies are left out (use json for those), and
    a cell a spreadsheet would run as a formula starts with an apostrophe.

    \b
    Example:
      infoview export csv --table interviews -o interviews.csv
      infoview export csv --no-bom | python3 my_script.py
    """
    _export(root, today, output,
            lambda ex, kb, day: ex.to_csv(kb, day, table, public, bom=not no_bom))

