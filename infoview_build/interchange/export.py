"""The knowledge base for other tools: JSON and CSV for scripts and spreadsheets, and an
iCalendar file for calendar apps. Each is a pure function of the knowledge base and the
day (and, for the calendar, the export time), so two exports of the same notes are
byte-identical.

``public=True`` exports what a public site shows (``public.public_view``): no private
contact or interview, no email address or phone number, no private part of a body.
Stages are worked out on what is shown, as on a public site: a public contact's stage
must not give away that a private interview took place.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from infoview_build.notes.fields import CONTACT_FIELDS, INTERVIEW_FIELDS
from infoview_build.notes.model import Contact, Interview, KnowledgeBase
from infoview_build.notes.slugs import slugify
from infoview_build.plan.listing import interview_status
from infoview_build.plan.public import public_view
from infoview_build.plan.stages import stages

DEFAULT_MINUTES = 30
"""Length of a calendar event for an interview without ``duration``."""
MORNING = timedelta(hours=9)
"""When the reminder of an all-day event (a to-do, a date-only interview) shows: at 09:00 on
the day, not an hour before midnight."""
UID_DOMAIN = "infoview"
"""Right-hand side of every ``UID``: ``interview-2026-12-03-ada-quill@infoview``."""
CALENDAR_CHECKLISTS = {"schedule": "Schedule", "follow-up": "Follow-up",
                       "thank-you": "Thank-you note", "prep": "Prepare",
                       "referral": "Referral", "action": "Action"}
"""Checklists whose items become all-day events (every dated one), with the label their
summaries start with."""


@dataclass(slots=True)
class Export:
    """Everything an export shows, worked out once."""

    kb: KnowledgeBase
    """The knowledge base to show: the public view with ``public=True``."""
    stage: dict[str, str]
    """Each shown contact's stage, worked out from the notes shown."""


def gather(kb: KnowledgeBase, today: date, public: bool) -> Export:
    """The notes to show (the public view when asked) and their stages."""
    shown = public_view(kb) if public else kb
    return Export(shown, stages(shown, today))


# -- JSON and CSV ---------------------------------------------------------------------------


def _plain(value):
    """A field value as JSON: dates as ISO text, records as mappings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "__slots__"):
        return {k: _plain(getattr(value, k)) for k in value.__slots__}
    return value


def when(interview: Interview) -> str:
    """An interview's ``date`` as the validator reads it: ``2026-12-03T14:30:00+01:00``."""
    if interview.time is None:
        return interview.date.isoformat()
    return datetime.combine(interview.date, interview.time).isoformat()


def contact_record(contact: Contact, stage: str) -> dict:
    """Every front-matter key (None or [] when absent), the slug, path, stage and body."""
    out = {"slug": contact.slug, "path": contact.path, "stage": stage}
    out |= {f.key: _plain(getattr(contact, f.key)) for f in CONTACT_FIELDS}
    out["body"] = contact.body
    return out


def interview_record(interview: Interview, stage: str | None, today: date) -> dict:
    """Every front-matter key, the slug, path, its status, the contact's stage and the notes."""
    out = {"slug": interview.slug, "path": interview.path,
           "status": interview_status(interview, today), "contact_stage": stage}
    for spec in INTERVIEW_FIELDS:
        if spec.key == "date":
            out["date"] = when(interview)
        elif spec.key == "questions":
            out["questions"] = [{"q": q.text, "topic": q.topic, "asked": q.asked}
                                for q in interview.questions]
        elif spec.key == "referrals":  # as written: a name, or a skipped one with its day
            skipped = interview.skipped_referrals
            out["referrals"] = [{"name": r, "skipped_on": skipped[r].isoformat()}
                                if r in skipped else r for r in interview.referrals]
        else:
            out[spec.key] = _plain(getattr(interview, spec.key))
    out["body"] = interview.body
    return out


