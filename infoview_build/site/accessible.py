"""Fixes to the HTML that Python-Markdown writes, so that every page passes WCAG 2.1 AA.

pymdownx.tasklist draws a task's checkbox as an ``<input>`` with no name: a screen reader
announces "checkbox, checked" and nothing else (axe-core: ``label``, critical). Each one
gets the text of its task as its name.
"""

from __future__ import annotations

import html
import re

_TASK_RE = re.compile(
    r'<input type="checkbox" disabled( checked)?/>'
    r'(<span class="task-list-indicator"></span></label>)(.*?)(?=</li>|<ul|<ol|</p>|<div|$)',
    re.DOTALL,
)
_TAG_RE = re.compile(r"<[^>]*>")
LABEL_CHARS = 120
"""Longer task texts are cut in the checkbox's name (the text itself is shown whole)."""


def label_task_checkboxes(page_html: str) -> str:
    """``page_html`` with every task-list checkbox named after the text of its task."""
    if 'class="task-list-indicator"' not in page_html:
        return page_html
    return _TASK_RE.sub(_labelled, page_html)


def _labelled(match: re.Match) -> str:
    checked, rest, text = match.groups()
    name = " ".join(html.unescape(_TAG_RE.sub("", text)).split())
    if len(name) > LABEL_CHARS:
        name = name[: LABEL_CHARS - 1] + "…"
    name = name or ("done" if checked else "not done")
    return (f'<input type="checkbox" disabled{checked or ""} '
            f'aria-label="{html.escape(name, quote=True)}"/>{rest}{text}')
