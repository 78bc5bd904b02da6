"""Read vCards (2.1, 3.0 and 4.0, as phones, Google, Apple, Outlook and Nextcloud write
them) into import candidates, card by card and forgivingly.

``vcard_bytes`` turns the file into cards of property lines with their values decoded
(wide encodings, folding, code pages, lines that are no property). ``vobject`` then
parses each card's properties: parameters, ``TYPE`` and ``PREF``, the parts of ``N`` and
``ADR``, and the escapes of 3.0 text. Alone, it refuses cards that real exporters write,
so each card is rewritten here first as a plain 3.0 card of the properties used:

- Only the properties used here are kept (``vcard_fields``: exporters' many names for
  one thing are renamed to one, and Apple's ``itemN.X-ABLabel`` lines joined to their
  property as its label). ``PHOTO``, ``LOGO``, ``SOUND`` and ``KEY`` (whose base64 is
  often badly padded), ``PROFILE:VCard`` (Lotus Notes), and unknown or misnamed ``X-``
  properties are dropped before vobject sees them, so they cannot break a card; what
  they said about the person is counted in the summary by kind, bookkeeping is not.
- A comma in a text that is no list (``FN:Mustermann, Heiko``, a note, a title, the parts
  of ``ORG`` and ``ADR``; KDE, ownCloud, XING and Gmail write them without a backslash)
  is escaped, so that vobject keeps the whole text.
- A line vobject still cannot read is left out with its number and reason, and the card
  parsed again without it.
"""

from __future__ import annotations

import re
from datetime import date

from infoview_build.interchange.importing import Candidate, Skipped
from infoview_build.interchange.texts import (
    clean,
    listed_body,
    markdown_text,
    web_link,
)
from infoview_build.interchange.vcard_bytes import (
    Property,
    as_utf8,
    cards,
    declared,
    guess_code_page,
    properties,
    undecided,
)
from infoview_build.interchange.vcard_bytes import text as value_text
from infoview_build.interchange.vcard_fields import (
    KEPT,
    address_text,
    apple_label,
    left_out,
    rename,
)
from infoview_build.notes.identity import fold_link, strip_pictographs
from infoview_build.notes.validate import is_email, parse_date

# Google Contacts and Android put every contact in these groups; as tags they say nothing.
_SYSTEM_GROUPS = frozenset(("mycontacts", "starred"))
# Birthdays: 1980-03-21, 19800321, --0321 (no year), with or without a time.
# Kinds a card may write twice for one thing (a name's parts; GENDER and X-GENDER).
_ONCE = frozenset(("phonetic name", "gender"))
_BDAY_RE = re.compile(r"(\d{4}|--)-?(\d{2})-?(\d{2})(?:T.*)?\Z")


# Text properties that are no list: a comma in them is part of the text.
_TEXT = frozenset(("FN", "NOTE", "TITLE", "ROLE", "ORG", "ADR", "X-ADDRESS-LABEL"))
_UNESCAPED_COMMA_RE = re.compile(r"(?<!\\)((?:\\\\)*),")
# What joins several chat addresses in one IMPP value: private-use and control characters.
_IMPP_SPLIT_RE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff\x00-\x1f\x7f-\x9f]+")


def read(data: bytes, source: str) -> tuple[list[Candidate], list[Skipped]]:
    """Every card → a candidate; a card that cannot be read is skipped with its reason."""
    found = [(card, [] if card.problem else properties(card, _used))
             for card in cards(as_utf8(data), source)]
    charsets = [declared(props) for _, props in found]
    unread = b" ".join(prop.raw for (_, props), charset in zip(found, charsets, strict=True)
                       for prop in props if _used(prop.name) and undecided(prop, charset))
    guess = guess_code_page(unread) if unread else ""
    candidates: list[Candidate] = []
    skipped: list[Skipped] = []
    for (card, props), charset in zip(found, charsets, strict=True):
        where = f"{source}:{card.start}"
        if card.problem:
            skipped.append(Skipped(where, "", card.problem, "unreadable"))
            continue
        lines, numbers, dropped = _clean(props, charset, guess)
        try:
            parsed, left_out = _parse(lines, numbers)
        except _Unreadable as exc:
            skipped.append(Skipped(where, "", str(exc), "unreadable"))
            continue
        candidate = _candidate(parsed, where)
        candidate.dropped += dropped
        unreadable = card.skipped + left_out
        for line in sorted(unreadable + card.notes, key=lambda s: int(re.search(r"\d+", s)[0])):
            candidate.remarks.append(line)
        candidate.dropped += ["unreadable line"] * len(unreadable)
        if any(_used(prop.name) and undecided(prop, charset) for prop in props):
            candidate.guessed = guess
            candidate.remarks.append(f"its text declares no charset and is not UTF-8; read as "
                                     f"{guess}, a guess: check the name")
        if not candidate.fields["name"]:
            held = candidate.emails[:1] or [candidate.fields["phone"]]
            skipped.append(Skipped(where, "", "the card has no name (FN or N)" + (
                f"; it holds {held[0]}" if held[0] else ""), "no name"))
            continue
        candidates.append(candidate)
    return candidates, skipped


