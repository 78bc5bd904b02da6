"""Read the CSV exports of Google Contacts, Outlook and Thunderbird into import candidates,
mapped as the vCard import maps a card.

Google writes numbered groups of columns (``E-mail 1 - Label``, ``E-mail 1 - Value``;
the older layout ``… - Type``), and several values in one cell joined by `` ::: ``.
Outlook writes fixed columns (``E-mail 2 Address``, ``Business Phone``, ``Home City``)
and ``0/0/00`` for a birthday it does not know; Thunderbird writes ``Primary Email``,
``Work City`` and the birthday in three columns. Columns that say something about the
person but have no place in a note are counted in the summary (by their name, numbers
left out); the programs' bookkeeping (``File As``, Outlook's ``Priority``) is not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from infoview_build.interchange.csv_table import Table
from infoview_build.interchange.importing import Candidate, Skipped
from infoview_build.interchange.texts import clean, listed_body, markdown_text, web_link
from infoview_build.notes.identity import fold_link, strip_pictographs
from infoview_build.notes.validate import is_email, parse_date

_NUMBERED_RE = re.compile(r"(.+?) (\d+) - (.+)\Z")
_SEPARATOR = " ::: "
# Google puts every contact in these groups; as tags they say nothing.
_SYSTEM_LABELS = frozenset(("mycontacts", "starred"))
_QUIET = frozenset((
    "file as", "e-mail type", "e-mail 2 type", "e-mail 3 type", "e-mail display name",
    "e-mail 2 display name", "e-mail 3 display name", "priority", "private", "sensitivity",
    "initials", "mileage", "billing information", "directory server", "subject", "account",
    "internet free busy", "keywords", "location", "user 1", "user 2", "user 3", "user 4",
))
"""Columns of the exporting program's bookkeeping (or always filled with a default)."""
_EMPTY = frozenset(("", "0/0/00", "00/00/0000", "unspecified", "normal", "false"))
"""Outlook's ways of writing nothing."""
_DROPPED = {"photo": "photo", "gender": "gender", "custom field": "custom field",
            "custom 1": "custom field", "custom 2": "custom field", "custom 3": "custom field",
            "custom 4": "custom field", "language": "language", "hobby": "hobby",
            "children": "children field", "government id number": "government id",
            "organizational id number": "organisational id"}
_PHONETIC = ("yomi", "phonetic")
_DATE_RES = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})\Z"), (1, 2, 3)),    # 1980-03-21
    (re.compile(r"--(\d{1,2})-(\d{1,2})\Z"), (0, 1, 2)),          # --03-21 (no year)
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})\Z"), (3, 1, 2)),    # 3/21/1980 (Outlook, US)
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\Z"), (3, 2, 1)),  # 21.03.1980
)


class _Row:
    """One row's cells by lower-case column name; every cell read is marked as used."""

    def __init__(self, columns: list[str], groups: dict, cells: list[str]) -> None:
        self.cells = {name.lower(): cell.strip() for name, cell in zip(columns, cells,
                                                                      strict=False)}
        self.groups = groups
        self.used: set[str] = set()

    def get(self, *names: str) -> str:
        """The first non-empty cell of ``names`` (all are marked used)."""
        found = ""
        for name in names:
            self.used.add(name)
            value = self.cells.get(name, "")
            if not found and value.lower() not in _EMPTY:
                found = value
        return found

    def numbered(self, kind: str) -> list[dict[str, str]]:
        """Google's ``Kind N - Part`` columns as one mapping per N, in order."""
        out = []
        for parts in self.groups.get(kind, ()):
            self.used.update(parts.values())
            out.append({part: self.cells.get(name, "") for part, name in parts.items()})
        return out

    def left(self) -> list[str]:
        """The columns not read that hold a value."""
        return [name for name, value in self.cells.items()
                if name not in self.used and value.lower() not in _EMPTY]


