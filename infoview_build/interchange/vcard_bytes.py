"""A vCard file as bytes → cards → property lines, each value decoded to text.

Everything here works before any parser sees the file, on what exporters really write:

- UTF-16 and UTF-32, with or without a byte-order mark, are recognised by where the
  zero bytes of ``BEGIN:VCARD`` fall and turned into UTF-8 first.
- The file is cut into cards on ``BEGIN:VCARD`` and ``END:VCARD`` lines. A card inside a
  card (2.1's ``AGENT``) is read as a card of its own; a card whose end is missing is
  read up to the next card or the end of the file, and that is said. Lines end in CRLF,
  LF, or the CR CR LF of files that went through a Windows tool twice.
- Folded lines are joined before any decoding, so a fold in the middle of a UTF-8
  character (Nextcloud, ownCloud) is harmless; so are 2.1's quoted-printable soft breaks.
- A line that is no property (a ``#`` comment, the rest of a badly folded address) is
  skipped with its number and reason; its card is kept.
- Each value is decoded on its own: quoted-printable or base64 first, then by the first
  charset that reads it: its own ``CHARSET``, UTF-8, the ``CHARSET`` declared on another
  property of its card (Outlook declares it on the address label only), and at last a
  code page guessed once for the whole file (``guess_code_page``).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import quopri
import re
import unicodedata
from dataclasses import dataclass, field

from infoview_build.notes.errors import InfoviewError

_LINE_BREAK_RE = re.compile(rb"\r*\n|\r")
_BEGIN_RE = re.compile(rb"[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t]*\Z", re.IGNORECASE)
_END_RE = re.compile(rb"[ \t]*END[ \t]*:[ \t]*VCARD[ \t]*\Z", re.IGNORECASE)
# A property line: an optional group, a name, parameters (values may be quoted), a colon.
_PROPERTY_RE = re.compile(rb'(?:([^;:."]+)\.)?([^;:"]+)((?:;(?:[^;:"]*"[^"]*")*[^;:"]*)*):',
                          re.DOTALL)
# What a property's name may be (KDE writes ``X-messaging/aim-All``).
_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_/-]*\Z")
_PARAM_RE = re.compile(r'\s*([^=]*?)\s*(?:=\s*(.*?))?\s*\Z', re.DOTALL)
_WIDE = (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2))
CODE_PAGES = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256",
              "cp1257", "cp1258")
"""The Windows code pages a vCard without any ``CHARSET`` may be in, the likeliest first."""


def as_utf8(data: bytes) -> bytes:
    """The file as UTF-8: UTF-16 and UTF-32 (either byte order, with or without a
    byte-order mark) are decoded; other bytes are left as they are (without a UTF-8 BOM)."""
    head = data[:4096].upper()
    for codec, width in _WIDE:
        at = head.find("BEGIN".encode(codec))
        while at >= 0:
            if at % width == 0:  # a wide character starts here, not in the middle of one
                return data.decode(codec, "replace").removeprefix("\ufeff").encode("utf-8")
            at = head.find("BEGIN".encode(codec), at + 1)
    return data.removeprefix(b"\xef\xbb\xbf")


@dataclass(slots=True)
class Card:
    """One card's lines, before parsing."""

    start: int
    """The file line of its ``BEGIN:VCARD``."""
    lines: list[tuple[int, bytes]]
    """(file line, raw line) of everything between BEGIN and END."""
    problem: str = ""
    """Why the lines cannot be read as a card (no ``BEGIN:VCARD`` before them), or empty."""
    skipped: list[str] = field(default_factory=list)
    """Lines of the card that were left out, and why: ``line 7 is …``."""
    notes: list[str] = field(default_factory=list)
    """Other remarks on its lines: a card inside it, read on its own."""


