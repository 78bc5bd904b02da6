"""Read LinkedIn's ``Connections.csv`` export into import candidates.

The export starts with a few lines of notes before its header
``First Name,Last Name,URL,Email Address,Company,Position,Connected On``; older exports
lack some of these columns, and most rows have no email (people choose whether to
share it). Dates look like ``07 Dec 2025``.
"""

from __future__ import annotations

import re
import shlex
from datetime import date

from infoview_build.interchange.csv_table import Table
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


def check_layout(found: Table) -> None:
    """Refuse a file that is not LinkedIn's export, saying what it is instead."""
    if found.layout is not None and found.layout.key != "linkedin":
        raise InfoviewError(
            f"{found.source}: this is a CSV export of {found.layout.title}, not LinkedIn's "
            f"Connections.csv; import it with 'infoview import csv "
            f"{shlex.quote(found.source)}'")
    if found.layout is None and not {c.lower() for c in REQUIRED} <= \
            {c.lower() for c in found.columns}:
        raise InfoviewError(
            f"{found.source}: no header line with 'First Name,Last Name' found in its first "
            f"50 lines; is this LinkedIn's Connections.csv? Expected columns: "
            + ",".join(COLUMNS) + ". Other address books' CSV exports: 'infoview import csv'")


def read(found: Table, company: str | None = None,
         position: str | None = None) -> tuple[list[Candidate], list[Skipped]]:
    """Rows → candidates; rows left out by the filters are returned as skipped."""
    check_layout(found)
    known = {c.lower(): c for c in COLUMNS}
    column = {known[name.lower()]: n for n, name in enumerate(found.columns)
              if name.lower() in known}
    candidates: list[Candidate] = []
    filtered: list[Skipped] = []
    for line, row in found.rows():
        where = f"{found.source}:{line}"
        candidate = _candidate(row, column, where)
        if not _wanted(candidate, company, position):
            filtered.append(Skipped(where, candidate.fields["name"],
                                    "left out by the filters", "filtered"))
            continue
        candidates.append(candidate)
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