def read(found: Table) -> tuple[list[Candidate], list[Skipped]]:
    """Every row → a candidate, by the table's layout (Google, Outlook or Thunderbird)."""
    mapper = _MAPPERS[found.layout.key]
    candidates: list[Candidate] = []
    skipped: list[Skipped] = []
    groups = _groups(found.columns)
    for line, cells in found.rows():
        row = _Row(found.columns, groups, cells)
        candidate = Candidate(f"{found.source}:{line}", {})
        mapper(row, candidate)
        candidate.dropped += _left_out(row)
        candidates.append(candidate)
    return candidates, skipped


def _groups(columns: list[str]) -> dict[str, list[dict[str, str]]]:
    """Google's numbered columns by kind: ``{"e-mail": [{"label": "e-mail 1 - label",
    "value": "e-mail 1 - value"}, …]}``, in the order of their numbers."""
    found: dict[str, dict[int, dict[str, str]]] = {}
    for name in (c.lower() for c in columns):
        match = _NUMBERED_RE.match(name)
        if match:
            found.setdefault(match[1], {}).setdefault(int(match[2]), {})[match[3]] = name
    return {kind: [numbers[n] for n in sorted(numbers)] for kind, numbers in found.items()}


def _left_out(row: _Row) -> list[str]:
    kinds: list[str] = []
    for name in row.left():
        base = _NUMBERED_RE.sub(r"\1", name)
        if name in _QUIET or base in ("website", "relation", "event", "im") \
                and name.endswith((" - type", " - label")):
            continue
        kind = _DROPPED.get(base) or ("phonetic name" if any(p in name for p in _PHONETIC)
                                      else f"{base} field")
        if kind not in kinds:
            kinds.append(kind)
    return kinds


class _Person:
    """What a row says, gathered as the vCard reader gathers a card's properties."""

    def __init__(self) -> None:
        self.emails: list[tuple[str, str]] = []
        self.phones: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.other_links: list[str] = []
        self.addresses: list[tuple[str, str]] = []
        self.location = ""
        self.facts: list[tuple[str, tuple[str, str]]] = []
        self.personal: list[tuple[str, tuple[str, str]]] = []

    def email(self, value: str, kind: str = "") -> None:
        for one in _split(value):
            if one not in [e for e, _ in self.emails]:
                self.emails.append((one, _kind(kind)))

    def phone(self, value: str, kind: str = "") -> None:
        for one in _split(value):
            if one not in [p for p, _ in self.phones]:
                self.phones.append((one, _kind(kind)))

    def link(self, value: str) -> None:
        for one in _split(value):
            url = web_link(one)
            if url and fold_link(url) not in {fold_link(u) for u in self.links}:
                self.links.append(url)
            elif not url and one not in self.other_links:
                self.other_links.append(one)

    def address(self, parts: list[str], kind: str = "", city: str = "",
                country: str = "") -> None:
        text = ", ".join(clean(p) for p in parts if clean(p))
        if text:
            self.addresses.append((text, _kind(kind)))
        if not self.location and (city or country):
            self.location = ", ".join(clean(p) for p in (city, country) if clean(p))

    def fill(self, candidate: Candidate, name: str, role: str, company: str, notes: str,
             birthday: str, tags: list[str]) -> None:
        email = self.emails[0][0] if self.emails and is_email(self.emails[0][0]) else ""
        # The phone to call: not a fax or a pager, when there is another.
        self.phones.sort(key=lambda p: any(w in p[1].lower() for w in ("fax", "pager")))
        self.links.sort(key=lambda u: "linkedin." not in u.lower())
        candidate.fields = {
            "name": strip_pictographs(clean(name)), "role": clean(role),
            "company": clean(company), "location": self.location, "email": email,
            "phone": self.phones[0][0] if self.phones else "", "links": self.links,
            "tags": tags}
        candidate.emails = [e for e, _ in self.emails]
        facts = self.facts + [("Email", e) for e in self.emails[1 if email else 0:]] + \
            [("Phone", p) for p in self.phones[1:]] + \
            [("Link", (u, "")) for u in self.other_links]
        personal = []
        if birthday:
            day = _date(birthday)
            if not day:
                candidate.remarks.append(f"the birthday '{birthday}' is not a date; kept as "
                                         "text")
            personal.append(("Birthday", (day or clean(birthday), "")))
        personal += self.personal + [("Address", a) for a in self.addresses
                                     if a[0] != self.location]
        candidate.body = listed_body([markdown_text(notes)] if notes.strip() else [], facts,
                                     personal)


