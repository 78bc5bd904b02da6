"""The ``infoview`` command: each callback parses options and calls one library function."""

from __future__ import annotations

import errno
import importlib
import os
import re
from datetime import date
from pathlib import Path

import click

from infoview_build import __version__
from infoview_build.notes.errors import InfoviewError, os_error_message
from infoview_build.notes.knowledge import find_root
from infoview_build.notes.terminal import printable_json, printable_lines

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

_PLACEHOLDER = re.compile(r"\[[^\[\]\n]+\]|\"[^\"\n]+\"|'infoview [^'\n]+'")
"""What help text must not break across lines: ``[default: …]``, a quoted example value,
a quoted command."""
_KEEP = "\x00"
"""Stands for a space inside a placeholder while the text is wrapped (not a space to it)."""


def _protect(text: str, width: int) -> str:
    """``text`` with the spaces of each placeholder that fits on a line made unbreakable
    (a longer one would be cut mid-word instead)."""
    def keep(match: re.Match) -> str:
        found = match.group()
        return found.replace(" ", _KEEP) if len(found) <= width else found

    return _PLACEHOLDER.sub(keep, text)


class HelpFormatter(click.HelpFormatter):
    """Click's help layout; an option's help wraps between placeholders, never inside one."""

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((len(term) for term, _ in rows), default=0), col_max) + col_spacing
        # The width Click gives the second column (click.formatting.HelpFormatter.write_dl).
        width = max(self.width - first - 2, 10) - self.current_indent
        super().write_dl([(term, _protect(text, width)) for term, text in rows], col_max,
                         col_spacing)

    def getvalue(self) -> str:
        return super().getvalue().replace(_KEEP, " ")


class Context(click.Context):
    formatter_class = HelpFormatter


class Command(click.Command):
    context_class = Context


class Group(click.Group):
    context_class = Context
    command_class = Command
    group_class = type  # sub-groups (new, mark, export …) are Groups like this one


ROOT_TYPE = click.Path(exists=True, file_okay=False, path_type=Path)
"""A knowledge-base folder that exists: a missing one is a usage error (exit 2)."""


def _root_value(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """The command's ``--root``, else the group's, else the nearest knowledge base upward;
    once what a killed ``infoview`` left in it is finished or undone."""
    if value is None:
        value = ctx.find_root().params.get("root")
    if value is None:
        value = find_root(Path("."))
    if not ctx.resilient_parsing:  # not while the shell completes a word
        from infoview_build.edit.files import recover

        pending = recover(value)
        if pending:  # a read-only mount: reading still works
            click.echo(f"infoview: {pending}", err=True)
    return value


def root_option(func):
    """``--root DIR``: the knowledge base to work on (default: found from here upward)."""
    return click.option(
        "--root",
        type=ROOT_TYPE,
        callback=_root_value,
        help="Knowledge-base folder (holds contacts/ and interviews/) [default: the nearest "
        "one upward]: like git, commands work from any sub-folder.",
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
        "[default: $INFOVIEW_TODAY, else today].",
    )(func)


def echo(text: str, fmt: str = "text", err: bool = False, nl: bool = True) -> None:
    """Print what a command found: text from notes and file names with every character a
    terminal would act on or hide shown escaped (in JSON, as ``\\u`` escapes)."""
    click.echo(printable_json(text) if fmt == "json" else printable_lines(text), err=err, nl=nl)


def resolve_today(value) -> date:
    """The day a command works for: the option's value, or the system date."""
    return value if value is not None else date.today()


class Infoview(Group):
    """The top command group: the one place where an operating-system failure becomes an
    ``Error:`` line (read-only disk, full disk, permission denied, a path that is a folder)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # the reader went away (``| head``): Click exits quietly
            raise InfoviewError(os_error_message(exc)) from None


COMMAND_MODULES = {
    "build": "publishing", "serve": "publishing", "publish": "publishing",
    "check": "checking", "todo": "checking", "list": "checking",
    "new": "authoring", "init": "authoring", "draft": "authoring",
    "edit": "editing", "rename": "editing", "show": "editing", "merge": "editing",
    "import": "interchange", "export": "interchange", "schema": "interchange",
    "lsp": "lsp",
    "mark": "marking",
}
"""The module of ``infoview_build.cli`` that adds each command to ``main``."""


class LazyInfoview(Infoview):
    """The top group, which imports a command's module only when that command is wanted:
    ``infoview check`` starts without what ``build`` or ``mark`` need. Listing the
    commands (``--help``, completion, a misspelt name) imports them all."""

    group_class = Infoview  # its sub-groups hold their commands already

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            if cmd_name in COMMAND_MODULES:
                importlib.import_module(f"infoview_build.cli.{COMMAND_MODULES[cmd_name]}")
            else:  # no such command: every name is there to suggest the nearest one
                self.load_all()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self.load_all()
        return super().list_commands(ctx)

    def load_all(self) -> None:
        """Import every command module (each adds its commands to this group)."""
        for module in sorted(set(COMMAND_MODULES.values())):
            importlib.import_module(f"infoview_build.cli.{module}")


@click.group(cls=LazyInfoview, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="infoview")
@click.option("--root", type=ROOT_TYPE, is_eager=True,
              help="Knowledge-base folder for the command that follows (the command's own "
              "--root wins).")
def main(root: Path | None) -> None:
    """Keep informational interviews as plain text and publish them as a searchable site.

    Contacts live in contacts/<slug>.md, conversations in
    interviews/<YYYY-MM-DD>-<contact>.md, each with YAML front matter.

    Commands find the knowledge base from the current folder upward (a folder
    with contacts/, interviews/ or infoview.yml), so they work from any of its
    sub-folders; --root, before or after the command, names one.

    \b
    Example:
      infoview check --root my-notes
      infoview --root my-notes todo
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
        from infoview_build.edit.mark import note_slugs

        root = ctx.params.get("root") or "."
        found = sorted({s for folder in folders for s in note_slugs(root, folder)})
        return [click.shell_completion.CompletionItem(s) for s in found if s.startswith(incomplete)]

    return complete
