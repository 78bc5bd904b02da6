"""Read vCards (2.1, 3.0 and 4.0, as phones, Google, Apple, Outlook and Nextcloud write
them) into import candidates, card by card and forgivingly.

``vobject`` parses a card's properties: parameters, ``TYPE`` and ``PREF``, the parts of
``N`` and ``ADR``, and the escapes of 3.0 text. Alone, it refuses whole files that real
exporters write, so each card is cleaned here first, on bytes:

- The file is cut into cards on ``BEGIN:VCARD`` and ``END:VCARD`` lines. A card that
  cannot be read is skipped with its line and reason; the others are imported.
- Lines end in CRLF, LF, or the CR CR LF of files that went through a Windows tool twice.
- Folded lines are joined before any decoding, so a fold in the middle of a UTF-8
  character (Nextcloud, ownCloud) is harmless; so are 2.1's quoted-printable soft breaks.
- Only the properties used here are kept (``vcard_fields``: exporters' many names for
  one thing are renamed to one, and Apple's ``itemN.X-ABLabel`` lines joined to their
  property as its label). ``PHOTO``, ``LOGO``, ``SOUND`` and ``KEY`` (whose base64 is
  often badly padded), ``PROFILE:VCard`` (Lotus Notes), and unknown or misnamed ``X-``
  properties are dropped before vobject sees them, so they cannot break a card; what
  they said about the person is counted in the summary by kind, bookkeeping is not.
- Each value is decoded on its own: quoted-printable first, then by its ``CHARSET``
  (Outlook's Latin-1), else as UTF-8, else as Windows-1252.
- ``\\:`` (Google and Apple write ``URL:http\\://…``) is undone; vobject keeps it.
- ``ORG`` is read as text (vobject returns a list, and Outlook writes ``Stripe, Inc.``).

The card that vobject parses is a plain 3.0 card of the kept properties, with only the
``TYPE`` and ``PREF`` parameters.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import quopri
import re
from dataclasses import dataclass
from datetime import date

from infoview_build.interchange.importing import (
    Candidate,
    Skipped,
    clean,
    markdown_inline,
    markdown_text,
    web_link,
)
from infoview_build.interchange.vcard_fields import (
    KEPT,
    address_text,
    apple_label,
    left_out,
    rename,
)
from infoview_build.notes.errors import InfoviewError
from infoview_build.notes.identity import fold_link, strip_pictographs
from infoview_build.notes.validate import is_email, parse_date

PERSONAL_HEADING = "## Private: personal details"
"""Heads the imported lines a public site must not show (birthday, addresses, family)."""
_LINE_BREAK_RE = re.compile(rb"\r*\n|\r")
_BEGIN_RE = re.compile(rb"[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t]*\Z", re.IGNORECASE)
_END_RE = re.compile(rb"[ \t]*END[ \t]*:[ \t]*VCARD[ \t]*\Z", re.IGNORECASE)
# A property line: an optional group, a name, parameters (values may be quoted), a colon.
_PROPERTY_RE = re.compile(rb'(?:([^;:."]+)\.)?([^;:"]+)((?:;(?:[^;:"]*"[^"]*")*[^;:"]*)*):',
                          re.DOTALL)
_PARAM_RE = re.compile(r'\s*([^=]*?)\s*(?:=\s*(.*?))?\s*\Z', re.DOTALL)
# Google Contacts and Android put every contact in these groups; as tags they say nothing.
_SYSTEM_GROUPS = frozenset(("mycontacts", "starred"))
# Birthdays: 1980-03-21, 19800321, --0321 (no year), with or without a time.
# Kinds a card may write twice for one thing (a name's parts; GENDER and X-GENDER).
_ONCE = frozenset(("phonetic name", "gender"))
_BDAY_RE = re.compile(r"(\d{4}|--)-?(\d{2})-?(\d{2})(?:T.*)?\Z")


@dataclass(slots=True)
class _Card:
    """One card's lines, before parsing."""

    start: int
    """The file line of its ``BEGIN:VCARD``."""
    lines: list[tuple[int, bytes]]
    """(file line, raw line) of everything between BEGIN and END."""
    problem: str = ""
    """Why the card as a whole cannot be read (no ``END:VCARD``), or empty."""


