"""Check one note's front matter against ``fields`` and turn it into a typed record.

Every check records a problem and carries on, so that one run reports everything.
Values arrive as ``(text, plain, line)`` scalars from ``load``; YAML 1.1's implicit
typing (``No`` is false, ``5550100`` a number) is applied here, only where it matters.
"""

from __future__ import annotations

import difflib
import re
from datetime import UTC, date, time, timedelta, timezone
from functools import cache

from infoview_build.notes import contact_dates, referrals
from infoview_build.notes.fields import (
    CONFIG_FIELDS,
    CONTACT_FIELDS,
    INTERVIEW_FIELDS,
    Field,
)
from infoview_build.notes.load import RawNote, YList, YMap
from infoview_build.notes.model import (
    Action,
    Config,
    Contact,
    Interview,
    Owner,
    Problem,
    Question,
    TopicSetting,
)
from infoview_build.notes.slugs import reserved_name_problem, slugify, windows_reserved
from infoview_build.notes.topics import topic_table
from infoview_build.notes.yamltext import (  # noqa: F401  (yaml_reading: others import it here)
    BOOL_START,
    DATETIME_RE,
    NUMBER_START,
    guess_missing,
    yaml_reading,
)

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL_RE = re.compile(r"[^@\s<>\"',;()\[\]]+@" + _LABEL + r"(?:\." + _LABEL + r")+\Z")
_URL_RE = re.compile(r"(?:https?://[^\s/$.?#][^\s]*|mailto:[^\s@]+@[^\s@]+)\Z", re.IGNORECASE)
_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})\Z")
_WHOLE_RE = re.compile(r"[-+]?[0-9]+")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"))
_FALSE = frozenset(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"))

_MISSING = object()

NAME_MISMATCH = "the file name does not match its date and contact"
"""The warning on an interview whose file name disagrees with its front matter."""




def is_empty(value) -> bool:
    """An empty value (``company:`` left blank) counts as an absent key."""
    if value.__class__ is tuple:
        text, plain, _ = value
        return (text in _NULLS) if plain else not text.strip()
    return len(value) == 0


@cache
def time_zones() -> frozenset[str]:
    """Zone names of the ``tzdata`` package, so that every system agrees."""
    from importlib import resources

    listing = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in listing.splitlines() if line.strip())


def suggest(word: str, choices) -> str | None:
    """The closest choice to ``word``, for a did-you-mean hint."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return close[0] if close else None


def parse_date(text: str) -> date | None | str:
    """``YYYY-MM-DD`` (a time after it is ignored) → date; 'bad' when the day does not exist."""
    match = DATETIME_RE.match(text.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return "bad"


def parse_datetime(text: str) -> tuple[date, time | None] | None | str:
    """An interview's ``date``: a day, optionally with a time, seconds and an offset."""
    match = DATETIME_RE.match(text.strip())
    if not match:
        return None
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return "bad"
    if match[4] is None:
        return day, None
    tz = None
    if match[8]:
        if match[8] == "Z":
            tz = UTC
        else:
            sign = -1 if match[8][0] == "-" else 1
            digits = match[8][1:].replace(":", "")
            hours = int(digits[:-2] if len(digits) > 2 else digits)
            minutes = int(digits[-2:]) if len(digits) > 2 else 0
            if hours > 23 or minutes > 59:
                return "bad-time"
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        fraction = int((match[7] or "0")[:6].ljust(6, "0"))
        at = time(int(match[4]), int(match[5]), int(match[6] or 0), fraction, tzinfo=tz)
    except ValueError:
        return "bad-time"
    return day, at


