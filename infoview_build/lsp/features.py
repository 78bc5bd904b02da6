"""Completion, hover and go-to-definition in a note's front matter.

Each function takes an ``Ask``: the note's lines and a cursor in code points, with a
``to_client`` function that turns ``(line, column)`` into the client's position units;
it answers with ``lsprotocol`` types, or None where there is nothing to say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lsprotocol import types

from infoview_build.lsp.cursor import Spot, spot_at
from infoview_build.notes.live import LiveKnowledgeBase
from infoview_build.notes.model import Contact
from infoview_build.notes.schema import reference_entry
from infoview_build.notes.validate import time_zones
from infoview_build.plan.checklists import Item, checklists
from infoview_build.plan.stages import stage
from infoview_build.plan.todo import due_text

ToClient = Callable[[int, int], types.Position]

SLUG_KEYS = frozenset(("contact", "introduced_by"))
"""Keys whose value names a contact."""


@dataclass(slots=True)
class Ask:
    """A request at a cursor in an open note."""

    live: LiveKnowledgeBase
    lines: list[str]
    line: int
    col: int
    """In code points."""
    folder: str
    """``contacts`` or ``interviews``: the kind of note."""
    today: date
    to_client: ToClient

    def spot(self) -> Spot | None:
        return spot_at(self.lines, self.line, self.col, self.folder)


def completion(ask: Ask) -> types.CompletionList | None:
    """Keys of the note's kind, enum values, contact slugs, today's date, true and false."""
    spot = ask.spot()
    if spot is None:
        return None
    live, line, col, to_client = ask.live, ask.line, ask.col, ask.to_client
    # A key that already has its ':' is replaced whole; elsewhere what was typed is.
    end = spot.end if spot.colon else col
    edit_range = types.Range(to_client(line, spot.start), to_client(line, end))
    if spot.role == "key":
        tail = "" if spot.colon else ": "
        choices = [(spec.key, spec.key + tail, spec.doc, reference_entry(spec), spec.key,
                    types.CompletionItemKind.Property)
                   for spec in spot.keys if spec.key not in spot.present]
    elif _names_contact(spot):
        choices = [(slug, slug, _who(contact), None, f"{slug} {contact.name if contact else ''}",
                    types.CompletionItemKind.Reference)
                   for slug, contact in _contacts(live)]
    else:
        choices = [(value, value, detail, None, value, types.CompletionItemKind.Value)
                   for value, detail in _values(spot, ask.today)]
    typed = spot.typed.lower()
    items = [
        types.CompletionItem(
            label=label, kind=kind, detail=detail or None, filter_text=filter_text,
            sort_text=f"{index:05d}",
            documentation=types.MarkupContent(types.MarkupKind.Markdown, doc) if doc else None,
            text_edit=types.TextEdit(edit_range, insert))
        for index, (label, insert, detail, doc, filter_text, kind) in enumerate(choices)
        if _fits(typed, filter_text.lower())
    ]
    return types.CompletionList(is_incomplete=False, items=items)


def _values(spot: Spot, today: date) -> list[tuple[str, str]]:
    spec = spot.spec
    if spot.role != "value" or spec is None:
        return []
    if spec.kind == "enum":
        return [(choice, spec.doc) for choice in spec.choices]
    if spec.kind in ("date", "datetime"):
        return [(today.isoformat(), "today")]
    if spec.kind == "bool":
        return [("true", ""), ("false", "")]
    if spec.kind == "timezone":
        return [(zone, "") for zone in sorted(time_zones())]
    return []


def _fits(typed: str, text: str) -> bool:
    """Whether ``text`` or one of its words starts with what was typed (``quill`` finds
    ``ada-quill``); the editor then ranks what is left its own way."""
    return text.startswith(typed) or any(word.startswith(typed)
                                         for word in re.split(r"[-_ ]", text))


def _names_contact(spot: Spot) -> bool:
    spec = spot.spec
    if spec is None:
        return False
    return (spot.role == "value" and spec.key in SLUG_KEYS) or \
        (spot.role == "item" and spec.kind == "referrals")


def _contacts(live: LiveKnowledgeBase) -> list[tuple[str, Contact | None]]:
    known = live.knowledge_base().contacts
    return [(slug, known.get(slug)) for slug in live.contact_slugs()]


def _who(contact: Contact | None) -> str:
    if contact is None:
        return ""
    return ", ".join(part for part in (contact.name, contact.company) if part)


# -- hover and definition -----------------------------------------------------------------

def hover(ask: Ask) -> types.Hover | None:
    """On a key: its entry in the field reference. On a contact's slug: who they are."""
    spot = ask.spot()
    if spot is None or ask.col > spot.end:
        return None
    span = types.Range(ask.to_client(ask.line, spot.start), ask.to_client(ask.line, spot.end))
    if spot.role == "key":
        if spot.spec is None:
            return None
        text = reference_entry(spot.spec)
    else:
        contact = _named(ask.live, spot)
        if contact is None:
            return None
        text = _person(ask.live, contact, ask.today)
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text), span)


