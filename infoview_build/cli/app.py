"""The ``infoview`` command: each callback parses options and calls one library function."""

from __future__ import annotations

import errno
import os
from datetime import date
from pathlib import Path

import click

from infoview_build import __version__
from infoview_build.edit.mark import note_slugs
from infoview_build.notes.errors import InfoviewError, os_error_message

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _recovered(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """The knowledge base, once what a killed ``infoview`` left in it is finished or undone."""
    if not ctx.resilient_parsing:  # not while the shell completes a word
        from infoview_build.edit.files import recover

        recover(value)
    return value


def root_option(func):
    """``--root DIR``: the knowledge base to work on (default: the current folder)."""
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=".",
        show_default=True,
        callback=_recovered,
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


class Infoview(click.Group):
    """The top command group: the one place where an operating-system failure becomes an
    ``Error:`` line (read-only disk, full disk, permission denied, a path that is a folder)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # the reader went away (``| head``): Click exits quietly
            raise InfoviewError(os_error_message(exc)) from None


@click.group(cls=Infoview, context_settings=CONTEXT)
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




def public_option(func):
    return click.option(
        "--public", is_flag=True,
        help="Leave out private notes, email addresses and phone numbers.",
    )(func)


def complete_slugs(*folders: str):
    """Shell completion of note slugs in ``folders``, under the ``--root`` typed so far."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str):
        root = ctx.params.get("root") or "."
        found = sorted({s for folder in folders for s in note_slugs(root, folder)})
        return [click.shell_completion.CompletionItem(s) for s in found if s.startswith(incomplete)]

    return complete