class Checker:
    """Collects the problems of one file while its fields are typed."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, line: int, field: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, line, field, message, "error", hint))

    def warning(self, line: int, field: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, line, field, message, "warning", hint))

    # -- containers -------------------------------------------------------------------

    def mapping(self, data: YMap, fields: tuple[Field, ...], prefix: str = "",
                line: int = 1) -> dict:
        """Type every known key of ``data``; report unknown and missing keys."""
        known, required = _index(fields)
        values: dict = {}
        for key, value in data.items():
            spec = known.get(key)
            if spec is None:
                guess = suggest(key, known)
                hint = f"did you mean '{guess}'?" if guess else "known fields: " + ", ".join(known)
                self.error(data.lines.get(key, data.line), prefix + key,
                           f"unknown field '{key}'", hint)
                continue
            if value.__class__ is tuple:
                text, plain, _ = value
                if (text in _NULLS) if plain else not text.strip():
                    continue
            elif not value:
                continue
            typed = self.value(spec, value, prefix + key if prefix else key,
                               data.lines.get(key, data.line))
            if typed is not _MISSING:
                values[key] = typed
        for spec in required:
            if spec.key not in values and not self._reported(prefix + spec.key):
                folder, _, name = self.path.rpartition("/")
                guess = "" if prefix else guess_missing(spec.key, folder, name.removesuffix(".md"))
                self.error(line, f"{prefix}{spec.key}", f"required field '{spec.key}' is missing",
                           f"add '{spec.key}: {guess or _example_text(spec)}'")
        return values

    def _reported(self, name: str) -> bool:
        return any(p.field == name for p in self.problems)

    def value(self, spec: Field, value, name: str, key_line: int):
        kind = spec.kind
        if kind in _LIST_KINDS:
            if value.__class__ is not YList:
                self.error(_line(value, key_line), name,
                           f"expected a list, found {_describe(value)}",
                           "write it as [a, b] or one '- item' per line")
                return _MISSING
            out = []
            convert = self.item if kind in _ITEM_KINDS else self.scalar
            item_spec = _ITEM_SPECS.get(kind, spec)
            for index, item in enumerate(value):
                if item.__class__ is tuple and is_empty(item):
                    continue
                typed = convert(item_spec, item, (name, index), key_line)
                if typed is not _MISSING:
                    out.append(typed)
            return out
        if kind == "mapping":
            if value.__class__ is not YMap:
                self.error(key_line, name, f"expected 'key: value' fields under '{spec.key}', "
                           f"found {_describe(value)}", "indent the fields under it")
                return _MISSING
            return self.mapping(value, spec.fields, f"{name}.", value.line)
        return self.scalar(spec, value, name, key_line)

    def item(self, spec: Field, item, name, line: int):
        line = _line(item, line)
        if spec.kind == "questions" and item.__class__ is tuple:
            text = self.scalar(_TEXT_ITEM, item, name, line)
            return _MISSING if text is _MISSING else Question(text)
        if spec.kind == "referrals" and item.__class__ is tuple:
            return self.scalar(_TEXT_ITEM, item, name, line)
        if spec.kind == "topics" and item.__class__ is tuple:
            topic = self.scalar(_TOPIC_ITEM, item, name, line)
            return _MISSING if topic is _MISSING else TopicSetting(topic)
        if item.__class__ is not YMap:
            expected = _ITEM_EXPECTED[spec.kind]
            self.error(line, _name(name), f"expected {expected}, found {_describe(item)}")
            return _MISSING
        values = self.mapping(item, spec.fields, _name(name) + ".", item.line)
        if spec.kind == "topics":
            if "name" not in values:
                return _MISSING
            return TopicSetting(values["name"], values.get("title"), values.get("aliases", []))
        if spec.kind == "referrals":
            if "name" not in values:
                return _MISSING
            return referrals.Skipped(values["name"], values.get("skipped_on"), line)
        if spec.kind == "questions":
            if "q" not in values:
                return _MISSING
            return Question(values["q"], values.get("topic"), values.get("asked"))
        if "task" not in values:
            return _MISSING
        return Action(values["task"], values.get("due"), values.get("done", False))

    # -- scalars ----------------------------------------------------------------------

    def scalar(self, spec: Field, value, name, key_line: int):
        if value.__class__ is not tuple:
            self.error(_line(value, key_line), _name(name),
                       f"expected {_expected(spec)}, found {_describe(value)}")
            return _MISSING
        text, plain, line = value
        if not plain:
            text = text.strip()
        kind = spec.kind
        if kind in _TEXT_KINDS:
            if kind == "text" and (not plain or text[0] not in _SUSPECT):
                return text
            reading = yaml_reading(text) if plain else None
            if reading:
                quoted = f'- "{text}"' if name.__class__ is tuple else f'{spec.key}: "{text}"'
                self.error(line, _name(name), f"'{text}' is read by YAML as {reading}, not text",
                           f"put it in quotes: {quoted}")
                return _MISSING
            return _TEXT_CHECKS[kind](self, spec, text, name, line)
        if kind == "date":
            parsed = parse_date(text)
            if parsed.__class__ is date:
                return parsed
            name = _name(name)
            if parsed == "bad":
                self.error(line, name, f"'{text}' is not a real date")
                return _MISSING
            if parsed is None:
                self.error(line, name, f"expected a date, found '{_short(text)}'",
                           "write it as YYYY-MM-DD, e.g. 2026-12-03")
                return _MISSING
            return parsed
        if kind == "datetime":
            parsed = parse_datetime(text)
            if parsed.__class__ is tuple:
                return parsed
            name = _name(name)
            if parsed == "bad":
                self.error(line, name, f"'{text}' is not a real date")
                return _MISSING
            if parsed == "bad-time":
                self.error(line, name, f"'{text}' is not a real time of day")
                return _MISSING
            if parsed is None:
                self.error(line, name,
                           f"expected a date or a date and time, found '{_short(text)}'",
                           "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2026-12-03 14:30")
                return _MISSING
            return parsed
        if kind == "bool":
            if plain and text in _TRUE:
                return True
            if plain and text in _FALSE:
                return False
            name = _name(name)
            hint = "remove the quotes" if not plain and (text in _TRUE or text in _FALSE) else ""
            self.error(line, name, f"expected true or false, found '{_short(text)}'", hint)
            return _MISSING
        if kind == "int":
            name = _name(name)
            if not plain or not _WHOLE_RE.fullmatch(text):
                hint = "remove the quotes" if _WHOLE_RE.fullmatch(text) else ""
                self.error(line, name, f"expected a whole number, found '{_short(text)}'", hint)
                return _MISSING
            number = int(text)
            if spec.minimum is not None and number < spec.minimum or \
                    spec.maximum is not None and number > spec.maximum:
                self.error(line, name, f"{number} is out of range",
                           f"use a number from {spec.minimum} to {spec.maximum}")
                return _MISSING
            return number
        raise AssertionError(f"unknown field kind {kind}")  # pragma: no cover

    def _text(self, spec: Field, text: str, name: str, line: int):
        return text

    def _email(self, spec: Field, text: str, name, line: int):
        if not _EMAIL_RE.match(text):
            self.error(line, _name(name), f"'{_short(text)}' is not an email address")
            return _MISSING
        return text

    def _url(self, spec: Field, text: str, name: str, line: int):
        if not _URL_RE.match(text):
            hint = "start it with https://" if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text) \
                else "only http, https and mailto links are allowed"
            self.error(line, _name(name), f"'{_short(text)}' is not a web address", hint)
            return _MISSING
        return text

    def _timezone(self, spec: Field, text: str, name: str, line: int):
        zones = time_zones()
        if text not in zones:
            guess = suggest(text, zones)
            self.error(line, _name(name), f"'{_short(text)}' is not a time zone",
                       f"did you mean '{guess}'?" if guess else
                       "use an IANA name like Europe/Lisbon")
            return _MISSING
        return text

    def _slug(self, spec: Field, text: str, name: str, line: int):
        if not SLUG_RE.match(text):
            self.error(line, _name(name), f"'{_short(text)}' is not a slug",
                       "use a file name without '.md': lower-case letters, digits, single hyphens")
            return _MISSING
        return text

    def _enum(self, spec: Field, text: str, name: str, line: int):
        if text not in spec.choices:
            guess = suggest(text, spec.choices)
            hint = f"did you mean '{guess}'?" if guess else "use one of: " + ", ".join(spec.choices)
            self.error(line, _name(name), f"'{_short(text)}' is not a valid {spec.key}", hint)
            return _MISSING
        return text


_LIST_KINDS = frozenset(("text-list", "url-list", "referrals", "questions", "actions",
                         "topics"))
_ITEM_KINDS = frozenset(("questions", "actions", "topics", "referrals"))
_ITEM_EXPECTED = {
    "questions": "a question or 'q: …' fields",
    "actions": "'task: …' fields (with optional 'due' and 'done')",
    "topics": "a topic name or 'name: …' fields (with optional 'title' and 'aliases')",
    "referrals": "a name or 'name: …' fields (with optional 'skipped_on')",
}
_TEXT_KINDS = frozenset(("text", "email", "url", "timezone", "slug", "enum"))
_TEXT_ITEM = Field("q", "text", "")
_TOPIC_ITEM = Field("name", "slug", "")
_ITEM_SPECS = {
    "text-list": Field("item", "text", ""),
    "url-list": Field("item", "url", ""),
}
# Only a plain scalar starting with one of these can be something other than text in YAML 1.1.
_SUSPECT = BOOL_START | NUMBER_START


_INDEXES: dict[int, tuple[dict[str, Field], tuple[Field, ...]]] = {}


def _index(fields: tuple[Field, ...]) -> tuple[dict[str, Field], tuple[Field, ...]]:
    """Keys and required fields of a field table, worked out once per table."""
    found = _INDEXES.get(id(fields))
    if found is None:
        found = _INDEXES[id(fields)] = ({f.key: f for f in fields},
                                        tuple(f for f in fields if f.required))
    return found


def _name(name) -> str:
    """A field's name for a message: ``questions[2]`` from ``("questions", 2)``."""
    if name.__class__ is tuple:
        return f"{name[0]}[{name[1]}]"
    return name


