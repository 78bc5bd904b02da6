"""``infoview rename``: give a contact a new slug, with every file and reference that names it.

Everything is worked out before anything is written: the moves (the contact's file and
its interviews' files), the edited text of every note that refers to the old slug
(``contact``, ``introduced_by``, ``referrals``, Markdown links in bodies and in
``docs/``), each edit confined to the lines that change. The edited notes are then read
again with the loader and validator of ``infoview check`` and cross-checked together, in
memory; only a result without errors is handed to ``files.commit`` to be written, all of
it or none.
"""

from __future__ import annotations

import dataclasses
import difflib
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from infoview_build.edit import files
from infoview_build.edit.links import mentions, rewrite_links
from infoview_build.edit.mark import note_slugs
from infoview_build.edit.notetext import NoteLines, yaml_text
from infoview_build.notes import knowledge, load, lookup, validate
from infoview_build.notes.errors import InfoviewError, reason
from infoview_build.notes.model import Contact, Interview, KnowledgeBase, Problem
from infoview_build.notes.sitemarkdown import MarkdownSettings, site_markdown
from infoview_build.notes.slugs import slugify
from infoview_build.notes.terminal import command

_LINE_END = re.compile(r"(\r\n|\r|\n)")


@dataclass(slots=True)
class FileChange:
    """One file of a multi-file change: its bytes before and after, and where it goes."""

    rel: str
    """Path relative to the knowledge-base root, now."""
    new_rel: str
    """Path afterwards (the same when the file does not move)."""
    before: bytes
    after: bytes


@dataclass(slots=True)
class Rename:
    """Everything a rename does, computed in full before anything is written."""

    root: Path
    old: str
    new: str
    changes: list[FileChange]
    """Sorted by current path."""
    warnings: list[Problem] = field(default_factory=list)
    """Warnings the renamed notes would have that they did not have before."""

    def diff(self) -> str:
        """A unified diff of every file, with a ``rename`` line for each move."""
        out: list[str] = []
        for change in self.changes:
            if change.rel != change.new_rel:
                out.append(f"rename {change.rel} → {change.new_rel}\n")
            if change.before != change.after:
                before = change.before.decode("utf-8").splitlines(keepends=True)
                after = change.after.decode("utf-8").splitlines(keepends=True)
                for line in difflib.unified_diff(before, after, f"a/{change.rel}",
                                                 f"b/{change.new_rel}"):
                    out.append(line if line.endswith("\n") else line + "\n\\ No newline at end "
                               "of file\n")
        return "".join(out)

    def report(self) -> list[str]:
        """The lines ``infoview rename`` prints: one per file, moves first."""
        lines = [f"moved    {c.rel} → {c.new_rel}" for c in self.changes if c.rel != c.new_rel]
        for change in self.changes:
            if change.rel == change.new_rel:
                count = _changed_lines(change.before, change.after)
                lines.append(f"updated  {change.rel} ({count} line{'s' * (count != 1)})")
        return lines


def plan_rename(root: Path | str, old_ref: str, new: str, today: date) -> Rename:
    """Work out the rename of the contact ``old_ref`` (slug or name) to slug ``new``."""
    kb = readable_knowledge_base(root, today, "a rename")
    contact = lookup.find_contact(kb, old_ref)
    old = contact.slug
    new = _new_slug(old, lookup.plain_ref(new))
    if new == old:
        raise InfoviewError(f"{contact.path} is already named '{new}'; nothing was written")
    taken = {slug.lower(): slug for slug in note_slugs(kb.root, "contacts")}
    if new.lower() in taken:
        raise InfoviewError(f"contacts/{taken[new.lower()]}.md exists already: a rename cannot "
                            "make two people one; nothing was written — if they are one "
                            f"person, run: {command('merge', old, taken[new.lower()])}")
    moves = {contact.path: f"contacts/{new}.md"}
    for interview in kb.interviews_of(old):
        moves[interview.path] = f"interviews/{_interview_stem(interview, old, new)}.md"
    _refuse_taken(kb, moves)
    changes = note_changes(kb, old, new, moves) + docs_changes(kb.root, moves)
    changes.sort(key=lambda c: c.rel)
    warnings = check_changes(kb, changes, old, new, today)
    return Rename(kb.root, old, new, changes, warnings)


