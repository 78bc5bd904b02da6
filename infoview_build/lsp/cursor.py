"""What the cursor is on: a key, a key's value or a list item, and which field it belongs to.

While a note is being typed its YAML is often broken (``contact: ad`` is fine, ``- q: Wh``
under a half-written list may not be), so this reads the lines around the cursor, as a
person would, instead of parsing the front matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from infoview_build.lsp.locate import TABLES, front_matter
from infoview_build.notes.fields import Field

_LINE_RE = re.compile(r"([ \t]*)((?:-[ \t]+|-$)*)(.*)")
_KEY_RE = re.compile(r"""("[^"]*"|'[^']*'|[^\s#:'"\[\]{},][^:]*?)[ \t]*:(?=[ \t]|$)""")
_COMMENT_RE = re.compile(r"[ \t]+#.*")


@dataclass(slots=True)
class Spot:
    """The token at the cursor and the field it belongs to."""

    role: str
    """``key`` (a key, or a word that will become one), ``value`` or ``item`` (of a list)."""
    spec: Field | None
    """The key's entry in the field table (for ``item``: the list's); None when unknown."""
    start: int
    """Column where the token starts (code points)."""
    end: int
    """Column where the token ends."""
    text: str
    """The whole token, without quotes."""
    typed: str
    """The token up to the cursor: what completion should match."""
    keys: tuple[Field, ...] = ()
    """For ``key``: the keys that may stand here."""
    present: set[str] = field(default_factory=set)
    """For ``key``: the keys already written in the same mapping."""
    colon: bool = False
    """For ``key``: the key is already followed by its ``:``."""


def spot_at(lines: list[str], line: int, col: int, folder: str) -> Spot | None:
    """The spot at ``line``/``col`` in a note of ``folder``; None outside the front matter."""
    bounds = front_matter(lines)
    if bounds is None or not bounds[0] <= line < bounds[1] or folder not in TABLES:
        return None
    text = lines[line]
    col = min(col, len(text))
    indent, dash, rest = _LINE_RE.match(text).groups()
    if rest.lstrip().startswith("#") or (col < len(indent) + len(dash) and not dash):
        return None
    rest_at = len(indent) + len(dash)
    nested = bool(indent or dash)
    parent = _parent(lines, line, bounds[0]) if nested else None
    table = TABLES[folder]
    parent_spec = _find(table, parent) if parent else None
    here = parent_spec.fields if parent_spec is not None else (() if nested else table)
    key = _KEY_RE.match(rest)
    if key is None:
        # A referral is mostly a bare name (a slug to complete); fields only once skipped.
        if dash and parent_spec is not None and (not parent_spec.fields
                                                 or parent_spec.kind == "referrals"):
            return _item(parent_spec, text, rest_at, len(_strip_comment(text)), col)
        if not here:
            return None
        word_end = rest_at + len(re.match(r"[^\s:#]*", rest).group())
        return Spot("key", None, rest_at, word_end, text[rest_at:word_end],
                    text[rest_at:col], here, _present(lines, line, bounds, indent, dash))
    name = key.group(1).strip("'\"")
    key_end = rest_at + len(key.group(1))
    spec = _find(here, name)
    if col <= key_end:
        return Spot("key", spec, rest_at, key_end, name, text[rest_at:col], here,
                    _present(lines, line, bounds, indent, dash) - {name}, colon=True)
    value_at = rest_at + key.end()
    value_at += len(text[value_at:]) - len(text[value_at:].lstrip())
    value_end = len(_strip_comment(text))
    if spec is not None and text[value_at:value_at + 1] == "[":
        return _flow_item(spec, text, value_at, value_end, col)
    if spec is None:
        return None
    start = min(value_at, col)
    token = text[start:max(value_end, start)]
    return Spot("value", spec, start, max(value_end, start), token.strip().strip("'\""),
                text[start:col].lstrip("'\""))


def _item(spec: Field, text: str, start: int, end: int, col: int) -> Spot:
    start = min(start, col)
    end = max(end, start)
    return Spot("item", spec, start, end, text[start:end].strip("'\""),
                text[start:col].lstrip("'\""))


def _flow_item(spec: Field, text: str, value_at: int, value_end: int, col: int) -> Spot:
    """The item of ``[a, b, c]`` under the cursor."""
    close = text.find("]", value_at)
    inner_end = close if close >= 0 else value_end
    start = value_at + 1
    for part in text[value_at + 1:inner_end].split(","):
        end = start + len(part)
        if col <= end:
            lead = len(part) - len(part.lstrip())
            trail = len(part.rstrip())
            token_start = min(start + lead, col)
            return _item(spec, text, token_start, max(start + trail, token_start), col)
        start = end + 1
    return _item(spec, text, min(col, inner_end), inner_end, col)


def _strip_comment(text: str) -> str:
    """The line without a trailing ``# comment`` (one outside quotes) and spaces."""
    quote = None
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#" and index and text[index - 1] in " \t":
            return text[:index].rstrip()
    return text.rstrip()


def _parent(lines: list[str], line: int, first: int) -> str | None:
    """The top-level key an indented line or a list item belongs to."""
    for number in range(line - 1, first - 1, -1):
        text = lines[number]
        if not text.strip() or text[:1] in " \t#-":
            continue
        key = _KEY_RE.match(text)
        return key.group(1).strip("'\"") if key else None
    return None


def _present(lines: list[str], line: int, bounds: tuple[int, int], indent: str,
             dash: str) -> set[str]:
    """Keys already written in the mapping the cursor's line belongs to."""
    first, end = bounds
    if not indent and not dash:
        return {k.group(1).strip("'\"") for n in range(first, end) if n != line
                and (k := _KEY_RE.match(lines[n]))}
    # A list item's mapping: from its '- ' line down to the next item or a shallower line.
    width = len(indent) + len(dash)
    top = line
    while not dash and top > first:
        top -= 1
        found_indent, found_dash, _rest = _LINE_RE.match(lines[top]).groups()
        if found_dash or len(found_indent) < width:
            break
    keys = set()
    for number in range(top, end):
        if number > line:
            found_indent, found_dash, _rest = _LINE_RE.match(lines[number]).groups()
            if found_dash or len(found_indent) < width:
                break
        if number == line:
            continue
        _indent, _dash, rest = _LINE_RE.match(lines[number]).groups()
        if key := _KEY_RE.match(rest):
            keys.add(key.group(1).strip("'\""))
    return keys


def _find(table: tuple[Field, ...], key: str | None) -> Field | None:
    return next((spec for spec in table if spec.key == key), None)
