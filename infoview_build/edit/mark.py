"""``infoview mark``: record an event by changing exactly one line of one note.

The note is edited as text, never re-serialised: its bytes are split into lines (each
keeping its own line ending), libyaml's composer says where every key
and value stands, and one line is replaced or one line is added. The edited text is then
read again with the project's own loader and validator, in memory: it is written only
when it passes ``infoview check`` and its typed record differs from the old one in the
marked field alone.

New top-level keys go on a new line just before the closing ``---``; a new ``done:`` goes
on a new line after the last line of its action item, indented like the item's keys.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from infoview_build.edit import files
from infoview_build.edit.notetext import NoteLines, yaml_text
from infoview_build.notes import load, lookup, validate
from infoview_build.notes.errors import InfoviewError, NotFound, reason
from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.notes.model import Contact, Interview, KnowledgeBase, Problem
from infoview_build.notes.slugs import slugify
from infoview_build.notes.terminal import command
from infoview_build.plan.stages import stage

CONTACT_EVENTS = {
    "requested": "requested_on",
    "followed-up": "followed_up_on",
    "replied": "replied_on",
    "declined": "declined_on",
    "no-reply": "no_reply_on",
    "kept-in-touch": "kept_in_touch_on",
}
"""Event name on the command line → the contact's date key it sets."""

@dataclass(slots=True)
class Change:
    """One key line set in a note."""

    key: str
    text: str
    """The value as written into the file (YAML text)."""
    label: str = ""
    """What the key belongs to when that is not the note itself (``action 2: …``)."""

    def format(self, rel: str) -> str:
        where = f" ({self.label})" if self.label else ""
        return f"{rel}: {self.key}: {self.text}{where}"


@dataclass(slots=True)
class Mark:
    """What a mark does to one note: computed in full before anything is written."""

    root: Path
    """The knowledge base."""
    path: Path
    """The file to write."""
    rel: str
    """Its path relative to the knowledge-base root."""
    before: bytes
    after: bytes
    changes: list[Change]
    """Empty when the note already records the event (a no-op)."""
    contact: str
    """Slug of the contact the event is about."""
    stage: str
    """The contact's stage once the mark is written."""
    already: str = ""
    """For a no-op: what the note says already."""
    warnings: list[Problem] = field(default_factory=list)
    """Warnings about the edited note that it did not have before."""
    other_errors: int = 0
    """Errors in other files of the knowledge base (they do not stop a mark)."""
    forced: bool = False
    """``--force``: a read-only note is written all the same."""

    def report(self) -> list[str]:
        """The lines ``infoview mark`` prints on stdout."""
        if self.changes:
            lines = [change.format(self.rel) for change in self.changes]
        else:
            lines = [f"{self.rel}: {self.already}; nothing changed"]
        return lines + [f"{self.contact}: stage {self.stage}"]


def write(result: Mark) -> None:
    """Write the marked note at once, unless it changed on disk since it was read.

    Callers hold ``files.locked(root)`` from before the note was read, so another
    ``infoview`` waits; the comparison catches an editor that saved meanwhile.
    """
    if not result.changes:
        return
    with files.change(result.root, force=result.forced) as change:
        try:
            current = load.read_regular(result.path)
        except OSError as exc:
            raise InfoviewError(f"cannot read {result.rel}: {reason(exc)}") from None
        if current != result.before:
            raise InfoviewError(f"{result.rel} changed while it was being marked; "
                                "run the command again")
        change.write(result.rel, result.after)


# -- the four events of a contact, thanked, done, cancelled -------------------------------


def mark_contact(root: Path | str, event: str, ref: str, on: date, today: date,
                 force: bool = False) -> Mark:
    """Set ``requested_on``, ``followed_up_on``, ``replied_on``, ``declined_on``,
    ``no_reply_on`` or ``kept_in_touch_on`` (which a later day replaces without ``force``)."""
    key = CONTACT_EVENTS[event]
    kb = load_knowledge_base(root, today)
    contact = lookup.find_contact(kb, ref)
    current = getattr(contact, key)
    if current == on:
        return _no_op(kb, contact.path, contact.slug, f"{key} is already {on}", today)
    # Keeping in touch happens again and again: a later day simply moves it on.
    moves_on = key == "kept_in_touch_on" and current is not None and on > current
    if current is not None and not force and not moves_on:
        raise InfoviewError(f"{contact.path}: {key} is already {current}; "
                            f"add --force to change it to {on}")
    return _apply(kb, contact, today, {key: on}, force=force)