def _split(value: str) -> list[str]:
    return [clean(v) for v in value.split(_SEPARATOR) if clean(v)]


def _kind(label: str) -> str:
    """``* Work`` (Google's built-in labels) → ``work``; a label a user typed stays."""
    label = clean(label)
    return label[2:].lower() if label.startswith("* ") else label


def _date(text: str) -> str:
    """``1980-03-21``, ``--03-21``, ``3/21/1980`` or ``21.03.1980`` as ``1980-03-21``
    (``--03-21`` without a year), or ``""``."""
    text = clean(text)
    for pattern, (year, month, day) in _DATE_RES:
        match = pattern.match(text)
        if match:
            y = match[year] if year else "2000"  # a leap year, for 29 February
            m, d = match[month].zfill(2), match[day].zfill(2)
            if isinstance(parse_date(f"{y}-{m}-{d}"), date):
                return f"{match[year]}-{m}-{d}" if year else f"--{m}-{d}"
    return ""


# -- the layouts ---------------------------------------------------------------------------


def _google(row: _Row, candidate: Candidate) -> None:
    person = _Person()
    for group in row.numbered("e-mail"):
        person.email(group.get("value", ""), group.get("label") or group.get("type", ""))
    for group in row.numbered("phone"):
        person.phone(group.get("value", ""), group.get("label") or group.get("type", ""))
    for group in row.numbered("website"):
        person.link(group.get("value", ""))
    for group in row.numbered("address"):
        parts = [group.get(k, "") for k in ("po box", "extended address", "street", "city",
                                            "region", "postal code", "country")]
        if not any(parts):
            parts = [" ".join(group.get("formatted", "").splitlines())]
        person.address(parts, group.get("label") or group.get("type", ""),
                       group.get("city", ""), group.get("country", ""))
    for group in row.numbered("im"):
        for one in _split(group.get("value", "")):
            person.personal.append(("Chat", (one, _kind(group.get("service", "")))))
    for group in row.numbered("relation"):
        for one in _split(group.get("value", "")):
            person.personal.append(("Related", (one, _kind(group.get("label")
                                                           or group.get("type", "")))))
    for group in row.numbered("event"):
        for one in _split(group.get("value", "")):
            kind = _kind(group.get("label") or group.get("type", ""))
            word = "Anniversary" if kind.lower() == "anniversary" else "Date"
            person.personal.append((word, (_date(one) or one, "" if word == "Anniversary"
                                           else kind)))
    organisations = row.numbered("organization")
    company = row.get("organization name") or next(
        (g.get("name", "") for g in organisations if g.get("name")), "")
    role = row.get("organization title") or next(
        (g.get("title", "") for g in organisations if g.get("title")), "") or \
        row.get("occupation")
    department = row.get("organization department") or next(
        (g.get("department", "") for g in organisations if g.get("department")), "")
    if department:
        person.facts.append(("Department", (department, "")))
    for nickname in _split(row.get("nickname")):
        person.facts.append(("Nickname", (nickname, "")))
    parts = " ".join(row.get(k) for k in (
        "name prefix", "first name", "given name", "middle name", "additional name",
        "last name", "family name", "name suffix"))
    name = row.get("name") or parts
    labels = row.get("labels", "group membership")
    tags = [t for t in (_kind(t) for t in _split(labels))
            if t.lower().replace(" ", "") not in _SYSTEM_LABELS]
    person.fill(candidate, name, role, company, row.get("notes"), row.get("birthday"), tags)


_OUTLOOK_PHONES = (("mobile phone", "cell"), ("business phone", "work"),
                   ("business phone 2", "work"), ("home phone", "home"),
                   ("home phone 2", "home"), ("primary phone", ""),
                   ("company main phone", "company"), ("other phone", ""),
                   ("business fax", "work, fax"), ("home fax", "home, fax"),
                   ("other fax", "fax"), ("assistant's phone", "assistant"),
                   ("car phone", "car"), ("callback", "callback"), ("pager", "pager"),
                   ("radio phone", "radio"), ("isdn", "isdn"), ("tty/tdd phone", "tty"),
                   ("telex", "telex"))


