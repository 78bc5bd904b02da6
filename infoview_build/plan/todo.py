"""``infoview todo``: the checklists as terminal text, a Markdown task list, or JSON."""

from __future__ import annotations

import json
import re
from datetime import date

from infoview_build.notes.model import KnowledgeBase
from infoview_build.plan.checklists import (
    CHECKLISTS,
    SUGGESTIONS,
    TITLES,
    Item,
    checklists,
    due_phrase,
)

FORMATS = ("text", "markdown", "json")
WIDTH = 100
"""Advice is wrapped to this many columns in the terminal."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def todo(kb: KnowledgeBase, today: date, fmt: str) -> str:
    """The checklists of ``kb`` on ``today`` in ``fmt`` (one of ``FORMATS``), newline-ended."""
    items = checklists(kb, today)
    if fmt == "json":
        return json.dumps([item.as_dict() for item in items], indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return markdown(items, today)
    return text(items, today)


def _groups(items: list[Item]) -> list[tuple[str, list[Item]]]:
    """Non-empty checklists in ``CHECKLISTS`` order, keeping the items' order."""
    groups = [(name, [i for i in items if i.checklist == name]) for name in CHECKLISTS]
    return [(name, group) for name, group in groups if group]


def counts(items: list[Item], today: date) -> dict[str, int]:
    """How many items are overdue, due today, due later and merely suggested: they add up."""
    found = {"overdue": 0, "today": 0, "later": 0, "suggested": 0}
    for item in items:
        if item.checklist in SUGGESTIONS:
            found["suggested"] += 1
        elif item.overdue:
            found["overdue"] += 1
        else:
            found["today" if item.due == today else "later"] += 1
    return found


def _headline(items: list[Item], today: date) -> str:
    if not items:
        return f"Nothing due on {today.isoformat()}."
    found = counts(items, today)
    noun = "item" if len(items) == 1 else "items"
    parts = [f"{found['overdue']} overdue", f"{found['today']} due today",
             f"{found['later']} due later"]
    if found["suggested"]:
        noun_s = "suggestion" if found["suggested"] == 1 else "suggestions"
        parts.append(f"{found['suggested']} {noun_s}")
    return f"To do on {today.isoformat()}: {len(items)} {noun} ({', '.join(parts)})"


def due_text(item: Item, today: date) -> str:
    """``due in 3 days (2026-12-04)``, ``5 days overdue (due 2026-11-26)``; a suggestion
    says only ``suggested``."""
    phrase = due_phrase(item, today)
    if item.checklist in SUGGESTIONS:
        return phrase
    return f"{phrase} ({'due ' if item.overdue else ''}{item.due.isoformat()})"


def text(items: list[Item], today: date) -> str:
    """Grouped by checklist, oldest due first, with the file and advice under each item."""
    lines = [_headline(items, today)]
    for name, group in _groups(items):
        lines += ["", f"{TITLES[name]} ({len(group)})"]
        for item in group:
            lines.append(f"  * {item.text}")
            lines.append(f"    {due_text(item, today)}  {item.path}")
            lines += [f"    [{'x' if s.done else ' '}] {s.text}" for s in item.subitems]
            if item.advice:
                lines += _wrapped(item.advice)
    return "\n".join(lines) + "\n"


_UNBREAKABLE = re.compile(r"'infoview [^']*'\S*|\S+")
"""A quoted command (with the punctuation after it) is one word: copied whole, it runs."""


def _wrapped(advice: str, indent: str = "    ") -> list[str]:
    """Advice wrapped at spaces to ``WIDTH`` columns; a word longer than a line stays whole,
    and so does a quoted command."""
    lines: list[str] = []
    line = ""
    for word in _UNBREAKABLE.findall(advice):
        if line and len(indent) + len(line) + 1 + len(word) > WIDTH:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return lines


def escape_markdown(value: str) -> str:
    """Plain text that Markdown shows as it is."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def markdown(items: list[Item], today: date) -> str:
    """A task list (``- [ ] …``) under one heading per checklist, ready to paste into a note."""
    if not items:
        return f"# To do on {today.isoformat()}\n\nNothing due.\n"
    lines = [f"# To do on {today.isoformat()}"]
    for name, group in _groups(items):
        lines += ["", f"## {TITLES[name]}", ""]
        for item in group:
            due = f"**{due_text(item, today)}**" if item.overdue else due_text(item, today)
            lines.append(f"- [ ] {escape_markdown(item.text)} — {due}, `{item.path}`")
            lines += [f"    - [{'x' if s.done else ' '}] {escape_markdown(s.text)}"
                      for s in item.subitems]
    return "\n".join(lines) + "\n"