_TEXT_CHECKS = {
    "text": Checker._text, "email": Checker._email, "url": Checker._url,
    "timezone": Checker._timezone, "slug": Checker._slug, "enum": Checker._enum,
}


def _line(value, default: int) -> int:
    if value.__class__ is tuple:
        return value[2]
    return getattr(value, "line", default)


def _describe(value) -> str:
    if isinstance(value, YMap):
        return "'key: value' fields"
    if isinstance(value, YList):
        return "a list"
    return f"'{_short(value[0])}'"


def _expected(spec: Field) -> str:
    return {
        "text": "text", "email": "an email address", "url": "a web address",
        "timezone": "a time zone", "slug": "a slug", "enum": "one of " + ", ".join(spec.choices),
        "date": "a date", "datetime": "a date", "bool": "true or false", "int": "a whole number",
    }.get(spec.kind, "a single value")


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _example_text(spec: Field) -> str:
    return str(spec.example) if spec.example is not None else "…"




def _slug_problem(check: Checker, slug: str, kind: str) -> None:
    if windows_reserved(slug):
        check.warning(1, "-", *reserved_name_problem(slug, kind == "contact"))
    if not SLUG_RE.match(slug):
        better = slugify(slug)
        hint = f"rename it to {better}.md" if better else \
            "use lower-case letters, digits and single hyphens"
        check.error(1, "-", f"'{slug}.md' is not a valid {kind} file name", hint)


