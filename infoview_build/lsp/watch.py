"""The server's own eyes on the knowledge base: changes on disk reach open notes.

Neovim on Linux, Helix and some Emacs set-ups never send ``didChangeWatchedFiles``: a
contact deleted or restored by ``git checkout`` would reach an open note only at its next
save. The server then asks the kernel (inotify, through watchdog; polling where the kernel
refuses) about ``contacts/``, ``interviews/`` and ``infoview.yml``, and re-reads the
notes a moment after the last change of a burst.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from pathlib import Path

from infoview_build.notes.knowledge import CONFIG_FILE, FOLDERS

log = logging.getLogger(__name__)

_CHANGES = frozenset(("created", "modified", "deleted", "moved", "closed"))
"""watchdog's event types that change a file (``closed`` is a close after writing)."""

SETTLE_SECONDS = 0.1
"""Pause after a change on disk before re-reading: a checkout changes many files at once."""


def _relevant(root: Path, name: str) -> bool:
    path = Path(name)
    if path.parent == root:
        return path.name == CONFIG_FILE or path.name in FOLDERS
    return path.parent.parent == root and path.parent.name in FOLDERS and path.suffix == ".md"


class DiskWatcher:
    """Calls ``changed`` on the event loop once the files under ``root`` stop changing."""

    def __init__(self, root: Path, loop: asyncio.AbstractEventLoop,
                 changed: Callable[[], None]) -> None:
        self.root = root
        self.loop = loop
        self.changed = changed
        self._pending: asyncio.TimerHandle | None = None
        self._observer = None

    def start(self) -> bool:
        """Watch the folders; False where neither the kernel nor polling will do it."""
        import watchdog.events
        import watchdog.observers
        import watchdog.observers.polling

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = self._event
        for make in (watchdog.observers.Observer,
                     lambda: watchdog.observers.polling.PollingObserver(timeout=0.5)):
            observer = make()
            try:
                observer.schedule(handler, str(self.root), recursive=False)
                for name in FOLDERS:
                    if (self.root / name).is_dir():
                        observer.schedule(handler, str(self.root / name), recursive=False)
                observer.daemon = True
                observer.start()
            except OSError as exc:  # the limit of inotify instances or watches
                log.info("infoview: watching %s failed (%s)", self.root, exc)
                continue
            self._observer = observer
            return True
        return False

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer = None

    def _event(self, event) -> None:
        """From watchdog's thread: hand the change to the event loop if it is a note's."""
        if event.event_type not in _CHANGES:
            return  # a file opened or read (by this server, too) changes nothing
        names = [os.fsdecode(event.src_path)]
        if getattr(event, "dest_path", None):
            names.append(os.fsdecode(event.dest_path))
        if any(_relevant(self.root, name) for name in names):
            self.loop.call_soon_threadsafe(self._soon)

    def _soon(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
        self._pending = self.loop.call_later(SETTLE_SECONDS, self._fire)

    def _fire(self) -> None:
        self._pending = None
        self.changed()
