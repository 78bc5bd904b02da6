"""The journal of a change: its steps, written before they are done, and done or undone
again by the next command after a crash.

A journal found in a knowledge base may come from someone else's clone or an edit, so it
is read as untrusted data: every value must have the shape infoview writes, every path
must be a note (a ``.md`` file in no hidden folder) inside the knowledge base, and every
temporary file must carry the change's own name. Only then is anything done, through
``Folders``, which reaches each file through no symbolic link. Nothing but a temporary
file of the change is ever deleted: a note a change removes is first renamed to one
(before the commit point, so that a rollback puts it back).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import signal
import stat
from dataclasses import dataclass
from pathlib import Path

from infoview_build.edit.files.durable import (
    TEMP_SUFFIX,
    sync_folder,
    temp_name,
    write_file,
)
from infoview_build.edit.files.folders import Folders, LinkedFolder
from infoview_build.notes.errors import InfoviewError

JOURNAL_FILE = ".infoview-journal.json"
FAULT_ENV = "INFOVIEW_FAULT"
"""For tests: ``staged:N``, ``committed`` or ``applied:N`` make the process SIGKILL itself
at that point of a change, as a power cut would stop it."""
MAX_JOURNAL = 16 * 1024 * 1024
"""Bytes: a rename touching 10,000 notes writes about 2 MB; a larger journal is damaged."""
OPS = ("create", "write", "move", "remove")
STATES = ("staging", "committed")
_ID = re.compile(r"[0-9a-f]{8}")
DAMAGED = (f"{JOURNAL_FILE} is damaged: a change was interrupted and cannot be finished; "
           "compare your notes with git, then delete that file")
OUTSIDE = (f"{JOURNAL_FILE} names a path outside the knowledge base; nothing was done — "
           "delete it if you did not start a change")


def fault(point: str, count: int | None = None) -> None:
    wanted = os.environ.get(FAULT_ENV)
    if wanted and wanted == (point if count is None else f"{point}:{count}"):
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(slots=True)
class Step:
    op: str
    """``create``, ``write``, ``move`` or ``remove``."""
    path: str
    """The file written, moved away or removed (relative to the root)."""
    to: str = ""
    """Where ``move`` puts it."""
    data: bytes | None = None
    temp: str = ""
    """The temporary file of ``create`` and ``write`` (the new content) and of ``remove``
    (the note removed, until the change is done) — relative to the root."""

    def record(self) -> dict:
        return {"op": self.op, "path": self.path, "to": self.to, "temp": self.temp}


def is_note_path(rel: str) -> bool:
    """Whether a change may name ``rel``: a Markdown file inside the knowledge base, in no
    hidden folder (so never ``.git/hooks/…`` nor infoview's own files)."""
    parts = rel.split("/")
    return rel.endswith(".md") and "\x00" not in rel and all(
        part not in ("", ".", "..") and not part.startswith(".") for part in parts)


def step_temp(path: str, tag: str, number: int) -> str:
    return temp_name(Path(path), f"{tag}.{number}").as_posix()


def _is_own_temp(temp: str, path: str, tag: str) -> bool:
    """``temp`` is a temporary file this change (``tag``) names for ``path``."""
    folder, _, name = path.rpartition("/")
    there, _, temp_file = temp.rpartition("/")
    own = re.fullmatch(re.escape(f".{name}.{tag}.") + r"[0-9]{1,9}" + re.escape(TEMP_SUFFIX),
                       temp_file)
    return there == folder and own is not None


# -- written ------------------------------------------------------------------------------


def write_journal(root: Path, tag: str, state: str, steps: list[Step]) -> None:
    journal = root / JOURNAL_FILE
    temp = temp_name(journal, "new")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp)
    data = json.dumps({"id": tag, "state": state, "steps": [s.record() for s in steps]},
                      indent=1).encode("utf-8")
    write_file(temp, data, None, sync=True)
    os.replace(temp, journal)
    sync_folder(root)


# -- read back ----------------------------------------------------------------------------