def records(kb: KnowledgeBase, today: date, public: bool = False) -> dict:
    """``{"contacts": [...], "interviews": [...]}``, sorted by slug."""
    shown = gather(kb, today, public)
    return {
        "contacts": [contact_record(c, shown.stage[slug])
                     for slug, c in sorted(shown.kb.contacts.items())],
        "interviews": [interview_record(i, shown.stage.get(i.contact), today)
                       for _, i in sorted(shown.kb.interviews.items())],
    }


def to_json(kb: KnowledgeBase, today: date, public: bool = False) -> str:
    """Every contact and interview with its stage; every field, so it round-trips."""
    return json.dumps(records(kb, today, public), indent=2, ensure_ascii=False) + "\n"


# Spreadsheets run a cell that starts with these as a formula; Excel reads
# ``+1-919-676-9515`` as a sum, so a phone number gets the apostrophe too.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A value as a spreadsheet cell: a list joined with ``; `` (questions, actions and
    referrals by their text), and one apostrophe in front when the cell would start a
    formula (only a cell's start makes one, so items further on are left as they are)."""
    if isinstance(value, list):
        text = "; ".join(_text(_item_text(v)) for v in value)
    else:
        text = _text(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _item_text(item):
    """A list item as one cell part: a question, a task or a referral by its text."""
    if not isinstance(item, dict):
        return item
    return next(item[key] for key in ("q", "task", "name") if key in item)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


BOM = "\ufeff"
"""Excel reads a CSV file as the system's legacy code page unless it starts with this."""


def to_csv(kb: KnowledgeBase, today: date, table: str, public: bool = False,
           bom: bool = True) -> str:
    """One table (``contacts`` or ``interviews``) for a spreadsheet; bodies are left out.

    Lists are joined with ``; `` (questions and actions by their text); a cell that a
    spreadsheet would run as a formula starts with an apostrophe. With ``bom`` the text
    starts with a byte-order mark, so that Excel shows ``Zoë`` and not ``ZoÃ«``.
    """
    rows = records(kb, today, public)[table]
    columns = [c for c in (rows[0] if rows else _columns(table)) if c != "body"]
    out = io.StringIO()
    out.write(BOM if bom else "")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
    return out.getvalue()


def _columns(table: str) -> list[str]:
    if table == "contacts":
        return ["slug", "path", "stage", *(f.key for f in CONTACT_FIELDS)]
    return ["slug", "path", "status", "contact_stage", *(f.key for f in INTERVIEW_FIELDS)]


# -- iCalendar ------------------------------------------------------------------------------


def _uid(kind: str, *names: str) -> str:
    return "-".join((kind, *names)) + f"@{UID_DOMAIN}"


def _who(contact: Contact | None, slug: str) -> str:
    if contact is None:
        return slug
    where = contact.company or ""
    return f"{contact.name} ({where})" if where else contact.name


def revision(*notes) -> int:
    """``SEQUENCE`` of an event: how far the notes it comes from have come (RFC 5545
    §3.8.7.4 wants a higher number for each newer version of an event).

    It is worked out from the notes alone, never from the clock or a file's modification
    time, so unchanged notes give the same number on any day and in any clone. It adds up
    what a note records as it moves on: every date (in days since 2000, so recording a step
    with ``mark`` adds thousands), an interview's time of day (in minutes, so moving an
    interview later the same day adds), and one for each field filled in, list entry and
    true flag (confirming, cancelling, giving a place). A change that only rewords text
    keeps the number (a calendar then keeps the copy with the later ``DTSTAMP``); moving a
    date earlier lowers it (re-import into an emptied calendar, or subscribe).
    """
    return min(sum(_progress(note) for note in notes if note is not None), SEQUENCE_MAX)


SEQUENCE_MAX = 2**31 - 1
"""The largest ``SEQUENCE`` calendars read (a signed 32-bit integer)."""
_UNCOUNTED = frozenset({"lines", "body"})
"""Parts of a note that no event shows as such: where its keys are, its free text."""


def _progress(value) -> int:
    if value is None or value is False or value == "":
        return 0
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return (value - REVISION_EPOCH).days + 1
    if isinstance(value, time):
        return value.hour * 60 + value.minute + 1
    if isinstance(value, list | tuple):
        return sum(_progress(v) for v in value) + len(value)
    if isinstance(value, dict):  # skipped referrals: name → day
        return sum(_progress(v) for v in value.values()) + len(value)
    if hasattr(value, "__slots__"):
        return sum(_progress(getattr(value, k)) for k in value.__slots__ if k not in _UNCOUNTED)
    return 1


REVISION_EPOCH = date(2000, 1, 1)
"""Dates count as days since this day in ``revision``."""


def _alarm(text: str, trigger: timedelta):
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    return alarm


def _interview_event(interview: Interview, contact: Contact | None, now: datetime,
                     public: bool):
    from icalendar import Event

    event = Event()
    event.add("uid", _uid("interview", interview.slug))
    event.add("dtstamp", now)
    event.add("sequence", revision(interview, contact))
    event.add("summary", f"Informational interview: {_who(contact, interview.contact)}")
    minutes = interview.duration or DEFAULT_MINUTES
    if interview.time is None:
        event.add("dtstart", interview.date)
        event.add("dtend", interview.date + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        start = datetime.combine(interview.date, interview.time)
        if start.tzinfo is not None:
            start = start.astimezone(UTC)
        event.add("dtstart", start)  # without an offset: floating, the calendar's own zone
        event.add("duration", timedelta(minutes=minutes))
    if interview.place:
        event.add("location", interview.place)
    event.add("status", "CANCELLED" if interview.cancelled else
              "CONFIRMED" if interview.confirmed else "TENTATIVE")
    event.add("description", _describe(interview, contact, public))
    if interview.cancelled:  # a reminder of what will not happen is noise
        return event
    who = contact.name if contact else interview.contact
    if interview.time is None:  # after the start of an all-day event: that morning
        event.add_component(_alarm(f"Today: informational interview with {who}", MORNING))
    else:
        event.add_component(_alarm(f"In one hour: informational interview with {who}",
                                   timedelta(hours=-1)))
    return event


def _describe(interview: Interview, contact: Contact | None, public: bool) -> str:
    lines = []
    if contact is not None:
        job = " at ".join(x for x in (contact.role, contact.company) if x)
        lines.append(f"{contact.name}{', ' + job if job else ''}")
        if not public:
            lines += [x for x in (contact.email, contact.phone) if x]
    if interview.format:
        lines.append(f"Format: {interview.format}")
    if interview.duration:
        lines.append(f"Length: {interview.duration} minutes")
    if interview.goals:
        lines.append("Goals: " + "; ".join(interview.goals))
    lines.append(f"Notes: {interview.path}")
    return "\n".join(lines)


def item_uid(item, kb: KnowledgeBase) -> str:
    """What the item is, as a UID: its checklist, the note it is about and the part of that
    note (``action-2026-11-27-dev-raman-2@infoview``); never its text or a day."""
    if item.checklist == "follow-up":
        contact = kb.contacts.get(item.contact or "")
        # After the one follow-up, the item is another one: treat the silence as a no.
        kind = "move-on" if contact is not None and contact.followed_up_on else "follow-up"
        return _uid(kind, item.contact or item.path)
    note = item.interview or item.contact or item.path
    part = slugify(item.part) if item.part else ""
    return _uid(item.checklist, *(x for x in (note, part) if x))


def _item_event(item, kb: KnowledgeBase, now: datetime, public: bool):
    from icalendar import Event

    event = Event()
    event.add("uid", item_uid(item, kb))
    event.add("dtstamp", now)
    event.add("sequence", revision(kb.contacts.get(item.contact or ""),
                                   kb.interviews.get(item.interview or "")))
    summary = f"{CALENDAR_CHECKLISTS[item.checklist]}: {item.text}"
    event.add("summary", summary)
    # On its due day, overdue or not: the event is the same whatever day it is exported.
    event.add("dtstart", item.due)
    event.add("dtend", item.due + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    advice = "" if public else item.advice  # advice may quote the notes
    commands = "" if public else "\n".join(item.commands)
    event.add("description", "\n\n".join(x for x in (
        item.text, f"Due {item.due.isoformat()}", advice, commands, f"Notes: {item.path}")
        if x))
    event.add_component(_alarm(summary, MORNING))
    return event


def _item_key(item) -> tuple:
    return (item.checklist, item.contact, item.interview, item.part, item.due)


def to_ics(kb: KnowledgeBase, today: date, public: bool = False,
           now: datetime | None = None) -> bytes:
    """A calendar: every interview from ``today`` on (cancelled ones as ``CANCELLED``, so a
    re-import takes them off), and an all-day event with a 09:00 reminder for every dated
    to-do (scheduling, follow-ups, thank-you notes, preparation, referrals, action items)
    on its due day, whether that is ahead or, for one still open, past; with those the
    notes will ask for within ``prep_window_days`` (``plan.ahead``: the thank-you note
    for an interview this week), as the site shows them.

    UIDs say what each event is (file names, the part of a file), ``SEQUENCE`` comes from
    the notes (``revision``), so an export of unchanged notes is the same calendar but for
    ``DTSTAMP``, ``now`` (the export time; without it, the start of ``today``).
    """
    from icalendar import Calendar

    from infoview_build.plan.ahead import foreseen

    shown = gather(kb, today, public)
    stamp = (now or datetime.combine(today, time(0, 0), tzinfo=UTC)).astimezone(UTC)
    stamp = stamp.replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//infoview//informational interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Informational interviews")
    for _, interview in sorted(shown.kb.interviews.items()):
        if interview.date >= today:
            contact = shown.kb.contacts.get(interview.contact)
            calendar.add_component(_interview_event(interview, contact, stamp, public))
    visible = set(shown.kb.contacts) | set(shown.kb.interviews)
    # The public view lacks private interviews, so its stages can ask for work already done
    # (scheduling someone met in private): keep only the items the full notes ask for too.
    real = {_item_key(i) for i in foreseen(kb, today)} if public else None
    items = [i for i in foreseen(shown.kb, today) if i.checklist in CALENDAR_CHECKLISTS
             and (i.interview or i.contact) in visible
             and (real is None or _item_key(i) in real)]
    events = {}
    for item in items:
        event = _item_event(item, shown.kb, stamp, public)
        events.setdefault(str(event["UID"]), event)
    for _, event in sorted(events.items(), key=lambda kv: (kv[1].decoded("DTSTART"), kv[0])):
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_feed(root, today: date, public: bool):
    """The calendar as ``serve`` gives it at each request: ``(content type, bytes)`` from
    the notes as they are then, or None while they have errors."""
    from infoview_build.notes.knowledge import load_knowledge_base

    def feed() -> tuple[str, bytes] | None:
        kb = load_knowledge_base(root, today)
        if kb.errors:
            return None
        return "text/calendar; charset=utf-8", to_ics(kb, today, public, datetime.now(UTC))

    return feed


KB_FILES = ("mkdocs.yml", "infoview.yml", "questions.yml", ".gitignore",
            ".pre-commit-config.yaml")
"""Files at a knowledge base's root that ``-o`` never writes over."""
KB_FOLDERS = ("contacts", "interviews", "docs", "templates", ".git")


def save(root, out, data: bytes) -> None:
    """Write an export to ``out`` at once (never half a file), never over a file the
    knowledge base is made of; a FIFO or device is written into, not replaced."""
    import os
    from pathlib import Path

    from infoview_build.edit import files
    from infoview_build.notes.errors import InfoviewError

    base = Path(os.path.realpath(root))
    target = Path(os.path.realpath(out))  # through links; a link loop stays as it is
    own = {*KB_FILES, files.LOCK_FILE, files.JOURNAL_FILE}
    inside = next((name for name in KB_FOLDERS if target.is_relative_to(base / name)), None)
    if (target.parent == base and target.name in own) or inside:
        what = f"its {inside}/ folder" if inside else target.name
        raise InfoviewError(f"refusing to write {out}: it is part of the knowledge base "
                            f"({what}); choose another -o")
    files.write_output(Path(out), data)
