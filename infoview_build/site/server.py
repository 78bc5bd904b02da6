"""The server of ``infoview serve``: MkDocs' live-reload server, told which files changed.

MkDocs' own server polls every watched file twice a second and builds the whole site on
any change. This one is told of changes by the kernel (inotify, through watchdog; polling
only where that is not available), and hands them to ``LiveSite`` in two steps: the
changed notes' own pages first (browsers reload), then the rest of the site (browsers
reload again if anything else changed). Pages are never served half built: during the
first step requests wait, as in MkDocs; during the second, each page is replaced whole.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import watchdog.events
import watchdog.observers
import watchdog.observers.polling
from mkdocs.livereload import LiveReloadServer, _timestamp

from infoview_build.site.live import LiveSite, kind_of_change

log = logging.getLogger("mkdocs.livereload")

Feed = Callable[[], "tuple[str, bytes] | None"]
"""Makes a served file afresh: its content type and bytes, or None when it can't be made."""

CHANGES = frozenset({
    watchdog.events.EVENT_TYPE_CREATED, watchdog.events.EVENT_TYPE_MODIFIED,
    watchdog.events.EVENT_TYPE_DELETED, watchdog.events.EVENT_TYPE_MOVED,
    watchdog.events.EVENT_TYPE_CLOSED,
})
"""Events that change a file; opening and reading one (as every build does) are not."""


