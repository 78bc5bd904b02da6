"""Two notes for one person: the keys that identify someone (email, profile link, name),
folded so that case, accents, spacing, emoji and URL dress do not hide a duplicate.

A profile link is a page of one person (``linkedin.com/in/ada``): a bare domain
(``https://northwind.example``) is often a company's homepage, shared by colleagues, so
it identifies no one. ``import`` skips a row by the same keys (``interchange.importing``).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from infoview_build.notes.model import Contact, Problem

LABELS = {"email": "email", "links": "profile link", "name": "name"}
"""How each kind of key is named in a message."""

Key = tuple
"""``(field, folded value, line)``: one thing that identifies a contact."""


# Emoji and pictographs: symbols (So), modifiers such as skin tones (Sk), enclosing marks
# (the keycap), and the joiners and variation selectors that glue them together.
_PICTOGRAPH_CATEGORIES = frozenset(("So", "Sk", "Me", "Cs", "Co"))
_GLUE = frozenset(("\u200d", "\ufe0e", "\ufe0f"))
_SPACE_RE = re.compile(r"\s+")


def strip_pictographs(text: str) -> str:
    """``Rob Vantwerp🔸`` → ``Rob Vantwerp``: emoji and symbols out, spacing tidied.

    LinkedIn members decorate their names (flags, 🔸, ✨); they are no part of how one
    addresses the person, and anyascii would turn them into words in a file name.
    """
    kept = "".join(c for c in text if c not in _GLUE
                   and unicodedata.category(c) not in _PICTOGRAPH_CATEGORIES)
    return _SPACE_RE.sub(" ", kept).strip()


def fold_name(name: str) -> str:
    """``  José  QUILL ✨`` → ``jose quill``: case, accents, emoji and runs of spaces
    ignored."""
    decomposed = unicodedata.normalize("NFKD", strip_pictographs(name))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def fold_link(url: str) -> str | None:
    """``https://www.LinkedIn.com/in/ada/?trk=x`` → ``linkedin.com/in/ada``; None without a
    host. The scheme, ``www.``, a trailing slash, the query and the fragment say nothing
    about whose page it is."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").removeprefix("www.")
    if not host:
        return None
    return (host + parts.path.rstrip("/")).casefold()


def profile_link(url: str) -> str | None:
    """``fold_link`` of a page of one person; None for a bare domain (a homepage)."""
    folded = fold_link(url)
    return folded if folded and "/" in folded else None


def keys_of(contact: Contact) -> list[Key]:
    """Every identifying key of ``contact``, with the line it is written on."""
    lines = contact.lines
    keys: list[Key] = []
    if contact.email:
        keys.append(("email", contact.email.strip().casefold(), lines.get("email", 1)))
    for link in contact.links:
        folded = profile_link(link)
        if folded:
            keys.append(("links", folded, lines.get("links", 1)))
    name = fold_name(contact.name)
    if name:
        keys.append(("name", name, lines.get("name", 1)))
    return keys


def matches(keys: list[Key], others: dict[str, list[Key]]) -> dict[str, list[Key]]:
    """For each other note (by path), the keys of ``keys`` it shares, in ``keys`` order."""
    found: dict[str, list[Key]] = {}
    for path, their in sorted(others.items()):
        values = {(field, value) for field, value, _ in their}
        shared = list(dict.fromkeys(key for key in keys if (key[0], key[1]) in values))
        # Two people may share a name: when each note has an email or a profile link and
        # none of them is shared, the notes say they are two.
        if [key[0] for key in shared] == ["name"] and _reachable(keys) and _reachable(their):
            continue
        if shared:
            found[path] = shared
    return found


def _reachable(keys: list[Key]) -> bool:
    return any(field != "name" for field, _, _ in keys)


def reasons(shared: list[Key]) -> str:
    """``same email and name``."""
    labels = list(dict.fromkeys(LABELS[field] for field, _, _ in shared))
    return "same " + " and ".join(labels)


def look_alikes(notes: dict[str, list[Key]]) -> list[Problem]:
    """A warning on each contact for every other contact that looks like the same person."""
    by_key: dict[tuple[str, str], set[str]] = {}
    for path, keys in notes.items():
        for field, value, _ in keys:
            by_key.setdefault((field, value), set()).add(path)
    problems = []
    for path, keys in sorted(notes.items()):
        near = set().union(*(by_key[(f, v)] for f, v, _ in keys)) - {path} if keys else set()
        for other, shared in matches(keys, {p: notes[p] for p in near}).items():
            field, _, line = shared[0]
            hint = "if they are one person, merge the two notes into one"
            if len(shared) == 1 and field == "name":
                hint += "; if not, give each their own email or profile link"
            problems.append(Problem(
                path, line, field, f"looks like the same person as {other} ({reasons(shared)})",
                "warning", hint))
    return problems
