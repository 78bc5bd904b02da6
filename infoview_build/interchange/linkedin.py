"""Read LinkedIn's ``Connections.csv`` export into import candidates.

The export starts with a few lines of notes before its header
``First Name,Last Name,URL,Email Address,Company,Position,Connected On``; older exports
lack some of these columns, and most rows have no email (people choose whether to
share it). Dates look like ``07 Dec 2025``.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from infoview_build.interchange.importing import Candidate, Skipped, clean, web_link
from infoview_build.notes.errors import InfoviewError
from infoview_build.notes.identity import strip_pictographs

REQUIRED = ("First Name", "Last Name")
COLUMNS = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position",
           "Connected On")
_MONTHS = {m: n for n, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_DAY_RE = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3})[a-z]*[ -,]*(\d{4})\Z")
_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")


def connected_on(text: str) -> date | None:
    """``07 Dec 2025`` (or ``2025-12-07``) → a date, whatever the system's locale."""
    text = text.strip()
    try:
        if match := _DAY_RE.match(text):
            month = _MONTHS.get(match[2].lower())
            return date(int(match[3]), month, int(match[1])) if month else None
        if match := _ISO_RE.match(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return None


def _header(lines: list[str]) -> tuple[int, list[str]]:
    """The index of the header line and its column names."""
    for index, line in enumerate(lines[:50]):
        if "First Name" not in line:
            continue
        names = [clean(cell) for cell in next(csv.reader([line]), [])]
        if all(column in names for column in REQUIRED):
            return index, names
    return -1, []


def read(text: str, source: str, company: str | None = None,
         position: str | None = None) -> tuple[list[Candidate], list[Skipped]]:
    """Rows → candidates; rows left out by the filters are returned as skipped."""
    lines = text.splitlines(keepends=True)
    index, names = _header(lines)
    if index < 0:
        raise InfoviewError(
            f"{source}: no header line with 'First Name,Last Name' found in its first 50 lines; "
            "is this LinkedIn's Connections.csv? Expected columns: " + ",".join(COLUMNS))
    column = {name: n for n, name in enumerate(names) if name in COLUMNS}
    candidates: list[Candidate] = []
    filtered: list[Skipped] = []
    reader = csv.reader(io.StringIO("".join(lines[index + 1:])), strict=True)
    start = index + 2  # the line the next row starts on
    try:
        for row in reader:
            where = f"{source}:{start}"
            start = index + 2 + reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            candidate = _candidate(row, column, where)
            if not _wanted(candidate, company, position):
                filtered.append(Skipped(where, candidate.fields["name"],
                                        "left out by the filters", "filtered"))
                continue
            candidates.append(candidate)
    except csv.Error as exc:
        raise InfoviewError(f"{source}:{start}: not valid CSV ({exc}); nothing was imported"
                            ) from None
    return candidates, filtered


def _candidate(row: list[str], column: dict[str, int], where: str) -> Candidate:
    def cell(name: str) -> str:
        n = column.get(name)
        return clean(row[n]) if n is not None and n < len(row) else ""

    # Emoji and symbols members add to their names (🔸, flags) are no part of the name
    # one writes to them, and would turn into words in the file name.
    name = strip_pictographs(clean(f"{cell('First Name')} {cell('Last Name')}"))
    written = cell("Connected On")
    since = connected_on(written)
    url = cell("URL")
    link = web_link(url) if url else ""
    fields = {
        "name": name,
        "role": cell("Position"),
        "company": cell("Company"),
        "email": cell("Email Address"),
        "links": [link or url] if url else [],
        "found_via": f"LinkedIn connection since {since.isoformat()}" if since
        else "LinkedIn connection",
    }
    candidate = Candidate(where, fields, emails=[fields["email"]] if fields["email"] else [])
    if written and since is None:
        candidate.remarks.append(f"Connected On '{written}' is not a date this import reads "
                                 "(07 Dec 2025 or 2025-12-07); found_via has no date")
        candidate.dropped.append("unreadable date")
    return candidate


def _wanted(candidate: Candidate, company: str | None, position: str | None) -> bool:
    """Case-insensitive substring filters on the company and the position."""
    fields = candidate.fields
    if company and company.lower() not in fields["company"].lower():
        return False
    return not (position and position.lower() not in fields["role"].lower())
