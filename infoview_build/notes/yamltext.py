"""How YAML 1.1 (PyYAML) reads a plain scalar, and the values a note's file name gives:
what hints, quick fixes and new files need to write text that stays text."""

from __future__ import annotations

import re

DATETIME_RE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?"
    r"[ \t]*(Z|[-+]\d{1,2}(?::?\d{2})?)?)?\Z"
)

# PyYAML's YAML 1.1 resolver: what a plain scalar would become.
_INT_RE = re.compile(
    r"[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)\Z"
)
_FLOAT_RE = re.compile(
    r"(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
)
_YAML_BOOLS = frozenset(("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
                         "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"))
BOOL_START = frozenset("yYnNtTfFoO")
NUMBER_START = frozenset("0123456789+-.")


def yaml_reading(text: str) -> str | None:
    """What YAML 1.1 turns this plain (unquoted) scalar into, when that is not text."""
    first = text[:1]
    if first in BOOL_START:
        return "a yes/no value" if text in _YAML_BOOLS else None
    if first in NUMBER_START:
        if _INT_RE.match(text) or _FLOAT_RE.match(text):
            return "a number"
        if DATETIME_RE.match(text):
            return "a date"
    return None


_INTERVIEW_NAME_RE = re.compile(r"(\d{4}-\d{2}-\d{2})-([a-z0-9-]+?)(?:-[1-9][0-9]*)?")


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def guess_missing(key: str, folder: str, slug: str) -> str:
    """A value for a missing key, read from the file's name where it tells one."""
    value = ""
    if folder == "contacts" and key == "name":
        value = " ".join(word.capitalize() for word in slug.split("-") if word)
    elif folder == "interviews" and (match := _INTERVIEW_NAME_RE.fullmatch(slug)):
        value = {"date": match[1], "contact": match[2]}.get(key, "")
    if key == "name" and yaml_reading(value):  # a name like "No" or "True" stays text
        value = quoted(value)
    return value