def mark_thanked(root: Path | str, ref: str, on: date, today: date, gift: str | None = None,
                 force: bool = False) -> Mark:
    """Set an interview's ``thanked_on`` (and ``gift``); a contact slug names their one
    held interview that has no thank-you yet."""
    kb = load_knowledge_base(root, today)
    interview = _thanked_target(kb, ref, on)
    if gift is not None:
        gift = gift.strip()
        if not gift:
            raise InfoviewError("--gift needs some text (coffee, lunch, a book)")
    values: dict = {}
    held: list[str] = []
    for key, new in (("thanked_on", on), ("gift", gift)):
        current = getattr(interview, key)
        if new is None or current == new:
            if new is not None:
                held.append(f"{key} is already {_show(current)}")
            continue
        if current is not None and not force:
            raise InfoviewError(f"{interview.path}: {key} is already {_show(current)}; "
                                f"add --force to change it to {_show(new)}")
        values[key] = new
    if not values:
        return _no_op(kb, interview.path, interview.contact, " and ".join(held), today)
    return _apply(kb, interview, today, values, force=force)


def _require_numbers(path: str, noun: str, count: int, numbers: tuple[int, ...]) -> None:
    """Refuse item numbers (1-based) that a list of ``count`` ``noun``s doesn't have."""
    if count == 0:
        raise InfoviewError(f"{path} has no {noun}s")
    wrong = sorted({n for n in numbers if not 1 <= n <= count})
    if wrong:
        listed = ", ".join(map(str, wrong))
        give = "a number" if len(set(numbers)) == 1 else "numbers"
        raise InfoviewError(f"{path} has {count} {noun}{'s' * (count > 1)}, not {listed}: "
                            f"give {give} from 1 to {count}")


def mark_done(root: Path | str, ref: str, number: int, today: date,
              force: bool = False) -> Mark:
    """Tick action item ``number`` (1-based) of an interview: ``done: true``."""
    kb = load_knowledge_base(root, today)
    interview = lookup.find_interview(kb, ref, today)
    _require_numbers(interview.path, "action item", len(interview.actions), (number,))
    action = interview.actions[number - 1]
    if action.done:
        return _no_op(kb, interview.path, interview.contact,
                      f"action {number} is already done ({_short(action.task)})", today)
    return _apply(kb, interview, today, {}, ("actions", [number], "done"), force=force)


def mark_cancelled(root: Path | str, ref: str, today: date, force: bool = False) -> Mark:
    """Set an interview's ``cancelled: true``."""
    kb = load_knowledge_base(root, today)
    interview = lookup.find_interview(kb, ref, today)
    if interview.cancelled:
        return _no_op(kb, interview.path, interview.contact, "cancelled is already true", today)
    return _apply(kb, interview, today, {"cancelled": True}, force=force)


def mark_confirmed(root: Path | str, ref: str, today: date, force: bool = False) -> Mark:
    """Set an interview's ``confirmed: true``; a contact names their one coming interview."""
    kb = load_knowledge_base(root, today)
    interview = _upcoming_target(kb, ref, today, "confirmed")
    if interview.confirmed:
        return _no_op(kb, interview.path, interview.contact, "confirmed is already true", today)
    return _apply(kb, interview, today, {"confirmed": True}, force=force)


def mark_asked(root: Path | str, ref: str, numbers: tuple[int, ...], today: date,
               force: bool = False) -> Mark:
    """Set ``asked: true`` on questions ``numbers`` (1-based) of an interview."""
    kb = load_knowledge_base(root, today)
    interview = lookup.find_interview(kb, ref, today)
    _require_numbers(interview.path, "question", len(interview.questions), numbers)
    todo = sorted({n for n in numbers if not interview.questions[n - 1].asked})
    if not todo:
        listed = ", ".join(map(str, sorted(set(numbers))))
        noun = "question" if len(set(numbers)) == 1 else "questions"
        return _no_op(kb, interview.path, interview.contact,
                      f"{noun} {listed} already marked asked", today)
    return _apply(kb, interview, today, {}, ("questions", todo, "asked"), force=force)