def contact(note: RawNote, slug: str, today: date) -> tuple[Contact | None, list[Problem]]:
    """Validate a contact note."""
    check = Checker(note.path)
    _slug_problem(check, slug, "contact")
    values = check.mapping(note.data, CONTACT_FIELDS)
    lines = dict(note.data.lines)
    contact_dates.check(check, values, lines, note.data, today)
    if values.get("introduced_by") == slug:
        check.error(lines["introduced_by"], "introduced_by", "a contact cannot introduce themself")
    if "name" not in values:
        return None, check.problems
    record = Contact(slug=slug, path=note.path, body=note.body, lines=lines, **values)
    return record, check.problems


def interview(note: RawNote, slug: str, today: date) -> tuple[Interview | None, list[Problem]]:
    """Validate an interview note."""
    check = Checker(note.path)
    _slug_problem(check, slug, "interview")
    values = check.mapping(note.data, INTERVIEW_FIELDS)
    lines = dict(note.data.lines)
    when = values.pop("date", None)
    day, at = when if when else (None, None)
    referrals.split(check, values, day)
    if values.get("recorded") and not values.get("recording_consent"):
        check.error(lines["recorded"], "recorded", "recorded without consent",
                    "ask first and set 'recording_consent: true', or delete the recording")
    thanked = values.get("thanked_on")
    if thanked is not None and day is not None and thanked < day:
        check.error(lines["thanked_on"], "thanked_on",
                    f"{thanked} is before the interview ({day})", "fix whichever date is wrong")
    if thanked is not None and thanked > today:
        check.warning(lines["thanked_on"], "thanked_on", f"{thanked} is in the future")
    contact_slug = values.get("contact")
    if day is not None and contact_slug and SLUG_RE.match(slug):
        expected = f"{day.isoformat()}-{contact_slug}"
        suffix = slug[len(expected) + 1:] if slug.startswith(expected + "-") else ""
        if slug != expected and not (suffix.isdigit() and suffix.isascii() and int(suffix) > 1
                                     and suffix[0] != "0"):
            check.warning(1, "-", NAME_MISMATCH, f"rename it to {expected}.md")
    if day is not None and day < today and not values.get("cancelled") and not note.body.strip():
        check.warning(note.body_line if note.body_line > 1 else 1, "-",
                      "a held interview with no notes",
                      "write down what you learned while you remember it")
    if day is None or not contact_slug:
        return None, check.problems
    record = Interview(slug=slug, path=note.path, date=day, time=at, body=note.body,
                       lines=lines, **values)
    return record, check.problems


