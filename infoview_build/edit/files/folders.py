"""Files of one knowledge base reached from its root through no symbolic link.

Every step of a change (and of a journal's replay) works on a folder opened one name at a
time with ``O_NOFOLLOW``, then on a name inside it (``unlinkat``, ``renameat``): a folder
swapped for a link, by a clone or meanwhile, cannot lead a write or a delete elsewhere.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from infoview_build.edit.files.durable import replace_file, write_file

_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class LinkedFolder(Exception):
    """A folder on the way to a file is a symbolic link (or no folder at all)."""

    def __init__(self, rel: str) -> None:
        super().__init__(rel)
        self.rel = rel


class Folders:
    """Open folders of the knowledge base at ``root``, each reached from the root itself;
    paths are relative, with ``/`` between names. Use as a context manager."""

    def __init__(self, root: Path) -> None:
        self._open: dict[str, int] = {"": os.open(root, _FOLDER & ~os.O_NOFOLLOW)}
        self._touched: set[str] = set()

    def __enter__(self) -> Folders:
        return self

    def __exit__(self, *exc) -> None:
        for handle in self._open.values():
            os.close(handle)
        self._open.clear()

    def folder(self, rel: str, create: bool = False) -> int | None:
        """The open folder ``rel`` (``""`` is the root); None if it does not exist and is
        not to be made. Raises ``LinkedFolder`` for a link or a file on the way."""
        if rel in self._open:
            return self._open[rel]
        parent, _, name = rel.rpartition("/")
        above = self.folder(parent, create)
        if above is None:
            return None
        try:
            try:
                handle = os.open(name, _FOLDER, dir_fd=above)
            except FileNotFoundError:
                if not create:
                    return None
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o777, dir_fd=above)
                handle = os.open(name, _FOLDER, dir_fd=above)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                raise LinkedFolder(rel) from None
            raise
        self._open[rel] = handle
        return handle

    def _at(self, rel: str, create: bool = False) -> tuple[int | None, str]:
        parent, _, name = rel.rpartition("/")
        return self.folder(parent, create), name

    def lstat(self, rel: str) -> os.stat_result | None:
        """The file ``rel`` itself (a link is not followed); None if it does not exist."""
        where, name = self._at(rel)
        if where is None:
            return None
        try:
            return os.stat(name, dir_fd=where, follow_symlinks=False)
        except FileNotFoundError:
            return None

    def exists(self, rel: str) -> bool:
        return self.lstat(rel) is not None

    def write(self, rel: str, data: bytes, like: os.stat_result | None, sync: bool) -> None:
        """Write the new file ``rel`` (its folders made if missing); see ``write_file``."""
        where, name = self._at(rel, create=True)
        write_file(name, data, like, sync, dir_fd=where)
        self._touched.add(rel.rpartition("/")[0])

    def replace(self, rel: str, data: bytes, sync: bool) -> None:
        """Replace the file ``rel`` at once by one holding ``data`` (its folders made)."""
        where, name = self._at(rel, create=True)
        replace_file(Path(name), data, None, sync, dir_fd=where)
        self._touched.add(rel.rpartition("/")[0])

    def unlink(self, rel: str) -> None:
        """Remove the name ``rel``; nothing happens if it is gone already."""
        where, name = self._at(rel)
        if where is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name, dir_fd=where)
            self._touched.add(rel.rpartition("/")[0])

    def rename(self, rel: str, to: str) -> None:
        """Give ``rel`` the name ``to``, replacing a file there (the caller checks)."""
        where, name = self._at(rel)
        there, new = self._at(to, create=True)
        if where is None:
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), rel)
        os.rename(name, new, src_dir_fd=where, dst_dir_fd=there)
        self._touched |= {rel.rpartition("/")[0], to.rpartition("/")[0]}

    def sync(self) -> None:
        """Make the names changed so far survive a power cut."""
        for rel in sorted(self._touched):
            with contextlib.suppress(OSError):  # some file systems cannot sync a folder
                os.fsync(self._open[rel])
        self._touched.clear()
