"""Text from another tool's file, as a contact note shows it: one clean line, a web
link, Markdown that shows exactly its words, and the body of listed facts that every
reader writes the same way.
"""

from __future__ import annotations

import re

from infoview_build.notes import validate

_SPACE_RE = re.compile(r"\s+")
PERSONAL_HEADING = "## Private: personal details"
"""Heads the imported lines a public site must not show (birthday, addresses, family)."""


def clean(text: str | None) -> str:
    """One line of text: runs of whitespace become one space, ends trimmed."""
    return _SPACE_RE.sub(" ", text or "").strip()


# A host name with a dot and a known-looking ending: ``www.example.com/ada``, ``lior.dev``.
_BARE_HOST_RE = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}(?::\d+)?"
                           r"(?:[/?#]\S*)?\Z", re.IGNORECASE)


def web_link(text: str) -> str:
    """A link as a contact's ``links`` takes it, or ``""`` when it is no web address.

    ``www.example.com`` and ``linkedin.com/in/ada`` (written without a scheme by people
    and some exporters) get ``https://``; other schemes (``javascript:``, ``ftp:``) are
    not web links.
    """
    url = text.strip()
    if _BARE_HOST_RE.match(url):
        url = "https://" + url
    return url if validate.is_web_link(url) else ""


_MD_ANYWHERE = str.maketrans({c: "\\" + c for c in "\\`*_[]{}|"} | {"<": "&lt;"})
_ENTITY_RE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What makes a line a heading, quote, list item, admonition or thematic break.
_MD_LINE_START_RE = re.compile(r"([#>+!~-]|=+\s*\Z|\d+(?=[.)](?:\s|\Z)))")


def markdown_text(text: str) -> str:
    """Text from another tool's file as Markdown that shows exactly its words.

    HTML (``<script>``, ``<img onerror=…>``) and character references are escaped, and
    so is every character that would make a link, an image, emphasis, a table, an
    attribute list or a block (heading, quote, list, code) out of the words. Paragraphs
    and line breaks are kept.
    """
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.translate(_CONTROLS).strip()
        line = _ENTITY_RE.sub("&amp;", line).translate(_MD_ANYWHERE)
        line = _MD_LINE_START_RE.sub(lambda m: _line_start(m[1]), line, count=1) \
            if _MD_LINE_START_RE.match(line) else line
        lines.append(line)
    paragraphs = "\n".join(lines).strip("\n")
    # A single line break inside a paragraph would join the lines; keep it as a break.
    return re.sub(r"(?<=\S)\n(?=\S)", "  \n", re.sub(r"\n{3,}", "\n\n", paragraphs))


def markdown_inline(text: str) -> str:
    """One line of another tool's text, for the middle of a Markdown line (a list item)."""
    line = clean(text.translate(_CONTROLS))
    return _ENTITY_RE.sub("&amp;", line).translate(_MD_ANYWHERE)


_CONTROLS = {c: None for c in (*range(0x20), *range(0x7F, 0xA0)) if c != 0x09}


def _line_start(mark: str) -> str:
    if mark[0] in "=~":  # no backslash escape for these in Python-Markdown
        return f"&#{ord(mark[0])};" + mark[1:]
    if mark[0].isdigit():
        return mark + "\\"
    return "\\" + mark


def listed(facts: list[tuple[str, tuple[str, str]]]) -> str:
    """``- Phone: +1 555 0100 (work)`` lines, one per (label, (text, kinds))."""
    return "\n".join(f"- {label}: {markdown_inline(text)}"
                     + (f" ({markdown_inline(kinds)})" if kinds else "")
                     for label, (text, kinds) in facts)


def listed_body(notes: list[str], facts: list, personal: list) -> str:
    """A note's body: the notes (already Markdown), the facts listed, then the personal
    facts under ``PERSONAL_HEADING`` (a public build leaves them out)."""
    return "\n\n".join(x for x in (*notes, listed(facts), personal and (
        f"{PERSONAL_HEADING}\n\n{listed(personal)}")) if x)