def definition(ask: Ask) -> types.Location | None:
    """From a contact's slug (or a referral's name) to the contact's file."""
    spot = ask.spot()
    if spot is None or spot.role == "key" or ask.col > spot.end:
        return None
    contact = _named(ask.live, spot)
    slug = contact.slug if contact else spot.text
    if not (_names_contact(spot) and ask.live.has(f"contacts/{slug}.md")):
        return None
    start = types.Position(0, 0)
    uri = (Path(ask.live.root).resolve() / "contacts" / f"{slug}.md").as_uri()
    return types.Location(uri, types.Range(start, start))


def _named(live: LiveKnowledgeBase, spot: Spot) -> Contact | None:
    """The contact a slug names; for a referral, also a contact's name (ignoring case)."""
    if not _names_contact(spot):
        return None
    contacts = live.knowledge_base().contacts
    found = contacts.get(spot.text)
    if found is None and spot.role == "item":
        wanted = " ".join(spot.text.split()).casefold()
        found = next((c for c in contacts.values()
                      if " ".join(c.name.split()).casefold() == wanted), None)
    return found


def _person(live: LiveKnowledgeBase, contact: Contact, today: date) -> str:
    """Name, role and company, stage and the next thing to do about them."""
    kb = live.knowledge_base()
    job = " at ".join(part for part in (contact.role, contact.company) if part)
    lines = [f"**{_plain(contact.name)}**" + (f" · {_plain(job)}" if job else ""),
             f"Stage: **{stage(kb, contact, today)}**"]
    item = _next_item(live, contact.slug, today)
    if item is not None:
        lines.append(f"Next: {_plain(item.text)} — {due_text(item, today)}")
    lines.append(f"`{contact.path}`")
    return "\n\n".join(lines)


def _next_item(live: LiveKnowledgeBase, slug: str, today: date) -> Item | None:
    """The first item of the checklists about this contact (they are in order of urgency)."""
    kb = live.knowledge_base()
    key = ("checklists", today)
    if key not in kb.derived:
        kb.derived[key] = checklists(kb, today)
    mine = [item for item in kb.derived[key] if item.contact == slug]
    return min(mine, key=lambda item: (item.overdue is False, item.due)) if mine else None


_MARKUP_RE = re.compile(r"[\\`*_\[\]<>]|~~|^[#+\-=>|]|!(?=\[)", re.MULTILINE)


def _plain(text: str) -> str:
    """Text from a note shown as text: only what Markdown would read as markup is escaped
    (editors show an escape before ``(`` or ``!`` literally, as Neovim and Emacs do)."""
    escaped = _MARKUP_RE.sub(lambda match: "".join("\\" + c for c in match.group()), text)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", escaped, flags=re.MULTILINE)  # "1." starts a list
