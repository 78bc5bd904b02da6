"""When each note last changed in git: one ``git log`` for the whole repository."""

from __future__ import annotations

import logging
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

_MARK = "\x1e"
"""Starts each commit's header line in the log; never part of a path."""


@dataclass(frozen=True, slots=True)
class Change:
    """The last commit that touched a note."""

    commit: str
    """Abbreviated hash."""
    day: str
    """Commit day, ``YYYY-MM-DD`` (UTC)."""


def last_changes(root: Path, folders: tuple[str, ...] = ("contacts", "interviews")
                 ) -> dict[str, Change]:
    """``{path relative to root: Change}`` for every committed note under ``folders``.

    Empty when ``root`` is not in a git repository or git is missing: callers show a
    fallback then. Paths come back relative to ``root`` even when the repository's top
    is above it.
    """
    command = ["git", "-C", str(root), "log", "--no-renames", "--relative",
               f"--format={_MARK}%h %ct", "--name-only", "--", *folders]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              encoding="utf-8", errors="replace", timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        log.debug("no git history: %s", exc)
        return {}
    if done.returncode != 0:
        log.debug("no git history: %s", done.stderr.strip())
        return {}
    return parse_log(done.stdout)


def parse_log(text: str) -> dict[str, Change]:
    """The newest change of each path in ``git log --name-only`` output (newest first)."""
    changes: dict[str, Change] = {}
    current: Change | None = None
    for line in text.split("\n"):
        if line.startswith(_MARK):
            commit, _, stamp = line[1:].partition(" ")
            day = datetime.fromtimestamp(int(stamp), UTC).date().isoformat()
            current = Change(commit, day)
        elif line and current is not None:
            changes.setdefault(line, current)
    return changes
