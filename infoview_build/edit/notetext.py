"""A note's text, edited line by line: what ``mark`` and ``rename`` change, and nothing else.

The text is split into lines that keep their own endings (CRLF, a BOM on the first line),
and libyaml's composer says where every key and value stands, so that one value can be
replaced, a key added on a line of its own, or a template's commented placeholder
(``# replied_on:``) filled in, with every other byte as it was.
"""

from __future__ import annotations

import re
from datetime import date

import yaml

from infoview_build.notes import load, validate
from infoview_build.notes.errors import InfoviewError

_FRONT_OFFSET = 2
"""The front matter starts on the file's second line (after the opening ``---``)."""
_LINE_END = re.compile(r"(\r\n|\r|\n)")
_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]")
_TEXT_KEYS = {"questions": "q", "referrals": "name"}
"""Lists whose items may be bare text: the key that text becomes once the item has fields."""
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}


class NoteLines:
    """A note's text as lines that keep their own endings, plus where its YAML stands."""

    def __init__(self, rel: str, raw: bytes, verb: str = "mark") -> None:
        self.rel = rel
        self.verb = verb
        # A BOM stays part of the first line, the opening '---', which is never edited.
        parts = _LINE_END.split(raw.decode("utf-8"))
        parts.append("")
        self.lines = [[parts[i], parts[i + 1]] for i in range(0, len(parts) - 1, 2)]
        text, _ = load.decode(raw)
        front, _body, body_line, _ = load.split(text)
        self.fence = body_line - 1
        """File line (1-based) of the closing ``---``."""
        try:
            self.root = yaml.compose(front, Loader=yaml.CBaseLoader)
        except yaml.YAMLError:  # pragma: no cover - the note was validated before
            self.root = None
        if not isinstance(self.root, yaml.MappingNode) or self.root.flow_style:
            self.refuse("its front matter is not written as one 'key: value' per line")

    def bytes(self) -> bytes:
        return "".join(text + end for text, end in self.lines).encode("utf-8")

    def refuse(self, why: str):
        raise InfoviewError(f"cannot {self.verb} {self.rel}: {why}; edit it by hand")

    def value(self, key: str):
        """The node of top-level ``key``, or None."""
        return next((v for k, v in self.root.value if k.value == key), None)

    def set(self, mapping: yaml.MappingNode, key: str, text: str, after_line: int) -> None:
        """Put ``key: text`` into ``mapping``: replace the value where the key exists, else
        fill in the template's commented placeholder (``# key:``), else add a line after file
        line ``after_line``, indented like the mapping's keys."""
        for key_node, value in mapping.value:
            if key_node.value == key:
                self._replace(key_node, value, key, text)
                return
        indent = mapping.value[0][0].start_mark.column if mapping.value else 0
        if mapping is self.root:
            placeholder = re.compile(rf"#\s*{re.escape(key)}:(\s.*)?")
            inside = _text_lines(mapping)
            for index in range(1, self.fence - 1):
                content = self.lines[index][0]
                if index not in inside and content[:indent].strip() == "" \
                        and placeholder.fullmatch(content[indent:]):
                    self.lines[index][0] = content[:indent] + f"{key}: {text}"
                    return
        ending = self.lines[after_line - 1][1] or "\n"
        self.lines.insert(after_line, [" " * indent + f"{key}: {text}", ending])
        if after_line < self.fence:
            self.fence += 1

    def put(self, node: yaml.ScalarNode, text: str, what: str) -> None:
        """Replace the scalar ``node`` (one line, quotes included) with ``text``."""
        if node.start_mark.line != node.end_mark.line or node.style in ("|", ">"):
            self.refuse(f"{what} spans several lines")
        index = node.start_mark.line + _FRONT_OFFSET - 1
        content = self.lines[index][0]
        self.lines[index][0] = (content[:node.start_mark.column] + text
                                + content[node.end_mark.column:])

    def _replace(self, key_node, value, key: str, text: str) -> None:
        empty_list = isinstance(value, yaml.SequenceNode) and value.flow_style \
            and not value.value and value.start_mark.line == value.end_mark.line
        if not isinstance(value, yaml.ScalarNode) and not empty_list:
            self.refuse(f"'{key}' holds a list or fields, not a single value")
        style = getattr(value, "style", None)
        if style in ("|", ">"):
            self.refuse(f"the value of '{key}' is a block of several lines")
        line = key_node.start_mark.line
        content = self.lines[line + _FRONT_OFFSET - 1][0]
        colon = content.find(":", key_node.end_mark.column)
        if value.value == "" and not style and colon >= 0:  # 'key:' left blank
            new = content[:colon + 1] + " " + text + content[colon + 1:]
        elif value.start_mark.line != line or value.end_mark.line != line:
            self.refuse(f"the value of '{key}' spans several lines")
        else:
            new = content[:value.start_mark.column] + text + content[value.end_mark.column:]
        self.lines[line + _FRONT_OFFSET - 1][0] = new

    def items(self, key: str) -> list:
        """The non-empty items of the list under top-level ``key`` (as the validator counts)."""
        sequence = self.value(key)
        if not isinstance(sequence, yaml.SequenceNode):
            return []
        return [i for i in sequence.value if not (isinstance(i, yaml.ScalarNode) and not i.value)]

    def item(self, key: str, number: int, what: str) -> tuple[yaml.MappingNode, int]:
        """The ``number``-th item of list ``key`` as fields, and its last file line.

        A question written as a bare string (``- What …?``) becomes ``- q: What …?`` on the
        same line, so that a key can be added under it; a referral becomes ``- name: …``."""
        items = self.items(key)
        item = items[number - 1] if len(items) >= number else None
        if isinstance(item, yaml.ScalarNode) and key in _TEXT_KEYS \
                and item.style not in ("|", ">") and item.start_mark.line == item.end_mark.line:
            index = item.start_mark.line + _FRONT_OFFSET - 1
            content = self.lines[index][0]
            column = item.start_mark.column
            if content[:column].rstrip().endswith("-") and not self.value(key).flow_style:
                self.lines[index][0] = content[:column] + f"{_TEXT_KEYS[key]}: " + content[column:]
                key_node = yaml.ScalarNode("tag:yaml.org,2002:str", _TEXT_KEYS[key],
                                           item.start_mark, item.start_mark)
                return yaml.MappingNode("tag:yaml.org,2002:map", [(key_node, item)]), index + 1
        if not isinstance(item, yaml.MappingNode) or item.flow_style or not item.value:
            self.refuse(f"{what} is not written as 'key: value' lines")
        last = item.value[-1][1]
        end = last.end_mark.line
        if not isinstance(last, yaml.ScalarNode) or last.style in ("|", ">") \
                or last.end_mark.column == 0:
            end -= 1  # the end mark stands on the line after the value
        return item, end + _FRONT_OFFSET


    def flow_item_fields(self, key: str, number: int, more: str, what: str) -> bool:
        """In a list written ``[a, b]``, turn item ``number`` (bare text on one line) into
        ``{name: b, more}`` where it stands; False when the list is not written so."""
        sequence = self.value(key)
        if not isinstance(sequence, yaml.SequenceNode) or not sequence.flow_style:
            return False
        item = self.items(key)[number - 1]
        if not isinstance(item, yaml.ScalarNode):
            self.refuse(f"{what} is not a single value")
        index = item.start_mark.line + _FRONT_OFFSET - 1
        source = self.lines[index][0][item.start_mark.column:item.end_mark.column]
        self.put(item, f"{{{_TEXT_KEYS[key]}: {source}, {more}}}", what)
        return True