def readable_knowledge_base(root: Path | str, today: date, what: str) -> KnowledgeBase:
    """The knowledge base, refused when any note has errors: ``what`` rewrites references
    and needs every note read."""
    kb = knowledge.load_knowledge_base(root, today)
    if kb.errors:
        count = len(kb.errors)
        raise InfoviewError(f"the knowledge base has {count} error{'s' * (count > 1)}; {what} "
                            "needs every note readable: fix them first ('infoview check'); "
                            "nothing was written")
    return kb


def _new_slug(old: str, new: str) -> str:
    """``new`` when it is a slug; else an error that names the slug to use (a person's name
    given where the file name goes is the usual slip)."""
    if validate.SLUG_RE.match(new):
        return new
    made = slugify(new)
    shown = lookup.said(new)
    if made == old:
        raise InfoviewError(f"{shown} is a name, not a slug, and it makes the slug '{old}' the "
                            "contact has already; to change how the name is written, edit its "
                            f"'name:' line ({command('edit', old)})")
    if made:
        raise InfoviewError(f"{shown} is not a slug; use '{made}': "
                            f"{command('rename', old, made)}")
    raise InfoviewError(f"{shown} is not a slug: use lower-case letters, digits and single "
                        "hyphens, e.g. ada-quill")


def write(plan: Rename, force: bool = False) -> None:
    """Write the planned rename through one ``files.change``: all of it or nothing, even if
    the process is killed half-way. A file that changed since it was planned stops it, and
    so does a read-only note unless ``force``."""
    write_changes(plan.root, plan.changes, "rename", force=force)


def write_changes(root: Path, changes: list[FileChange], what: str,
                  removed: FileChange | None = None, force: bool = False) -> None:
    """Move and write ``changes`` (and remove the file of ``removed``) through one
    ``files.change``, unless a file differs from what was planned (``what`` was) or, without
    ``force``, a note is read-only."""
    with files.change(root, force=force) as change:
        for item in [*changes, *([removed] if removed else [])]:
            try:
                current = (root / item.rel).read_bytes()
            except OSError as exc:
                raise InfoviewError(f"cannot read {item.rel}: {reason(exc)}") from None
            if current != item.before:
                raise InfoviewError(f"{item.rel} changed since the {what} was planned; "
                                    "nothing was written; run the command again")
        for item in changes:
            if item.rel != item.new_rel:
                change.move(item.rel, item.new_rel)
            if item.after != item.before:
                change.write(item.new_rel, item.after)
        if removed is not None:
            change.remove(removed.rel)


# -- the moves ----------------------------------------------------------------------------


def _interview_stem(interview: Interview, old: str, new: str) -> str:
    """``<date>-<old>[-n]`` → ``<date>-<new>[-n]``; a file named otherwise keeps its name."""
    stem = interview.slug
    prefix = f"{interview.date.isoformat()}-{old}"
    if stem == prefix or re.fullmatch(re.escape(prefix) + r"-[0-9]+", stem):
        return f"{interview.date.isoformat()}-{new}{stem[len(prefix):]}"
    return stem


def _refuse_taken(kb: KnowledgeBase, moves: dict[str, str]) -> None:
    """Stop if a new name is taken, even by a file that is moving away itself (one change
    never writes a name it frees: a rename of ``ada`` to ``ada-2`` with two interviews on
    one day would need that)."""
    for source, target in sorted(moves.items(), key=lambda pair: pair[1]):
        path = kb.root / target
        if target != source and (path.exists() or path.is_symlink()):
            raise InfoviewError(f"{target} exists already; rename or remove it first, or "
                                "choose another slug; nothing was written")


