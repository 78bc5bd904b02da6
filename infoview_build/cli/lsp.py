"""``infoview lsp``: the language server that editors start."""

from __future__ import annotations

from pathlib import Path

import click

from infoview_build.cli.app import CONTEXT, main, today_option
from infoview_build.notes.knowledge import require_folders


@main.command(context_settings=CONTEXT)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Knowledge-base folder. Without it: the editor's workspace folder if it is "
              "one, else the current folder, else the folder above the first note opened.")
@today_option
def lsp(root: Path | None, today) -> None:
    """Run the language server on stdin and stdout, for editors that speak LSP.

    While you type in a note, the editor shows what `infoview check` would say
    (at the key or value it is about), completes keys, enum values, contact
    slugs and today's date, shows a contact's stage on hover, jumps from a slug
    to the contact's file, and offers quick fixes for misspelt keys, values YAML
    misreads and missing required keys. Your editor starts it: the manual's
    page docs/editors.md sets up Neovim, Emacs, Helix and VS Code.

    \b
    Example:
      infoview lsp --root my-notes
    """
    from infoview_build.lsp.server import serve  # pygls loads only for this command

    if root is not None:
        require_folders(root)
    serve(root, today)
