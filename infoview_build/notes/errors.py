"""The one exception family: every failure a user can cause ends as ``Error: …``."""

from __future__ import annotations

import click


class InfoviewError(click.ClickException):
    """A failure caused by the user's data or environment; exit code 1."""

    exit_code = 1


class KnowledgeBaseInvalid(InfoviewError):
    """The knowledge base has errors; they were already shown."""

    def __init__(self, count: int) -> None:
        noun = "error" if count == 1 else "errors"
        super().__init__(f"the knowledge base has {count} {noun}; fix them and run again")


class NotFound(InfoviewError):
    """A contact, interview or file named on the command line does not exist."""