# -- the edits ----------------------------------------------------------------------------


def note_changes(kb: KnowledgeBase, old: str, new: str,
                  moves: dict[str, str]) -> list[FileChange]:
    """Every note that moves or refers to ``old``, with its edited text."""
    pages = _page_moves(moves)
    old_names = [posixpath.basename(rel) for rel in moves]
    settings = site_markdown(kb.root)
    out = []
    notes: list[Contact | Interview] = [*kb.contacts.values(), *kb.interviews.values()]
    for note in notes:
        refers = _refers(note, old)
        links = mentions(note.body, old_names)
        if note.path not in moves and not refers and not links:
            continue
        raw = read_bytes(kb.root, note.path)
        text = NoteLines(note.path, raw, verb="rename in")
        if refers:
            edit_references(text, note, old, new)
        _edit_links(text.lines[text.fence:], _site_path(note.path), pages, settings)
        out.append(FileChange(note.path, moves.get(note.path, note.path), raw, text.bytes()))
    return out


def _refers(note: Contact | Interview, old: str) -> bool:
    if isinstance(note, Contact):
        return note.introduced_by == old
    return note.contact == old or old in note.referrals


def edit_references(text: NoteLines, note: Contact | Interview, old: str, new: str) -> None:
    """Replace every scalar of ``contact``, ``introduced_by`` and ``referrals`` equal to
    ``old``, keeping its quotes."""
    for key in ("contact", "introduced_by", "referrals"):
        node = text.value(key)
        scalars = node.value if isinstance(node, yaml.SequenceNode) else [node]
        # A skipped referral is '{name, skipped_on}': its name is the reference.
        scalars = [next((v for k, v in s.value if k.value == "name"), None)
                   if isinstance(s, yaml.MappingNode) else s for s in scalars]
        for scalar in scalars:
            if isinstance(scalar, yaml.ScalarNode) and scalar.value == old:
                quote = scalar.style if scalar.style in ("'", '"') else ""
                written = f"{quote}{new}{quote}" if quote else yaml_text(new)
                text.put(scalar, written, f"'{key}'")


def _page_moves(moves: dict[str, str]) -> dict[str, str]:
    """Site page path → new file name, for each moved note (a note's page keeps its path)."""
    return {_site_path(rel): posixpath.basename(target) for rel, target in moves.items()}


def _site_path(rel: str) -> str:
    """Where a file's page stands in the site: notes as they are, ``docs/x.md`` at ``x.md``."""
    return rel[len("docs/"):] if rel.startswith("docs/") else rel


def _edit_links(lines: list[list[str]], page: str, pages: dict[str, str],
                settings: MarkdownSettings | None = None) -> None:
    """Point every Markdown link in ``lines`` (``[text, ending]`` pairs) that leads to a
    moved page at its new file name (``edit.links``: encoded and bracketed targets too,
    code left alone); the rest of each line stays as it is."""
    rewrite_links(lines, page, pages, settings)


def docs_changes(root: Path, moves: dict[str, str]) -> list[FileChange]:
    """Hand-written pages in ``docs/`` whose links lead to a moved note."""
    pages = _page_moves(moves)
    old_names = [posixpath.basename(rel) for rel in moves]
    settings = site_markdown(root)
    out = []
    docs = root / "docs"
    if not docs.is_dir():
        return out
    for path in sorted(docs.rglob("*.md")):
        if not path.is_file() or path.is_symlink():
            continue
        rel = path.relative_to(root).as_posix()
        if not files.is_note_path(rel):
            continue  # in a hidden folder: MkDocs leaves it out, and infoview never writes it
        raw = read_bytes(root, rel)
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue  # not a page infoview can edit; MkDocs would refuse it anyway
        if not mentions(content, old_names):
            continue
        parts = _LINE_END.split(content) + [""]
        lines = [[parts[i], parts[i + 1]] for i in range(0, len(parts) - 1, 2)]
        _edit_links(lines, _site_path(rel), pages, settings)
        after = "".join(text + end for text, end in lines).encode("utf-8")
        if after != raw:
            out.append(FileChange(rel, rel, raw, after))
    return out


