"""The parts of a body marked private, found the way the site's Markdown reads them.

A section is private when its heading's text starts with "Private" (``## Private``,
``##Private: pay``, ``## **Private** notes``, ``Private`` underlined with ``---``): it runs
down to the next heading of the same or a higher level. What is a heading is decided by
Python-Markdown itself, with the extensions the site renders with (``mkdocs.yml``), so a
line inside a fenced code block is not one and a ``## Private`` after a line that only
looks like a fence is. To know which line each heading came from, every line that could
be a heading is rendered with a unique word appended to it, and the word is looked for in
the rendered headings.

Because the same text can be rendered in another context (a page puts a body after its
own headings and strips its leading spaces; a topic page shows one section of it; an
export is read by other programs), a line that reads as a private heading once its
indentation is gone (``   ## Private``, ``Private`` over ``---`` in the middle of a
paragraph) starts a private section too when it is not code, or when it begins a block
in such a context (the first line, the first after a heading). Only real headings end
one.

Bodies too large or too full of headings for Python-Markdown to read in bounded time
(it is quadratic in the headings of one paragraph) are cut from their first private
heading to the end: hiding too much is the safe side.
"""

from __future__ import annotations

import html
import re
import secrets
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import lru_cache

from markdown.treeprocessors import Treeprocessor

from infoview_build.notes.sitemarkdown import MarkdownSettings, new_markdown

_OPEN_RE = re.compile(r"<!--\s*private\s*-->", re.IGNORECASE)
_CLOSE_RE = re.compile(r"<!--\s*/\s*private\s*-->", re.IGNORECASE)
_ATX_RE = re.compile(r"[ \t>]*+(?:(?:[-*+]|\d{1,9}[.)])[ \t]++[ \t>]*+)*+(#{1,6})")
"""A line that may be an ATX heading: ``#`` after indentation, quote or list markers."""
_UNDERLINE_RE = re.compile(r"[ \t>]*+(=++|-++)[ \t]*+$")
_TAG_RE = re.compile(r"<[^<>\n]{0,500}>")
_STASH_RE = re.compile("\x02wzxhzdk:([0-9]+)\x03")
_LETTERS_RE = re.compile(r"[^\w]|[\d_]")
_LEADING_RE = re.compile(r"^[\W\d_]+")
MAX_PARSED = 500_000
"""Characters of one body Python-Markdown reads (about 3 s); a longer one is cut."""
MAX_WORK = 5_000_000
"""Headings × characters of their paragraph past which Python-Markdown slows to minutes."""
MAX_CONTEXTS = 8
"""Readings of one body (as written, and from each indented line that begins a block)."""


def _strip_comment_sections(body: str) -> str:
    parts: list[str] = []
    position = 0
    while True:
        opening = _OPEN_RE.search(body, position)
        if opening is None:
            parts.append(body[position:])
            break
        parts.append(body[position : opening.start()])
        closing = _CLOSE_RE.search(body, opening.end())
        if closing is None:  # an unclosed marker hides the rest: safer than showing it
            break
        position = closing.end()
    return "".join(parts)


def _loose(text: str) -> str:
    """Letters of ``text`` as a reader sees them: tags, entities and markup gone."""
    text = html.unescape(_TAG_RE.sub("", text))
    return _LETTERS_RE.sub("", text).casefold()


def is_private_title(text: str) -> bool:
    """Whether a heading's text (markup removed) starts with "Private"."""
    return _LEADING_RE.sub("", text).casefold().startswith("private")


@dataclass(frozen=True, slots=True)
class _Heading:
    line: int | None
    """Source line of the heading (None: a heading whose line is unknown)."""
    level: int
    private: bool


class _Collect(Treeprocessor):
    """Records every heading, and the marker words seen outside code, of a rendered body."""

    def __init__(self, md, reader: Reader) -> None:
        super().__init__(md)
        self.reader = reader

    def run(self, root: etree.Element) -> None:
        self.reader.found = []
        self.reader.outside = set()
        self._walk(root, False)

    def _text(self, text: str | None) -> str:
        if not text:
            return ""
        stash = self.md.htmlStash.rawHtmlBlocks

        def raw(match: re.Match) -> str:
            index = int(match[1])
            return str(stash[index]) if index < len(stash) else ""
        return _STASH_RE.sub(raw, text)

    def _walk(self, element: etree.Element, code: bool) -> None:
        # Outside code means in the text of the tree itself: fenced code and raw HTML
        # are kept aside (stashed) and stand in the text as placeholders.
        code = code or element.tag in ("pre", "code")
        if not code:
            self.reader.outside.update(self.reader.lines_in(element.text or ""))
        if re.fullmatch(r"h[1-6]", str(element.tag)):
            text = self._text("".join(element.itertext()))
            lines = self.reader.lines_in(text)
            title = html.unescape(_TAG_RE.sub("", self.reader.unmark(text)))
            self.reader.found.append(
                _Heading(min(lines) if lines else None, int(element.tag[1]),
                         is_private_title(title)))
        for child in element:
            self._walk(child, code)
            if not code:
                self.reader.outside.update(self.reader.lines_in(child.tail or ""))