def _used(name: str) -> bool:
    """Whether a property's text is read (a photo's bytes say nothing about code pages)."""
    return rename(name)[0] in KEPT or name in ("LABEL", "X-ABLABEL", "X-ANDROID-CUSTOM")


def _android_nickname(value: str) -> str:
    """Android's ``X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Ace;1;;…`` → ``Ace``
    (escaped for the card vobject reads), or ``""`` for its other kinds."""
    kind, _, rest = value.partition(";")
    if kind.strip().lower() != "vnd.android.cursor.item/nickname":
        return ""
    return _UNESCAPED_COMMA_RE.sub(r"\1\\,", rest.split(";")[0].strip())


class _Unreadable(Exception):
    """A card that cannot be read; the message says why."""


def _parse(lines: list[str], numbers: list[int]):
    """The card parsed by vobject, and the lines left out because vobject cannot read
    them (each with its file line and reason): the card is parsed again without them."""
    import vobject  # late: only this command needs it, and it is slow to import

    left_out: list[str] = []
    while True:
        try:
            return vobject.readOne("\r\n".join(lines) + "\r\n"), left_out
        except Exception as exc:  # vobject raises ParseError and bare ValueErrors alike
            detail = re.sub(r"^At line \d+: ", "", str(exc).strip()) or type(exc).__name__
            at = getattr(exc, "lineNumber", None)
            if not isinstance(at, int) or not 2 < at < len(lines):  # not one property line
                raise _Unreadable(f"this card cannot be read ({detail})") from None
            left_out.append(f"line {numbers[at - 1]} cannot be read ({detail}); left out")
            del lines[at - 1], numbers[at - 1]


def _clean(props: list[Property], charset: str, guess: str
           ) -> tuple[list[str], list[int], list[str]]:
    """The card as the lines of a plain 3.0 card of the kept properties, the file line of
    each, and what was dropped."""
    lines = ["BEGIN:VCARD", "VERSION:3.0"]
    numbers = [0, 0]
    dropped: list[str] = []
    labels = {prop.group: apple_label(value_text(prop, charset, guess)) for prop in props
              if prop.name == "X-ABLABEL" and prop.group}  # Apple's itemN.X-ABLabel
    has_address = any(rename(prop.name)[0] == "ADR" for prop in props)
    for prop in props:
        name, label = rename(prop.name)
        params = prop.params
        if name == "LABEL" and not has_address:
            name = "X-ADDRESS-LABEL"  # the printed address is all there is: kept as text
        elif name == "X-ANDROID-CUSTOM" and (nickname := _android_nickname(
                value_text(prop, charset, guess))):
            lines.append(f"NICKNAME:{nickname}")
            numbers.append(prop.number)
            continue
        elif name not in KEPT:
            kind = "" if name == "LABEL" and has_address else left_out(name)
            if kind and not (kind in _ONCE and kind in dropped):
                dropped.append(kind)
            continue
        value = value_text(prop, charset, guess)
        if name in _TEXT:
            value = _UNESCAPED_COMMA_RE.sub(r"\1\\,", value)
        if name == "ADR":  # 4.0's LABEL parameter is the printed address, not a label
            printed = params["address label"]
            if printed and not value.replace(";", "").strip():
                lines.append("X-ADDRESS-LABEL:" + _UNESCAPED_COMMA_RE.sub(
                    r"\1\\,", re.sub(r"\^n|\r?\n", r"\\n", printed)))
                numbers.append(prop.number)
                continue
            label = labels.get(prop.group) or label
        else:
            label = labels.get(prop.group) or label or params["label"]
        label = re.sub(r'["\x00-\x1f\x7f]', "", label).strip()
        kept = "".join(f";{key}={v}" for key, v in (
            ("TYPE", ",".join(params["types"])), ("PREF", params["pref"]),
            ("X-LABEL", f'"{label}"' if label else "")) if v)
        # vobject keeps a nickname list's first item only: one line per nickname.
        for one in _UNESCAPED_COMMA_RE.split(value)[::2] if name == "NICKNAME" else [value]:
            lines.append(f"{name}{kept}:{one}")
            numbers.append(prop.number)
    lines.append("END:VCARD")
    numbers.append(0)
    return lines, numbers, dropped


