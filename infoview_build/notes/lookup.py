"""Find the note a person typed on the command line: by slug, file path or name."""

from __future__ import annotations

import shlex
from datetime import date
from pathlib import Path

from infoview_build.notes import identity
from infoview_build.notes.errors import InfoviewError, NotFound
from infoview_build.notes.model import Contact, Interview, KnowledgeBase
from infoview_build.notes.slugs import slugify
from infoview_build.notes.terminal import command
from infoview_build.notes.validate import suggest


def plain_ref(ref: str) -> str:
    """``contacts/ada-quill.md`` (as a shell completes it) → ``ada-quill``; else trimmed."""
    ref = ref.strip()
    return Path(ref).stem if ref.endswith(".md") else ref


def fold_name(name: str) -> str:
    """A name compared ignoring case, accents and spacing: ``" José  QUILL"`` → ``"jose
    quill"`` (as ``check`` folds names to find duplicates)."""
    return identity.fold_name(name)


class Ambiguous(InfoviewError):
    """A name or prefix on the command line fits several notes."""

    def __init__(self, ref: str, noun: str, slugs: list[str]) -> None:
        shown = [shlex.quote(slug) for slug in sorted(slugs)[:_LISTED]]
        if len(slugs) > _LISTED:
            shown.append(f"and {len(slugs) - _LISTED} more")
        super().__init__(f"{said(ref)} could be {len(slugs)} {noun}s: {', '.join(shown)}; "
                         "give one of them")


_LISTED = 8
"""Candidates named in an ambiguity message; the rest are counted."""


def said(ref: str) -> str:
    """What the user typed, quoted for a message, with control characters escaped."""
    text = ref.strip()
    return "'" + "".join(c if c.isprintable() else repr(c)[1:-1] for c in text) + "'"


def refuse_invalid(kb: KnowledgeBase, rel: str) -> None:
    """Stop when the note at ``rel`` has errors: it cannot be read safely."""
    errors = [p for p in kb.errors if p.path == rel]
    if errors:
        shown = "\n".join("  " + p.format() for p in errors)
        raise InfoviewError(f"{rel} has errors; fix them first (nothing was written):\n{shown}")


def find_contact(kb: KnowledgeBase, ref: str) -> Contact:
    """The contact ``ref`` names: its slug or file; else its name (ignoring case, accents
    and spacing); else the one contact whose name or slug starts with ``ref``.

    Several contacts that fit are refused with their slugs; an unknown one gets the
    closest slug or name as a did-you-mean.
    """
    slug = plain_ref(ref)
    refuse_invalid(kb, f"contacts/{slug}.md")
    if slug in kb.contacts:
        return kb.contacts[slug]
    wanted = fold_name(ref)
    same = [c for c in kb.contacts.values() if fold_name(c.name) == wanted]
    if len(same) > 1:
        raise Ambiguous(ref, "contact", [c.slug for c in same])
    if same:
        return same[0]
    made = slugify(ref)
    if made in kb.contacts:
        return kb.contacts[made]
    starts = _starting(kb, ref)
    if len(starts) > 1:
        raise Ambiguous(ref, "contact", [c.slug for c in starts])
    if starts:
        return starts[0]
    hint = did_you_mean(ref, kb) or "; 'infoview list contacts' shows them all"
    raise NotFound(f"no contact {said(ref)}{hint}")


def _starting(kb: KnowledgeBase, ref: str) -> list[Contact]:
    """Contacts whose slug or folded name starts with ``ref``."""
    folded, lowered, made = fold_name(ref), plain_ref(ref).lower(), slugify(ref)
    if not folded:
        return []
    return [c for c in kb.contacts.values()
            if c.slug.startswith(lowered) or (made and c.slug.startswith(made))
            or fold_name(c.name).startswith(folded)]


def find_interview(kb: KnowledgeBase, ref: str, today: date | None = None) -> Interview:
    """The interview ``ref`` names: its slug or file; else (given ``today``) the next
    interview of the contact ``ref`` names, or their last one when none is coming; else the
    one interview whose slug starts with ``ref``."""
    slug = plain_ref(ref)
    refuse_invalid(kb, f"interviews/{slug}.md")
    if slug in kb.interviews:
        return kb.interviews[slug]
    if today is not None:
        try:
            return interview_of(kb, find_contact(kb, ref), today)
        except NotFound:
            pass
    lowered = slug.lower()
    starts = [i.slug for i in kb.interviews.values() if lowered and i.slug.startswith(lowered)]
    if len(starts) > 1:
        raise Ambiguous(ref, "interview", starts)
    if starts:
        return kb.interviews[starts[0]]
    guess = suggest(slug, [*kb.interviews, *kb.contacts] if today else kb.interviews)
    hint = f"; did you mean '{guess}'?" if guess else ""
    what = "interview or contact" if today is not None else "interview"
    raise NotFound(f"no {what} {said(ref)}{hint}")


def interview_of(kb: KnowledgeBase, contact: Contact, today: date) -> Interview:
    """A contact's next interview (on or after ``today``), else their last one held;
    cancelled ones are skipped."""
    live = [i for i in kb.interviews_of(contact.slug) if not i.cancelled]
    coming = [i for i in live if i.date >= today]
    if coming:
        return coming[0]
    if live:
        return live[-1]
    raise InfoviewError(f"{contact.slug} has no interview; create one with: "
                        f"{command('new', 'interview', contact.slug)}")


def did_you_mean(ref: str, kb: KnowledgeBase) -> str:
    """``; did you mean 'ada-quill'?`` for the closest contact slug or name, else empty."""
    names = {c.name: c.slug for c in kb.contacts.values()}
    guess = suggest(plain_ref(ref), [*kb.contacts, *names])
    if guess is None:
        return ""
    return f"; did you mean '{guess}'?"


def find_note(kb: KnowledgeBase, ref: str) -> Contact | Interview:
    """The interview ``ref`` names by slug or file, else the contact by slug, file, name or
    prefix, else the interview whose slug starts with ``ref``."""
    slug = plain_ref(ref)
    if slug in kb.interviews or (kb.root / "interviews" / f"{slug}.md").is_file():
        return find_interview(kb, slug)
    try:
        return find_contact(kb, ref)
    except NotFound:
        pass
    try:
        return find_interview(kb, ref)
    except NotFound:
        guess = suggest(slug, [*kb.interviews, *kb.contacts])
        hint = f"; did you mean '{guess}'?" if guess else ""
        raise NotFound(f"no contact or interview {said(ref)}{hint}") from None


def note_path(root: Path, ref: str, today: date) -> str:
    """The path (from ``root``) of the note ``ref`` names, even when that note has errors:
    an interview or contact file by slug, else a contact by name."""
    from infoview_build.notes.knowledge import load_knowledge_base

    slug = plain_ref(ref)
    for folder in ("interviews", "contacts"):
        if (Path(root) / folder / f"{slug}.md").is_file():
            return f"{folder}/{slug}.md"
    return find_note(load_knowledge_base(root, today), ref).path