def mark_skipped(root: Path | str, ref: str, name: str, on: date, today: date,
                 force: bool = False) -> Mark:
    """Give referral ``name`` of an interview a ``skipped_on``: you will not pursue it.

    ``ref`` is an interview, or a contact whose interviews list that referral. The
    referral keeps its name: ``- Omar Haddad`` becomes ``- name: Omar Haddad`` with a
    ``skipped_on:`` line under it (in a list written ``[…]``, ``{name: …, skipped_on: …}``
    in place).
    """
    kb = load_knowledge_base(root, today)
    interview = _referral_target(kb, ref, name)
    referral = _referral_named(interview, name)
    number = interview.referrals.index(referral) + 1
    already = interview.skipped_referrals.get(referral)
    if already == on:
        return _no_op(kb, interview.path, interview.contact,
                      f"referral {lookup.said(referral)} is already skipped on {on}", today)
    if already is not None and not force:
        raise InfoviewError(f"{interview.path}: referral {lookup.said(referral)} was skipped on "
                            f"{already}; add --force to change it to {on}")
    known = _contact_named(kb, referral)
    if known is not None:
        raise InfoviewError(f"{lookup.said(referral)} is a contact already ({known.path}); "
                            "there is nothing to skip")
    raw, lines = _lines(kb, interview, force)
    what = f"referral {number}"
    if already is not None:
        node, _end = lines.item("referrals", number, what)
        lines.set(node, "skipped_on", on.isoformat(), _end)
    elif not lines.flow_item_fields("referrals", number, f"skipped_on: {on}", what):
        node, end = lines.item("referrals", number, what)
        lines.set(node, "skipped_on", on.isoformat(), end)
    expected = dataclasses.replace(
        interview, skipped_referrals={**interview.skipped_referrals, referral: on})
    changes = [Change("skipped_on", on.isoformat(), f"referral {number}: {_short(referral)}")]
    return _checked(kb, interview, today, raw, lines, changes, expected, force)


def _referral_target(kb: KnowledgeBase, ref: str, name: str) -> Interview:
    """The interview ``ref`` names; for a contact, the one of theirs that lists ``name``."""
    found = _interview_or_contact(kb, ref)
    if isinstance(found, Interview):
        return found
    live = [i for i in kb.interviews_of(found) if not i.cancelled]
    if len(live) == 1:
        return live[0]
    listing = [i for i in live if _referral_named(i, name, quiet=True) is not None]
    if len(listing) == 1:
        return listing[0]
    if not listing:
        raise NotFound(f"no interview of {found} lists a referral {lookup.said(name)}; "
                       f"'{command('show', found)}' shows their interviews")
    slugs = ", ".join(i.slug for i in listing)
    raise InfoviewError(f"{len(listing)} interviews of {found} list {lookup.said(name)} "
                        f"({slugs}); name one: infoview mark skipped INTERVIEW NAME")


def _referral_named(interview: Interview, name: str, quiet: bool = False) -> str | None:
    """The referral of ``interview`` that ``name`` names: the same text, else the same name
    folded, else the one that starts with it."""
    wanted = lookup.fold_name(name)
    for fits in (lambda r: r == name.strip(), lambda r: lookup.fold_name(r) == wanted,
                 lambda r: bool(wanted) and lookup.fold_name(r).startswith(wanted)):
        found = list(dict.fromkeys(r for r in interview.referrals if fits(r)))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            if quiet:
                return None
            raise lookup.Ambiguous(name, "referral", found)
    if quiet:
        return None
    listed = ", ".join(lookup.said(r) for r in interview.referrals) or "none"
    raise NotFound(f"{interview.path} has no referral {lookup.said(name)} (referrals: "
                   f"{listed})")


def _contact_named(kb: KnowledgeBase, referral: str) -> Contact | None:
    """The contact a referral names, as the checklists match them (slug, or name folded)."""
    if referral in kb.contacts:
        return kb.contacts[referral]
    wanted = slugify(referral)
    return next((c for c in kb.contacts.values() if wanted and slugify(c.name) == wanted), None)