class Reader:
    """Python-Markdown set up as the site renders, reporting where the headings are."""

    def __init__(self, settings: MarkdownSettings) -> None:
        self.nonce = "zq" + secrets.token_hex(6)
        self._word = re.compile(rf"{self.nonce}n([0-9]+)q")
        self.found: list[_Heading] = []
        self.outside: set[int] = set()
        self.md = new_markdown(settings)
        self.md.treeprocessors.register(_Collect(self.md, self), "infoview-private", -10)

    def lines_in(self, text: str) -> set[int]:
        return {int(m[1]) for m in self._word.finditer(text)}

    def unmark(self, text: str) -> str:
        return self._word.sub("", text)

    def read(self, lines: list[str], marked: list[int]) -> tuple[list[_Heading], set[int]]:
        """The headings of ``lines`` in order, and which ``marked`` lines are not code."""
        copy = list(lines)
        for index in marked:
            copy[index] = f"{copy[index]} {self.nonce}n{index}q"
        self.md.reset()
        self.md.convert("\n".join(copy))
        return self.found, self.outside


@lru_cache(maxsize=8)
def reader_for(settings: MarkdownSettings) -> Reader:
    """One reader per Markdown setting, made once (loading extensions takes time)."""
    return Reader(settings)


def _candidates(lines: list[str]) -> tuple[list[int], dict[int, int]]:
    """Lines that may be headings, and the level each would have as one."""
    marked: list[int] = []
    levels: dict[int, int] = {}
    for index, line in enumerate(lines):
        atx = _ATX_RE.match(line)
        if atx:
            marked.append(index)
            levels[index] = len(atx[1])
        elif line.strip() and index + 1 < len(lines):
            underline = _UNDERLINE_RE.match(lines[index + 1])
            if underline and not _UNDERLINE_RE.match(line):
                marked.append(index)
                levels[index] = 1 if underline[1][0] == "=" else 2
    return marked, levels


def _title(line: str) -> str:
    """The text of a line read as a heading, without its ``#``, markers and markup."""
    line = re.sub(r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+[ \t>]*)*#{0,6}", "", line)
    return html.unescape(_TAG_RE.sub("", line)).replace("*", "").replace("_", "").replace(
        "`", "").replace("~", "").replace("\\", "")


def _block_starts(lines: list[str], marked: list[int]) -> set[int]:
    """Lines that begin a block wherever this text is shown: its first line, and the first
    after each line that may be a heading (a page strips a body's leading spaces, a topic
    page shows what follows a heading) — there, ``    ## Private`` is a heading, not code."""
    starts = set()
    for after in [-1, *marked]:
        index = after + 1
        if after >= 0 and index < len(lines) and _UNDERLINE_RE.match(lines[index]):
            index += 1  # the underline of a setext heading
        while index < len(lines) and not lines[index].strip():
            index += 1
        starts.add(index)
    return starts


def _work(lines: list[str], marked: set[int]) -> int:
    """Headings × characters of their paragraph: what Python-Markdown's time grows with."""
    work = 0
    block_size = 0
    headings = 0
    for index, line in enumerate(lines + [""]):
        if not line.strip():
            work += headings * block_size
            block_size, headings = 0, 0
            continue
        block_size += len(line) + 1
        if index in marked:
            headings += 1
    return work


def strip_private_sections(body: str, settings: MarkdownSettings | None = None) -> str:
    """The body without its private parts: private sections, and what lies between
    ``<!-- private -->`` and ``<!-- /private -->`` (an unclosed marker hides the rest)."""
    body = _strip_comment_sections(body)
    lines = body.split("\n")
    marked, levels = _candidates(lines)
    suspects = [i for i in marked if "private" in _loose(lines[i])]
    html_headings = "<h" in body.lower() and "private" in _loose(body)
    if not suspects and not html_headings:
        return body
    cut = "\n".join(lines[:min(suspects)]) if suspects else ""  # when it can't be read
    starts = _block_starts(lines, marked)
    # As written, and from each block start whose indentation a page or an excerpt drops
    # (which can turn an indented line into a fence and change the rest of the text).
    contexts = [(0, False)] + [(i, True) for i in sorted(starts)
                                if i < len(lines) and lines[i][:1] in (" ", "\t")]
    if (len(body) > MAX_PARSED or _work(lines, set(marked)) > MAX_WORK
            or len(contexts) > MAX_CONTEXTS):
        return cut
    reader = reader_for(settings or MarkdownSettings())
    private: dict[int, int] = {}  # line → level of each private heading, in any context
    ends: dict[int, int] = {}  # line → level of each heading in every context that shows it
    outside: set[int] = set()
    for first, dedent in contexts:
        shown = lines[first:]
        if dedent:
            shown = [shown[0].lstrip(), *shown[1:]]
        try:
            headings, seen = reader.read(shown, [m - first for m in marked if m >= first])
        except Exception:  # noqa: BLE001 - an extension failed on this text: hide, not leak
            return cut
        if any(h.private and h.line is None for h in headings):
            return ""  # a private heading whose line can't be told (raw HTML): hide it all
        real = {h.line + first: h for h in headings if h.line is not None}
        for line, heading in real.items():
            if heading.private:
                private[line] = heading.level
        ends = {line: level for line, level in (ends if first else
                {line: h.level for line, h in real.items()}).items()
                if line < first or line in real}
        outside |= {line + first for line in seen}
    for index in suspects:
        if index not in private and (index in outside or index in starts) \
                and is_private_title(_title(lines[index])):
            private[index] = levels[index]
    out: list[str] = []
    skip = 0  # level of the private section being hidden, 0 when none
    for index, line in enumerate(lines):
        if skip and index in ends and ends[index] <= skip:
            skip = 0
        if index in private:
            skip = private[index] if not skip else min(skip, private[index])
        if not skip:
            out.append(line)
    return "\n".join(out)
