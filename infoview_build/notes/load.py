"""Read one note: bytes → text → front matter (with the line of every value) and body.

PyYAML's ``SafeLoader`` builds Python objects through a pure-Python constructor and
forgets where each value stood. Here libyaml's C parser emits events and a small
builder turns them into plain containers whose scalars keep their text, whether they
were written plain (unquoted), and their line in the file. Typing happens later, in
``validate``, field by field, which is both faster and lets every message name a line.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

# CBaseLoader is libyaml's parser with the do-nothing resolver: we only read its events.
_Parser = getattr(yaml, "CBaseLoader", None)

Scalar = tuple
"""``(text, plain, line)``: the scalar's text, True when written without quotes, its line."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def kind_of(mode: int) -> str:
    """What an entry that is not a regular file is, in words."""
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def read_regular(path: str | os.PathLike) -> bytes:
    """The bytes of a regular file (through links); a FIFO, device, socket or folder
    raises ``NotRegular`` unopened, since opening a FIFO waits for a writer forever."""
    from infoview_build.notes.errors import NotRegular

    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegular(errno.EINVAL, f"it is {kind_of(mode)}, not a file", os.fspath(path))
    # O_NONBLOCK: should the name become a FIFO after the stat, the open does not wait.
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(handle, "rb") as file:
        mode = os.fstat(file.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(errno.EINVAL, f"it is {kind_of(mode)}, not a file",
                             os.fspath(path))
        return file.read()


class YMap(dict):
    """A YAML mapping: key text → value, with the line of each key."""

    __slots__ = ("line", "lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}


class YList(list):
    """A YAML sequence, with the line it starts on."""

    __slots__ = ("line",)

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line


@dataclass(slots=True)
class RawNote:
    """A note as read from disk, before any field is checked."""

    path: str
    """Path relative to the knowledge-base root."""
    data: YMap | None = None
    """The front matter, or None when it could not be read."""
    body: str = ""
    body_line: int = 1
    """Line of the file on which the body starts."""
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)
    """``(line, field, message, hint)`` for every problem found while reading."""


_TEXT_TAGS = frozenset(("!", "tag:yaml.org,2002:str"))
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.MULTILINE)


class _Stop(Exception):
    """Parsing must stop (an alias): the rest of the document is not to be trusted."""


def decode(raw: bytes) -> tuple[str | None, tuple[int, str, str, str] | None]:
    """Bytes → text with ``\\n`` line ends and no BOM, or a problem for line 1."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, (1, "-", "the file is UTF-16, not UTF-8", "save it as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, (
            1,
            "-",
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} on line {line})",
            "save it as UTF-8",
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, (1, "-", f"the file holds a NUL byte (line {line}): not a text note", "")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None


def split(text: str) -> tuple[str | None, str, int, tuple[int, str, str, str] | None]:
    """Text → (front matter, body, body's first line, problem)."""
    if not text.strip():
        return None, "", 1, (1, "-", "the file is empty",
                             "a note starts with front matter between '---' lines")
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip() != "---":
        return None, text, 1, (
            1,
            "-",
            "no front matter: the file must start with a line '---'",
            "put the fields between two '---' lines at the top",
        )
    start = first_end + 1
    close = _CLOSE_RE.search(text, start)
    if close is None:
        return None, "", 1, (
            1,
            "-",
            "the front matter is not closed",
            "add a line '---' after the last field",
        )
    front = text[start : close.start()]
    body_line = front.count("\n") + 3
    return front, text[close.end() :], body_line, None


def _path_of(stack: list[list], container, pending) -> str:
    """Where the next value goes, as ``questions[2].topic``; only called for problems."""
    out = ""
    for outer, key in [*stack, [container, pending]]:
        if outer.__class__ is YList:
            out += f"[{len(outer)}]"
        elif key is not None:
            out += ("." if out else "") + key[0]
    return out or "-"


def parse(front: str, offset: int) -> tuple[YMap | YList | Scalar | None, list[tuple]]:
    """YAML text → containers of scalars; ``offset`` is the file line of the text's first line."""
    problems: list[tuple[int, str, str, str]] = []
    if _Parser is None:  # pragma: no cover
        raise RuntimeError("PyYAML was built without libyaml")
    parser = _Parser(front)
    get = parser.get_event
    # The open containers: the innermost is kept in locals, the outer ones on ``stack``
    # as (container, pending key) pairs; ``pending`` is a mapping's key awaiting its value.
    stack: list[list] = []
    container = None
    pending = None
    root = None
    try:
        while True:
            event = get()
            if event is None:
                break
            kind = event.__class__
            if kind is ScalarEvent:
                if event.anchor is not None:
                    _anchor(event, offset)
                tag = event.tag
                if tag is not None and tag not in _TEXT_TAGS:
                    problems.append((event.start_mark.line + offset,
                                     _path_of(stack, container, pending),
                                     f"YAML tag {tag!r} is not allowed",
                                     "remove the tag; quote the value if it must stay text"))
                value = (event.value, tag is None and event.style == "",
                         event.start_mark.line + offset)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None:
                    _anchor(event, offset)
                if container is not None:
                    stack.append([container, pending])
                line = event.start_mark.line + offset
                container = YMap(line) if kind is MappingStartEvent else YList(line)
                pending = None
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = container
                if stack:
                    container, pending = stack.pop()
                else:
                    container = pending = None
            elif kind is AliasEvent:
                _anchor(event, offset)
            else:
                continue
            if container is None:
                root = value
            elif container.__class__ is YList:
                container.append(value)
            elif pending is None:
                if value.__class__ is not tuple:
                    raise _Stop((value.line, _path_of(stack, container, pending),
                                 "a key must be plain text", ""))
                pending = value
            else:
                key = pending[0]
                if key in container:
                    problems.append((pending[2], _path_of(stack, container, pending),
                                     f"duplicate key '{key}'",
                                     f"it is already set on line {container.lines[key]}; keep one"))
                else:
                    container[key] = value
                    container.lines[key] = pending[2]
                pending = None
    except _Stop as stop:
        if stop.args:
            problems.append(stop.args[0])
        return None, problems
    except yaml.MarkedYAMLError as exc:
        # libyaml notices a missing closing quote only where the text stops making sense
        # (the end of the front matter, or the next key's quote); the line to fix is the
        # one where the quote opens.
        opened = _unclosed_quote(exc, front)
        if opened is not None:
            number, key, quote = opened
            problems.append((number + offset, key, f"the quote {quote} opened on this line "
                             "is never closed", f"end the value with {quote}"))
            return None, problems
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + offset) if mark is not None else offset
        message = exc.problem or "invalid YAML"
        if exc.context:
            message = f"{exc.context}, {message}"
        text_line = front.split("\n")[mark.line] if mark is not None and \
            mark.line < front.count("\n") + 1 else ""
        problems.append((line, "-", f"YAML syntax error: {message}",
                         _syntax_hint(message, text_line)))
        return None, problems
    except yaml.reader.ReaderError as exc:
        line = front.count("\n", 0, max(exc.position, 0)) + offset
        code = ord(exc.character) if isinstance(exc.character, str) else exc.character
        problems.append((line, "-", f"a control character (#x{code:04x}) that YAML "
                         "does not allow", "delete it; use quotes and \\x escapes if it is wanted"))
        return None, problems
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        problems.append((offset, "-", f"YAML error: {first}", ""))
        return None, problems
    finally:
        parser.dispose()
    return root, problems


