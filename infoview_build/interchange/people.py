"""Who is who when importing: the keys that say a row names someone already known.

A row names a known person when it shares an email address, a personal profile link
(a page of their own, such as ``linkedin.com/in/ada-quill``), or a name once case,
accents, spacing, punctuation and emoji are folded away. A company's homepage is not a
person: two colleagues may both list ``https://northwind.example``.
"""

from __future__ import annotations

import re
import unicodedata

from infoview_build.notes.slugs import slugify

# Emoji and pictographs: symbols (So), modifiers such as skin tones (Sk), enclosing marks
# (the keycap), and the joiners and variation selectors that glue them together.
_PICTOGRAPH_CATEGORIES = frozenset(("So", "Sk", "Me", "Cs", "Co"))
_GLUE = frozenset(("\u200d", "\ufe0e", "\ufe0f"))
_SPACE_RE = re.compile(r"\s+")


def strip_pictographs(text: str) -> str:
    """``Rob Vantwerp🔸`` → ``Rob Vantwerp``: emoji and symbols out, spacing tidied.

    LinkedIn members decorate their names (flags, 🔸, ✨); anyascii would turn those into
    words in a file name, and they are no part of how one addresses the person.
    """
    kept = "".join(c for c in text if c not in _GLUE
                   and unicodedata.category(c) not in _PICTOGRAPH_CATEGORIES)
    return _SPACE_RE.sub(" ", kept).strip()


def name_key(name: str) -> str:
    """A name folded for comparison: ``  Zoë  ÅNGSTRÖM ✨`` → ``zoe-angstrom``."""
    return slugify(strip_pictographs(name))


def email_key(email: str) -> str:
    """An email address folded for comparison (case does not matter in practice)."""
    return email.strip().lower()


def link_key(url: str) -> str:
    """A web address reduced to what identifies a page: no scheme, www, query or slash."""
    url = url.strip().lower()
    url = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url)
    url = re.sub(r"^www\.", "", url)
    url = re.split(r"[?#]", url, maxsplit=1)[0]
    return url.rstrip("/")


def profile_key(url: str) -> str:
    """``link_key`` of a page that stands for one person, or ``""`` for a site's homepage.

    A link with a path (``linkedin.com/in/ada``, ``github.com/ada``,
    ``example.com/team/ada``) names a person; a bare domain is often shared by everyone
    at a company, so it proves nothing.
    """
    key = link_key(url)
    host, _, path = key.partition("/")
    return key if host and path.strip("/") else ""
