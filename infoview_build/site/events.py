"""What happened with one person, in order: the story a contact page tells.

Made from the dates of the contact's note (asked, followed up, replied, declined, kept in
touch) and of its interviews (held or planned, cancelled, thanked). Each
event is dated; events of one day keep the order in which they happen in the workflow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from infoview_build.notes.model import Contact, Interview, KnowledgeBase


@dataclass(frozen=True, slots=True)
class Event:
    """One dated thing that happened (or is planned) with a contact."""

    day: date
    what: str
    """Plain text: what happened, e.g. ``Asked for an interview``."""
    interview: Interview | None = None
    """The interview it belongs to, to link to."""
    ahead: bool = False
    """Planned for today or later."""


def contact_events(kb: KnowledgeBase, contact: Contact, today: date) -> list[Event]:
    """Every event of ``contact``, oldest first."""
    events: list[tuple[date, int, str, Event]] = []

    def add(day: date | None, order: int, what: str, interview: Interview | None = None,
            ahead: bool = False) -> None:
        if day is not None:
            events.append((day, order, interview.slug if interview else "",
                           Event(day, what, interview, ahead)))

    add(contact.requested_on, 0, "Asked for an informational interview")
    add(contact.followed_up_on, 1, "Sent a follow-up")
    add(contact.replied_on, 2, "They replied")
    add(contact.declined_on, 6, "Declined, or no reply: moved on")
    add(contact.no_reply_on, 6, "No reply after the follow-up: moved on")
    add(contact.kept_in_touch_on, 5, "Kept in touch")
    for interview in kb.interviews_of(contact.slug):
        how = ", ".join(v for v in (interview.format,
                                    f"{interview.duration} min" if interview.duration else "")
                        if v)
        how = f" ({how})" if how else ""
        if interview.cancelled:
            add(interview.date, 3, f"Interview cancelled{how}", interview)
        elif interview.held(today):
            add(interview.date, 3, f"Interview{how}", interview)
        else:
            add(interview.date, 3, f"Interview planned{how}", interview, ahead=True)
        if interview.thanked_on and not interview.cancelled:
            gift = f", with {interview.gift}" if interview.gift else ""
            add(interview.thanked_on, 4, f"Sent a thank-you note{gift}", interview)
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    return [event for *_key, event in events]
