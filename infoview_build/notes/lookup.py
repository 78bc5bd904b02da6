"""Find the note a person typed on the command line: by slug, file path or name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from infoview_build.notes.errors import InfoviewError, NotFound
from infoview_build.notes.model import Contact, Interview, KnowledgeBase
from infoview_build.notes.slugs import slugify
from infoview_build.notes.validate import suggest


def plain_ref(ref: str) -> str:
    """``contacts/ada-quill.md`` (as a shell completes it) → ``ada-quill``; else trimmed."""
    ref = ref.strip()
    return Path(ref).stem if ref.endswith(".md") else ref


def fold_name(name: str) -> str:
    """A name compared ignoring case and spacing: ``" dana  ORTIZ"`` → ``"dana ortiz"``."""
    return " ".join(name.split()).casefold()


def refuse_invalid(kb: KnowledgeBase, rel: str) -> None:
    """Stop when the note at ``rel`` has errors: it cannot be read safely."""
    errors = [p for p in kb.errors if p.path == rel]
    if errors:
        shown = "\n".join("  " + p.format() for p in errors)
        raise InfoviewError(f"{rel} has errors; fix them first (nothing was written):\n{shown}")


def find_contact(kb: KnowledgeBase, ref: str) -> Contact:
    """The contact ``ref`` names: its slug, its file, or its name (ignoring case and spacing).

    A name that two contacts share is refused with both slugs; an unknown one gets the
    closest slug or name as a did-you-mean.
    """
    slug = plain_ref(ref)
    refuse_invalid(kb, f"contacts/{slug}.md")
    if slug in kb.contacts:
        return kb.contacts[slug]
    wanted = fold_name(ref)
    same = [c for c in kb.contacts.values() if fold_name(c.name) == wanted]
    if len(same) > 1:
        slugs = ", ".join(c.slug for c in same)
        raise InfoviewError(f"'{ref.strip()}' is the name of {len(same)} contacts ({slugs}); "
                            "give the slug instead")
    if same:
        return same[0]
    made = slugify(ref)
    if made in kb.contacts:
        return kb.contacts[made]
    hint = did_you_mean(ref, kb) or "; 'infoview list contacts' shows them all"
    raise NotFound(f"no contact '{ref.strip()}'{hint}")


def find_interview(kb: KnowledgeBase, ref: str) -> Interview:
    """The interview named by its slug or file; did-you-mean otherwise."""
    slug = plain_ref(ref)
    refuse_invalid(kb, f"interviews/{slug}.md")
    if slug in kb.interviews:
        return kb.interviews[slug]
    guess = suggest(slug, kb.interviews)
    hint = f"; did you mean '{guess}'?" if guess else ""
    raise NotFound(f"no interview '{slug}'{hint}")


def did_you_mean(ref: str, kb: KnowledgeBase) -> str:
    """``; did you mean 'ada-quill'?`` for the closest contact slug or name, else empty."""
    names = {c.name: c.slug for c in kb.contacts.values()}
    guess = suggest(plain_ref(ref), [*kb.contacts, *names])
    if guess is None:
        return ""
    return f"; did you mean '{guess}'?"


def find_note(kb: KnowledgeBase, ref: str) -> Contact | Interview:
    """The interview ``ref`` names by slug or file, else the contact by slug, file or name."""
    slug = plain_ref(ref)
    if slug in kb.interviews or (kb.root / "interviews" / f"{slug}.md").is_file():
        return find_interview(kb, slug)
    try:
        return find_contact(kb, ref)
    except NotFound:
        guess = suggest(slug, [*kb.interviews, *kb.contacts])
        hint = f"; did you mean '{guess}'?" if guess else ""
        raise NotFound(f"no contact or interview '{ref.strip()}'{hint}") from None


def note_path(root: Path, ref: str, today: date) -> str:
    """The path (from ``root``) of the note ``ref`` names, even when that note has errors:
    an interview or contact file by slug, else a contact by name."""
    from infoview_build.notes.knowledge import load_knowledge_base

    slug = plain_ref(ref)
    for folder in ("interviews", "contacts"):
        if (Path(root) / folder / f"{slug}.md").is_file():
            return f"{folder}/{slug}.md"
    return find_note(load_knowledge_base(root, today), ref).path
