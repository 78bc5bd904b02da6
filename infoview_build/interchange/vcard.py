"""Read vCards (3.0 and 4.0, and the 2.1 of older Android phones) into import candidates.

``vobject`` parses each card: folded lines, ``item1.URL`` groups, escapes and
quoted-printable values. This module only cuts the file into cards first, so that a
message can name the line a card starts on and a card without ``END:VCARD`` is found.
"""

from __future__ import annotations

import re

from infoview_build.interchange.importing import Candidate, clean
from infoview_build.notes.errors import InfoviewError

_BEGIN_RE = re.compile(r"BEGIN:VCARD[ \t]*\Z", re.IGNORECASE)
_END_RE = re.compile(r"END:VCARD[ \t]*\Z", re.IGNORECASE)
_WEB_RE = re.compile(r"https?://\S+\Z", re.IGNORECASE)
# Google Contacts puts every contact in these groups; as tags they say nothing.
_SYSTEM_GROUPS = frozenset(("mycontacts", "starred"))


def cards(text: str, source: str) -> list[tuple[int, str]]:
    """The file cut into cards: (line the card starts on, its text)."""
    found: list[tuple[int, str]] = []
    start, lines = 0, []
    for number, line in enumerate(text.splitlines(), 1):
        if _BEGIN_RE.match(line):
            if lines:
                raise InfoviewError(f"{source}:{start}: this vCard has no END:VCARD before the "
                                    f"next one starts on line {number}; the file is cut short or "
                                    "broken, nothing was imported")
            start, lines = number, [line]
        elif lines:
            lines.append(line)
            if _END_RE.match(line):
                found.append((start, _join_soft_breaks(lines)))
                lines = []
        elif line.strip():
            raise InfoviewError(f"{source}:{number}: expected BEGIN:VCARD, found "
                                f"'{line.strip()[:40]}'; is this a vCard file (.vcf)?")
    if lines:
        raise InfoviewError(f"{source}:{start}: this vCard has no END:VCARD: the file is cut "
                            "short; nothing was imported")
    if not found:
        raise InfoviewError(f"{source}: no vCard in the file (no BEGIN:VCARD line)")
    return found


def _join_soft_breaks(lines: list[str]) -> str:
    """Undo quoted-printable soft line breaks (``=`` at a line's end), which vobject keeps."""
    out: list[str] = []
    joining = False
    for line in lines:
        if joining:
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
        head = out[-1].split(":", 1)[0].upper()
        joining = "QUOTED-PRINTABLE" in head and out[-1].endswith("=")
    return "\r\n".join(out) + "\r\n"


def read(text: str, source: str) -> list[Candidate]:
    """Every card → a candidate; a card vobject cannot parse stops the whole import."""
    import vobject  # late: only this command needs it, and it is slow to import

    candidates = []
    for line, card_text in cards(text, source):
        try:
            card = vobject.readOne(card_text)
        except Exception as exc:  # vobject raises ParseError and bare ValueErrors alike
            at, detail = _where(exc, line, card_text)
            raise InfoviewError(f"{source}:{at}: this vCard cannot be read ({detail}); "
                                "nothing was imported") from None
        candidates.append(_candidate(card, f"{source}:{line}"))
    return candidates


def _where(exc: Exception, start: int, card_text: str) -> tuple[int, str]:
    """The file line of a parse error, and its message without vobject's own line count.

    vobject counts lines in ways that do not match the file, so the line it names is
    looked up here by its text.
    """
    detail = re.sub(r"^At line \d+: ", "", str(exc).strip()) or type(exc).__name__
    bad = detail.partition("Failed to parse line: ")[2]
    if bad:
        for offset, text in enumerate(card_text.split("\r\n")):
            if text.strip() == bad.strip():
                return start + offset, detail
    return start, detail


def _values(card, key: str) -> list:
    return [c.value for c in card.contents.get(key, [])]


def _preferred(card, key: str) -> str:
    """The value marked ``pref`` (2.1 bare PREF, 3.0 TYPE=pref, 4.0 PREF=1), else the first."""
    lines = card.contents.get(key, [])
    for content in lines:
        types = [t.lower() for t in [*content.params.get("TYPE", []),
                                     *getattr(content, "singletonparams", [])]]
        if "pref" in types or content.params.get("PREF"):
            return clean(str(content.value))
    return clean(str(lines[0].value)) if lines else ""


def _name(card) -> str:
    names = _values(card, "fn")
    if names and clean(names[0]):
        return clean(names[0])
    for n in _values(card, "n"):
        parts = [n.prefix, n.given, n.additional, n.family, n.suffix]
        text = clean(" ".join(" ".join(p) if isinstance(p, list) else p for p in parts if p))
        if text:
            return text
    return ""


def _text(value) -> str:
    if isinstance(value, list):
        return clean(" ".join(str(v) for v in value if v))
    return clean(str(value))


def _location(card) -> str:
    """City and country of the first address (ADR), e.g. ``Lisbon, Portugal``."""
    for address in _values(card, "adr"):
        parts = [_text(getattr(address, key, "")) for key in ("city", "country")]
        if any(parts):
            return ", ".join(p for p in parts if p)
    return ""


def _candidate(card, where: str) -> Candidate:
    orgs = _values(card, "org")
    org = orgs[0] if orgs else ""
    company = clean(org[0]) if isinstance(org, list) and org else _text(org)
    links = []
    for key in ("url", "x-socialprofile"):
        for value in _values(card, key):
            url = clean(str(value))
            if _WEB_RE.match(url) and url not in links:
                links.append(url)
    tags: list[str] = []
    for value in _values(card, "categories"):
        for tag in value if isinstance(value, list) else str(value).split(","):
            tag = clean(tag)
            if tag and tag not in tags and tag.lower() not in _SYSTEM_GROUPS:
                tags.append(tag)
    notes = [str(v).replace("\r\n", "\n").replace("\r", "\n").strip()
             for v in _values(card, "note")]
    fields = {
        "name": _name(card),
        "location": _location(card),
        "role": _text(_values(card, "title")[0]) if "title" in card.contents else "",
        "company": company,
        "email": _preferred(card, "email"),
        "phone": _preferred(card, "tel").removeprefix("tel:"),
        "links": links,
        "tags": tags,
    }
    return Candidate(where, fields, "\n\n".join(n for n in notes if n))
