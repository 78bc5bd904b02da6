"""The lock of a knowledge base and its all-or-nothing changes (see ``files``)."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import secrets
import shlex
import stat
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from infoview_build.edit.files.durable import as_bytes, new_file_mode, shown, temp_name
from infoview_build.edit.files.folders import Folders, LinkedFolder
from infoview_build.edit.files.replay import (
    JOURNAL_FILE,
    Step,
    apply,
    discard,
    fault,
    is_note_path,
    read_journal,
    stage_removals,
    step_temp,
    write_journal,
)
from infoview_build.notes.errors import InfoviewError, WriteFailed, reason
from infoview_build.notes.knowledge import require_folders

LOCK_FILE = ".infoview.lock"
LOCK_WAIT_ENV = "INFOVIEW_LOCK_WAIT"
LOCK_WAIT = 10.0
"""Seconds a second writer waits for the lock before it gives up and says who holds it."""
SYNC_EACH_UP_TO = 8
"""Up to this many files, each is fsynced; above, one ``os.sync`` is cheaper (500 small
notes: 1.6 s of fsyncs against 0.02–0.3 s for one sync on a busy disk)."""

_held: dict[str, list] = {}
"""Resolved root → [lock file descriptor or None, depth]: the lock is re-entrant."""


# -- the lock -----------------------------------------------------------------------------


@contextlib.contextmanager
def locked(root: Path | str) -> Iterator[None]:
    """Hold the knowledge base's write lock (waiting up to ``LOCK_WAIT`` seconds).

    Re-entrant within one process. On a read-only file system no lock is taken (nothing
    can be written there, so there is nothing to protect). Leftovers of a killed change
    are finished or rolled back first.
    """
    root = Path(root)
    key = str(root.resolve())
    if key not in _held:
        require_folders(root)  # no lock file in a folder that is no knowledge base
    if key in _held:
        _held[key][1] += 1
        try:
            yield
        finally:
            _held[key][1] -= 1
        return
    handle = _open_lock(root)
    try:
        if handle is not None:
            _acquire(handle, root)
        _held[key] = [handle, 1]
        try:
            _recover_locked(root)
            yield
        finally:
            del _held[key]
    finally:
        if handle is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(handle, 0)
            os.close(handle)  # closing the last descriptor releases the flock


def _open_lock(root: Path) -> int | None:
    path = root / LOCK_FILE
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, new_file_mode())
    except OSError as exc:
        if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise WriteFailed(str(path), exc) from None
        try:  # flock works on a descriptor opened for reading, too
            return os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            if exc.errno == errno.EROFS:
                return None
            raise WriteFailed(str(path), exc) from None


def _acquire(handle: int, root: Path) -> None:
    try:
        wait = float(os.environ.get(LOCK_WAIT_ENV, LOCK_WAIT))
    except ValueError:
        wait = LOCK_WAIT
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise InfoviewError(
                    f"{root} is being changed by another infoview ({_holder(handle)}); "
                    f"waited {wait:g} s, nothing was written — run the command again when it "
                    "has finished") from None
            time.sleep(0.02)
    command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:120] if sys.argv else "?"
    since = datetime.now().astimezone().isoformat(timespec="seconds")
    with contextlib.suppress(OSError):  # a read-only lock file still locks
        os.ftruncate(handle, 0)
        os.pwrite(handle, json.dumps({"pid": os.getpid(), "command": command,
                                      "since": since}).encode("utf-8"), 0)


def _holder(handle: int) -> str:
    """``pid 123, 'infoview mark replied ada-quill', since …`` from the lock file."""
    try:
        info = json.loads(os.pread(handle, 4096, 0).decode("utf-8"))
        return f"pid {info['pid']}, '{info['command']}', since {info['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "a process that has just started"


# -- a change of several files ------------------------------------------------------------


@dataclass(slots=True)
class Change:
    """The steps of one all-or-nothing change; made by ``change(root)``."""

    root: Path
    steps: list[Step] = field(default_factory=list)
    _vacated: set[str] = field(default_factory=set)

    def _rel(self, rel: str | Path) -> str:
        text = Path(rel).as_posix()
        if Path(text).is_absolute() or not is_note_path(text):
            raise ValueError(f"not a note inside the knowledge base: {rel}")
        if text in self._vacated:
            raise ValueError(f"{text} was moved away or removed earlier in this change")
        return text

    def create(self, rel: str | Path, data: str | bytes) -> None:
        """A new file; the change fails (nothing written) if ``rel`` exists by then."""
        self.steps.append(Step("create", self._rel(rel), data=as_bytes(data)))

    def write(self, rel: str | Path, data: str | bytes) -> None:
        """Create ``rel`` or replace its content; a replaced file keeps its mode and owner."""
        self.steps.append(Step("write", self._rel(rel), data=as_bytes(data)))

    def move(self, rel: str | Path, to: str | Path) -> None:
        """Give file ``rel`` the name ``to``; fails if ``to`` exists."""
        source, target = self._rel(rel), self._rel(to)
        self.steps.append(Step("move", source, to=target))
        self._vacated.add(source)

    def remove(self, rel: str | Path) -> None:
        """Delete file ``rel`` (nothing happens if it is gone already)."""
        self.steps.append(Step("remove", self._rel(rel)))
        self._vacated.add(self.steps[-1].path)


@contextlib.contextmanager
def change(root: Path | str, force: bool = False) -> Iterator[Change]:
    """Collect the steps of one change under the lock; write them all when the block ends.

    Raises ``InfoviewError`` (nothing written) when a file to create exists, a file to move
    or replace is missing or not a regular file, a folder on the way is a symbolic link, a
    note to change is read-only (unless ``force``), or the disk refuses a write.
    """
    root = Path(root)
    with locked(root):
        pending = Change(root)
        yield pending
        if pending.steps:
            _commit(root, pending.steps, force)


def is_read_only(mode: int) -> bool:
    """Whether the owner made a note read-only (``chmod a-w``). The mode bits say what the
    user meant: as root, ``os.access`` allows everything."""
    return not mode & 0o222


def read_only_message(rel: str, doing: str = "change") -> str:
    return (f"{rel} is read-only; nothing was written — add --force to {doing} it anyway, or "
            f"make it writable (chmod u+w {shlex.quote(rel)})")


def refuse_read_only(root: Path | str, rel: str, force: bool, doing: str = "change") -> None:
    """Refuse (unless ``force``) to change the note ``rel`` its owner made read-only; the
    one check of ``mark``, ``import --update``, ``rename`` and ``merge``, which ``change``
    makes again for every note it writes, moves or removes."""
    if force:
        return
    try:
        mode = os.stat(Path(root) / rel).st_mode
    except FileNotFoundError:
        return
    if is_read_only(mode):
        raise InfoviewError(read_only_message(rel, doing))


def _check(root: Path, folders: Folders, steps: list[Step], force: bool) -> None:
    """Refuse the change (before anything is written) if a step cannot be done."""
    exists: dict[str, bool] = {}
    made: set[str] = set()

    def there(rel: str) -> bool:
        if rel not in exists:
            try:
                exists[rel] = folders.exists(rel)
            except LinkedFolder as exc:
                raise InfoviewError(f"{shown(root, exc.rel)} is a symbolic link (or not a "
                                    "folder): infoview writes notes only into folders of the "
                                    "knowledge base itself; nothing was written") from None
        return exists[rel]

    for step in steps:
        where = shown(root, step.path)
        if step.op == "create" and there(step.path):
            raise InfoviewError(f"{where} exists already; nothing was written")
        if step.op in ("move", "write") and step.path not in made and there(step.path) \
                and not stat.S_ISREG(folders.lstat(step.path).st_mode):
            raise InfoviewError(f"{where} is a symbolic link or not a regular file; "
                                "nothing was written")
        if not force and step.op != "create" and step.path not in made and \
                there(step.path) and is_read_only(folders.lstat(step.path).st_mode):
            raise InfoviewError(read_only_message(step.path))
        if step.op == "move":
            if not there(step.path):
                raise InfoviewError(f"{where} does not exist; nothing was written")
            if there(step.to):
                raise InfoviewError(f"{shown(root, step.to)} exists already; nothing was "
                                    "written")
            exists[step.path], exists[step.to] = False, True
            made.add(step.to)
        elif step.op == "remove":
            there(step.path)
            exists[step.path] = False
        else:
            exists[step.path] = True
            made.add(step.path)


def _through_links(root: Path, steps: list[Step]) -> None:
    """A note that is a link to a note of the knowledge base is written where it points."""
    real_root = os.path.realpath(root)
    for step in steps:
        if step.op == "write" and os.path.islink(root / step.path):
            real = os.path.realpath(root / step.path)
            inside = Path(os.path.relpath(real, real_root)).as_posix()
            if os.path.isfile(real) and Path(real).is_relative_to(real_root) and \
                    is_note_path(inside):
                step.path = inside


def _commit(root: Path, steps: list[Step], force: bool) -> None:
    """Stage every file, mark the journal committed, apply the steps, drop the journal."""
    _through_links(root, steps)
    with Folders(root) as folders:
        _check(root, folders, steps, force)
        tag = secrets.token_hex(4)
        temps = [s for s in steps if s.data is not None]
        for number, step in enumerate(s for s in steps if s.data is not None or
                                      s.op == "remove"):
            step.temp = step_temp(step.path, tag, number)
        current = None
        try:
            current = temps[0].path if temps else steps[0].path
            write_journal(root, tag, "staging", steps)
            sync_each = len(temps) <= SYNC_EACH_UP_TO
            moved = {s.to: s.path for s in steps if s.op == "move"}
            for count, step in enumerate(temps, 1):
                current = step.path
                like = folders.lstat(moved.get(step.path, step.path)) \
                    if step.op == "write" else None
                folders.write(step.temp, step.data, like, sync_each)
                fault("staged", count)
            if not sync_each:
                os.sync()
            current = steps[0].path
            stage_removals(folders, steps)
            folders.sync()
            # A name taken meanwhile by another program: still nothing lost.
            _check(root, folders, [s for s in steps if s.op != "remove"], force=True)
            write_journal(root, tag, "committed", steps)
        except BaseException as exc:
            discard(root, steps)
            if isinstance(exc, LinkedFolder):
                raise InfoviewError(f"{shown(root, exc.rel)} became a symbolic link during "
                                    "the change; nothing was written") from None
            if isinstance(exc, OSError):
                raise WriteFailed(shown(root, current), exc, undone=True) from None
            raise
    fault("committed")
    try:
        apply(root, steps)
    except OSError as exc:
        raise WriteFailed(shown(root, getattr(exc, "step", steps[0].path)), exc) from None


def recover(root: Path | str) -> str | None:
    """Finish or roll back what a killed change left in ``root``; cheap when nothing did.

    Where the disk refuses writes (a read-only mount), the change stays pending and the
    notes can still be read: the message saying so is returned. A damaged or foreign
    journal is an ``InfoviewError``."""
    root = Path(root)
    if not (os.path.lexists(root / JOURNAL_FILE) or
            os.path.lexists(root / temp_name(Path(JOURNAL_FILE), "new"))):
        return None
    try:
        with locked(root):
            pass  # taking the lock recovers
    except (OSError, WriteFailed) as exc:
        error = getattr(exc, "os_error", exc)
        if error.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise
        return (f"a change to {root} was interrupted and is pending ({JOURNAL_FILE}); it "
                f"cannot be finished here ({reason(error)}): the notes are read as they are")
    return None


def _recover_locked(root: Path) -> None:
    journal = root / JOURNAL_FILE
    if os.path.lexists(temp_name(journal, "new")):  # killed while writing the journal
        os.unlink(temp_name(journal, "new"))
    found = read_journal(root)
    if found is None:
        return
    state, steps = found
    if state == "committed":
        apply(root, steps)
    else:
        discard(root, steps)
