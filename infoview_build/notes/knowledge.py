"""Load a whole knowledge base: every note read and validated, then checked as a whole.

Reading and typing a note depends on that note alone, so large knowledge bases are
spread over every core; the checks that need all notes (references, cycles, clashing
slugs) run once everything is back.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from datetime import date
from pathlib import Path

from infoview_build.notes import identity, overrides, validate
from infoview_build.notes.cache import Identity, NoteMemo, identity_of, program, text_digest
from infoview_build.notes.errors import InfoviewError, NotRegular, reason
from infoview_build.notes.load import (
    RawNote,
    YMap,
    decode,
    kind_of,
    parse,
    read_note,
    read_regular,
)
from infoview_build.notes.model import Config, Contact, Interview, KnowledgeBase, Problem

CONFIG_FILE = "infoview.yml"
FOLDERS = ("contacts", "interviews")
MAX_NOTE_BYTES = 32 * 1024 * 1024
"""A note larger than this is refused unread: no one writes 32 MB of notes by hand."""
PARALLEL_FROM = 400
"""Below this many notes, starting worker processes costs more than it saves."""


def load_knowledge_base(root: Path | str, today: date, jobs: int | None = None,
                        records: bool = True, memo: NoteMemo | None = None) -> KnowledgeBase:
    """Read, type and cross-check every note under ``root``; never raises for bad notes.

    With ``records=False`` (``infoview check``) only the problems come back: the notes'
    records stay in the worker processes, which saves pickling every note's body.
    With a ``memo``, a note whose file is unchanged since the memo's last load is not read
    again; the memo is brought up to date.
    """
    root = Path(root)
    require_folders(root)
    problems: list[Problem] = []
    config, config_problems = load_config(root)
    problems += config_problems
    problems += overrides.problems(root)
    identities: dict[str, Identity] | None = None
    if memo is not None:  # started before the files are looked at (see NoteMemo.keep)
        memo.renew((program(), today.isoformat(), records, text_digest(root / CONFIG_FILE)))
        identities = {}
    tasks, listing_problems = _list_notes(root, identities)
    problems += listing_problems
    if memo is None:
        results = _run(root, tasks, today, jobs, records)
    else:
        results = _run_memo(root, tasks, today, jobs, records, memo, identities)
    contacts: dict[str, Contact] = {}
    interviews: dict[str, Interview] = {}
    refs: dict[str, dict[str, Ref]] = {"contacts": {}, "interviews": {}}
    for kind, slug, record, found in results:
        problems += [Problem(*p) for p in found]
        if record is None:
            continue
        if records:
            (contacts if kind == "contacts" else interviews)[slug] = record
            record = _ref(kind, record)
        refs[kind][slug] = record
    stems = {folder: [t[2] for t in tasks if t[0] == folder] for folder in FOLDERS}
    problems += owner_problems(config, bool(stems["contacts"]))
    listing = None if memo is None else \
        hashlib.sha256("\n".join(rel for _folder, rel, _slug in tasks).encode(
            "utf-8", "surrogateescape")).hexdigest()
    if memo is not None and not memo.changed and memo.cross and memo.cross[0] == listing:
        # the same notes, none read again: the checks between them find what they found
        cross = [Problem(*p) for p in memo.cross[1]]
    else:
        cross = _cross_check(refs, stems)
        if memo is not None:
            memo.cross = (listing, [_as_tuple(p) for p in cross])
            memo.changed = True
    problems = one_hint_per_typo(problems + cross)
    problems.sort(key=Problem.sort_key)
    return KnowledgeBase(
        root=root,
        config=config,
        contacts=dict(sorted(contacts.items())),
        interviews=dict(sorted(interviews.items())),
        problems=problems,
        files_checked=len(tasks) + (1 if (root / CONFIG_FILE).is_file() else 0),
    )


def is_knowledge_base(folder: Path) -> bool:
    """A folder that holds ``infoview.yml``, or both ``contacts/`` and ``interviews/``
    (what ``infoview init`` makes): a stray ``notes/contacts/`` folder is not one."""
    try:
        return (folder / CONFIG_FILE).is_file() or all((folder / f).is_dir() for f in FOLDERS)
    except OSError:
        return False


def find_root(start: Path) -> Path:
    """The nearest knowledge base from ``start`` upward (``is_knowledge_base``), else the
    nearest folder with ``contacts/`` or ``interviews/``, relative to ``start`` (``.``,
    ``..``); ``start`` itself when none is found, so that the usual "is this a knowledge
    base?" message names it."""
    try:
        here = Path(start).resolve()
        folders = (here, *here.parents)
        for folder in folders:
            if is_knowledge_base(folder):
                return Path(os.path.relpath(folder, here))
        for folder in folders:
            if any((folder / f).is_dir() for f in FOLDERS):
                return Path(os.path.relpath(folder, here))
    except (OSError, ValueError):  # a folder removed under us, or one we may not read
        pass
    return Path(start)


