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
from infoview_build.model import STAGES

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

from infoview_build import publish  # noqa: E402 - kept with the commands it serves


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
    publish.serve_site(root, resolve_today(today), dev_addr, public)