# -- a parsed card → contact fields --------------------------------------------------------


def _contents(card, key: str) -> list:
    return card.contents.get(key, [])


def _values(card, key: str) -> list:
    return [c.value for c in _contents(card, key)]


def _is_pref(content) -> bool:
    types = [t.lower() for t in content.params.get("TYPE", [])]
    return "pref" in types or bool(content.params.get("PREF"))


def _ordered(card, key: str, clean_one) -> list[tuple[str, str]]:
    """Every value of ``key`` as (text, its types), the preferred one first, no repeats."""
    out: list[tuple[str, str]] = []
    contents = _contents(card, key)
    for content in sorted(contents, key=lambda c: not _is_pref(c)):
        text = clean_one(_text_of(content.value))
        kinds = _kinds(content)
        if text and text not in [t for t, _ in out]:
            out.append((text, kinds))
    return out


def _kinds(content) -> str:
    """What a value is, from its ``TYPE`` and its label: ``work, fax``, ``Spouse``."""
    return ", ".join([t.lower() for t in content.params.get("TYPE", [])
                      if t.lower() not in ("pref", "internet", "voice", "x400")]
                     + [label for label in content.params.get("X-LABEL", [])[:1]
                        if label.lower() not in ("", "other")])


def _text_of(value) -> str:
    if isinstance(value, list | tuple):
        return clean(" ".join(_text_of(v) for v in value if v))
    return clean(str(value))


def _name(card) -> str:
    for name in _values(card, "fn"):
        if strip_pictographs(clean(str(name))):
            return strip_pictographs(clean(str(name)))
    for n in _values(card, "n"):
        parts = [n.prefix, n.given, n.additional, n.family, n.suffix]
        text = strip_pictographs(_text_of([p for p in parts if p]))
        if text:
            return text
    return ""


def _location(card) -> str:
    """City and country of the first address (ADR) that has them: ``Lisbon, Portugal``."""
    for address in _values(card, "adr"):
        parts = [_text_of(getattr(address, key, "")) for key in ("city", "country")]
        if any(parts):
            return ", ".join(p for p in parts if p)
    return ""


def _company(card) -> str:
    """The first part of ``ORG`` (``Brightline Robotics;Hardware``), commas kept."""
    for value in _values(card, "org"):
        parts = value if isinstance(value, list) else [value]
        for part in parts:
            text = _text_of(part)
            if text:
                return text
    return ""


def _date(text: str) -> tuple[str, bool]:
    """A vCard date (``19800321``, ``--0321``, ``20090808T1430-0500``) as ``1980-03-21``
    (``--03-21`` without a year), and whether it was readable (else the text as given)."""
    text = clean(text)
    match = _BDAY_RE.match(text)
    if match:
        year = match[1] if match[1] != "--" else "2000"  # a leap year, for 29 February
        if isinstance(parse_date(f"{year}-{match[2]}-{match[3]}"), date):
            return f"{match[1]}-{match[2]}-{match[3]}".replace("---", "--"), True
    return text, False


def _birthday(card) -> tuple[str, bool]:
    """``BDAY`` as ``1980-03-21`` (``--03-21`` without a year), and whether it was
    readable."""
    for value in _values(card, "bday"):
        if clean(str(value)):
            return _date(str(value))
    return "", True


def _label(content) -> str:
    return next(iter(content.params.get("X-LABEL", [])), "")


