"""An address book's CSV export as a table: decoded, split, and named by its header.

Exports go through Excel before they reach us: a UTF-8 byte-order mark, Windows-1252
instead of UTF-8, ``;`` instead of ``,`` (Excel in most European locales), and LinkedIn's
``Notes:`` lines above the header are all expected. The header is looked for in the first
50 lines, and the layout (``LAYOUTS``) is recognised by its column names, whatever their
order or case.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from infoview_build.notes.errors import InfoviewError

HEADER_LINES = 50
"""How far down the header may be (LinkedIn writes a few lines of notes above it)."""


@dataclass(frozen=True, slots=True)
class Layout:
    """One program's CSV export, recognised by its columns."""

    key: str
    """``google``, ``outlook``…: which reader maps its rows."""
    title: str
    """What the summary calls it: ``Google Contacts (current layout)``."""
    needs: tuple[str, ...]
    """Columns every such header has (lower case)."""
    any_of: tuple[str, ...] = ()
    """Columns of which such a header has at least one (lower case)."""

    def matches(self, columns: set[str]) -> bool:
        return all(c in columns for c in self.needs) and (
            not self.any_of or any(c in columns for c in self.any_of))


LAYOUTS = (
    Layout("google", "Google Contacts (current layout)", ("first name", "last name"),
           ("e-mail 1 - value", "phone 1 - value", "organization name", "labels", "file as")),
    Layout("google", "Google Contacts (older layout)", ("given name", "family name"),
           ("e-mail 1 - value", "phone 1 - value", "group membership", "name")),
    Layout("thunderbird", "Thunderbird", ("first name", "last name", "primary email")),
    Layout("outlook", "Outlook", ("first name", "last name"),
           ("e-mail address", "job title", "business phone", "mobile phone", "middle name")),
    Layout("linkedin", "LinkedIn Connections.csv", ("first name", "last name"),
           ("connected on", "position", "url", "email address")),
)
"""The layouts ``import csv`` reads, the most specific first (Outlook's and LinkedIn's
share ``First Name``, ``Last Name`` and ``Company``)."""

KNOWN = ", ".join(layout.title for layout in LAYOUTS)


@dataclass(slots=True)
class Table:
    """A CSV file with its header found."""

    source: str
    text: str
    delimiter: str
    header: int
    """Index of the header line (0 = the first line)."""
    columns: list[str]
    """The header's column names, as written (trimmed)."""
    layout: Layout | None
    encoding_note: str = ""
    """``read as Windows-1252 (not UTF-8)``, or empty."""

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(file line a row starts on, its cells) for every row below the header; a
        malformed file is one clear error."""
        lines = self.text.splitlines(keepends=True)
        reader = csv.reader(io.StringIO("".join(lines[self.header + 1:])), strict=True,
                            delimiter=self.delimiter)
        start = self.header + 2
        try:
            for row in reader:
                line, start = start, self.header + 2 + reader.line_num
                if any(cell.strip() for cell in row):
                    yield line, row
        except csv.Error as exc:
            raise InfoviewError(f"{self.source}:{start}: not valid CSV ({exc}); nothing was "
                                "imported") from None


def decode(raw: bytes, source: str) -> tuple[str, str]:
    """The file's text and a note on how it was read: UTF-8 (with or without a byte-order
    mark), UTF-16 with one, else Windows-1252, as Excel saves a CSV on most systems."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), ""
        except UnicodeDecodeError:
            raise InfoviewError(f"{source}: the file is not valid UTF-16") from None
    try:
        text, note = raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
            text = raw.decode("latin-1")
        note = "read as Windows-1252 (the file is not UTF-8)"
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InfoviewError(f"{source}:{line}: the file holds a NUL byte; it is not a text "
                            "export")
    return text, note


def table(raw: bytes, source: str) -> Table:
    """The file decoded, its header line found and its layout recognised (``None`` when
    no layout matches; the header is then the first line that looks like one)."""
    text, note = decode(raw, source)
    first: tuple[int, str, list[str]] | None = None
    for index, line in enumerate(text.splitlines()[:HEADER_LINES]):
        delimiter = _delimiter(line)
        names = [_name(cell) for cell in next(csv.reader([line], delimiter=delimiter), [])]
        if len([n for n in names if n]) < 2:
            continue
        first = first or (index, delimiter, names)
        columns = {n.lower() for n in names}
        for layout in LAYOUTS:
            if layout.matches(columns):
                return Table(source, text, delimiter, index, names, layout, note)
    index, delimiter, names = first or (0, ",", [])
    return Table(source, text, delimiter, index, names, None, note)


def _delimiter(line: str) -> str:
    """``,``, ``;`` or a tab: whichever splits the line most, outside quotes."""
    bare = re.sub(r'"[^"]*"', "", line)
    return max((",", ";", "\t"), key=bare.count)


def _name(cell: str) -> str:
    return re.sub(r"\s+", " ", cell.replace("\ufeff", "")).strip()


def unknown_header(found: Table) -> InfoviewError:
    """The error for a header of no known layout."""
    shown = found.delimiter.join(found.columns[:6]) + (" …" if len(found.columns) > 6 else "")
    where = f"{found.source}:{found.header + 1}" if found.columns else found.source
    seen = f"found '{shown}'" if found.columns else "no line with two or more columns"
    return InfoviewError(
        f"{where}: no known address-book header ({seen}); 'import csv' reads "
        f"the CSV exports of {KNOWN}. Export the contacts as vCard (.vcf) and use "
        "'infoview import vcard' instead")
