"""When each note last changed in git: one ``git log`` for the whole repository, kept in
``.infoview-cache/`` so that the next build reads only the commits made since."""

from __future__ import annotations

import logging
import marshal
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from infoview_build.edit.files import save_cache
from infoview_build.notes.cache import program, read_cache

log = logging.getLogger(__name__)

ABBREV = 7
"""Hex digits of a commit's hash shown on pages: a fixed length, not git's, which grows
with the repository (a page read from the cache must equal one made afresh)."""
_MARK = "\x1e"
"""Starts each commit's header line in the log; never part of a path."""


@dataclass(frozen=True, slots=True)
class Change:
    """The last commit that touched a note."""

    commit: str
    """Abbreviated hash (``ABBREV`` digits)."""
    day: str
    """Commit day, ``YYYY-MM-DD`` (UTC)."""


FOLDERS = ("contacts", "interviews")
HISTORY_CACHE = "history"


def last_changes(root: Path, folders: tuple[str, ...] = FOLDERS) -> dict[str, Change]:
    """``{path relative to root: Change}`` for every committed note under ``folders``.

    Empty when ``root`` is not in a git repository or git is missing: callers show a
    fallback then. Paths come back relative to ``root`` even when the repository's top
    is above it.
    """
    text = _git(root, "log", "--no-renames", "--relative", f"--format={_MARK}%H %ct",
                "--name-only", "--", *folders)
    return {} if text is None else parse_log(text)


def cached_changes(root: Path) -> dict[str, Change]:
    """``last_changes(root)``, reading only the commits made since the last call saw HEAD
    (all of them again when history was rewritten)."""
    head = _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    if not head:
        return {}
    head = head.strip()
    key = (program(), str(Path(root).resolve()))
    try:
        saved_key, seen, table = marshal.loads(read_cache(root, HISTORY_CACHE) or b"")
        changes = {path: Change(*change) for path, change in table.items()}
    except (ValueError, EOFError, TypeError, AttributeError):
        saved_key, seen, changes = None, None, {}
    if saved_key == key and seen == head:
        return changes
    if saved_key == key and seen and _git(root, "merge-base", "--is-ancestor", seen,
                                          head) is not None:
        text = _git(root, "log", "--no-renames", "--relative", f"--format={_MARK}%H %ct",
                    "--name-only", f"{seen}..{head}", "--", *FOLDERS)
        if text is None:
            return last_changes(root)
        changes.update(parse_log(text))
    else:
        changes = last_changes(root)
    table = {path: (change.commit, change.day) for path, change in changes.items()}
    save_cache(root, HISTORY_CACHE, marshal.dumps((key, head, table)), sync=False)
    return changes


def _git(root: Path, *args: str) -> str | None:
    """The output of ``git -C root args``, or None when git fails or is missing."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              check=False, encoding="utf-8", errors="replace", timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        log.debug("no git history: %s", exc)
        return None
    if done.returncode != 0:
        log.debug("no git history: %s", done.stderr.strip())
        return None
    return done.stdout


def parse_log(text: str) -> dict[str, Change]:
    """The newest change of each path in ``git log --name-only`` output (newest first)."""
    changes: dict[str, Change] = {}
    current: Change | None = None
    for line in text.split("\n"):
        if line.startswith(_MARK):
            commit, _, stamp = line[1:].partition(" ")
            day = datetime.fromtimestamp(int(stamp), UTC).date().isoformat()
            current = Change(commit[:ABBREV], day)
        elif line and current is not None:
            changes.setdefault(line, current)
    return changes