def note_slugs(root: Path | str, folder: str) -> list[str]:
    """File names without ``.md`` in ``root/folder``, sorted: for shell completion."""
    base = Path(root) / folder
    try:
        names = sorted(p.name for p in base.iterdir())
    except OSError:
        return []
    return [name[:-3] for name in names if name.endswith(".md") and not name.startswith(".")]


def open_actions(root: Path | str, slug: str, today: date) -> list[tuple[int, str]]:
    """``(number, task)`` of every action item not done yet: for shell completion."""
    slug = lookup.plain_ref(slug)
    rel = f"interviews/{slug}.md"
    try:
        raw = load.read_regular(Path(root) / rel)
    except OSError:
        return []
    note = load.read_note(rel, raw)
    if note.data is None:
        return []
    record, _ = validate.interview(note, slug, today)
    if record is None:
        return []
    return [(n, a.task) for n, a in enumerate(record.actions, 1) if not a.done]


# -- finding the note ---------------------------------------------------------------------


def _interview_or_contact(kb: KnowledgeBase, ref: str) -> Interview | str:
    """The interview ``ref`` names, else the slug of the contact it names (by slug, name or
    prefix), else the interview whose slug starts with ``ref``."""
    slug = lookup.plain_ref(ref)
    if slug in kb.interviews or (kb.root / "interviews" / f"{slug}.md").is_file():
        return lookup.find_interview(kb, slug)
    try:
        return lookup.find_contact(kb, ref).slug
    except NotFound:
        pass
    try:
        return lookup.find_interview(kb, ref)
    except NotFound:
        guess = validate.suggest(slug, [*kb.interviews, *kb.contacts])
        hint = f"; did you mean '{guess}'?" if guess else ""
        raise NotFound(f"no interview or contact {lookup.said(ref)}{hint}") from None


def _thanked_target(kb: KnowledgeBase, ref: str, on: date) -> Interview:
    found = _interview_or_contact(kb, ref)
    if isinstance(found, Interview):
        return found
    slug = found
    held = [i for i in kb.interviews_of(slug) if not i.cancelled and i.date <= on]
    open_ = [i for i in held if i.thanked_on is None]
    if len(open_) == 1:
        return open_[0]
    if not open_:
        done = [i for i in held if i.thanked_on == on]
        if len(done) == 1:  # marking again: a no-op, as with an interview slug
            return done[0]
        raise InfoviewError(f"{slug} has no interview on or before {on} without a thank-you; "
                            "name the interview: infoview mark thanked INTERVIEW")
    names = ", ".join(i.slug for i in open_)
    raise InfoviewError(f"{slug} has {len(open_)} interviews without a thank-you ({names}); "
                        "name one: infoview mark thanked INTERVIEW")


def _upcoming_target(kb: KnowledgeBase, ref: str, today: date, command: str) -> Interview:
    """The interview ``ref`` names, or the next coming interview of the contact it names."""
    found = _interview_or_contact(kb, ref)
    if isinstance(found, Interview):
        return found
    coming = [i for i in kb.interviews_of(found) if not i.cancelled and i.date >= today]
    if not coming:
        raise InfoviewError(f"{found} has no interview on or after {today}; "
                            f"name the interview: infoview mark {command} INTERVIEW")
    return coming[0]


# -- editing and checking the text --------------------------------------------------------


def _apply(kb: KnowledgeBase, note: Contact | Interview, today: date, values: dict,
           items: tuple[str, list[int], str] | None = None, force: bool = False) -> Mark:
    """Edit the note's text for ``values`` (or set key ``items[2]`` to true in items
    ``items[1]`` of list ``items[0]``), check the result, and describe the change."""
    raw, lines = _lines(kb, note, force)
    changes = []
    if items is None:
        for key, value in values.items():
            text = yaml_text(value)
            lines.set(lines.root, key, text, lines.fence - 1)
            changes.append(Change(key, text))
        expected = dataclasses.replace(note, **values)
    else:
        key, numbers, flag = items
        listed = list(getattr(note, key))
        noun = "action" if key == "actions" else "question"
        # From the last item up, so that an added line does not move the items above it.
        for number in sorted(numbers, reverse=True):
            node, end = lines.item(key, number, f"{noun} {number}")
            lines.set(node, flag, "true", end)
            listed[number - 1] = dataclasses.replace(listed[number - 1], **{flag: True})
        for number in sorted(numbers):
            entry = listed[number - 1]
            text = entry.task if key == "actions" else entry.text
            changes.append(Change(flag, "true", f"{noun} {number}: {_short(text)}"))
        expected = dataclasses.replace(note, **{key: listed})
    return _checked(kb, note, today, raw, lines, changes, expected, force)


