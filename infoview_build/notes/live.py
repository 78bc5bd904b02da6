"""A knowledge base kept in memory and brought up to date one note at a time.

``load_knowledge_base`` reads every note for one command. An editor changes one note at
a time, many times a second, and re-reading thousands of files per keystroke is far too
slow. ``LiveKnowledgeBase`` loads once with the same functions, then re-validates only the
note that changed and re-runs the checks that span files (they walk slugs, not files, so
they cost a few milliseconds), so that every problem is the one ``check`` reports.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from infoview_build.notes.identity import look_alikes
from infoview_build.notes.knowledge import (
    CONFIG_FILE,
    FOLDERS,
    _list_notes,
    _load_record,
    _ref,
    _reference_checks,
    _run,
    check_note,
    identities,
    load_config,
    one_hint_per_typo,
    owner_problems,
    require_folders,
)
from infoview_build.notes.model import Contact, Interview, KnowledgeBase, Problem

RECENT_NS = 2_000_000_000
"""Files changed this recently (in nanoseconds) are re-read even when their stamp agrees."""


@dataclass(slots=True)
class _Note:
    """What is known of one note: its record when valid, and its own problems."""

    folder: str
    slug: str
    record: Contact | Interview | None
    problems: list[Problem]
    stamp: tuple | None = None
    """``(size, mtime_ns, inode)`` of the file when it was read from disk; None for a buffer."""
    ref: tuple | None = None
    """What the checks across files need of it (``knowledge._ref``); None when invalid."""

    def __post_init__(self) -> None:
        if self.record is not None:
            self.ref = _ref(self.folder, self.record)


def note_path(rel: str) -> tuple[str, str] | None:
    """``contacts/ada-quill.md`` → ``("contacts", "ada-quill")``; None when not a note's path."""
    folder, _, name = rel.partition("/")
    if folder not in FOLDERS or "/" in name or name.startswith(".") or not name.endswith(".md") \
            or len(name) == 3:
        return None
    return folder, name[:-3]


def _stamp(path: str) -> tuple | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