def config(note: RawNote) -> tuple[Config, list[Problem]]:
    """Validate ``infoview.yml``; every key has a default."""
    check = Checker(note.path)
    values = check.mapping(note.data, CONFIG_FIELDS)
    owner = Owner(**values.pop("owner", {}))
    if "topics" in values:
        _check_topics(check, values["topics"], note.data.lines.get("topics", 1))
    return Config(owner=owner, lines=dict(note.data.lines), **values), check.problems


def _check_topics(check: Checker, topics: list[TopicSetting], line: int) -> None:
    """A topic is set once, and a heading can mean only one topic."""
    names = [t.name for t in topics]
    if "index" in names:
        check.error(line, "topics", "'index' cannot be a topic: it names the page of all topics",
                    "choose another name")
    for name in sorted({n for n in names if names.count(n) > 1}):
        check.error(line, "topics", f"topic '{name}' is set more than once",
                    "merge its aliases into one entry")
    _table, clashes = topic_table(topics)
    for heading, first, second in clashes:
        check.error(line, "topics", f"the heading '{heading}' would mean both "
                    f"'{first}' and '{second}'", "keep the alias under one topic")


def note_problems(note: RawNote) -> list[Problem]:
    """The problems ``load`` found while reading, as records."""
    return [Problem(note.path, line, field, message, "error", hint)
            for line, field, message, hint in note.problems]


def is_email(text: str) -> bool:
    """Whether ``text`` passes the same email check as a contact's ``email``."""
    return bool(_EMAIL_RE.match(text))


def is_web_link(text: str) -> bool:
    """Whether ``text`` passes the same check as an entry of a contact's ``links``."""
    return bool(_URL_RE.match(text))
