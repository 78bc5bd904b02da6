"""A progress line on the terminal for work that takes a while: "Building pages: 812 of 3,035".

Shown only when standard error is a terminal, and only once the work has run for
``DELAY`` seconds: a quick build prints nothing, and a build whose output goes to a file
or a pipe (CI, a test) is never cluttered. The line is rewritten in place (carriage
return) at most ``EVERY`` seconds and wiped when the work ends.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

DELAY = 2.0
"""Seconds of work before the line first shows."""
EVERY = 0.2
"""Seconds between two updates of the line."""


class Progress:
    """Counts done items of a known total and shows the count on a terminal."""

    def __init__(self, what: str, total: int, stream: TextIO | None = None,
                 delay: float = DELAY) -> None:
        self.what = what
        self.total = total
        self.done = 0
        self.stream = sys.stderr if stream is None else stream
        self.started = time.monotonic()
        self.delay = delay
        self.shown_at: float | None = None
        self.width = 0
        try:
            self.live = self.stream.isatty()
        except (AttributeError, ValueError):  # a closed or odd stream: nothing to show
            self.live = False

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.live:
            return
        now = time.monotonic()
        if now - self.started < self.delay:
            return
        if self.shown_at is not None and now - self.shown_at < EVERY \
                and self.done < self.total:
            return
        self.shown_at = now
        line = f"{self.what}: {self.done:,} of {self.total:,}"
        self.width = max(self.width, len(line))
        self._write("\r" + line.ljust(self.width))

    def each(self, items):
        """Each of ``items`` in turn, counted as done once the next is asked for; the line
        is wiped after the last."""
        try:
            for item in items:
                yield item
                self.advance()
        finally:
            self.close()

    def close(self) -> None:
        """Wipe the line, if it was shown."""
        if self.shown_at is not None:
            self._write("\r" + " " * self.width + "\r")
            self.shown_at = None

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # the terminal went away: the work goes on
            self.live = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
