"""Email addresses and phone numbers found in free text, for the public view to hide.

Emails: any address with a dot in its domain, in any script (``josé@exemple.org``,
``用户@例子.中国``), with or without ``mailto:``; also where a character of it is written as
an HTML entity (``ada&#64;example.org``, ``&commat;``, double-escaped ``&amp;#64;``) or
percent-encoded (``ada%40example.org`` in a link), since a browser shows those as the
address itself.

Invisible characters (Unicode's format characters and default-ignorable ones: a zero-width
space, a soft hyphen, a word joiner, bidi marks, variation selectors), whether written
raw, as an entity (``&#8203;``, ``&shy;``) or percent-encoded, are read as nothing: a
browser shows ``+1 415\u200b555 0101`` as the number itself.

Phone numbers: every run of digits joined by separators (anything but letters, digits
and line breaks, at most three in a row: spaces, dots, hyphens, slashes, brackets, ``·``,
``•``, ``_``, ``:``, ``~``…; a comma or semicolon only when no space follows, as one that
ends an item of a list is none; ``|`` only between two digits, as a table's cell border
is none) and a leading ``+``, that holds at least
``MIN_DIGITS`` digits is read by ``phonenumbers`` (Google's libphonenumber), as a number
of each of the regions that matter to the knowledge base and of ``DEFAULT_REGIONS``, with
the ``POSSIBLE`` leniency: a number that is the right length for the region, so that
fictional ranges (``555 0100``) and numbers not yet assigned are found too. What the
library does not claim is still hidden when it holds ``LONG_RUN`` digits or more. Kept:
dates (``2026-12-03``, ``03.12.2026``), times (``14:30``), year ranges (``2019 - 2023``),
an IPv4 address with its port (``127.0.0.1:8000``)
and amounts with a currency (``$1,200,000``, ``95 000 €``), numbers grouped by commas in
thousands (``1,200,000``) shorter than ``LONG_RUN`` digits, and anything with fewer than
``MIN_DIGITS`` digits (``3 of 5``, ``room 404``, ``10 20 30``).

Every pattern here is linear: the runs are possessive and every lookahead is bounded, so
ten megabytes of any text take seconds, not hours.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

EMAIL_TEXT = "[email removed]"
PHONE_TEXT = "[phone removed]"

DEFAULT_REGIONS = (
    "US", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "CH", "AT", "SE", "NO", "DK", "FI",
    "IE", "PL", "PT", "CZ", "GR", "TR", "RU", "UA", "IL", "AE", "SA", "EG", "ZA", "NG",
    "KE", "IN", "PK", "BD", "CN", "HK", "TW", "JP", "KR", "SG", "MY", "TH", "VN", "ID",
    "PH", "AU", "NZ", "CA", "MX", "BR", "AR", "CL", "CO", "PE",
)
"""Regions every text is read for, after those of the knowledge base itself."""
MIN_DIGITS = 7
"""Fewer digits than this are not a phone number (``10 20 30``, ``+1 555``)."""
LONG_RUN = 9
"""A run of this many digits is hidden even when no region's numbering plan claims it."""
MAX_RUN = 64
"""A longer run of digits and separators is a column of numbers, hidden whole without
asking the library (which would take time in proportion to every split of it)."""
LOOKUPS = 500
"""Runs one text may send to the library; past this, each run of ``MIN_DIGITS`` digits is
hidden unread (a note made of numbers costs seconds, not minutes)."""

# -- emails -----------------------------------------------------------------------------

_LOCAL = r"[\w.!#$%'*+=?^`{|}~-]"
_LABEL = r"[\w-]"
# A match may start only where a run of address characters starts, and the runs are
# possessive: without both, a long word with no "@" in it takes quadratic time.
_EMAIL_RE = re.compile(
    rf"(?:mailto:)?(?<!{_LOCAL}){_LOCAL}++[@\uff20\ufe6b]"
    rf"(?:{_LABEL}++(?:[.\u3002\uff0e]{_LABEL}++)+|\[[0-9A-Fa-f:.]{{2,45}}\])",
    re.IGNORECASE,
)

# -- phone numbers ----------------------------------------------------------------------

_SEP = (r"(?:[^\w\n\r\v\f\x1c-\x1e\x85\u2028\u2029|,;\uff0c\uff1b]|_|(?<=\d)\|(?=\d)"
        r"|[,;\uff0c\uff1b](?!\s))")
# What phonenumbers reads as a separator; any other one is shown to it as a space.
_LIBRARY_SEP_RE = re.compile(
    r"[^\d\s\-./()\[\]\u2010-\u2015\u2212\uff08\uff09\uff0d\uff0e\uff0f+\uff0b]|(?<=\d)[+\uff0b]")