def _roles(card, candidate: Candidate) -> list[tuple[str, tuple[str, str]]]:
    """``ROLE`` (Outlook's profession, Lotus's role) as the role when ``TITLE`` gave none,
    else as body lines."""
    roles = _ordered(card, "role", clean)
    if roles and not candidate.fields["role"]:
        candidate.fields["role"] = roles.pop(0)[0]
    return [("Role", r) for r in roles if r[0] != candidate.fields["role"]]


def _personal(card, candidate: Candidate) -> list[tuple[str, tuple[str, str]]]:
    """Body lines of what has no field: chat and street addresses, anniversaries and other
    dates, related people; what cannot be shown is counted as left out."""
    facts: list[tuple[str, tuple[str, str]]] = []
    for chat, kinds in _ordered(card, "impp", str.strip):
        for one in _IMPP_SPLIT_RE.split(chat):
            if one.strip() and one.strip() not in [text for _, (text, _) in facts]:
                facts.append(("Chat", (one.strip(), kinds)))
    for content in _contents(card, "adr"):
        text = address_text(content.value)
        if text and text != candidate.fields["location"]:
            facts.append(("Address", (text, _kinds(content))))
    for content in _contents(card, "x-address-label"):  # LABEL, on a card without ADR
        text = ", ".join(clean(line) for line in str(content.value).splitlines() if clean(line))
        if text:
            facts.append(("Address", (text, _kinds(content))))
    for key in ("anniversary", "x-abdate"):
        for content in _contents(card, key):
            text, readable = _date(_text_of(content.value))
            label = _label(content)
            word = "Anniversary" if key == "anniversary" or label.lower() == "anniversary" \
                else "Date"
            if text:
                facts.append((word, (text, "" if word == "Anniversary" else label)))
            if text and not readable:
                candidate.remarks.append(f"the {word.lower()} '{text}' is not a date; kept "
                                         "as text")
    for content in _contents(card, "related"):
        text = _text_of(content.value)
        if re.match(r"(?i)urn:|https?://|[a-z]+:[^\s]*[0-9a-f]{8}-", text):
            candidate.dropped.append("related person given by an id")  # no name to show
            continue
        if text:
            facts.append(("Related", (text.removeprefix("mailto:"), _kinds(content))))
    return facts


def _candidate(card, where: str) -> Candidate:
    emails = _ordered(card, "email", lambda t: t.removeprefix("mailto:").strip())
    phones = _ordered(card, "tel", lambda t: t.removeprefix("tel:").strip())
    links: list[str] = []
    other_links: list[str] = []
    for key in ("x-socialprofile", "url"):
        for text, _ in _ordered(card, key, str.strip):
            url = web_link(text)
            if url and fold_link(url) not in {fold_link(u) for u in links}:
                links.append(url)
            elif not url and text not in other_links:
                other_links.append(text)
    # LinkedIn first: the profile most users look for, and the one the request cites.
    links.sort(key=lambda u: "linkedin." not in u.lower())
    tags: list[str] = []
    for value in _values(card, "categories"):
        for tag in value if isinstance(value, list) else str(value).split(","):
            tag = clean(tag)
            if tag and tag not in tags and tag.lower().replace(" ", "") not in _SYSTEM_GROUPS:
                tags.append(tag)
    email = emails[0][0] if emails and is_email(emails[0][0]) else ""
    fields = {
        "name": _name(card),
        "location": _location(card),
        "role": _text_of(_values(card, "title")[0]) if "title" in card.contents else "",
        "company": _company(card),
        "email": email,
        "phone": phones[0][0] if phones else "",
        "links": links,
        "tags": tags,
    }
    candidate = Candidate(where, fields, emails=[e for e, _ in emails])
    birthday, readable = _birthday(card)
    if not readable:
        candidate.remarks.append(f"the birthday '{birthday}' is not a date; kept as text")
    facts = [("Nickname", t) for t in _ordered(card, "nickname", clean)] + \
        [("Email", e) for e in emails[0 if not email else 1:]] + \
        [("Phone", p) for p in phones[1:]] + \
        [("Link", (u, "")) for u in other_links] + \
        _roles(card, candidate)
    personal = ([("Birthday", (birthday, ""))] if birthday else []) + _personal(card, candidate)
    notes = [markdown_text(str(v)) for v in _values(card, "note")]
    # Where someone lives, their family and their days are not for a public site: under
    # a private heading, which a public build leaves out (emails and phones it redacts).
    candidate.body = listed_body(notes, facts, personal)
    return candidate