def read_journal(root: Path) -> tuple[str, list[Step]] | None:
    """The state and steps of the journal at ``root``; None if there is none. Raises
    ``InfoviewError`` (before anything is done) for a damaged journal or one that names
    anything but notes of this knowledge base and its own temporary files."""
    raw = _read(root / JOURNAL_FILE)
    if raw is None:
        return None
    try:
        record = json.loads(raw.decode("utf-8"))
        state, steps = _parse(record)
    except (ValueError, TypeError, KeyError, RecursionError):
        raise InfoviewError(DAMAGED) from None
    tag = record["id"]
    for step in steps:
        named = [step.path, step.to] if step.op == "move" else [step.path]
        if not all(is_note_path(rel) for rel in named) or \
                (step.op == "move") == bool(step.temp) or (step.op != "move" and step.to) or \
                (step.op != "move" and not _is_own_temp(step.temp, step.path, tag)):
            raise InfoviewError(OUTSIDE)
    try:
        with Folders(root) as folders:
            for step in steps:
                for rel in (step.path, step.to or step.path, step.temp or step.path):
                    folders.lstat(rel)
    except LinkedFolder:
        raise InfoviewError(OUTSIDE) from None
    return state, steps


def _read(journal: Path) -> bytes | None:
    try:
        handle = os.open(journal, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK, errno.ENXIO):  # a link, a socket
            raise InfoviewError(DAMAGED) from None
        raise
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_JOURNAL:
            raise InfoviewError(DAMAGED)
        chunks, size = [], 0
        while chunk := os.read(handle, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_JOURNAL:  # grown since
                raise InfoviewError(DAMAGED)
        return b"".join(chunks)
    finally:
        os.close(handle)


def _parse(record) -> tuple[str, list[Step]]:
    """Raises ``ValueError`` for any value of a shape infoview never writes."""
    if not isinstance(record, dict) or not isinstance(record.get("steps"), list):
        raise ValueError("not a journal")
    tag, state = record.get("id"), record.get("state")
    if not isinstance(tag, str) or not _ID.fullmatch(tag) or state not in STATES:
        raise ValueError("not a journal")
    steps = []
    for item in record["steps"]:
        if not isinstance(item, dict):
            raise ValueError("not a step")
        values = [item.get("op"), item.get("path"), item.get("to", ""), item.get("temp", "")]
        if not all(isinstance(value, str) and "\x00" not in value for value in values) or \
                values[0] not in OPS:
            raise ValueError("not a step")
        op, path, to, temp = values
        steps.append(Step(op, path, to, None, temp))
    return state, steps


# -- done or undone -----------------------------------------------------------------------


def stage_removals(folders: Folders, steps: list[Step]) -> None:
    """Before the commit point: each note to remove takes its temporary name."""
    for step in steps:
        if step.op == "remove" and folders.exists(step.path):
            folders.rename(step.path, step.temp)


def apply(root: Path, steps: list[Step]) -> None:
    """Do every step; each can be repeated after a crash with the same result."""
    with Folders(root) as folders:
        for count, step in enumerate(steps, 1):
            try:
                _apply_one(folders, step)
            except OSError as exc:
                exc.step = step.to or step.path
                raise
            fault("applied", count)
        folders.sync()
        folders.unlink(JOURNAL_FILE)
        folders.sync()


def _apply_one(folders: Folders, step: Step) -> None:
    if step.op == "remove":
        folders.unlink(step.temp)
    elif step.op == "move":
        if folders.exists(step.path) and not folders.exists(step.to):
            folders.rename(step.path, step.to)
    elif folders.exists(step.temp):
        if step.op == "create" and folders.exists(step.path):
            # Only after a crash: the name was given and the temporary name not yet dropped.
            folders.unlink(step.temp)
        else:
            folders.rename(step.temp, step.path)


def discard(root: Path, steps: list[Step]) -> None:
    """Roll back a change that never reached its commit point: its files were never named,
    and a note it was removing gets its name back."""
    with Folders(root) as folders:
        for step in steps:
            with contextlib.suppress(OSError, LinkedFolder):
                if step.op != "remove":
                    folders.unlink(step.temp)
                elif folders.exists(step.temp) and not folders.exists(step.path):
                    folders.rename(step.temp, step.path)
        for name in (JOURNAL_FILE, temp_name(Path(JOURNAL_FILE), "new").as_posix()):
            with contextlib.suppress(OSError):
                folders.unlink(name)
        folders.sync()