def require_folders(root: Path) -> None:
    """Stop unless ``root`` is a folder with ``contacts/`` or ``interviews/`` in it."""
    if not root.is_dir():
        raise InfoviewError(f"{root} is not a folder")
    if not any((root / folder).is_dir() for folder in FOLDERS):
        raise InfoviewError(
            f"no contacts/ or interviews/ folder in {root}: is this a knowledge base? "
            "('infoview init DIR' makes one; --root DIR points at one)"
        )


def load_config(root: Path) -> tuple[Config, list[Problem]]:
    """``infoview.yml``, or the defaults when there is none."""
    path = root / CONFIG_FILE
    if not os.path.lexists(path):
        return Config(), []
    note = RawNote(CONFIG_FILE)
    try:
        text, problem = decode(read_regular(path))
    except OSError as exc:
        text, problem = None, (1, "-", f"cannot read the file: {reason(exc)}",
                               "infoview.yml must be a regular file" if
                               isinstance(exc, NotRegular) else "")
    extra = _second_document(text) if text is not None else None
    if problem:
        note.problems.append(problem)
    elif extra:
        # The parser keeps only the last document: the settings above it would be lost.
        note.problems.append((extra, "-", "infoview.yml holds a second YAML document",
                              "keep every setting in one document: remove this line"))
    else:
        data, found = parse(text, 1)
        note.problems += found
        if not found and (data is None or data.__class__ is tuple and validate.is_empty(data)):
            data = YMap(1)
        if isinstance(data, YMap):
            note.data = data
        elif data is not None:
            note.problems.append((1, "-", "infoview.yml must hold 'key: value' settings", ""))
    problems = validate.note_problems(note)
    if note.data is None:
        return Config(), problems
    config, found = validate.config(note)
    return config, problems + found


def owner_problems(config: Config, has_contacts: bool) -> list[Problem]:
    """A warning when the ``owner`` of ``infoview.yml`` leaves out what the email drafts
    need (``init`` writes it blank to be filled in).

    Said as soon as there is someone to write to, rather than only when a draft is asked
    for; a knowledge base without contacts (a fresh ``init``) has no draft to write yet.
    """
    if not has_contacts or "owner" not in config.lines:
        return []
    owner = config.owner
    missing = [what for what, value in (("name", owner.name),
                                        ("email or phone", owner.email or owner.phone))
               if not value]
    if not missing:
        return []
    return [Problem(CONFIG_FILE, config.lines.get("owner", 1), "owner",
                    f"no {' and no '.join(missing)}: the email drafts ('infoview draft') "
                    f"need {'them' if len(missing) > 1 else 'it'}", "warning",
                    "fill in owner: name, and email or phone, in infoview.yml")]


def _second_document(text: str) -> int | None:
    """The line of the marker (``---`` or ``...``) that ends the first of several documents."""
    content = False
    end_marker = None
    for number, line in enumerate(text.split("\n"), 1):
        if line[:3] in ("---", "...") and line[3:4] in ("", " ", "\t"):
            if content and line[:3] == "---":
                return number
            if content and end_marker is None:
                end_marker = number
            continue
        if line.strip() and not line.lstrip().startswith("#"):
            if end_marker is not None:
                return end_marker
            content = True
    return None


def _list_notes(root: Path, identities: dict[str, Identity] | None = None
                ) -> tuple[list[tuple[str, str, str]], list[Problem]]:
    """``(folder, path, slug)`` of every note, sorted; odd entries become problems.

    With ``identities``, each note's file identity (``cache.identity_of``) goes in it by
    path, from the one ``os.stat`` that found the entry to be a file."""
    tasks: list[tuple[str, str, str]] = []
    problems: list[Problem] = []
    real_root = root.resolve()
    for folder in FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for entry in sorted(os.scandir(base), key=lambda e: e.name):
            name = entry.name
            rel = f"{folder}/{name}"
            if name.startswith("."):
                continue
            odd = _odd_entry(entry, rel, folder, real_root, identities)
            if odd is not None:
                problems.append(odd)
                continue
            if not name.endswith(".md"):
                problems.append(Problem(rel, 1, "-", "not a .md note: ignored", "warning",
                                        "rename it to end in .md if it is a note"))
                continue
            tasks.append((folder, rel, name[:-3]))
    return tasks, problems