def read_bytes(root: Path, rel: str) -> bytes:
    try:
        return (root / rel).read_bytes()
    except OSError as exc:
        raise InfoviewError(f"cannot read {rel}: {exc.strerror}") from None


# -- checking the result ------------------------------------------------------------------


def check_changes(kb: KnowledgeBase, changes: list[FileChange], old: str, new: str,
                  today: date, set_in: dict[str, dict] | None = None,
                  removed: str | None = None, verb: str = "renamed") -> list[Problem]:
    """Read every edited note again as ``infoview check`` would; refuse any error, and any
    change beyond the references to ``old`` (and the values ``set_in`` gives for the note of
    a path); the contact ``removed`` is gone. Returns the new warnings."""
    contacts = dict(kb.contacts)
    interviews = dict(kb.interviews)
    if removed is not None:
        contacts.pop(removed)
    problems: list[Problem] = []
    for change in changes:
        if not change.rel.startswith(knowledge.FOLDERS):
            continue
        folder = change.rel.split("/", 1)[0]
        slug = posixpath.basename(change.new_rel)[:-3]
        note = load.read_note(change.new_rel, change.after)
        found = validate.note_problems(note)
        record = None
        if note.data is not None:
            check = validate.contact if folder == "contacts" else validate.interview
            record, more = check(note, slug, today)
            found += more
        errors = [p for p in found if p.severity == "error"]
        if errors or record is None:
            shown = "\n".join("  " + p.format() for p in errors)
            raise InfoviewError(f"not {verb}: {change.new_rel} would not pass "
                                f"'infoview check':\n{shown}")
        before = (contacts if folder == "contacts" else interviews).pop(change.rel[len(folder)
                                                                                  + 1:-3])
        expected = _expected(before, record, old, new, change.new_rel, slug)
        expected = dataclasses.replace(expected, **(set_in or {}).get(change.rel, {}))
        if record != expected:
            raise InfoviewError(f"cannot change {change.rel}: the edit would change more "
                                "than it should; edit it by hand")
        (contacts if folder == "contacts" else interviews)[slug] = record
        seen = {(p.field, p.message) for p in kb.problems if p.path == change.rel}
        problems += [p for p in found if (p.field, p.message) not in seen]
    cross = knowledge.cross_check(contacts, interviews)
    if any(p.severity == "error" for p in cross):
        shown = "\n".join("  " + p.format() for p in cross if p.severity == "error")
        raise InfoviewError(f"not {verb}: the result would not pass 'infoview check':\n{shown}")
    return problems


def _expected(before: Contact | Interview, after: Contact | Interview, old: str, new: str,
              path: str, slug: str) -> Contact | Interview:
    """``before`` with only what a rename may change changed: slug, path, references, body
    (whose links were followed) and the lines of keys."""
    swap = {"slug": slug, "path": path, "body": after.body, "lines": after.lines}
    if isinstance(before, Contact):
        swap["introduced_by"] = new if before.introduced_by == old else before.introduced_by
    else:
        swap["contact"] = new if before.contact == old else before.contact
        swap["referrals"] = [new if r == old else r for r in before.referrals]
        swap["skipped_referrals"] = {new if r == old else r: day
                                     for r, day in before.skipped_referrals.items()}
    return dataclasses.replace(before, **swap)


def _changed_lines(before: bytes, after: bytes) -> int:
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return sum(j2 - j1 for op, _i1, _i2, j1, j2 in matcher.get_opcodes() if op != "equal")
