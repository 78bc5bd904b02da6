"""One editor's session: which knowledge base, which notes are open, and their problems.

The editor's text of an open note wins over the file on disk; every other note is read
from disk and re-read when it changes there. Nothing here speaks the protocol.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date
from pathlib import Path

from infoview_build.notes.knowledge import (
    CONFIG_FILE,
    FOLDERS,
    MAX_NOTE_BYTES,
    is_knowledge_base,
)
from infoview_build.notes.live import LiveKnowledgeBase, note_path
from infoview_build.notes.load import decode
from infoview_build.notes.model import Problem


class Session:
    """The knowledge base behind an editor, with the editor's unsaved text laid over it."""

    def __init__(self, root: Path | None, today: date | None, jobs: int | None = 1,
                 clock: Callable[[], date] = date.today) -> None:
        self.root = root.resolve() if root is not None else None
        self.fixed_today = today
        """``--today``; without it the day is the ``clock``'s, and a new day reloads."""
        self.clock = clock
        # One process: forking workers beside pygls's reader thread could deadlock them.
        self.jobs = jobs
        self.live: LiveKnowledgeBase | None = None
        self.texts: dict[str, str] = {}
        """The editor's text of every open note, by path relative to the root."""
        self._disk: dict[str, Problem] = {}
        """Open notes whose file on disk is not readable text, whatever the editor shows."""

    def today(self) -> date:
        return self.fixed_today or self.clock()

    def start(self, candidates: list[Path]) -> bool:
        """Load the knowledge base: ``--root``, else the first candidate that is one."""
        if self.live is not None:
            return True
        for folder in [self.root] if self.root is not None else candidates:
            if is_knowledge_base(folder):
                self.root = folder.resolve()
                self.live = LiveKnowledgeBase(self.root, self.today(), self.jobs)
                _settle()
                return True
        return False

    def relative(self, path: Path) -> str | None:
        """A note's (or ``infoview.yml``'s) path relative to the root; None for other files.

        Before a knowledge base is found, a note in ``contacts/`` or ``interviews/`` names
        one: the folder above it.
        """
        if self.live is None and path.parent.name in FOLDERS:
            self.start([path.parent.parent])
        if self.live is None:
            return None
        try:
            rel = path.resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError):
            return None
        return rel if rel == CONFIG_FILE or note_path(rel) else None

    # -- what the editor does --------------------------------------------------------------

    def opened(self, rel: str, text: str) -> None:
        self._new_day()
        self._disk[rel] = self._disk_problem(rel)
        if rel == CONFIG_FILE:  # the settings are read from disk, as the commands read them
            self.live.reload_config()
        self.changed(rel, text)

    def changed(self, rel: str, text: str) -> None:
        self._new_day()
        self.texts[rel] = text
        if rel != CONFIG_FILE:
            self.live.set_text(rel, _bytes(text))

    def saved(self, rel: str) -> None:
        """The buffer is on disk now; other files may have changed beside it."""
        self._disk[rel] = self._disk_problem(rel)
        self.disk_changed()

    def closed(self, rel: str) -> None:
        self.texts.pop(rel, None)
        self._disk.pop(rel, None)
        if rel != CONFIG_FILE:
            self.live.read_disk(rel)

    def disk_changed(self) -> None:
        """Files changed on disk: re-read those that are not open in the editor."""
        if self._new_day():
            return
        self.live.reload_config()
        self.live.refresh(keep=set(self.texts))

    # -- what the editor shows -------------------------------------------------------------

    def problems(self, rel: str) -> list[Problem]:
        """What ``check`` says about the file, for the editor's text of it."""
        found = self.live.problems(rel)
        disk = self._disk.get(rel)
        if disk is not None and all(p.message != disk.message for p in found):
            found = sorted([disk, *found], key=Problem.sort_key)
        return found

    def _new_day(self) -> bool:
        """Past midnight every date rule moves: read everything again for the new day."""
        today = self.today()
        if self.live.today == today:
            return False
        self.live.reload(today)
        for rel, text in self.texts.items():
            if rel != CONFIG_FILE:
                self.live.set_text(rel, _bytes(text))
        _settle()
        return True

    def _disk_problem(self, rel: str) -> Problem | None:
        """The problem with the file on disk that the editor's text may hide (not UTF-8)."""
        path = self.root / rel
        try:
            if not path.is_file() or path.stat().st_size > MAX_NOTE_BYTES:
                return None
            raw = path.read_bytes()
        except OSError:
            return None
        _text, problem = decode(raw)
        if problem is None:
            return None
        line, field, message, hint = problem
        return Problem(rel, line, field, message, "error", hint)


def _settle() -> None:
    """The notes just loaded stay for the server's life: taken out of the garbage
    collector's sight, they no longer make a collection during a keystroke slow."""
    gc.unfreeze()  # what an earlier load froze may be garbage now
    gc.collect()
    gc.freeze()


def _bytes(text: str) -> bytes:
    # A client may send lone surrogates; they become bytes that are not UTF-8, and that
    # is then reported like any other such file.
    return text.encode("utf-8", "surrogatepass")