def cards(data: bytes, source: str) -> list[Card]:
    """The file cut into cards, each with the line it starts on.

    Property lines outside any card that end with ``END:VCARD`` (a card whose
    ``BEGIN:VCARD`` line is missing or damaged) are read as a card, and that is said;
    other text outside any card becomes a "card" with a problem, so that it is reported.
    A file with no card at all is refused.
    A ``BEGIN:VCARD`` inside a card is a card inside it (read as a card of its own) when
    the outer card's ``END:VCARD`` follows too; otherwise the outer card lacks its end.
    """
    lines = list(enumerate(_LINE_BREAK_RE.split(data), 1))
    found: list[Card] = []
    current: Card | None = None
    stray: Card | None = None
    index = 0
    while index < len(lines):
        number, line = lines[index]
        index += 1
        if _BEGIN_RE.match(line):
            if current is not None:
                inner_end = _nested_end(lines, index)
                if inner_end:  # read as a card of its own (2.1's AGENT, Android's nesting)
                    last = lines[inner_end - 1][0]
                    current.notes.append(f"lines {number}-{last} are a card inside this "
                                         "card; read as a card of its own")
                    found.append(Card(number, [(n, text) for n, text in
                                               lines[index:inner_end - 1]]))
                    index = inner_end
                    continue
                current.notes.append(f"no END:VCARD before the next card starts on line "
                                     f"{number}; read up to there")
                found.append(current)
            if stray is not None:
                found.append(_stray(stray))
                stray = None
            current = Card(number, [])
        elif current is not None and _END_RE.match(line):
            found.append(current)
            current = None
        elif _END_RE.match(line) and stray is not None and any(
                _is_property(text) for _, text in stray.lines):
            stray.notes.append(f"no BEGIN:VCARD before line {stray.start}; read as a card "
                               f"up to the END:VCARD on line {number}")
            found.append(stray)
            stray = None
        elif current is not None:
            current.lines.append((number, line))
        elif line.strip():
            stray = stray or Card(number, [])
            stray.lines.append((number, line))
    if current is not None:
        current.notes.append(f"no END:VCARD: the file ends inside this card on line "
                             f"{lines[-1][0]} (cut short?); read as far as it goes, check "
                             "its last line")
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


def _nested_end(lines: list[tuple[int, bytes]], index: int) -> int:
    """Where a card inside a card ends (the index after its ``END:VCARD``), or 0 when the
    ``BEGIN:VCARD`` before ``index`` starts a card of its own: it is inside when the outer
    card's ``END:VCARD`` follows too (every card opened after it closed again)."""
    depth = 2  # the outer card and the one just begun
    first_end = 0
    for at in range(index, len(lines)):
        line = lines[at][1]
        if _BEGIN_RE.match(line):
            depth += 1
        elif _END_RE.match(line):
            depth -= 1
            if depth == 1 and not first_end:
                first_end = at + 1
            if depth == 0:
                return first_end
    return 0


_STRAY = "outside any card (no BEGIN:VCARD before them); left out"


def _stray(run: Card) -> Card:
    last = run.lines[-1][0]
    where = f"line {run.start} is" if last == run.start else f"lines {run.start}-{last} are"
    run.problem = f"{where} {_STRAY}"
    return run


@dataclass(slots=True)
class Property:
    """One property line of a card, its value still bytes (transfer encoding undone)."""

    number: int
    group: str
    name: str
    """Upper case: ``FN``, ``X-SKYPE``."""
    params: dict
    raw: bytes
    """The value, quoted-printable or base64 undone."""
    encoded: bool
    """Whether the value was quoted-printable or base64 (its line breaks are real)."""


def properties(card: Card, wanted) -> list[Property]:
    """The card's property lines; a line that is none is noted in ``card.skipped``. Only
    the values of properties whose name ``wanted`` accepts are decoded (a photo's bytes
    are of no use, and its base64 is often broken)."""
    out: list[Property] = []
    for number, line in _logical_lines(card):
        match = _PROPERTY_RE.match(line)
        name = match[2].decode("ascii", "replace").strip() if match else ""
        if match is None or not _NAME_RE.match(name):
            shown = line.strip()[:40].decode("utf-8", "replace")
            why = "no ':'" if match is None else "no property name"
            card.skipped.append(f"line {number} is not a vCard property ({why} in "
                                f"'{shown}'); left out")
            continue
        group = (match[1] or b"").decode("ascii", "replace").strip().upper()
        params = _params(match[3].decode("utf-8", "replace"))
        raw, encoded = _transfer_decoded(line[match.end():], params["encoding"]) \
            if wanted(name.upper()) else (b"", False)
        if raw is None:
            card.skipped.append(f"line {number} ({name.upper()}) is base64 that cannot be "
                                "decoded; left out")
            continue
        out.append(Property(number, group, name.upper(), params, raw, encoded))
    return out