def cards(data: bytes, source: str) -> list[_Card]:
    """The file cut into cards, each with the line it starts on.

    Text outside any card (a card whose ``BEGIN:VCARD`` line is damaged) becomes a
    "card" with a problem, so that it is reported; a file with no card at all is refused.
    """
    found: list[_Card] = []
    current: _Card | None = None
    stray: _Card | None = None
    for number, line in enumerate(_LINE_BREAK_RE.split(data), 1):
        if _BEGIN_RE.match(line):
            if current is not None:
                current.problem = f"no END:VCARD before the next card starts on line {number}"
                found.append(current)
            if stray is not None:
                found.append(_stray(stray))
                stray = None
            current = _Card(number, [])
        elif current is not None and _END_RE.match(line):
            found.append(current)
            current = None
        elif current is not None:
            current.lines.append((number, line))
        elif line.strip():
            stray = stray or _Card(number, [])
            stray.lines.append((number, line))
    if current is not None:
        current.problem = "no END:VCARD: the file ends inside this card (cut short?)"
        found.append(current)
    if stray is not None:
        found.append(_stray(stray))
    if all(card.problem.endswith(_STRAY) for card in found):
        if found:
            number, line = found[0].lines[0]
            shown = line.strip()[:40].decode("utf-8", "replace")
            raise InfoviewError(f"{source}:{number}: expected BEGIN:VCARD, found '{shown}'; "
                                "is this a vCard file (.vcf)?")
        raise InfoviewError(f"{source}: no vCard in the file (no BEGIN:VCARD line)")
    return found


_STRAY = "outside any card (no BEGIN:VCARD before them); left out"


def _stray(run: _Card) -> _Card:
    last = run.lines[-1][0]
    where = f"line {run.start} is" if last == run.start else f"lines {run.start}-{last} are"
    run.problem = f"{where} {_STRAY}"
    return run


def read(data: bytes, source: str) -> tuple[list[Candidate], list[Skipped]]:
    """Every card → a candidate; a card that cannot be read is skipped with its reason."""
    import vobject  # late: only this command needs it, and it is slow to import

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16", "replace").encode("utf-8")
    data = data.removeprefix(b"\xef\xbb\xbf")
    candidates: list[Candidate] = []
    skipped: list[Skipped] = []
    for card in cards(data, source):
        where = f"{source}:{card.start}"
        if card.problem:
            skipped.append(Skipped(where, "", card.problem, "unreadable"))
            continue
        try:
            text, dropped = _clean(card)
            parsed = vobject.readOne(text)
        except _Unreadable as exc:
            skipped.append(Skipped(where, "", str(exc), "unreadable"))
            continue
        except Exception as exc:  # vobject raises ParseError and bare ValueErrors alike
            detail = re.sub(r"^At line \d+: ", "", str(exc).strip()) or type(exc).__name__
            skipped.append(Skipped(where, "", f"this card cannot be read ({detail})",
                                   "unreadable"))
            continue
        candidate = _candidate(parsed, where)
        candidate.dropped += dropped
        if not candidate.fields["name"]:
            held = candidate.emails[:1] or [candidate.fields["phone"]]
            skipped.append(Skipped(where, "", "the card has no name (FN or N)" + (
                f"; it holds {held[0]}" if held[0] else ""), "no name"))
            continue
        candidates.append(candidate)
    return candidates, skipped


class _Unreadable(Exception):
    """A card that cannot be read; the message says which line and why."""


