"""``infoview new``: a contact or an interview note from a template, never over another."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from infoview_build.edit import files
from infoview_build.edit.mark import note_slugs
from infoview_build.notes import identity, lookup, questions, templating
from infoview_build.notes.errors import InfoviewError, NotFound
from infoview_build.notes.knowledge import load_knowledge_base, require_folders
from infoview_build.notes.lookup import plain_ref
from infoview_build.notes.model import Contact
from infoview_build.notes.slugs import slugify
from infoview_build.notes.terminal import command
from infoview_build.notes.validate import suggest


@dataclass(slots=True)
class Written:
    """A new note and what the user should know about it."""

    path: Path
    warnings: list[str] = field(default_factory=list)


def find_contact(root: Path, ref: str) -> str:
    """The slug of the contact ``ref`` names: by slug (a file is enough), else by name or
    the prefix of one name or slug (as ``lookup.find_contact``); did-you-mean otherwise."""
    known = note_slugs(root, "contacts")
    for candidate in (plain_ref(ref), slugify(ref)):
        if candidate in known:
            return candidate
    try:
        return lookup.find_contact(load_knowledge_base(root, date.today()), ref).slug
    except NotFound:
        pass
    guess = suggest(slugify(ref) or ref, known)
    hint = f"did you mean '{guess}'?" if guess else \
        f"add them first: {command('new', 'contact', name_form(ref))}"
    raise NotFound(f"no contact '{ref}' in {root / 'contacts'}; {hint}")


def name_form(ref: str) -> str:
    """A person's name for a reference: ``priya-natarajan`` → ``Priya Natarajan``, so that
    the suggested ``new contact`` names a person, not a file; a name stays as it is."""
    ref = plain_ref(ref)
    if ref != slugify(ref):
        return ref
    return " ".join(part.capitalize() for part in ref.split("-"))


def new_contact(root: Path, name: str, *, slug: str | None = None, role: str | None = None,
                company: str | None = None, email: str | None = None,
                found_via: str | None = None, why: str | None = None,
                introduced_by: str | None = None, tags: tuple[str, ...] = (),
                force: bool = False) -> Written:
    """Write ``contacts/<slug>.md`` for ``name``; refuse a slug that is taken, and (unless
    ``force``) someone who looks like a contact already there."""
    require_folders(root)
    name = _clean(name) or ""
    if not name:
        raise InfoviewError("the name is empty; give the person's name, e.g. \"Ada Quill\"")
    slug = slug or slugify(name)
    if not slug:
        raise InfoviewError(f"'{name}' makes an empty file name; choose one with --slug, "
                            "e.g. --slug ada-quill")
    alike = {} if force else _look_alikes(root, Contact(slug, f"contacts/{slug}.md", name,
                                                         email=_clean(email)))
    taken = {s.lower(): s for s in note_slugs(root, "contacts")}
    if slug in taken or slug.lower() in taken:
        also = " --force" if alike else ""
        raise InfoviewError(f"contacts/{taken[slug.lower()]}.md exists already; nothing was "
                            f"written — if this is someone else, add --slug {slug}-2{also}")
    introducer = find_contact(root, introduced_by) if introduced_by else None
    for path, shared in alike.items():
        raise InfoviewError(f"{path} looks like the same person ({identity.reasons(shared)}); "
                            f"nothing was written — add --force if {name} is someone else")
    env = templating.environment("notes")
    text = templating.render(
        env, "contact.md", name=name, role=_clean(role), company=_clean(company),
        email=_clean(email), found_via=_clean(found_via), why=_clean(why),
        introduced_by=introducer, tags=sorted({_clean(t) for t in tags if _clean(t)}),
    )
    with files.change(root) as change:
        change.create(f"contacts/{slug}.md", text)
    return Written(root / "contacts" / f"{slug}.md")


def _look_alikes(root: Path, new: Contact) -> dict[str, list]:
    """The contacts already in ``contacts/`` that ``new`` looks like, by path."""
    kb = load_knowledge_base(root, date.today())
    others = {c.path: identity.keys_of(c) for c in kb.contacts.values()}
    return identity.matches(identity.keys_of(new), others)


def new_interview(root: Path, contact: str, today: date, *, day: date | None = None,
                  stamp: str | None = None, duration: int | None = None,
                  format: str | None = None, place: str | None = None) -> Written:
    """Write ``interviews/<date>-<contact>.md`` (``-2``, ``-3`` … when the day has one)."""
    require_folders(root)
    slug = find_contact(root, contact)
    day = day or today
    stamp = stamp or day.isoformat()
    duration = duration or questions.DEFAULT_DURATION
    picked = questions.pick(questions.load_bank(root), duration)
    written = Written(root)
    short = questions.needed(duration) + questions.EXTRA - len(picked)
    if short > 0:
        written.warnings.append(
            f"the question bank had only {len(picked)} questions for {duration} minutes; "
            f"add {short} more to the file, or to questions.yml in the knowledge base")
    env = templating.environment("notes")
    text = templating.render(env, "interview.md", contact=slug, date=stamp, duration=duration,
                             format=format, place=_clean(place), questions=picked)
    with files.change(root) as change:  # the free name is chosen under the lock
        written.path = _free_name(root, f"{day.isoformat()}-{slug}")
        change.create(written.path.relative_to(root), text)
    return written


def _free_name(root: Path, stem: str) -> Path:
    folder = root / "interviews"
    path, number = folder / f"{stem}.md", 2
    while path.exists() or path.is_symlink():
        path, number = folder / f"{stem}-{number}.md", number + 1
    return path


def _clean(value: str | None) -> str | None:
    """One line of text, or None: a front-matter value written by a template stays one line."""
    value = " ".join(value.split()) if value else None
    return value or None
