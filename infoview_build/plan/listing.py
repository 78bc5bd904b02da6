"""``infoview list``: contacts or interviews as a terminal table or JSON, with derived stages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from infoview_build.notes.model import Contact, Interview, KnowledgeBase
from infoview_build.plan.stages import last_interaction, stages

KINDS = ("contacts", "interviews")
FORMATS = ("text", "json")


@dataclass(frozen=True, slots=True)
class Filters:
    """What ``--stage``, ``--tag`` and ``--company`` ask for; None matches everything."""

    stage: str | None = None
    tag: str | None = None
    """Compared ignoring case."""
    company: str | None = None
    """Compared ignoring case and surrounding spaces."""

    def match(self, contact: Contact | None, stage: str | None) -> bool:
        if self.stage is not None and stage != self.stage:
            return False
        if self.tag is not None and (contact is None or self.tag.strip().casefold()
                                     not in {t.casefold() for t in contact.tags}):
            return False
        return self.company is None or (
            contact is not None and contact.company is not None
            and contact.company.strip().casefold() == self.company.strip().casefold())


def interview_status(interview: Interview, today: date) -> str:
    """``cancelled``, ``thanked``, ``held`` (before today) or ``scheduled`` (today or later)."""
    if interview.cancelled:
        return "cancelled"
    if interview.held(today):
        return "thanked" if interview.thanked_on is not None else "held"
    return "scheduled"


def contact_rows(kb: KnowledgeBase, today: date, filters: Filters) -> list[dict]:
    """One object per matching contact, sorted by slug."""
    stage_of = stages(kb, today)
    rows = []
    for slug, contact in kb.contacts.items():
        if not filters.match(contact, stage_of[slug]):
            continue
        last = last_interaction(kb, contact, today)
        rows.append({
            "slug": slug,
            "name": contact.name,
            "company": contact.company,
            "role": contact.role,
            "stage": stage_of[slug],
            "path": contact.path,
            "last_interaction": last.isoformat() if last else None,
            "tags": list(contact.tags),
            "private": contact.private,
        })
    return rows


def interview_rows(kb: KnowledgeBase, today: date, filters: Filters) -> list[dict]:
    """One object per interview whose contact matches, oldest first."""
    stage_of = stages(kb, today)
    rows = []
    for slug, interview in sorted(kb.interviews.items(), key=lambda kv: (kv[1].date, kv[0])):
        contact = kb.contacts.get(interview.contact)
        stage = stage_of.get(interview.contact)
        if not filters.match(contact, stage):
            continue
        rows.append({
            "slug": slug,
            "date": interview.date.isoformat(),
            "time": interview.time.strftime("%H:%M") if interview.time else None,
            "contact": interview.contact,
            "name": contact.name if contact else None,
            "company": contact.company if contact else None,
            "stage": stage,
            "format": interview.format,
            "duration": interview.duration,
            "status": interview_status(interview, today),
            "thanked_on": interview.thanked_on.isoformat() if interview.thanked_on else None,
            "path": interview.path,
            "private": interview.private,
        })
    return rows


_COLUMNS = {
    "contacts": (("NAME", "name"), ("COMPANY", "company"), ("ROLE", "role"),
                 ("STAGE", "stage"), ("LAST", "last_interaction")),
    "interviews": (("DATE", "when"), ("CONTACT", "name"), ("FORMAT", "format"),
                   ("MIN", "duration"), ("STATUS", "status")),
}


def table(kind: str, rows: list[dict]) -> str:
    """Aligned columns with a header line; ``-`` for a missing value."""
    if not rows:
        return f"No {kind} match.\n"
    columns = _COLUMNS[kind]
    cells = [[title for title, _ in columns]]
    for row in rows:
        if kind == "interviews":
            row = dict(row, when=" ".join(v for v in (row["date"], row["time"]) if v),
                       name=row["name"] or row["contact"])
        cells.append([_cell(row[key]) for _, key in columns])
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    out = ["  ".join(value.ljust(width) for value, width in zip(line, widths, strict=True)).rstrip()
           for line in cells]
    return "\n".join(out) + "\n"


def _cell(value) -> str:
    if value is None:
        return "-"
    return " ".join(str(value).split())


def listing(kb: KnowledgeBase, kind: str, today: date, filters: Filters, fmt: str) -> str:
    """``infoview list KIND`` in ``fmt`` (one of ``FORMATS``), ending in a newline."""
    rows = (contact_rows if kind == "contacts" else interview_rows)(kb, today, filters)
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    return table(kind, rows)