def _odd_entry(entry: os.DirEntry, rel: str, folder: str, real_root: Path,
               identities: dict[str, Identity] | None = None) -> Problem | None:
    """Why an entry of a notes folder is no note to read, or None (then its identity goes
    in ``identities``, when given); it is never opened."""
    try:
        info = os.stat(entry.path)  # through a link
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem(rel, 1, "-", "a symbolic-link loop; not followed",
                           hint="remove the link or point it at a note")
        if entry.is_symlink():
            return _outside(rel)
        return Problem(rel, 1, "-", f"cannot read the entry: {reason(exc)}")
    if entry.is_symlink() and not Path(os.path.realpath(entry.path)).is_relative_to(real_root):
        return _outside(rel)
    mode = info.st_mode
    if stat.S_ISDIR(mode) and entry.name.endswith(".md"):
        return Problem(rel, 1, "-", "a folder named like a note; skipped",
                       hint="a note is a file: rename the folder or move its notes up")
    if stat.S_ISDIR(mode):
        return Problem(rel, 1, "-", f"a folder inside {folder}/ is ignored", "warning",
                       f"keep notes directly in {folder}/")
    if not stat.S_ISREG(mode):
        return Problem(rel, 1, "-", f"{kind_of(mode)}, not a note; skipped, never opened",
                       hint="remove it: notes are regular files")
    if identities is not None:
        identities[rel] = identity_of(info)
    return None


def _outside(rel: str) -> Problem:
    return Problem(rel, 1, "-", "a link that points outside the knowledge base (or nowhere); "
                   "not followed", hint="copy the note here instead of linking to it")


Ref = tuple
"""``(path, referenced slug or None, its line, identity keys)`` of a note: what the
cross-file checks need: a contact's ``introduced_by`` or an interview's ``contact``, and a
contact's email, links and name to find two notes for one person."""


def _ref(folder: str, record: Contact | Interview) -> Ref:
    if folder == "contacts":
        return (record.path, record.introduced_by, record.lines.get("introduced_by", 1),
                identity.keys_of(record))
    return (record.path, record.contact, record.lines.get("contact", 1), [])


def _load_one(task: tuple[str, str, str, str, date, bool]):
    """Read and validate one note; runs in a worker process for large knowledge bases.

    Problems travel as plain tuples, and only a reference summary when records are not
    wanted: pickling dataclasses costs more than validating them.
    """
    folder, rel, slug, root, today, records = task
    result = _load_record(folder, rel, slug, root, today)
    record = result[2]
    if record is not None and not records:
        record = _ref(folder, record)
    return folder, slug, record, [_as_tuple(p) for p in result[3]]


def _as_tuple(problem: Problem) -> tuple:
    return (problem.path, problem.line, problem.field, problem.message, problem.severity,
            problem.hint)


def _load_record(folder: str, rel: str, slug: str, root: str, today: date):
    path = os.path.join(root, rel)
    try:
        size = os.path.getsize(path)
        if size > MAX_NOTE_BYTES:
            return folder, slug, None, [Problem(rel, 1, "-", f"the file is {size // 1048576} MB: "
                                                "too large for a note",
                                                hint="keep notes under 32 MB")]
        raw = read_regular(path)
    except OSError as exc:
        return folder, slug, None, [Problem(rel, 1, "-", f"cannot read the file: {reason(exc)}")]
    return (folder, slug, *check_note(folder, rel, slug, raw, today))


def check_note(folder: str, rel: str, slug: str, raw: bytes,
               today: date) -> tuple[Contact | Interview | None, list[Problem]]:
    """One note's bytes → its record (None when unusable) and its own problems.

    The same for a file on disk and for an editor's unsaved text (``lsp``).
    """
    note = read_note(rel, raw)
    problems = validate.note_problems(note)
    if note.data is None:
        return None, problems
    check = validate.contact if folder == "contacts" else validate.interview
    record, found = check(note, slug, today)
    return record, problems + found


