"""The one place that makes front-matter values safe to put into a page.

A value typed into a note is text, never markup: ``<script>`` must show as those
characters, ``A | B`` must not split a table cell, ``*stars*`` must not turn bold and
``[x](javascript:…)`` must not become a link. Every character that means something to
Markdown or HTML is written as a numeric character reference, which Python-Markdown
passes through untouched and the browser shows as the character itself; line breaks
become spaces so a value can't end a table row or start a block.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markupsafe import Markup

_SPECIAL = set("&<>\"'\\`*_[](){}#+-.!|~:=^$%@/")
_TABLE = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}
_SPACE_RE = re.compile(r"\s+")
# Control characters show nothing, HTML forbids them, and Python-Markdown uses two of them
# (STX, ETX) to mark the places of its stashed HTML: a value must not carry them in.
_CONTROLS = {c: None for c in (*range(0x20), *range(0x7F, 0xA0)) if not chr(c).isspace()}
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")


def _one_line(value: object) -> str:
    return _SPACE_RE.sub(" ", str(value).translate(_CONTROLS)).strip()


def text(value: object) -> Markup:
    """``value`` as inline Markdown that shows exactly its characters, on one line."""
    if value is None:
        return Markup("")
    return _text(value if type(value) is str else str(value))


@lru_cache(maxsize=8192)  # names, companies and stages repeat on many pages
def _text(value: str) -> Markup:
    return Markup(_one_line(value).translate(_TABLE))


def cell(value: object) -> Markup:
    """``value`` for a Markdown table cell; an empty value shows as a dash."""
    escaped = text(value)
    return escaped if escaped else Markup("–")


def attr(value: object) -> str:
    """``value`` for a double-quoted HTML attribute (or a YAML string shown as HTML)."""
    return html.escape(_one_line(value), quote=True)


def html_text(value: object) -> Markup:
    """``value`` as the text of an HTML element, on one line: for the HTML blocks of the
    generated listings, which Python-Markdown passes through as they are (so a value needs
    no Markdown escaping there, only ``&``, ``<``, ``>`` and quotes)."""
    if value is None:
        return Markup("")
    return _html(value if type(value) is str else str(value))


@lru_cache(maxsize=8192)
def _html(value: str) -> Markup:
    return Markup(attr(value))


def link(url: object, label: object | None = None) -> Markup:
    """An HTML link to ``url`` when its scheme is safe, else the URL as plain text."""
    address = str(url).strip()
    shown = text(label if label is not None else address)
    if not address.lower().startswith(SAFE_SCHEMES):
        return shown
    return Markup(f'<a href="{attr(address)}" rel="nofollow noopener">{shown}</a>')