def _logical_lines(card: _Card) -> list[tuple[int, bytes]]:
    """The card's lines unfolded: folds (a line starting with a space or tab) and
    quoted-printable soft breaks (``=`` at a line's end) joined, still as bytes."""
    out: list[tuple[int, bytes]] = []
    soft = False
    for number, line in card.lines:
        if soft:
            out[-1] = (out[-1][0], out[-1][1][:-1] + line)
        elif line[:1] in (b" ", b"\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + line[1:])
        elif line.strip():
            out.append((number, line))
        else:
            continue
        head = out[-1][1].split(b":", 1)[0].upper()
        soft = b"QUOTED-PRINTABLE" in head and out[-1][1].endswith(b"=")
    return out


def _clean(card: _Card) -> tuple[str, list[str]]:
    """The card as plain 3.0 text of the kept properties, and what was dropped."""
    lines = ["BEGIN:VCARD", "VERSION:3.0"]
    dropped: list[str] = []
    properties: list[tuple[int, bytes, str, str, re.Match]] = []  # line, raw, group, name
    labels: dict[str, str] = {}  # Apple's itemN.X-ABLabel, by group
    keeping = False  # whether the last property line was kept (for lines without a colon)
    for number, line in _logical_lines(card):
        match = _PROPERTY_RE.match(line)
        if match is None:
            if keeping:
                shown = line.strip()[:40].decode("utf-8", "replace")
                raise _Unreadable(f"line {number} is not a vCard property (no ':' in "
                                  f"'{shown}')")
            continue  # more of a photo or key that was not folded: dropped with it
        group = (match[1] or b"").decode("ascii", "replace").strip().upper()
        name = match[2].decode("ascii", "replace").strip().upper()
        keeping = rename(name)[0] in KEPT or name in ("X-ABLABEL", "LABEL")
        if name == "X-ABLABEL" and group:
            labels[group] = apple_label(_decode(line[match.end():], _params(
                match[3].decode("utf-8", "replace"))))
        properties.append((number, line, group, name, match))
    has_address = any(rename(name)[0] == "ADR" for _, _, _, name, _ in properties)
    for _number, line, group, name, match in properties:
        name, label = rename(name)
        if name == "LABEL" and not has_address:
            name = "X-ADDRESS-LABEL"  # the printed address is all there is: kept as text
        elif name not in KEPT:
            kind = "" if name == "LABEL" and has_address else left_out(name)
            if kind and not (kind in _ONCE and kind in dropped):
                dropped.append(kind)
            continue
        params = _params(match[3].decode("utf-8", "replace"))
        value = _decode(line[match.end():], params)
        if name == "ORG":  # a company's name may hold commas; vobject would split there
            value = re.sub(r"(?<!\\)((?:\\\\)*),", r"\1\\,", value)
        label = labels.get(group) or label or params["label"]
        label = re.sub(r'["\x00-\x1f\x7f]', "", label).strip()
        kept = "".join(f";{key}={v}" for key, v in (
            ("TYPE", ",".join(params["types"])), ("PREF", params["pref"]),
            ("X-LABEL", f'"{label}"' if label else "")) if v)
        lines.append(f"{name}{kept}:{value}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n", dropped


def _params(text: str) -> dict:
    """``;TYPE=WORK;type=pref;CHARSET=…`` and 2.1's bare ``;WORK;PREF;QUOTED-PRINTABLE``."""
    out = {"types": [], "pref": "", "encoding": "", "charset": "", "label": ""}
    for item in text.split(";")[1:]:
        key, value = _PARAM_RE.match(item).groups()
        key = key.upper()
        value = (value or "").strip('"')
        if value == "" and key in ("QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"):
            key, value = "ENCODING", key
        if key == "ENCODING":
            out["encoding"] = value.upper()
        elif key == "CHARSET":
            out["charset"] = value
        elif key == "PREF":
            out["pref"] = "1"
        elif key in ("X-SERVICE-TYPE", "X-LABEL", "LABEL"):  # IMPP's service; a label
            out["label"] = value
        elif key == "TYPE" or not value:
            for one in re.split(r"[,\s]+", value or key):
                one = re.sub(r"[^A-Za-z0-9-]", "", one).lower()
                if one == "pref":
                    out["pref"] = "1"
                elif one and one not in out["types"]:
                    out["types"].append(one)
    return out


def _decode(raw: bytes, params: dict) -> str:
    """A value's text: quoted-printable undone, then decoded by its charset."""
    encoding = params["encoding"]
    if encoding == "QUOTED-PRINTABLE":
        text = _text(quopri.decodestring(raw), params["charset"])
        # Decoded line breaks are real ones; written back as the escape vobject reads.
        return re.sub(r"\r\n|\r|\n", r"\\n", text)
    if encoding in ("B", "BASE64"):
        try:
            raw = base64.b64decode(raw + b"=" * (-len(raw.strip()) % 4))
        except (binascii.Error, ValueError):
            raise _Unreadable("a text value is base64 that cannot be decoded") from None
        return re.sub(r"\r\n|\r|\n", r"\\n", _text(raw, params["charset"]))
    # "\:" is no vCard escape, but Google and Apple write it in every URL.
    return re.sub(r"(?<!\\)((?:\\\\)*)\\:", r"\1:", _text(raw, params["charset"]))


def _text(raw: bytes, charset: str) -> str:
    """Bytes as text: UTF-8 when they are, else the declared charset, else Windows-1252."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if charset:
        try:
            return raw.decode(codecs.lookup(charset).name)
        except (LookupError, UnicodeDecodeError):
            pass
    return raw.decode("cp1252", "replace")


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


def _listed(facts: list[tuple[str, tuple[str, str]]]) -> str:
    return "\n".join(f"- {label}: {markdown_inline(text)}"
                     + (f" ({markdown_inline(kinds)})" if kinds else "")
                     for label, (text, kinds) in facts)


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
    facts = [("Chat", c) for c in _ordered(card, "impp", str.strip)]
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
    candidate.body = "\n\n".join(x for x in (*notes, _listed(facts), personal and (
        f"{PERSONAL_HEADING}\n\n{_listed(personal)}")) if x)
    return candidate