def _text_lines(node) -> set[int]:
    """0-based file lines that lie inside a scalar written over several lines."""
    if isinstance(node, yaml.ScalarNode):
        first, last = node.start_mark.line, node.end_mark.line
        return {line + _FRONT_OFFSET - 1 for line in range(first, last + 1)} \
            if last > first else set()
    children = node.value if isinstance(node, yaml.SequenceNode) else \
        [part for pair in node.value for part in pair]
    return set().union(*(_text_lines(child) for child in children))


def yaml_text(value) -> str:
    """A value as YAML text: dates plain, booleans ``true``, text quoted only when needed."""
    if value is True:
        return "true"
    if isinstance(value, date):
        return value.isoformat()
    return value if _plain_ok(value) else _quoted(value)


def flow_list(values: list[str]) -> str:
    """A list of text on one line, ``[a, "b, c"]``: an item that a ``[…]`` list would read
    otherwise (a comma, a bracket) is quoted."""
    return "[" + ", ".join(_quoted(v) if any(c in v for c in ",[]{}") else yaml_text(v)
                           for v in values) + "]"


def _plain_ok(text: str) -> bool:
    """Whether ``text`` reads back as the same text when written without quotes."""
    return (
        bool(_PLAIN_START.match(text))
        and text == text.strip()
        and text.isprintable()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and validate.yaml_reading(text) is None
        and text not in ("~", "null", "Null", "NULL")
    )


def _quoted(text: str) -> str:
    """A YAML double-quoted string that reads back as ``text``, whatever it holds."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char.isprintable():
            out.append(char)
        else:  # control characters, line separators: libyaml refuses or folds them raw
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'