# "1,200,000" is a count or an amount, not a phone number, unless it is a long one.
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+")
# Only a day that a calendar has is a date: "0000.0/0" after a phone number is not.
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_DATE = (r"(?<!\d)(?<!\d[-./])"
         rf"(?:\d{{4}}[-./]{_MONTH}[-./]{_DAY}|{_DAY}[-./]{_DAY}[-./](?:\d{{4}}|\d{{2}}))"
         r"(?![-./]?\d)")
_TIME = r"(?<!\d)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?!\d)"
_YEARS = (r"(?<!\d)(?<!\d[-./])(?:1[89]|2[01])\d{2}[^\S\n]{0,3}[-\u2013\u2014/][^\S\n]{0,3}"
          r"(?:(?:1[89]|2[01])\d{2}|\d{2})(?![-./]?\d)")
_CODES = r"USD|EUR|GBP|CHF|JPY|CNY|INR|AUD|CAD|BRL|SEK|NOK|DKK"
_CURRENCY = rf"(?:[$€£¥₹₩₽¢]|\b(?:{_CODES})\b)"
# An amount is not followed by more digits: "¢ 000 000 0000" is a phone number.
_GROUPED = (r"(?:\d{1,3}(?:[.,'\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|\d{1,15}(?:[.,]\d{1,2})?)"
            r"(?![.,'\u00a0\u202f ]?\d)")
_AMOUNT = (rf"{_CURRENCY}[^\S\n]?(?:{_GROUPED})"
           rf"|(?<!\d)(?:{_GROUPED})[^\S\n]?(?:[$€£¥₹]|\b(?:{_CODES}|k|m|bn)\b)")
# A local address and port (``127.0.0.1:8000``), which a colon no longer splits.
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_ADDRESS_PORT = rf"(?<![\d.]){_OCTET}(?:\.{_OCTET}){{3}}:\d{{1,5}}(?!\d)"
_KEPT = rf"{_DATE}|{_TIME}|{_YEARS}|{_ADDRESS_PORT}"
# Kept forms first: at each place a date, a time, a year range or an amount wins, and a
# run of digits stops before one.
_NUMBERS_RE = re.compile(
    rf"(?P<kept>{_KEPT}|{_AMOUNT})"
    rf"|(?P<run>[+\uff0b]?[(\uff08]?(?!{_KEPT})\d++(?:(?!{_SEP}{{1,3}}(?:{_KEPT})){_SEP}{{1,3}}+\d++)*+)"
)

# -- text as a reader sees it: entities and percent-escapes decoded ---------------------

INVISIBLE = ("\u00ad\u034f\u061c\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160"
             "\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
             "\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U000110bd\U000110cd"
             "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
             "\U000e0000-\U000e0fff")
"""A character class of what a reader does not see: every format character (Cf) and
every default-ignorable code point."""
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]++")
_ENCODED_RE = re.compile(
    r"&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    rf"|(?:%(?:25)*[0-9A-Fa-f]{{2}})++|[{INVISIBLE}]++"
)


def _decode(piece: str) -> str:
    if piece[0] == "&":
        shown = html.unescape("&" + piece[1:].replace("amp;", ""))
    elif piece[0] == "%":
        data = bytes(int(code[-2:], 16)
                     for code in re.findall(r"%(?:25)*[0-9A-Fa-f]{2}", piece))
        shown = data.decode("utf-8", errors="replace")
    else:
        return ""
    return _INVISIBLE_RE.sub("", shown)


def visible(text: str) -> str:
    """``text`` without the characters a reader does not see."""
    return _INVISIBLE_RE.sub("", text)


def _needs_reading(text: str) -> bool:
    """Whether ``text`` shows something other than what it holds (an entity, an escape,
    an invisible character)."""
    return "&" in text or "%" in text or (
        not text.isascii() and _INVISIBLE_RE.search(text) is not None)  # isascii: O(1)