def _run(root: Path, tasks, today: date, jobs: int | None, records: bool) -> list:
    """Load every note, over several processes when there are enough of them."""
    work = [(folder, rel, slug, str(root), today, records) for folder, rel, slug in tasks]
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(work) < PARALLEL_FROM or not hasattr(os, "fork"):
        return [_load_one(task) for task in work]
    import multiprocessing

    context = multiprocessing.get_context("fork")
    chunk = max(16, len(work) // (jobs * 8))
    with context.Pool(jobs) as pool:
        return pool.map(_load_one, work, chunksize=chunk)


def cross_check(contacts: dict[str, Contact], interviews: dict[str, Interview]) -> list[Problem]:
    """The checks that need every note, on records held in memory (a rename checks its
    result before writing it)."""
    refs = {"contacts": {s: _ref("contacts", c) for s, c in contacts.items()},
            "interviews": {s: _ref("interviews", i) for s, i in interviews.items()}}
    return _cross_check(refs, {"contacts": sorted(contacts), "interviews": sorted(interviews)})


def _run_memo(root: Path, tasks, today: date, jobs: int | None, records: bool,
              memo: NoteMemo, identities: dict[str, Identity]) -> list:
    """``_run`` for the notes whose files changed since ``memo`` saw them (by their
    ``identities``, taken when they were listed); the memo's results for the others."""
    results: list = [None] * len(tasks)
    keys = [identities[rel] for _folder, rel, _slug in tasks]
    changed = []
    for index, ((folder, rel, slug), key) in enumerate(zip(tasks, keys, strict=True)):
        entry = memo.get(rel, key)
        if entry is None:
            changed.append(index)
        else:
            results[index] = (folder, slug, entry[1], entry[2])
    fresh = _run(root, [tasks[i] for i in changed], today, jobs, records)
    memo.changed = memo.changed or bool(changed)
    for index, result in zip(changed, fresh, strict=True):
        results[index] = result
        memo.keep(tasks[index][1], keys[index], result[2], result[3])
    if changed or len(memo.entries) != len(tasks):  # else every entry is a note listed
        memo.only({rel for _folder, rel, _slug in tasks})
    return results


def _cross_check(refs: dict[str, dict[str, Ref]], stems: dict[str, list[str]]) -> list[Problem]:
    """Checks that need every note: references, introduction cycles, clashing slugs, and
    contacts that look like one person."""
    return _reference_checks(refs, stems) + identity.look_alikes(identities(refs["contacts"]))


def identities(contacts: dict[str, Ref]) -> dict[str, list]:
    """Each contact's identifying keys (``identity.keys_of``), by path."""
    return {ref[0]: ref[3] for ref in contacts.values()}


def _reference_checks(refs: dict[str, dict[str, Ref]],
                      stems: dict[str, list[str]]) -> list[Problem]:
    """References to no contact, introduction cycles, slugs that differ only by case."""
    problems: list[Problem] = []
    known = set(stems["contacts"])
    for folder in FOLDERS:
        seen: dict[str, str] = {}
        for stem in stems[folder]:
            other = seen.setdefault(stem.lower(), stem)
            if other != stem:
                problems.append(Problem(f"{folder}/{stem}.md", 1, "-",
                                        f"differs from {folder}/{other}.md only by case",
                                        hint="rename one of them: slugs ignore case on many "
                                        "systems"))
    for folder, field in (("contacts", "introduced_by"), ("interviews", "contact")):
        for path, ref, line, _keys in refs[folder].values():
            if ref and ref not in known:
                problems.append(_dangling(path, line, field, ref, known,
                                          _named_in_file(path, known) if folder ==
                                          "interviews" else None))
    problems += _cycles(refs["contacts"])
    return problems


def one_hint_per_typo(problems: list[Problem]) -> list[Problem]:
    """``problems`` without the rename warning of an interview whose ``contact`` names no
    one: a misspelt slug is one mistake, its did-you-mean says it all, and renaming the
    file after the typo would lead the wrong way."""
    dangling = {p.path for p in problems
                if p.field == "contact" and p.message.startswith(DANGLING)}
    return [p for p in problems
            if not (p.path in dangling and p.message == validate.NAME_MISMATCH)]


DANGLING = "no contact '"
"""How the message about a reference to no contact begins."""


def _named_in_file(path: str, known: set[str]) -> str | None:
    """The existing contact an interview's file name (``<date>-<contact>[-N]``) names."""
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")[11:]
    for candidate in (stem, stem.rsplit("-", 1)[0]):
        if candidate in known:
            return candidate
    return None


def _dangling(path: str, line: int, field: str, ref: str, known: set[str],
              named: str | None = None) -> Problem:
    guess = named or validate.suggest(ref, known)
    hint = f"did you mean '{guess}'?" if guess else \
        f"create contacts/{ref}.md ('infoview new contact') or fix the slug"
    return Problem(path, line, field, f"{DANGLING}{ref}'", hint=hint)


def _cycles(contacts: dict[str, Ref]) -> list[Problem]:
    """Every contact whose chain of introducers comes back to itself."""
    problems = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in contacts:
        path: list[str] = []
        slug = start
        while slug in contacts and state.get(slug) is None:
            state[slug] = 1
            path.append(slug)
            slug = contacts[slug][1]
        ring = path[path.index(slug):] if slug in contacts and state.get(slug) == 1 else []
        if len(ring) > 1:
            loop = " → ".join(ring + [slug])
            for member in ring:
                note_path, _ref_slug, line, _keys = contacts[member]
                problems.append(Problem(note_path, line, "introduced_by",
                                        f"introductions go round in a circle: {loop}",
                                        hint="one of them was met some other way"))
        for slug_done in path:
            state[slug_done] = 2
    return problems