def _outlook(row: _Row, candidate: Candidate) -> None:
    person = _Person()
    for column in ("e-mail address", "e-mail 2 address", "e-mail 3 address"):
        person.email(row.get(column))
    for column, kind in _OUTLOOK_PHONES:
        person.phone(row.get(column), kind)
    person.link(row.get("web page"))
    person.link(row.get("personal web page"))
    for kind in ("business", "home", "other"):
        city, country = row.get(f"{kind} city"), row.get(f"{kind} country/region",
                                                         f"{kind} country")
        parts = [row.get(f"{kind} address po box", f"{kind} po box"), row.get(f"{kind} street"),
                 row.get(f"{kind} street 2"), row.get(f"{kind} street 3"), city,
                 " ".join(p for p in (row.get(f"{kind} state"),
                                      row.get(f"{kind} postal code")) if p), country]
        person.address(parts, "work" if kind == "business" else kind, city, country)
    if row.get("department"):
        person.facts.append(("Department", (row.get("department"), "")))
    for nickname in _split(row.get("nickname")):
        person.facts.append(("Nickname", (nickname, "")))
    if row.get("imaddress"):  # Outlook.com's export
        person.personal.append(("Chat", (row.get("imaddress"), "")))
    if row.get("anniversary"):
        person.personal.append(("Anniversary", (_date(row.get("anniversary"))
                                                or row.get("anniversary"), "")))
    for column, kind in (("spouse", "spouse"), ("manager's name", "manager"),
                         ("assistant's name", "assistant"), ("referred by", "referred by")):
        if row.get(column):
            person.personal.append(("Related", (row.get(column), kind)))
    name = " ".join(row.get(k) for k in ("title", "first name", "middle name", "last name",
                                         "suffix"))
    tags = [clean(t) for t in re.split(r"[;,]", row.get("categories")) if clean(t)]
    role = row.get("job title", "profession")
    person.fill(candidate, name, role, row.get("company"), row.get("notes"),
                row.get("birthday"), tags)


def _thunderbird(row: _Row, candidate: Candidate) -> None:
    person = _Person()
    person.email(row.get("primary email"))
    person.email(row.get("secondary email"))
    for column, kind in (("mobile number", "cell"), ("work phone", "work"),
                         ("home phone", "home"), ("fax number", "fax"),
                         ("pager number", "pager")):
        person.phone(row.get(column), kind)
    person.link(row.get("web page 1"))
    person.link(row.get("web page 2"))
    for kind, zip_code in (("work", "work zipcode"), ("home", "home zipcode")):
        city, country = row.get(f"{kind} city"), row.get(f"{kind} country")
        parts = [row.get(f"{kind} address"), row.get(f"{kind} address 2"), city,
                 " ".join(p for p in (row.get(f"{kind} state"), row.get(zip_code)) if p),
                 country]
        person.address(parts, kind, city, country)
    if row.get("screen name"):
        person.personal.append(("Chat", (row.get("screen name"), "")))
    if row.get("department"):
        person.facts.append(("Department", (row.get("department"), "")))
    for nickname in _split(row.get("nickname")):
        person.facts.append(("Nickname", (nickname, "")))
    year, month, day = (row.get(f"birth {k}") for k in ("year", "month", "day"))
    birthday = f"{year or '-'}-{month.zfill(2)}-{day.zfill(2)}" if month and day else ""
    parts = f"{row.get('first name')} {row.get('last name')}"
    name = row.get("display name") or parts
    person.fill(candidate, name, row.get("job title"), row.get("organization"),
                row.get("notes"), birthday.replace("---", "--"), [])


_MAPPERS: dict[str, Callable[[_Row, Candidate], None]] = {
    "google": _google, "outlook": _outlook, "thunderbird": _thunderbird}