def _logical_lines(card: Card) -> list[tuple[int, bytes]]:
    """The card's lines unfolded: folds (a line starting with a space or tab) and
    quoted-printable soft breaks (``=`` at a line's end) joined, still as bytes."""
    out: list[tuple[int, bytes]] = []
    soft = False
    for number, line in card.lines:
        if soft and not line.strip():
            continue  # a blank line after a soft break (Outlook): the value goes on after it
        if soft:
            out[-1] = (out[-1][0], out[-1][1][:-1] + line)
        elif line[:1] in (b" ", b"\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + line[1:])
        elif out and out[-1][1].endswith(b"\\") and not _is_property(line):
            # 2.1 as Android reads it: a backslash at a line's end continues the value
            # on the next line, after a line break.
            out[-1] = (out[-1][0], out[-1][1][:-1] + b"\\n" + line)
        elif line.strip():
            out.append((number, line))
        else:
            continue
        head = out[-1][1].split(b":", 1)[0].upper()
        soft = b"QUOTED-PRINTABLE" in head and out[-1][1].endswith(b"=")
    return out


def _is_property(line: bytes) -> bool:
    match = _PROPERTY_RE.match(line)
    return bool(match and _NAME_RE.match(match[2].decode("ascii", "replace").strip()))


def _params(text: str) -> dict:
    """``;TYPE=WORK;type=pref;CHARSET=…`` and 2.1's bare ``;WORK;PREF;QUOTED-PRINTABLE``."""
    out = {"types": [], "pref": "", "encoding": "", "charset": "", "label": "",
           "address label": ""}
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
        elif key in ("X-SERVICE-TYPE", "X-LABEL"):  # IMPP's service; a label
            out["label"] = value
        elif key == "LABEL":  # on an ADR, its printed form (4.0); elsewhere a label
            out["label"] = out["address label"] = value
        elif key == "TYPE" or not value:
            for one in re.split(r"[,\s]+", value or key):
                one = re.sub(r"[^A-Za-z0-9-]", "", one).lower()
                if one == "pref":
                    out["pref"] = "1"
                elif one and one not in out["types"]:
                    out["types"].append(one)
    return out


def _transfer_decoded(raw: bytes, encoding: str) -> tuple[bytes | None, bool]:
    if encoding == "QUOTED-PRINTABLE":
        return quopri.decodestring(raw), True
    if encoding in ("B", "BASE64"):
        try:
            return base64.b64decode(raw + b"=" * (-len(raw.strip()) % 4)), True
        except (binascii.Error, ValueError):
            return None, True
    return raw, False


def declared(props: list[Property]) -> str:
    """The first code page declared on the card's properties that Python knows, or ``""``.
    UTF-8 and ASCII are passed over: a card that declares them on one value says nothing
    about the bytes of another that are not UTF-8."""
    for prop in props:
        codec = _codec(prop.params["charset"])
        if codec and codec not in ("utf-8", "ascii"):
            return codec
    return ""


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def undecided(prop: Property, card_charset: str) -> bool:
    """Whether only a guess can read this value: it is neither ASCII nor UTF-8, and neither
    it nor its card declares a charset."""
    return not (prop.raw.isascii() or _reads(prop.raw, "utf-8") or card_charset
                or _codec(prop.params["charset"]))


def _reads(raw: bytes, codec: str) -> bool:
    try:
        raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def text(prop: Property, card_charset: str, guess: str) -> str:
    """The value as text (see the module's order of charsets). Decoded line breaks of a
    quoted-printable or base64 value are written as the ``\\n`` escape vobject reads;
    ``\\:`` (Google and Apple write ``http\\://``) is undone."""
    for codec in (_codec(prop.params["charset"]), "utf-8", card_charset, guess):
        if codec and _reads(prop.raw, codec):
            value = prop.raw.decode(codec)
            break
    else:  # broken bytes in a declared charset keep the rest of the value
        value = prop.raw.decode(_codec(prop.params["charset"]) or card_charset or "cp1252",
                                "replace")
    if prop.encoded:
        return re.sub(r"\r\n|\r|\n", r"\\n", value)
    return re.sub(r"(?<!\\)((?:\\\\)*)\\:", r"\1:", value)


def guess_code_page(raw: bytes) -> str:
    """The Windows code page ``raw`` (the values of a file no charset reads) is likeliest
    in. charset-normalizer names the code pages that read it without noise (and
    Windows-1252 is always a candidate); of those, the one whose words look most like
    names wins (``_name_likeness``), the commoner code page on a tie."""
    from charset_normalizer import from_bytes  # late: only a file without charsets needs it

    results = list(from_bytes(raw, cp_isolation=list(CODE_PAGES)))
    least = min((m.chaos for m in results), default=0.0)
    tried = {m.encoding for m in results if m.chaos <= least + 0.05} & set(CODE_PAGES)
    if _reads(raw, "cp1252"):
        tried.add("cp1252")
    if not tried:
        return "cp1252"
    return max(tried, key=lambda codec: (_name_likeness(raw.decode(codec, "replace")),
                                         -CODE_PAGES.index(codec)))


def _name_likeness(decoded: str) -> int:
    """How many words look like a word of a name: one script, a capital first where the
    script has capitals, and in Latin script mostly unaccented letters (Greek or Hebrew
    read as Windows-1252 gives ``ÍåöÝëç``: all accents)."""
    score = 0
    for word in re.findall(r"[^\W\d_]+", decoded):
        scripts = {unicodedata.name(c, "? ").split()[0] for c in word}
        if len(scripts) != 1 or not (word[0].isupper() or word[0].lower() == word[0].upper()):
            continue
        if scripts == {"LATIN"} and 3 * sum(not c.isascii() for c in word) > len(word):
            continue
        score += 1
    return score
