"""Slugs: the file names that notes use to refer to each other."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii


def slugify(text: str, limit: int = 80) -> str:
    """``José Núñez-Ortiz`` → ``jose-nunez-ortiz``; any script is transliterated.

    Returns an empty string when nothing usable is left (the caller reports it).
    """
    text = unicodedata.normalize("NFKC", text)
    ascii_text = anyascii(text).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rstrip("-")
    return slug

