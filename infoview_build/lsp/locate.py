"""Where a problem stands in the text: the span of its key or of its value.

``check`` reports a line and a field (``questions[2].topic``); an editor underlines a
range. The note's YAML is walked once more, through the same libyaml events that
``notes.load`` reads, only to find where each key and value starts and ends; nothing is
checked here. Text that YAML cannot parse falls back to the problem's whole line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from infoview_build.notes.fields import CONTACT_FIELDS, INTERVIEW_FIELDS, Field
from infoview_build.notes.model import Problem

_Parser = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

Span = tuple
"""``(line, start, end line, end)``: 0-based lines, columns in code points, end exclusive."""

TABLES: dict[str, tuple[Field, ...]] = {"contacts": CONTACT_FIELDS,
                                        "interviews": INTERVIEW_FIELDS}
"""The keys of each folder's notes."""

_INDEX_RE = re.compile(r"\[\d+\]")


@dataclass(slots=True)
class Place:
    """One key and its value, as written."""

    key: Span | None
    """None for a list item."""
    value: Span | None
    """A scalar or a flow collection (``[a, b]``); None for a block collection."""


def lines_of(text: str) -> list[str]:
    """The lines as an editor counts them (``\\n``, ``\\r\\n`` and ``\\r`` end a line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def front_matter(lines: list[str]) -> tuple[int, int] | None:
    """``(first, end)``: the front matter is ``lines[first:end]``; None when there is none.

    While a note is being written its closing ``---`` may be missing: then every line
    after the opening one counts.
    """
    if not lines or lines[0].lstrip("\ufeff").rstrip() != "---":
        return None
    for number in range(1, len(lines)):
        line = lines[number]
        if line[:3] in ("---", "...") and not line[3:].strip():
            return 1, number
    return 1, len(lines)


def places(lines: list[str]) -> dict[str, list[Place]]:
    """Every key and list item of the front matter by field name (``questions[2].topic``)."""
    bounds = front_matter(lines)
    found: dict[str, list[Place]] = {}
    if bounds is None:
        return found
    first, end = bounds
    text = "\n".join(lines[first:end])
    # Each open collection: [path, is_mapping, pending key (name, span) or item index, place]
    stack: list[list] = []
    try:
        for event in yaml.parse(text, Loader=_Parser):
            kind = event.__class__
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                closed = stack.pop()
                if closed[3] is not None and closed[3].value is not None:
                    start = closed[3].value
                    closed[3].value = (start[0], start[1], *_mark(event.end_mark, first))
                continue
            if kind is not ScalarEvent and kind is not MappingStartEvent \
                    and kind is not SequenceStartEvent:
                continue
            span = (*_mark(event.start_mark, first), *_mark(event.end_mark, first))
            place = None
            if stack:
                parent = stack[-1]
                if parent[1] and parent[2] is None:  # a key
                    parent[2] = (event.value if kind is ScalarEvent else "?", span)
                    if kind is not ScalarEvent:  # a complex key ('? [a]'): its items go
                        mapping = kind is MappingStartEvent  # under '?', which no field is
                        stack.append(["?", mapping, None if mapping else 0, None])
                    continue
                if parent[1]:
                    name, key_span = parent[2]
                    path = f"{parent[0]}.{name}" if parent[0] else name
                    parent[2] = None
                else:
                    path = f"{parent[0]}[{parent[2]}]"
                    parent[2] += 1
                    key_span = None
                flow = kind is ScalarEvent or event.flow_style
                place = Place(key_span, span if flow else None)
                found.setdefault(path, []).append(place)
            else:
                path = ""
            if kind is MappingStartEvent:
                stack.append([path, True, None, place])
            elif kind is SequenceStartEvent:
                stack.append([path, False, 0, place])
    except (yaml.YAMLError, UnicodeError):
        pass  # the problems say what is wrong; what was found so far still helps
    return found


def _mark(mark, first: int) -> tuple[int, int]:
    return mark.line + first, mark.column


def field_spec(folder: str, name: str) -> Field | None:
    """The entry of the field table for ``questions[2].topic``; None for an unknown key."""
    table = TABLES.get(folder, ())
    spec = None
    for part in _INDEX_RE.sub("", name).split("."):
        spec = next((f for f in table if f.key == part), None)
        if spec is None:
            return None
        table = spec.fields
    return spec


def problem_span(problem: Problem, lines: list[str], found: dict[str, list[Place]],
                 folder: str) -> Span:
    """The range to underline: the value a problem is about, or its key, or its line."""
    line = problem.line - 1
    for place in found.get(problem.field, ()):
        key, value = place.key, place.value
        on_key = key is not None and key[0] == line
        on_value = value is not None and value[0] == line
        if not (on_key or on_value):
            continue
        unknown = key is not None and field_spec(folder, problem.field) is None
        if on_value and not unknown:
            return value
        return key if key is not None else value
    line = max(0, min(line, len(lines) - 1))
    text = lines[line] if lines else ""
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return (line, start, line, end) if end > start else (line, 0, line, len(text))
