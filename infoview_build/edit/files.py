"""Every write into a knowledge base goes through here: atomic, and never over a note."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from infoview_build.notes.errors import InfoviewError


def _new_file_mode() -> int:
    """The mode an editor would give a new file (mkstemp's 0600 would hide notes)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _write_temp(path: Path, data: bytes) -> str:
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(temp, _new_file_mode())
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        os.unlink(temp)
        raise
    return temp


def write_new(path: Path, text: str | bytes) -> None:
    """Create ``path`` with ``text``; refuse if anything exists there already."""
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        raise InfoviewError(f"{path} exists already; nothing was written")
    temp = _write_temp(path, data)
    try:
        _link_new(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _link_new(temp: str, path: Path) -> None:
    """Give the written ``temp`` the name ``path``, unless that name is taken."""
    try:
        # link() fails if the name was taken meanwhile, so a note is never overwritten.
        os.link(temp, path)
    except FileExistsError:
        raise InfoviewError(f"{path} exists already; nothing was written") from None
    except OSError:
        if path.exists():
            raise InfoviewError(f"{path} exists already; nothing was written") from None
        os.replace(temp, path)  # file systems without hard links


def write_new_all(items: list[tuple[Path, str | bytes]]) -> None:
    """Create every file or none; refuse if any exists (then remove those made here).

    For many notes at once (an import): the data reach the disk with one ``os.sync``
    before any name appears, instead of an ``fsync`` per file, which on a busy disk
    cost 1.6 s for 500 small notes where one sync took 0.02–0.3 s.
    """
    temps: list[tuple[str, Path]] = []
    made: list[Path] = []
    try:
        for path, text in items:
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() or path.is_symlink():
                raise InfoviewError(f"{path} exists already; nothing was written")
            data = text.encode("utf-8") if isinstance(text, str) else text
            handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                            dir=path.parent)
            temps.append((temp, path))
            os.chmod(temp, _new_file_mode())
            with os.fdopen(handle, "wb") as out:
                out.write(data)
        os.sync()
        for temp, path in temps:
            _link_new(temp, path)
            made.append(path)
    except BaseException:
        for path in made:
            path.unlink(missing_ok=True)
        raise
    finally:
        for temp, _ in temps:
            if os.path.exists(temp):
                os.unlink(temp)


def replace(path: Path, data: bytes) -> None:
    """Replace an existing file's bytes at once: readers see the old file or the new one."""
    path = Path(path)
    mode = path.stat().st_mode & 0o777
    temp = _write_temp(path, data)
    os.chmod(temp, mode)
    os.replace(temp, path)


SITE_MARKER = ".infoview-site"
"""Left in every site folder infoview builds; only such a folder is ever written over."""


def claim_site_dir(site_dir: Path, root: Path) -> None:
    """Refuse a site folder that holds anything infoview did not make; then mark it ours.

    MkDocs empties its site folder before writing, so pointing ``--site-dir`` at the
    wrong place (``contacts``, ``~``) would delete a person's files.
    """
    site = Path(site_dir).expanduser().resolve()
    base = Path(root).resolve()
    protected = {base, Path.home().resolve(), Path(site.anchor)}
    protected |= {base / name for name in ("contacts", "interviews", "docs")}
    if site in protected or base.is_relative_to(site) or any(
        site.is_relative_to(base / name) for name in ("contacts", "interviews", "docs")
    ):
        raise InfoviewError(f"refusing to build the site into {site_dir}: it holds your notes "
                            "or contains the knowledge base; choose another --site-dir")
    if site.exists() and not site.is_dir():
        raise InfoviewError(f"refusing to build the site into {site_dir}: it is a file")
    if site.is_dir() and any(site.iterdir()) and not (site / SITE_MARKER).is_file():
        raise InfoviewError(f"refusing to build the site into {site_dir}: the folder is not "
                            "empty and was not made by infoview; empty it or choose another "
                            "--site-dir")
    site.mkdir(parents=True, exist_ok=True)
    if not (site / SITE_MARKER).is_file():
        write_new(site / SITE_MARKER, "This folder is built by infoview and replaced on every "
                                      "build.\n")


def commit(root: Path, changes: list[tuple[str, str, bytes, bytes]]) -> None:
    """Apply a multi-file change: ``(path, new path, bytes before, bytes after)`` each,
    paths relative to ``root``; every file is written, or none is.

    Every new text is staged first (a synced temporary file beside its target); a file
    that changed on disk since it was read, or a target taken meanwhile, stops the change
    before anything is touched. Then the staged files take their names; if one step fails,
    the steps already done are undone from the bytes held in memory.
    """
    root = Path(root)
    staged: list[tuple[str, Path, Path, bytes]] = []  # (temp, old, new, before)
    try:
        for rel, new_rel, before, after in changes:
            old, new = root / rel, root / new_rel
            try:
                current = old.read_bytes()
            except OSError as exc:
                raise InfoviewError(f"cannot read {rel}: {exc.strerror}") from None
            if current != before:
                raise InfoviewError(f"{rel} changed since it was read; nothing was written; "
                                    "run the command again")
            temp = _write_temp(new, after)
            os.chmod(temp, old.stat().st_mode & 0o777)
            staged.append((temp, old, new, before))
        sources = {old for _, old, new, _ in staged if old != new}
        for _, old, new, _ in staged:
            if new != old and new not in sources and (new.exists() or new.is_symlink()):
                raise InfoviewError(f"{new.relative_to(root)} exists already; nothing was "
                                    "written")
        _swap_in(staged, sources)
    finally:
        for temp, *_ in staged:
            if os.path.exists(temp):
                os.unlink(temp)


def _swap_in(staged: list[tuple[str, Path, Path, bytes]], sources: set[Path]) -> None:
    """Move the staged files into place: moved sources out first, then every new name."""
    removed: list[tuple[Path, bytes]] = []
    placed: list[tuple[Path, bytes | None]] = []  # (path, bytes to restore, or None: remove)
    try:
        for _, old, new, before in staged:
            if old != new:
                old.unlink()
                removed.append((old, before))
        for temp, old, new, before in staged:
            if old == new:
                os.replace(temp, new)
                placed.append((new, before))
            else:
                _link_new(temp, new)
                placed.append((new, None))
    except BaseException:
        for path, before in reversed(placed):
            if before is None:
                path.unlink(missing_ok=True)
            else:
                replace(path, before)
        for path, before in removed:
            if not path.exists():
                write_new(path, before)
        raise
