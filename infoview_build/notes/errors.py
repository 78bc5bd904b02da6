"""The one exception family: every failure a user can cause ends as ``Error: …``."""

from __future__ import annotations

import errno
import os

import click

from infoview_build.notes.terminal import printable, printable_lines


class InfoviewError(click.ClickException):
    """A failure caused by the user's data or environment; exit code 1."""

    exit_code = 1

    def format_message(self) -> str:
        return printable_lines(self.message)


class KnowledgeBaseInvalid(InfoviewError):
    """The knowledge base has errors; they were already shown."""

    def __init__(self, count: int) -> None:
        noun = "error" if count == 1 else "errors"
        super().__init__(f"the knowledge base has {count} {noun}; fix them and run again")


class NotFound(InfoviewError):
    """A contact, interview or file named on the command line does not exist."""


REASONS = {
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "the operation is not permitted",
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "it is a folder",
    errno.ELOOP: "a symbolic-link loop",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EIO: "an input/output error (is the disk failing or unplugged?)",
    errno.ENXIO: "no such device, or a socket that cannot be opened",
    errno.ETXTBSY: "the file is busy",
    errno.EMFILE: "too many open files",
    errno.EEXIST: "it exists already",
    errno.EXDEV: "it is on another file system",
}
"""errno → the reason in words, for messages about files."""


class NotRegular(OSError):
    """A FIFO, a device, a socket or a folder where a file was expected; never opened."""


def reason(exc: OSError) -> str:
    """Why an operating-system call failed, in words."""
    if isinstance(exc, NotRegular):
        return exc.strerror
    if exc.errno in REASONS:
        return REASONS[exc.errno]
    return (exc.strerror or str(exc) or exc.__class__.__name__).lower()


class WriteFailed(InfoviewError):
    """The operating system refused a write: ``cannot write PATH: REASON``."""

    def __init__(self, path: str, exc: OSError, undone: bool = False) -> None:
        self.os_error = exc
        tail = "; nothing was written" if undone else ""
        super().__init__(f"cannot write {path}: {reason(exc)}{tail}")


def os_error_message(exc: OSError) -> str:
    """``cannot use PATH: REASON`` for an ``OSError`` that reached the command line."""
    path = exc.filename
    if path is None:
        return f"the operating system refused: {reason(exc)}"
    where = printable(os.fsdecode(path))
    if exc.filename2 is not None:
        where += f" → {printable(os.fsdecode(exc.filename2))}"
    return f"cannot use {where}: {reason(exc)}"