class _Reading:
    """``text`` with its entities and percent-escapes decoded, and the way back: a span
    of the decoded text maps to the span of the original that shows it."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.starts: list[int] = []  # decoded offset where each decoded piece starts
        self.pieces: list[tuple[int, int, int]] = []  # (original start, end, decoded length)
        parts: list[str] = []
        decoded_length = 0
        position = 0
        if _needs_reading(text):
            for match in _ENCODED_RE.finditer(text):
                decoded = _decode(match[0])
                if decoded == match[0]:
                    continue
                plain = text[position:match.start()]
                parts += [plain, decoded]
                decoded_length += len(plain)
                self.starts.append(decoded_length)
                self.pieces.append((match.start(), match.end(), len(decoded)))
                decoded_length += len(decoded)
                position = match.end()
        self.text = "".join(parts) + text[position:] if parts else text

    def _original(self, offset: int, end: bool) -> int:
        index = bisect_right(self.starts, offset if not end else offset - 1) - 1
        if index < 0:
            return offset
        start, stop, length = self.pieces[index]
        inside = offset - self.starts[index]
        if inside < length or (end and inside == length):
            return stop if end else start
        return stop + inside - length

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that shows the decoded span ``start:end``."""
        return self._original(start, False), self._original(end, True)

    def replace(self, spans: Iterable[tuple[int, int]], marker: str) -> str:
        """The original text with each decoded span shown by ``marker``."""
        out: list[str] = []
        position = 0
        for start, end in spans:
            start, end = self._original(start, False), self._original(end, True)
            if start < position:
                start = position
            out += [self.original[position:start], marker]
            position = end
        out.append(self.original[position:])
        return "".join(out)


# -- the regions that matter --------------------------------------------------------------

_COUNTRY_ALIASES = {"uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
                    "usa": "US", "us": "US", "united states": "US", "america": "US",
                    "deutschland": "DE", "holland": "NL", "españa": "ES", "brasil": "BR",
                    "méxico": "MX", "italia": "IT", "schweiz": "CH", "suisse": "CH",
                    "österreich": "AT", "uae": "AE", "korea": "KR", "south korea": "KR"}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


