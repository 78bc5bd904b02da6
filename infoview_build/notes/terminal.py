"""Text for a terminal: commands that run only what they say when pasted, and text from
notes or file names with the characters that could rewrite the screen shown escaped."""

from __future__ import annotations

import re
import shlex
import unicodedata

_VISIBLE_FORMAT = {"\u200c", "\u200d"}
"""Format characters that scripts and emoji need (zero-width non-joiner and joiner): kept."""


_PLAIN_WORDS = re.compile(r"[\w@%+=:,./-]+(?: [\w@%+=:,./-]+)*", re.ASCII)
"""Words that ``shlex.quote`` leaves as they are (its safe characters), one space apart."""


def command(*words: str) -> str:
    """``infoview WORD…`` quoted for a POSIX shell: pasted, it runs that command and no other."""
    plain = " ".join(words)
    # Slugs and subcommands, the usual case: one regex, and no word with a space of its own.
    if _PLAIN_WORDS.fullmatch(plain) and plain.count(" ") == len(words) - 1:
        return f"infoview {plain}"
    return " ".join(["infoview", *(shlex.quote(word) for word in words)])


def _hidden(char: str) -> bool:
    """A character a terminal acts on or hides: controls (C0, DEL, C1), format characters
    (bidi embeddings, overrides and isolates, zero-width space, soft hyphen, tags), line and
    paragraph separators, and lone surrogates (bytes of a file name that were not UTF-8)."""
    category = unicodedata.category(char)
    return (category in ("Cc", "Cs", "Zl", "Zp")
            or (category == "Cf" and char not in _VISIBLE_FORMAT))


def _escape(char: str) -> str:
    if not _hidden(char):
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` on one line, each hidden character written as its escape (``\\x1b``,
    ``\\u202e``), as Python writes it in a string."""
    if text.isprintable():  # the usual case, answered in C: nothing to look at
        return text
    return "".join(_escape(char) for char in text)


def _json_escape(char: str) -> str:
    if char in "\n\t" or not _hidden(char):  # outside strings: the layout of the JSON
        return char
    units = char.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(units[i:i + 2], 'big'):04x}"
                   for i in range(0, len(units), 2))


def printable_json(text: str) -> str:
    """JSON text with each hidden character inside its strings written as a ``\\u`` escape:
    the same JSON to a program, nothing a terminal acts on."""
    return "\n".join(line if line.isprintable() else "".join(_json_escape(c) for c in line)
                     for line in text.split("\n"))


def printable_lines(text: str) -> str:
    """``text`` with its line breaks and tabs kept and every other hidden character escaped."""
    return "\n".join("\t".join(printable(part) for part in line.split("\t"))
                     for line in text.split("\n"))
