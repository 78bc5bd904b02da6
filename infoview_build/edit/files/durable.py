"""Durable single steps: a new file written, synced and renamed into place; a folder
synced; an export written (atomically, or into a FIFO as a shell would)."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from infoview_build.notes.errors import InfoviewError, WriteFailed

TEMP_SUFFIX = ".infoview-tmp"
"""Every temporary file infoview makes ends so: the loader skips it, recovery removes it."""



def sync_folder(folder: Path) -> None:
    """Make the names in ``folder`` (new, renamed, removed) survive a power cut."""
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return  # some file systems cannot open a folder; the rename is still atomic
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def new_file_mode() -> int:
    """The mode an editor would give a new file (a plain 0600 would hide notes)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_file(path: Path | str, data: bytes, like: os.stat_result | None, sync: bool,
               dir_fd: int | None = None) -> None:
    """Write a new file ``path`` (never an existing one), with the mode of ``like``;
    ``path`` is a name in the open folder ``dir_fd`` when that is given."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600,
                     dir_fd=dir_fd)
    try:
        if like is None:
            os.fchmod(handle, new_file_mode())
        else:
            os.fchmod(handle, stat.S_IMODE(like.st_mode))
            with contextlib.suppress(OSError):  # root editing a user's note keeps it theirs
                os.fchown(handle, like.st_uid, like.st_gid)
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
        if sync:
            os.fsync(handle)
    except BaseException:
        os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(path, dir_fd=dir_fd)
        raise
    os.close(handle)


def temp_name(path: Path, tag: str) -> Path:
    return path.with_name(f".{path.name}.{tag}{TEMP_SUFFIX}")


def as_bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def shown(root: Path, rel: str) -> str:
    """A path as the user would type it: under ``--root`` as they gave it."""
    return str(Path(root) / rel)


def write_new(path: Path, text: str | bytes) -> None:
    """Create ``path`` with ``text`` outside any knowledge base's notes (``init``, the site
    marker); refuse if anything exists there already."""
    path = Path(path)
    data = as_bytes(text)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(path):
            raise InfoviewError(f"{path} exists already; nothing was written")
        temp = temp_name(path, secrets.token_hex(4))
        write_file(temp, data, None, sync=True)
        try:
            os.link(temp, path)  # fails if the name was taken meanwhile: never overwrites
        except FileExistsError:
            raise InfoviewError(f"{path} exists already; nothing was written") from None
        except OSError:
            if os.path.lexists(path):
                raise InfoviewError(f"{path} exists already; nothing was written") from None
            os.replace(temp, path)  # file systems without hard links
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        sync_folder(path.parent)
    except OSError as exc:
        raise WriteFailed(str(path), exc) from None


def write_output(path: Path, data: bytes) -> None:
    """Write an export to ``path``: a regular file (or a new name) is replaced at once,
    never left half written; a FIFO, a terminal or ``/dev/stdout`` is written into, as a
    shell's ``>`` would, never replaced by a file."""
    path = Path(path)
    try:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise InfoviewError(f"{path} is a folder; -o needs a file name")
        if st is not None and not stat.S_ISREG(st.st_mode):
            _write_into(path, data)
            return
        target = Path(os.path.realpath(path))  # through a link: replace what it points at
        replace_file(target, data, st, sync=True)
        sync_folder(target.parent)
    except OSError as exc:
        raise WriteFailed(str(path), exc) from None


def replace_output(path: Path, data: bytes) -> None:
    """Replace a file of the site at once (a reader sees the old file or the new one,
    never half of one); not synced: a site is made again from the notes."""
    replace_file(Path(path), data, None, sync=False)


def replace_file(target: Path, data: bytes, like: os.stat_result | None, sync: bool,
             dir_fd: int | None = None) -> None:
    """Replace ``target`` (a name in the open folder ``dir_fd`` when that is given) by a
    new file holding ``data``, written beside it first."""
    temp = temp_name(target, secrets.token_hex(4))
    write_file(temp, data, like, sync=sync, dir_fd=dir_fd)
    try:
        os.replace(temp, target, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp, dir_fd=dir_fd)
        raise


def _write_into(path: Path, data: bytes) -> None:
    handle = os.open(path, os.O_WRONLY | os.O_NOCTTY)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
    finally:
        os.close(handle)