def _lines(kb: KnowledgeBase, note: Contact | Interview, force: bool) -> tuple[bytes, NoteLines]:
    """The note's bytes and its lines, ready to edit; a read-only note needs ``force``."""
    path = kb.root / note.path
    try:
        raw = load.read_regular(path)
        mode = path.stat().st_mode
    except OSError as exc:
        raise InfoviewError(f"cannot read {note.path}: {reason(exc)}") from None
    if files.is_read_only(mode) and not force:
        raise InfoviewError(files.read_only_message(note.path, "mark"))
    return raw, NoteLines(note.path, raw)


def _checked(kb: KnowledgeBase, note: Contact | Interview, today: date, raw: bytes,
             lines: NoteLines, changes: list[Change], expected: Contact | Interview,
             force: bool) -> Mark:
    """Read the edited text back as ``check`` would: refuse errors and any change beyond
    ``expected``, then describe the mark."""
    path = kb.root / note.path
    after = lines.bytes()
    record, problems = _reread(note, after, today)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        shown = "\n".join("  " + p.format() for p in errors)
        raise InfoviewError(f"not marked: {note.path} would not pass 'infoview check':\n{shown}")
    expected.lines = record.lines if record is not None else {}
    if record != expected:
        lines.refuse("the edit would change more than the one value")
    seen = {(p.field, p.message) for p in kb.problems if p.path == note.path}
    warnings = [p for p in problems if (p.field, p.message) not in seen]
    if isinstance(record, Contact):
        kb = dataclasses.replace(kb, contacts={**kb.contacts, record.slug: record},
                                 _by_contact=None)
        contact = record.slug
    else:
        kb = dataclasses.replace(kb, interviews={**kb.interviews, record.slug: record},
                                 _by_contact=None)
        contact = record.contact
    return Mark(root=kb.root, path=path.resolve(), rel=note.path, before=raw, after=after,
                changes=changes, contact=contact, stage=_stage(kb, contact, today),
                warnings=warnings, other_errors=_other_errors(kb, note.path), forced=force)


def _reread(note: Contact | Interview, raw: bytes, today: date):
    """The loader and validator of ``infoview check``, run on text in memory."""
    read = load.read_note(note.path, raw)
    problems = validate.note_problems(read)
    if read.data is None:
        return None, problems
    check = validate.contact if isinstance(note, Contact) else validate.interview
    record, found = check(read, note.slug, today)
    return record, problems + found


def _no_op(kb: KnowledgeBase, rel: str, contact: str, already: str, today: date) -> Mark:
    raw = load.read_regular(kb.root / rel)
    return Mark(root=kb.root, path=(kb.root / rel).resolve(), rel=rel, before=raw, after=raw,
                changes=[], contact=contact, stage=_stage(kb, contact, today), already=already,
                other_errors=_other_errors(kb, rel))


def _stage(kb: KnowledgeBase, slug: str, today: date) -> str:
    contact = kb.contacts.get(slug)
    return stage(kb, contact, today) if contact is not None else "unknown"


def _other_errors(kb: KnowledgeBase, rel: str) -> int:
    return sum(1 for p in kb.errors if p.path != rel)


def _show(value) -> str:
    return value.isoformat() if isinstance(value, date) else yaml_text(value)


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def with_keys(rel: str, raw: bytes, values: dict[str, str]) -> bytes:
    """``raw`` with one ``key: text`` line added before the closing ``---`` (or a blank
    ``key:`` filled in) for each of ``values``, already written as YAML: how ``import
    --update`` fills in what a contact lacks, the way ``mark`` sets a date. Raises
    ``InfoviewError`` for front matter that is not one ``key: value`` per line."""
    lines = NoteLines(rel, raw)
    for key, text in values.items():
        lines.set(lines.root, key, text, lines.fence - 1)
    return lines.bytes()
