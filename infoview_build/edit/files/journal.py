"""The lock of a knowledge base and its all-or-nothing changes (see ``files``)."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import secrets
import signal
import stat
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from infoview_build.edit.files.durable import (
    as_bytes,
    new_file_mode,
    shown,
    sync_folder,
    temp_name,
    write_file,
)
from infoview_build.notes.errors import InfoviewError, WriteFailed
from infoview_build.notes.knowledge import require_folders

LOCK_FILE = ".infoview.lock"
JOURNAL_FILE = ".infoview-journal.json"
LOCK_WAIT_ENV = "INFOVIEW_LOCK_WAIT"
LOCK_WAIT = 10.0
"""Seconds a second writer waits for the lock before it gives up and says who holds it."""
FAULT_ENV = "INFOVIEW_FAULT"
"""For tests: ``staged:N``, ``committed`` or ``applied:N`` make the process SIGKILL itself
at that point of a change, as a power cut would stop it."""
SYNC_EACH_UP_TO = 8
"""Up to this many files, each is fsynced; above, one ``os.sync`` is cheaper (500 small
notes: 1.6 s of fsyncs against 0.02–0.3 s for one sync on a busy disk)."""

_held: dict[str, list] = {}
"""Resolved root → [lock file descriptor or None, depth]: the lock is re-entrant."""


def _fault(point: str, count: int | None = None) -> None:
    wanted = os.environ.get(FAULT_ENV)
    if wanted and wanted == (point if count is None else f"{point}:{count}"):
        os.kill(os.getpid(), signal.SIGKILL)


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
class _Step:
    op: str
    """``create``, ``write``, ``move`` or ``remove``."""
    path: str
    """The file written, moved away or removed (relative to the root)."""
    to: str = ""
    """Where ``move`` puts it."""
    data: bytes | None = None
    temp: str = ""
    """The temporary file of ``create`` and ``write`` (relative to the root)."""

    def record(self) -> dict:
        return {"op": self.op, "path": self.path, "to": self.to, "temp": self.temp}


@dataclass(slots=True)
class Change:
    """The steps of one all-or-nothing change; made by ``change(root)``."""

    root: Path
    steps: list[_Step] = field(default_factory=list)
    _vacated: set[str] = field(default_factory=set)

    def _rel(self, rel: str | Path) -> str:
        text = Path(rel).as_posix()
        if Path(text).is_absolute() or ".." in Path(text).parts or text in ("", "."):
            raise ValueError(f"not a path inside the knowledge base: {rel}")
        if text in self._vacated:
            raise ValueError(f"{text} was moved away or removed earlier in this change")
        return text

    def create(self, rel: str | Path, data: str | bytes) -> None:
        """A new file; the change fails (nothing written) if ``rel`` exists by then."""
        self.steps.append(_Step("create", self._rel(rel), data=as_bytes(data)))

    def write(self, rel: str | Path, data: str | bytes) -> None:
        """Create ``rel`` or replace its content; a replaced file keeps its mode and owner."""
        self.steps.append(_Step("write", self._rel(rel), data=as_bytes(data)))

    def move(self, rel: str | Path, to: str | Path) -> None:
        """Give file ``rel`` the name ``to``; fails if ``to`` exists."""
        source, target = self._rel(rel), self._rel(to)
        self.steps.append(_Step("move", source, to=target))
        self._vacated.add(source)

    def remove(self, rel: str | Path) -> None:
        """Delete file ``rel`` (nothing happens if it is gone already)."""
        self.steps.append(_Step("remove", self._rel(rel)))
        self._vacated.add(self.steps[-1].path)


@contextlib.contextmanager
def change(root: Path | str) -> Iterator[Change]:
    """Collect the steps of one change under the lock; write them all when the block ends.

    Raises ``InfoviewError`` (nothing written) when a file to create exists, a file to move
    or replace is missing or not a regular file, or the disk refuses a write.
    """
    root = Path(root)
    with locked(root):
        pending = Change(root)
        yield pending
        if pending.steps:
            _commit(root, pending.steps)


def _check(root: Path, steps: list[_Step]) -> None:
    """Refuse the change (before anything is written) if a step cannot be done."""
    exists: dict[str, bool] = {}
    made: set[str] = set()

    def there(rel: str) -> bool:
        if rel not in exists:
            exists[rel] = os.path.lexists(root / rel)
        return exists[rel]

    for step in steps:
        where = shown(root, step.path)
        if step.op == "create" and there(step.path):
            raise InfoviewError(f"{where} exists already; nothing was written")
        if step.op in ("move", "write") and step.path not in made and there(step.path) \
                and not stat.S_ISREG(os.lstat(root / step.path).st_mode):
            raise InfoviewError(f"{where} is a symbolic link or not a regular file; "
                                "nothing was written")
        if step.op == "move":
            if not there(step.path):
                raise InfoviewError(f"{where} does not exist; nothing was written")
            if there(step.to):
                raise InfoviewError(f"{shown(root, step.to)} exists already; nothing was "
                                    "written")
            exists[step.path], exists[step.to] = False, True
            made.add(step.to)
        elif step.op == "remove":
            exists[step.path] = False
        else:
            exists[step.path] = True
            made.add(step.path)


def _through_links(root: Path, steps: list[_Step]) -> None:
    """A note that is a link to a file of the knowledge base is written where it points."""
    real_root = os.path.realpath(root)
    for step in steps:
        if step.op == "write" and os.path.islink(root / step.path):
            real = os.path.realpath(root / step.path)
            if os.path.isfile(real) and Path(real).is_relative_to(real_root):
                step.path = Path(os.path.relpath(real, real_root)).as_posix()


def _commit(root: Path, steps: list[_Step]) -> None:
    """Stage every file, mark the journal committed, apply the steps, drop the journal."""
    _through_links(root, steps)
    _check(root, steps)
    tag = secrets.token_hex(4)
    temps = [s for s in steps if s.data is not None]
    for number, step in enumerate(temps):
        step.temp = temp_name(Path(step.path), f"{tag}.{number}").as_posix()
    current = None
    try:
        current = temps[0].path if temps else steps[0].path
        _write_journal(root, tag, "staging", steps)
        sync_each = len(temps) <= SYNC_EACH_UP_TO
        moved = {s.to: s.path for s in steps if s.op == "move"}
        for count, step in enumerate(temps, 1):
            current = step.path
            target = root / step.path
            target.parent.mkdir(parents=True, exist_ok=True)
            like = None
            if step.op == "write":
                source = root / moved.get(step.path, step.path)
                with contextlib.suppress(FileNotFoundError):
                    like = os.stat(source)
            write_file(root / step.temp, step.data, like, sync_each)
            _fault("staged", count)
        if not sync_each:
            os.sync()
        for folder in sorted({(root / s.temp).parent for s in temps}):
            sync_folder(folder)
        current = steps[0].path
        _check(root, steps)  # a name taken meanwhile by another program: still nothing lost
        _write_journal(root, tag, "committed", steps)
    except BaseException as exc:
        _discard(root, steps)
        if isinstance(exc, OSError):
            raise WriteFailed(shown(root, current), exc, undone=True) from None
        raise
    _fault("committed")
    try:
        _apply(root, steps)
    except OSError as exc:
        raise WriteFailed(shown(root, getattr(exc, "step", steps[0].path)), exc) from None


def _write_journal(root: Path, tag: str, state: str, steps: list[_Step]) -> None:
    journal = root / JOURNAL_FILE
    temp = temp_name(journal, "new")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp)
    data = json.dumps({"id": tag, "state": state, "steps": [s.record() for s in steps]},
                      indent=1).encode("utf-8")
    write_file(temp, data, None, sync=True)
    os.replace(temp, journal)
    sync_folder(root)


def _discard(root: Path, steps: list[_Step]) -> None:
    """Roll back a change that never reached its commit point: its files were never named."""
    for step in steps:
        if step.temp:
            with contextlib.suppress(OSError):
                os.unlink(root / step.temp)
    for name in (JOURNAL_FILE, temp_name(Path(JOURNAL_FILE), "new").as_posix()):
        with contextlib.suppress(OSError):
            os.unlink(root / name)
    sync_folder(root)


def _apply(root: Path, steps: list[_Step]) -> None:
    """Do every step; each can be repeated after a crash with the same result."""
    folders = {root}
    for count, step in enumerate(steps, 1):
        try:
            _apply_one(root, step)
        except OSError as exc:
            exc.step = step.to or step.path
            raise
        folders |= {(root / step.path).parent, (root / (step.to or step.path)).parent}
        _fault("applied", count)
    for folder in sorted(folders):
        sync_folder(folder)
    os.unlink(root / JOURNAL_FILE)
    sync_folder(root)


def _apply_one(root: Path, step: _Step) -> None:
    path = root / step.path
    if step.op == "remove":
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    elif step.op == "move":
        target = root / step.to
        if os.path.lexists(path) and not os.path.lexists(target):
            os.rename(path, target)
    elif os.path.lexists(root / step.temp):
        if step.op == "create" and os.path.lexists(path):
            # Only after a crash: the name was given and the temporary name not yet dropped.
            os.unlink(root / step.temp)
        else:
            os.replace(root / step.temp, path)


def recover(root: Path | str) -> None:
    """Finish or roll back what a killed change left in ``root``; cheap when nothing did."""
    root = Path(root)
    if os.path.lexists(root / JOURNAL_FILE) or \
            os.path.lexists(root / temp_name(Path(JOURNAL_FILE), "new")):
        with locked(root):
            pass  # taking the lock recovers


def _recover_locked(root: Path) -> None:
    journal = root / JOURNAL_FILE
    if os.path.lexists(temp_name(journal, "new")):  # killed while writing the journal
        os.unlink(temp_name(journal, "new"))
    try:
        raw = journal.read_bytes()
    except FileNotFoundError:
        return
    try:
        record = json.loads(raw.decode("utf-8"))
        steps = [_Step(s["op"], s["path"], s.get("to", ""), None, s.get("temp", ""))
                 for s in record["steps"]]
        state = record["state"]
    except (ValueError, KeyError, TypeError):
        raise InfoviewError(f"{journal} is damaged: a change was interrupted and cannot be "
                            "finished; compare your notes with git, then delete that file") \
            from None
    for step in steps:
        if not _inside(root, step.path) or not _inside(root, step.to or step.path) or \
                (step.temp and not _inside(root, step.temp)):
            raise InfoviewError(f"{journal} names a file outside the knowledge base; "
                                "delete it by hand")
    if state == "committed":
        _apply(root, steps)
    else:
        _discard(root, steps)


def _inside(root: Path, rel: str) -> bool:
    path = Path(rel)
    return bool(rel) and not path.is_absolute() and ".." not in path.parts

