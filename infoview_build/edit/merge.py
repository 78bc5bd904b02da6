"""``infoview merge``: one person written twice becomes one contact.

DUPLICATE's interviews move to KEEP (renamed ``<date>-<keep>``, with ``-2``, ``-3`` where a
name is taken), the keys KEEP lacks are filled in from DUPLICATE (where both have a
different value, KEEP's stays and the difference is listed), DUPLICATE's research notes are
added at the end of KEEP's, every reference to DUPLICATE is rewritten as ``rename`` does,
and DUPLICATE's file goes. Everything is worked out and checked in memory first, then
written through one ``files.change``: all of it or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from infoview_build.edit import files
from infoview_build.edit.mark import with_keys
from infoview_build.edit.notetext import NoteLines, flow_list, yaml_text
from infoview_build.edit.rename import (
    FileChange,
    Rename,
    check_changes,
    docs_changes,
    edit_references,
    note_changes,
    read_bytes,
    readable_knowledge_base,
    write_changes,
)
from infoview_build.notes import lookup
from infoview_build.notes.errors import InfoviewError
from infoview_build.notes.fields import CONTACT_FIELDS
from infoview_build.notes.model import Contact, KnowledgeBase, Problem
from infoview_build.notes.slugs import slugify


@dataclass(slots=True)
class Merge:
    """Everything a merge does, computed in full before anything is written."""

    root: Path
    duplicate: Contact
    keep: Contact
    changes: list[FileChange]
    """Files written or moved, sorted by current path."""
    removed: FileChange
    """DUPLICATE's file, as it was read."""
    force: bool = False
    """Read-only notes are written all the same."""
    filled: list[str] = field(default_factory=list)
    """Keys of KEEP filled in from DUPLICATE."""
    conflicts: list[str] = field(default_factory=list)
    """``key: 'theirs' (kept 'ours')`` for each key both have with different values."""
    warnings: list[Problem] = field(default_factory=list)

    def report(self) -> list[str]:
        """The lines ``infoview merge`` prints: moves, updates, the removal, then the keys."""
        lines = Rename(self.root, self.duplicate.slug, self.keep.slug, self.changes).report()
        lines.append(f"removed  {self.duplicate.path}")
        if self.filled:
            lines.append(f"filled   {self.keep.path}: {', '.join(self.filled)} "
                         f"(from {self.duplicate.path})")
        lines += [f"kept     {self.keep.path}: {conflict}" for conflict in self.conflicts]
        return lines

    def diff(self) -> str:
        """A unified diff of every change, with a ``remove`` line for DUPLICATE's file."""
        diff = Rename(self.root, self.duplicate.slug, self.keep.slug, self.changes).diff()
        return diff + f"remove {self.duplicate.path}\n"


def plan_merge(root: Path | str, duplicate_ref: str, keep_ref: str, today: date,
               force: bool = False) -> Merge:
    """Work out the merge of contact ``duplicate_ref`` into ``keep_ref`` (slugs or names)."""
    kb = readable_knowledge_base(root, today, "a merge")
    duplicate = lookup.find_contact(kb, duplicate_ref)
    keep = lookup.find_contact(kb, keep_ref)
    old, new = duplicate.slug, keep.slug
    if old == new:
        raise InfoviewError(f"{lookup.said(duplicate_ref)} and {lookup.said(keep_ref)} are "
                            f"both {duplicate.path}; name two different contacts")
    if keep.introduced_by == old:
        raise InfoviewError(f"{keep.path} says {old} introduced them: merged, they would have "
                            f"introduced themself; remove that 'introduced_by' line first; "
                            "nothing was written")
    moves = _interview_moves(kb, old, new)
    # DUPLICATE's page moves to KEEP's too, so that links to it follow.
    links = {**moves, duplicate.path: keep.path}
    changes = [c for c in note_changes(kb, old, new, links) + docs_changes(kb.root, links)
               if c.rel != duplicate.path]
    for change in changes:
        change.new_rel = moves.get(change.rel, change.rel)
    more = _name_referrals(kb, duplicate, keep, changes, moves)
    values, filled, conflicts = _fill(duplicate, keep)
    keep_change = next((c for c in changes if c.rel == keep.path), None)
    if keep_change is None:
        raw = read_bytes(kb.root, keep.path)
        keep_change = FileChange(keep.path, keep.path, raw, raw)
        changes.append(keep_change)
    texts = {key: _yaml(getattr(duplicate, key)) for key in filled}
    after = with_keys(keep.path, keep_change.after, texts)
    body = duplicate.body.strip()
    if body:
        after = _append_notes(after, duplicate.path, body)
    keep_change.after = after
    changes = [c for c in changes if c.after != c.before or c.rel != c.new_rel]
    changes.sort(key=lambda c: c.rel)
    for rel in [*(c.rel for c in changes), duplicate.path]:
        files.refuse_read_only(kb.root, rel, force, "merge")
    more[keep.path] = values  # the body is not compared: the notes were added to it
    warnings = check_changes(kb, changes, old, new, today, more, removed=old, verb="merged")
    gone = read_bytes(kb.root, duplicate.path)
    return Merge(kb.root, duplicate, keep, changes, FileChange(duplicate.path, "", gone, b""),
                 force, filled, conflicts, warnings)