@cache
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """Country names → region code, and time zones → region code, from ``tzdata``."""
    folder = resources.files("tzdata").joinpath("zoneinfo")
    names = {_fold(alias): code for alias, code in _COUNTRY_ALIASES.items()}
    for line in folder.joinpath("iso3166.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            code, name = line.split("\t", 1)
            names.setdefault(_fold(name), code)
    zones = {}
    for line in folder.joinpath("zone.tab").read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and not line.startswith("#"):
            zones[fields[2]] = fields[0]
    return names, zones


def regions_of(places: Iterable[str | None], zones: Iterable[str | None],
               phones: Iterable[str | None]) -> tuple[str, ...]:
    """The regions to read numbers for: countries named in ``places``, the countries of
    the time ``zones`` and of the international ``phones``, then ``DEFAULT_REGIONS``."""
    names, zone_table = _tables()
    found: dict[str, None] = {}
    for place in places:
        words = _fold(place or "").split()
        for size in (3, 2, 1):
            for index in range(len(words) - size + 1):
                code = names.get(" ".join(words[index:index + size]))
                if code:
                    found[code] = None
    for zone in zones:
        if zone in zone_table:
            found[zone_table[zone]] = None
    for phone in phones:
        try:
            number = phonenumbers.parse(phone or "", None)
        except phonenumbers.NumberParseException:
            continue
        code = phonenumbers.region_code_for_number(number)
        if code and code != "ZZ":
            found[code] = None
    found.update(dict.fromkeys(DEFAULT_REGIONS))
    return tuple(found)


_GROUP_RE = re.compile(r"\d+")


# -- finding ------------------------------------------------------------------------------

def _digits(text: str) -> int:
    return sum(map(len, _GROUP_RE.findall(text)))


@lru_cache(maxsize=8192)
def _claimed(run: str, regions: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Spans of ``run`` that ``phonenumbers`` reads as a number of one of ``regions``."""
    spans: set[tuple[int, int]] = set()
    covered = 0
    total = _digits(run)
    for region in regions:
        for match in PhoneNumberMatcher(run, region, leniency=Leniency.POSSIBLE):
            span = (match.start, match.end)
            if span not in spans and _digits(match.raw_string) >= MIN_DIGITS:
                spans.add(span)
                covered += _digits(match.raw_string)
        if covered >= total:
            break
    return tuple(sorted(spans))


# Starts with a digit, which the regular expression engine looks for fast; the lookahead
# skips, without leaving C, every cluster that has too few digits to be a phone number.
_CLUSTER_RE = re.compile(
    rf"\d(?=(?:{_SEP}{{0,3}}\d){{{MIN_DIGITS - 1}}})\d*+(?:{_SEP}{{1,3}}+\d++)*+")
_CONTEXT = 6
"""Characters either side of a cluster of digits that can make it a date or an amount
(``USD 1 200 000``, ``95 000 EUR``)."""
MAX_CLUSTER = 10_000
"""A longer cluster of digits and separators is hidden whole, unread."""


# Most clusters hold no separator a date uses and have no currency beside them: they are
# one run, and the slower pattern that tells dates and amounts apart is not needed.
_DATEISH_RE = re.compile(r"[-./\u2013\u2014:]")
_CURRENCYISH_RE = re.compile(rf"[$€£¥₹₩₽¢]|\b(?:{_CODES}|k|m|bn)\b")
_PREFIX = "+\uff0b(\uff08"


def _phone_spans(text: str, regions: tuple[str, ...]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    lookups = [0]
    for cluster in _CLUSTER_RE.finditer(text):
        first, last = cluster.span()
        while first > 0 and text[first - 1] in _PREFIX and last - first <= MAX_CLUSTER:
            first -= 1
        if last - first > MAX_CLUSTER:
            spans.append((first, last))
            continue
        before, after = text[max(first - _CONTEXT, 0):first], text[last:last + _CONTEXT]
        for start, end in _runs(before, text[first:last], after):
            spans += _run_spans(text[first + start:first + end], first + start, regions, lookups)
    return _merged(spans)


@lru_cache(maxsize=8192)
def _runs(before: str, cluster: str, after: str) -> tuple[tuple[int, int], ...]:
    """The runs of ``cluster`` (between ``before`` and ``after``) that are not dates,
    times, year ranges or amounts, as spans of ``cluster``."""
    if not _DATEISH_RE.search(cluster) and not _CURRENCYISH_RE.search(before + after):
        return ((0, len(cluster)),)
    offset = len(before)
    return tuple(
        (match.start() - offset, match.end() - offset)
        for match in _NUMBERS_RE.finditer(before + cluster + after)
        if match["run"] is not None and offset <= match.start() < offset + len(cluster)
    )


def _run_spans(run: str, start: int, regions: tuple[str, ...],
               lookups: list[int]) -> list[tuple[int, int]]:
    """What to hide of one run of digits and separators that starts at ``start``."""
    digits = _digits(run)
    if digits < MIN_DIGITS or (digits < LONG_RUN and _THOUSANDS_RE.fullmatch(run)):
        return []
    if len(run) > MAX_RUN or lookups[0] >= LOOKUPS:
        return [(start, start + len(run))]
    lookups[0] += 1
    claimed = _claimed(_LIBRARY_SEP_RE.sub(" ", run), regions)
    left = digits - sum(_digits(run[a:b]) for a, b in _merged(claimed))
    if left >= LONG_RUN:
        return [(start, start + len(run))]
    return [(start + a, start + b) for a, b in claimed]


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _email_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` showing an address, read decoded and as written: decoding can
    also hide one (``a%20b@x.org`` decoded is ``a b@x.org``)."""
    reading = _Reading(text)
    spans = [reading.span(*m.span()) for m in _EMAIL_RE.finditer(reading.text)]
    if reading.text != text:
        spans += [m.span() for m in _EMAIL_RE.finditer(text)]
    return _merged(spans)


def redact(text: str, regions: tuple[str, ...] = DEFAULT_REGIONS) -> str:
    """Email addresses and phone numbers in free text, replaced by a visible marker."""
    if not text:
        return text
    if "@" in text or "\uff20" in text or "\ufe6b" in text or _needs_reading(text):
        spans = _email_spans(text)
        if spans:
            out: list[str] = []
            position = 0
            for start, end in spans:
                out += [text[position:start], EMAIL_TEXT]
                position = end
            text = "".join(out) + text[position:]
    if _needs_reading(text) or _CLUSTER_RE.search(text):
        reading = _Reading(text)
        spans = _phone_spans(reading.text, regions)
        if spans:
            text = reading.replace(spans, PHONE_TEXT)
    return text


def sensitive_spans(text: str, regions: tuple[str, ...] = DEFAULT_REGIONS
                    ) -> list[tuple[int, int, str]]:
    """Where ``text`` shows an email address or a phone number: ``(start, end, marker)``
    spans of ``text`` itself, in order and apart, found as ``redact`` finds them (entities
    and percent-escapes read as what they show). For callers that must hide a number
    spread over several pieces, such as the text nodes of an HTML page."""
    if not text:
        return []
    found: list[tuple[int, int, str]] = []
    if "@" in text or "\uff20" in text or "\ufe6b" in text or _needs_reading(text):
        masked: list[str] = []  # addresses hidden first: their digits are no phone number
        position = 0
        for start, end in _email_spans(text):
            found.append((start, end, EMAIL_TEXT))
            masked += [text[position:start], "x" * (end - start)]
            position = end
        text = "".join(masked) + text[position:]
    reading = _Reading(text)
    decoded = reading.text
    if _CLUSTER_RE.search(decoded):
        found += [(*reading.span(start, end), PHONE_TEXT)
                  for start, end in _phone_spans(decoded, regions)]
    out: list[tuple[int, int, str]] = []
    for start, end, marker in sorted(found):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end), out[-1][2])
        else:
            out.append((start, end, marker))
    return out