def _anchor(event, offset: int) -> None:
    line = event.start_mark.line + offset
    raise _Stop((line, "-", "YAML anchors and aliases are not allowed",
                 "write each value out in full"))


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:([^\s"'#:\[{][^#:]*?):\s+)?(["'])(.*)$""")


def _unclosed_quote(exc: yaml.MarkedYAMLError, front: str) -> tuple[int, str, str] | None:
    """``(line, key, quote)`` of a quoted value whose quote never closes, if that is what
    went wrong: a quoted value running to the end of the front matter, or a line above the
    error that opens a quote and does not close it."""
    lines = front.split("\n")
    mark = exc.context_mark
    if (exc.context == "while scanning a quoted scalar" and mark is not None
            and exc.problem == "found unexpected end of stream"):
        text = lines[mark.line]
        key = text[:mark.column].split(":")[0].strip(" -") or "-"
        return mark.line, key, text[mark.column:mark.column + 1]
    last = exc.problem_mark.line if exc.problem_mark is not None else len(lines) - 1
    for number, text in enumerate(lines[:last + 1]):
        match = _QUOTED_VALUE.match(text)
        if match and not _closes(match.group(2), match.group(3)):
            return number, match.group(1) or "-", match.group(2)
    return None


def _closes(quote: str, rest: str) -> bool:
    """Whether ``rest`` (the text after an opening quote) holds the closing quote."""
    index = 0
    while index < len(rest):
        char = rest[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and rest[index + 1:index + 2] == "'":  # '' is a quote inside
                index += 2
                continue
            return True
        index += 1
    return False


def _syntax_hint(message: str, line: str) -> str:
    if "\t" in line:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in message:
        return "a value that contains ': ' must be quoted"
    if "expected key" in message or "indentation" in message or "expected <block end>" in message:
        return "check the indentation of this line and the one above"
    if "cannot start any token" in message:
        return "quote the value"
    if "found unexpected end of stream" in message or "found unexpected ':'" in message:
        return "check the quotes: each value that opens a quote must close it"
    return ""


def read_note(path: str, raw: bytes) -> RawNote:
    """Parse one note's bytes; every problem is recorded, nothing raises."""
    note = RawNote(path)
    text, problem = decode(raw)
    if problem:
        note.problems.append(problem)
        return note
    front, body, body_line, problem = split(text)
    note.body = body
    note.body_line = body_line
    if problem:
        note.problems.append(problem)
        return note
    data, problems = parse(front, 2)
    note.problems.extend(problems)
    if problems and data is None:
        return note
    if data is None:
        data = YMap(1)
    if not isinstance(data, YMap):
        kind = "a list" if isinstance(data, YList) else "a single value"
        note.problems.append((2, "-",
                              f"the front matter is {kind}, not a set of 'key: value' fields",
                              "write one 'key: value' per line"))
        return note
    note.data = data
    return note