class LiveServer(LiveReloadServer):
    """Serves ``site.site_dir`` and keeps it current with the files it is made from."""

    def __init__(self, site: LiveSite, root: Path, docs: Path,
                 feeds: dict[str, Feed] | None = None, **address) -> None:
        super().__init__(builder=site.build_all, root=str(site.site_dir), **address)
        self.site = site
        self.feeds = dict(feeds or {})
        """Files made afresh from the notes at each request, by their path below the site's
        address (``calendar.ics``): what a calendar app subscribes to."""
        site.before_full_build = self._hold_requests
        self.kb_root = Path(root).resolve()
        self.docs = Path(docs).resolve()
        self.site_changed = False
        """Whether a file other than a note changed since the last first step."""
        self._due = False
        """Whether the second step of a change is still to run."""
        self._listening = False
        self.observer = watchdog.observers.Observer()  # inotify on Linux
        self._schedules: list[tuple] = []

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """Watch a folder (with what it holds) or a file for changes. A file is watched
        through its folder: an editor that saves by replacing the file keeps it watched."""
        path = os.path.abspath(path)
        if func is not None:
            raise TypeError("plugins can no longer pass a 'func' parameter to watch()")
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1
        folder = path if os.path.isdir(path) else os.path.dirname(path)
        only = None if folder == path else path

        def changed(event) -> None:
            if event.is_directory or event.event_type not in CHANGES:
                return
            names = [os.fsdecode(event.src_path)]
            if getattr(event, "dest_path", None):
                names.append(os.fsdecode(event.dest_path))
            if only is not None and only not in names:
                return
            self._note(names)

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = changed
        self._schedules.append((handler, folder, recursive and only is None))
        self._watch_refs[path] = self._schedule(self.observer, *self._schedules[-1])

    @staticmethod
    def _schedule(observer, handler, folder: str, recursive: bool):
        return observer.schedule(handler, folder, recursive=recursive)

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        feed = self.feeds.get(path.removeprefix(self.mount_path)) \
            if path.startswith(self.mount_path) else None
        if feed is None:
            return super()._serve_request(environ, start_response)
        made = feed()
        if made is None:  # the notes have errors: say so, keep what the app has
            start_response("503 Service Unavailable", [("Content-Type", "text/plain"),
                                                       ("Retry-After", "60")])
            return [b"The notes have errors: see 'infoview check'.\n"]
        content_type, data = made
        start_response("200 OK", [("Content-Type", content_type),
                                  ("Content-Length", str(len(data))),
                                  ("Cache-Control", "no-cache")])
        return [data]

    def listen(self) -> None:
        """Take the address (``OSError`` if another program has it)."""
        try:
            self.server_bind()
            self.server_activate()
        except OSError:
            self.server_close()
            raise
        self._listening = True

    def serve(self, *, open_in_browser: bool = False) -> None:
        """Listen, watch, and rebuild on changes until shut down (MkDocs' ``serve``, with
        polling where the kernel will not tell of changes)."""
        if not self._listening:
            self.listen()
        if self._watched_paths:
            self.start_watching()
        with self._epoch_cond:  # the first build is done: nothing to wait for
            self._visible_epoch = self._wanted_epoch
        log.info("Serving on %s", self.url)
        self.serve_thread.start()
        self._build_loop()

    def start_watching(self) -> None:
        """Start the kernel's reports of changes, or polling where it refuses them."""
        try:
            self.observer.start()
        except OSError as exc:  # e.g. the limit of inotify instances or watches
            log.warning("Polling for changes: the system will not report them (%s)", exc)
            self.observer = watchdog.observers.polling.PollingObserver(timeout=0.5)
            for schedule in self._schedules:
                self._schedule(self.observer, *schedule)
            self.observer.start()

    def _note(self, names: list[str]) -> None:
        # the folders are known by their real paths: so are the files (a knowledge base
        # reached through a link would otherwise make every note a change of the site)
        kinds = {kind_of_change(self.kb_root, self.docs, os.path.realpath(name))
                 for name in names}
        kinds.discard(None)
        if not kinds:
            return
        with self._rebuild_cond:
            self.site_changed = self.site_changed or "site" in kinds
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def _hold_requests(self) -> None:
        """Requests wait from now until the next reload: the site is being made anew."""
        with self._epoch_cond:
            self._wanted_epoch = _timestamp()

    def _publish(self) -> None:
        with self._epoch_cond:
            log.info("Reloading browsers")
            self._visible_epoch = self._wanted_epoch
            self._epoch_cond.notify_all()

    def _build_loop(self) -> None:
        while True:
            with self._rebuild_cond:
                while not self._rebuild_cond.wait_for(
                        lambda: self._want_rebuild or self._shutdown or self._due,
                        timeout=self.shutdown_delay):
                    pass
                if self._shutdown:
                    break
                first = self._want_rebuild
                if first:
                    log.info("Detected file changes")
                    while self._rebuild_cond.wait(timeout=self.build_delay):
                        log.debug("Waiting for file changes to stop happening")
                    whole, self.site_changed = self.site_changed, False
                    self._want_rebuild = False
                    self._wanted_epoch = _timestamp()
            if first:
                self._first_step(whole)
            else:
                self._second_step()

    def _first_step(self, whole: bool) -> None:
        """Whole site, or the changed notes' pages; then browsers reload (requests wait
        meanwhile, as in MkDocs), unless nothing changed."""
        written = self.site.written
        try:
            if whole:
                self.site.build_all()
                self._due = False
            else:
                self._due = self.site.notes_changed()
        except Exception as exc:  # the server goes on; the next change tries again
            self._failed(exc)
            self._due = False
        if self.site.written == written:
            with self._epoch_cond:  # nothing to reload: requests go on with this site
                self._wanted_epoch = self._visible_epoch
                self._epoch_cond.notify_all()
        else:
            self._publish()

    def _second_step(self) -> None:
        try:
            wrote = self.site.finish(interrupted=lambda: self._want_rebuild or self._shutdown)
        except Exception as exc:
            self._failed(exc)
            wrote, self._due = True, False  # whatever is there now is served, and reloaded
        if wrote is None:
            return  # a newer change first; this step is taken up again after it
        self._due = False
        if wrote:
            with self._epoch_cond:
                self._wanted_epoch = _timestamp()
            self._publish()

    def _failed(self, exc: BaseException) -> None:
        """Say why a rebuild failed, in one line (the trace only with --verbose logging)."""
        log.debug("The rebuild failed", exc_info=exc)
        message = str(exc) or type(exc).__name__
        log.error("The site was not rebuilt (%s); it is rebuilt on the next change.", message)
