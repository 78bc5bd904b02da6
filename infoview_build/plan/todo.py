"""``infoview todo``: the checklists as terminal text, a Markdown task list, or JSON."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

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


def todo(kb: KnowledgeBase, today: date, fmt: str, days: int | None = None) -> str:
    """The checklists of ``kb`` on ``today`` in ``fmt`` (one of ``FORMATS``), newline-ended:
    what is overdue or due today, then what comes up in the next ``days`` (by default
    ``prep_window_days``), then the suggestions."""
    view = View(checklists(kb, today), today,
                kb.config.prep_window_days if days is None else days)
    if fmt == "json":
        return json.dumps([item.as_dict() for item in view.shown], indent=2,
                          ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return markdown(view)
    return text(view)


class View:
    """The items of one day as ``todo`` shows them: due by today, coming up within the
    horizon, suggested; and how many fall due after the horizon."""

    def __init__(self, items: list[Item], today: date, days: int) -> None:
        self.today = today
        self.days = days
        horizon = today + timedelta(days=days)
        dated = [i for i in items if i.checklist not in SUGGESTIONS]
        self.now = [i for i in dated if i.due <= today]
        self.coming = [i for i in dated if today < i.due <= horizon]
        self.later = [i for i in dated if i.due > horizon]
        self.suggested = [i for i in items if i.checklist in SUGGESTIONS]
        self.shown = self.now + self.coming + self.suggested

    @property
    def coming_title(self) -> str:
        return f"Coming up in the next {_days(self.days)}" if self.days != 1 else \
            "Coming up tomorrow"

    def later_note(self) -> str:
        """One line naming what lies past the horizon and the command that shows it."""
        if not self.later:
            return ""
        first = self.later[0].due
        reach = (self.later[-1].due - self.today).days
        more = "1 more item is" if len(self.later) == 1 else f"{len(self.later)} more items are"
        return (f"{more} due later, the first on {first.isoformat()}: "
                f"'infoview todo --days {reach}' shows {'it' if len(self.later) == 1 else 'them'}.")


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _groups(items: list[Item]) -> list[tuple[str, list[Item]]]:
    """Non-empty checklists in ``CHECKLISTS`` order, keeping the items' order."""
    groups = [(name, [i for i in items if i.checklist == name]) for name in CHECKLISTS]
    return [(name, group) for name, group in groups if group]


def counts(view: View) -> dict[str, int]:
    """How many items are overdue, due today, coming up and merely suggested: they add up
    to the items shown."""
    overdue = sum(1 for item in view.now if item.overdue)
    return {"overdue": overdue, "today": len(view.now) - overdue,
            "coming": len(view.coming), "suggested": len(view.suggested)}


def _headline(view: View) -> str:
    day = view.today.isoformat()
    if not view.shown:
        return f"Nothing due on {day}."
    found = counts(view)
    noun = "item" if len(view.shown) == 1 else "items"
    parts = [f"{found['overdue']} overdue", f"{found['today']} due today",
             f"{found['coming']} coming up"]
    if found["suggested"]:
        noun_s = "suggestion" if found["suggested"] == 1 else "suggestions"
        parts.append(f"{found['suggested']} {noun_s}")
    return f"To do on {day}: {len(view.shown)} {noun} ({', '.join(parts)})"


def due_text(item: Item, today: date) -> str:
    """``due in 3 days (2026-12-04)``, ``5 days overdue (due 2026-11-26)``; a suggestion
    says only ``suggested``."""
    phrase = due_phrase(item, today)
    if item.checklist in SUGGESTIONS:
        return phrase
    return f"{phrase} ({'due ' if item.overdue else ''}{item.due.isoformat()})"


def _sections(view: View) -> list[tuple[str, list[Item]]]:
    """Titled lists in the order shown: due by today by checklist, coming up by day, then
    the suggestions by checklist."""
    sections = [(TITLES[name], group) for name, group in _groups(view.now)]
    if view.coming:
        sections.append((view.coming_title, view.coming))
    return sections + [(TITLES[name], group) for name, group in _groups(view.suggested)]


def text(view: View) -> str:
    """Grouped by checklist, oldest due first, with the file and advice under each item;
    what comes up next follows in one list by day."""
    today = view.today
    lines = [_headline(view)]
    for title, group in _sections(view):
        lines += ["", f"{title} ({len(group)})"]
        for item in group:
            lines.append(f"  * {item.text}")
            lines.append(f"    {due_text(item, today)}  {item.path}")
            lines += [f"    [{'x' if s.done else ' '}] {s.text}" for s in item.subitems]
            if item.advice:
                lines += _wrapped(item.advice)
            lines += [f"    $ {command}" for command in item.commands]
    if view.later:
        lines += ["", view.later_note()]
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


def _code(text: str) -> str:
    """Inline code that holds ``text`` whatever backticks it has."""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown(view: View) -> str:
    """A task list (``- [ ] …``) under one heading per checklist, then one for what comes
    up, ready to paste into a note."""
    today = view.today
    lines = [f"# To do on {today.isoformat()}"]
    if not view.shown:
        lines += ["", "Nothing due."]
    for title, group in _sections(view):
        lines += ["", f"## {title}", ""]
        for item in group:
            due = f"**{due_text(item, today)}**" if item.overdue else due_text(item, today)
            lines.append(f"- [ ] {escape_markdown(item.text)} — {due}, `{item.path}`")
            if item.commands:
                lines.append("    " + " · ".join(_code(c) for c in item.commands))
            lines += [f"    - [{'x' if s.done else ' '}] {escape_markdown(s.text)}"
                      for s in item.subitems]
    if view.later:
        lines += ["", escape_markdown(view.later_note())]
    return "\n".join(lines) + "\n"