class LiveKnowledgeBase:
    """Every note of ``root``, validated, and the problems between them, kept current."""

    def __init__(self, root: Path | str, today: date, jobs: int | None = None) -> None:
        self.root = Path(root)
        self.today = today
        self.jobs = jobs
        self.reload()

    # -- loading ---------------------------------------------------------------------------

    def reload(self, today: date | None = None) -> None:
        """Read everything again (a new day, or a change this class cannot follow)."""
        if today is not None:
            self.today = today
        require_folders(self.root)
        self.config, self.config_problems = load_config(self.root)
        tasks, listing = _list_notes(self.root)
        self._listing = _by_path(listing)
        # Stamped before reading: a file that changes meanwhile is read again later.
        stamps = [_stamp(os.path.join(self.root, rel)) for _folder, rel, _slug in tasks]
        results = _run(self.root, tasks, self.today, self.jobs, True)
        self._identities: dict[str, list] | None = None
        self._notes: dict[str, _Note] = {}
        for (_folder, rel, _slug), stamp, (folder, slug, record, found) in zip(
                tasks, stamps, results, strict=True):
            self._notes[rel] = _Note(folder, slug, record, [Problem(*p) for p in found], stamp)
        self._changed()

    def reload_config(self) -> None:
        """``infoview.yml`` changed: its settings move stages, not the notes' own problems."""
        self.config, self.config_problems = load_config(self.root)
        self._changed(False)

    def set_text(self, rel: str, raw: bytes) -> None:
        """Validate ``raw`` (an editor's unsaved text) as the note at ``rel``."""
        folder, slug = note_path(rel)
        record, problems = check_note(folder, rel, slug, raw, self.today)
        new = rel not in self._notes
        self._notes[rel] = _Note(folder, slug, record, problems)
        self._changed(new)

    def read_disk(self, rel: str) -> None:
        """Take the note at ``rel`` as it is on disk now (or forget it when it is gone)."""
        self._changed(self._read(rel))

    def _read(self, rel: str) -> bool:
        """Read one note from disk; True when a note came or went."""
        path = os.path.join(self.root, rel)
        stamp = _stamp(path)
        if stamp is None or not os.path.isfile(path):
            return self._notes.pop(rel, None) is not None
        new = rel not in self._notes
        folder, slug = note_path(rel)
        folder, slug, record, problems = _load_record(folder, rel, slug, str(self.root),
                                                      self.today)
        self._notes[rel] = _Note(folder, slug, record, problems, stamp)
        return new

    def refresh(self, keep: set[str] = frozenset()) -> list[str]:
        """Re-read the notes that changed on disk, except those in ``keep`` (open buffers).

        Returns the paths re-read or forgotten. A file is compared by size, time and inode;
        one changed in the last two seconds is read again whatever its stamp says, since
        a file system's clock may not have ticked between two writes of the same size.
        """
        tasks, listing = _list_notes(self.root)
        self._listing = _by_path(listing)
        on_disk = {rel for _folder, rel, _slug in tasks}
        changed = [rel for rel in self._notes
                   if rel not in on_disk and rel not in keep and self._notes[rel].stamp]
        for rel in changed:
            del self._notes[rel]
        membership = bool(changed)
        recent = time.time_ns() - RECENT_NS
        for _folder, rel, _slug in tasks:
            if rel in keep:
                continue
            note = self._notes.get(rel)
            stamp = _stamp(os.path.join(self.root, rel))
            if note is None or note.stamp != stamp or stamp is not None and stamp[1] > recent:
                changed.append(rel)
                membership = self._read(rel) or membership
        self._changed(membership)
        return sorted(changed)

    # -- what callers read -----------------------------------------------------------------

    def problems(self, rel: str) -> list[Problem]:
        """Every problem of one file, as ``check`` reports them for it, in its order."""
        if rel == CONFIG_FILE:
            found = self.config_problems + owner_problems(
                self.config, any(n.folder == "contacts" for n in self._notes.values()))
        else:
            note = self._notes.get(rel)
            found = list(note.problems) if note else []
        found += self._cross.get(rel, []) + self._listing.get(rel, [])
        return sorted(one_hint_per_typo(found), key=Problem.sort_key)

    def has(self, rel: str) -> bool:
        return rel in self._notes

    def contact_slugs(self) -> list[str]:
        """Every contact file's slug, valid or not: what a reference may name."""
        return sorted(n.slug for n in self._notes.values() if n.folder == "contacts")

    def knowledge_base(self) -> KnowledgeBase:
        """The valid notes as a ``KnowledgeBase`` for ``plan`` (built once per version)."""
        if self._kb is None:
            contacts = {n.slug: n.record for n in self._notes.values()
                        if n.folder == "contacts" and n.record is not None}
            interviews = {n.slug: n.record for n in self._notes.values()
                          if n.folder == "interviews" and n.record is not None}
            self._kb = KnowledgeBase(
                root=self.root, config=self.config,
                contacts=dict(sorted(contacts.items())),
                interviews=dict(sorted(interviews.items())),
                problems=[], files_checked=len(self._notes))
        return self._kb

    # -- the checks that span files --------------------------------------------------------

    def _changed(self, membership: bool = True) -> None:
        """Run the checks across files again; ``membership``: a note came or went."""
        notes = self._notes
        if membership:
            # ``check`` lists files sorted by name: the case-clash message names the first,
            # and a circle of introductions is told from the first contact in it.
            self._order = {folder: sorted((rel for rel, n in notes.items() if n.folder == folder),
                                          key=lambda rel: rel.rpartition("/")[2])
                           for folder in FOLDERS}
            self._stems = {folder: [notes[rel].slug for rel in rels]
                           for folder, rels in self._order.items()}
        refs = {folder: {notes[rel].slug: notes[rel].ref for rel in rels if notes[rel].ref}
                for folder, rels in self._order.items()}
        self._cross = _by_path(_reference_checks(refs, self._stems)
                               + self._look_alikes(identities(refs["contacts"])))
        self._kb = None

    def _look_alikes(self, notes: dict[str, list]) -> list[Problem]:
        """``identity.look_alikes`` for every contact, worked out again only for the contacts
        whose keys changed and those that share a key with them, old or new: comparing
        every contact with every other at each keystroke costs tens of milliseconds."""
        old = self._identities
        self._identities = notes
        if old is None:
            self._alike = _by_path(look_alikes(notes))
            return [p for found in self._alike.values() for p in found]
        changed = {path for path in notes.keys() | old.keys() if notes.get(path) != old.get(path)}
        if changed:
            index: dict[tuple, set[str]] = {}
            for path, keys in notes.items():
                for field, value, _line in keys:
                    index.setdefault((field, value), set()).add(path)

            def near(paths, *tables):
                return {other for path in paths for table in tables
                        for field, value, _line in table.get(path, ())
                        for other in index.get((field, value), ())}

            affected = changed | near(changed, old, notes)
            fresh = _by_path(look_alikes({path: notes[path] for path in
                                          affected | near(affected, notes) if path in notes}))
            for path in affected:
                self._alike.pop(path, None)
                if path in fresh:
                    self._alike[path] = fresh[path]
        return [p for found in self._alike.values() for p in found]


def _by_path(problems: list[Problem]) -> dict[str, list[Problem]]:
    found: dict[str, list[Problem]] = {}
    for problem in problems:
        found.setdefault(problem.path, []).append(problem)
    return found
