"""Slugs: the file names that notes use to refer to each other."""

from __future__ import annotations

import re
import unicodedata

from infoview_build.notes.terminal import command


def slugify(text: str, limit: int = 80) -> str:
    """``José Núñez-Ortiz`` → ``jose-nunez-ortiz``; any script is transliterated.

    Returns an empty string when nothing usable is left (the caller reports it).
    """
    from anyascii import anyascii  # late: ``check`` needs it only to suggest a file name

    text = unicodedata.normalize("NFKC", text)
    ascii_text = anyascii(text).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rstrip("-")
    return slug



_WINDOWS_RESERVED = re.compile(r"(?:con|prn|aux|nul|(?:com|lpt)[0-9\u00b9\u00b2\u00b3])",
                               re.IGNORECASE)
"""Device names that Windows keeps for itself in every folder, whatever the extension."""


def windows_reserved(file_name: str) -> bool:
    """Whether Windows refuses ``file_name`` as a file (``con.md``, ``AUX``, ``lpt1.txt.md``):
    a clone there would fail or lose the note."""
    base = file_name.split(".", 1)[0].rstrip(" ")
    return bool(_WINDOWS_RESERVED.fullmatch(base))


def reserved_name_problem(slug: str, is_contact: bool) -> tuple[str, str]:
    """The warning and hint for a note whose name Windows reserves."""
    hint = f"give it another: {command('rename', slug, slug + '-2')}" \
        if is_contact and slugify(slug) == slug else "rename the file"
    return (f"'{slug}.md' is a name Windows keeps for a device: the note cannot be checked "
            "out there", hint)