def write(plan: Merge) -> None:
    """Write the planned merge through one ``files.change``; a file that changed since it
    was planned stops it, and nothing is written."""
    write_changes(plan.root, plan.changes, "merge", plan.removed, plan.force)


def _name_referrals(kb: KnowledgeBase, duplicate: Contact, keep: Contact,
                    changes: list[FileChange], moves: dict[str, str]) -> dict[str, dict]:
    """Point referrals that name DUPLICATE by its name (which KEEP's does not match) at KEEP's
    slug, editing ``changes``; returns the referrals each edited interview ends with."""
    own = slugify(duplicate.name)
    if not own or own == slugify(keep.name):
        return {}
    expected: dict[str, dict] = {}
    for interview in kb.interviews.values():
        named = [r for r in interview.referrals if slugify(r) == own and r not in kb.contacts]
        if not named:
            continue
        change = next((c for c in changes if c.rel == interview.path), None)
        if change is None:
            raw = read_bytes(kb.root, interview.path)
            change = FileChange(interview.path, moves.get(interview.path, interview.path), raw,
                                raw)
            changes.append(change)
        text = NoteLines(interview.path, change.after, verb="merge in")
        for name in dict.fromkeys(named):
            edit_references(text, interview, name, keep.slug)
        change.after = text.bytes()
        swap = {*named, duplicate.slug}
        expected[interview.path] = {
            "referrals": [keep.slug if r in swap else r for r in interview.referrals],
            "skipped_referrals": {keep.slug if r in swap else r: day
                                  for r, day in interview.skipped_referrals.items()},
        }
    return expected


def _interview_moves(kb: KnowledgeBase, old: str, new: str) -> dict[str, str]:
    """DUPLICATE's interviews → ``interviews/<date>-<keep>.md``, ``-2``, ``-3`` … where the
    name is taken by a file or by an earlier move."""
    taken = {p.name for p in (kb.root / "interviews").iterdir()}
    moves: dict[str, str] = {}
    for interview in kb.interviews_of(old):
        stem, number = f"{interview.date.isoformat()}-{new}", 2
        name = f"{stem}.md"
        while name in taken:
            name, number = f"{stem}-{number}.md", number + 1
        taken.add(name)
        moves[interview.path] = f"interviews/{name}"
    return moves


def _fill(duplicate: Contact, keep: Contact) -> tuple[dict, list[str], list[str]]:
    """The values KEEP takes from DUPLICATE, their keys, and the keys both hold differently
    (KEEP's value stays). The name is KEEP's; an introducer that is KEEP is dropped."""
    values: dict = {}
    conflicts: list[str] = []
    for spec in CONTACT_FIELDS:
        key = spec.key
        theirs, ours = getattr(duplicate, key), getattr(keep, key)
        if key == "introduced_by" and theirs == keep.slug:
            continue  # merged, they would introduce themself
        if theirs in _EMPTY:
            continue
        if ours in _EMPTY:
            values[key] = theirs
        elif theirs != ours:
            conflicts.append(f"{key}: {_shown(ours)} (not {_shown(theirs)})")
    return values, list(values), conflicts


_EMPTY = (None, [], False)
"""Values that mean a key is not set (``private: false`` included)."""


def _yaml(value) -> str:
    """A value as the text of one front-matter line: lists in brackets."""
    return flow_list(value) if isinstance(value, list) else yaml_text(value)


def _shown(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(lookup.said(str(v)) for v in value) + "]"
    if isinstance(value, date):
        return value.isoformat()
    return lookup.said(str(value))


def _append_notes(raw: bytes, path: str, body: str) -> bytes:
    """KEEP's text with DUPLICATE's research notes added at the end under a heading, in
    KEEP's line endings."""
    text = raw.decode("utf-8")
    ending = "\r\n" if "\r\n" in text else "\n"
    if not text.endswith(("\n", "\r")):
        text += ending
    added = ["", f"## Merged from {path}", "", *body.splitlines(), ""]
    return (text + ending.join(added)).encode("utf-8")
