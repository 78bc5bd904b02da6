"""``infoview show``: one person or one interview in the terminal, as its site page has it.

A contact: who they are, their stage, what happened when (requests, replies,
interviews, thank-you notes) and what is due next. An interview: when and how, its
status, preparation, referrals, action items and what is due from it. Every fact comes
from ``stages`` and ``checklists``, so the terminal agrees with ``todo`` and the site.
"""

from __future__ import annotations

from datetime import date

from infoview_build.notes import lookup
from infoview_build.notes.model import Contact, Interview, KnowledgeBase
from infoview_build.plan.checklists import Item, checklists, next_step, takeaways_of
from infoview_build.plan.listing import interview_status
from infoview_build.plan.stages import stage
from infoview_build.plan.todo import due_text


def show(kb: KnowledgeBase, ref: str, today: date) -> str:
    """The page of the interview or contact ``ref`` names (slug, file or a person's name)."""
    note = lookup.find_note(kb, ref)
    if isinstance(note, Interview):
        return _interview(kb, note, today)
    return _contact(kb, note, today)


def _contact(kb: KnowledgeBase, contact: Contact, today: date) -> str:
    lines = [_clean(contact.name) + _job(contact), f"  {contact.path}", "",
             f"Stage: {stage(kb, contact, today)}"]
    reach = [_clean(v) for v in (contact.email, contact.phone, contact.timezone) if v]
    if reach:
        lines.append("Reach: " + " · ".join(reach))
    if contact.introduced_by:
        lines.append(f"Introduced by: {_who(kb, contact.introduced_by)}")
    led_to = sorted(c.slug for c in kb.contacts.values() if c.introduced_by == contact.slug)
    if led_to:
        lines.append("Introduced you to: " + ", ".join(_who(kb, s) for s in led_to))
    if contact.found_via:
        lines.append(f"Found via: {_clean(contact.found_via)}")
    lines += ["", "History"]
    history = _history(kb, contact, today)
    lines += [f"  {day.isoformat()}  {what}" for day, what in history] or ["  nothing yet"]
    theirs = {i.slug for i in kb.interviews_of(contact.slug)}
    items = [i for i in checklists(kb, today)
             if i.contact == contact.slug or i.interview in theirs]
    lines += ["", *_next(items, today)]
    return "\n".join(lines) + "\n"


def _history(kb: KnowledgeBase, contact: Contact, today: date) -> list[tuple[date, str]]:
    """Every dated event about ``contact``, oldest first; the future is marked as such."""
    events: list[tuple[date, int, str]] = []
    for order, (key, what) in enumerate((("requested_on", "asked for an interview"),
                                         ("followed_up_on", "sent the follow-up"),
                                         ("replied_on", "they replied"),
                                         ("declined_on", "declined, or no reply: moved on"),
                                         ("no_reply_on", "no reply after the follow-up: "
                                          "moved on"),
                                         ("kept_in_touch_on", "kept in touch"))):
        day = getattr(contact, key)
        if day is not None:
            events.append((day, order, what))
    for interview in kb.interviews_of(contact.slug):
        status = interview_status(interview, today)
        word = {"cancelled": "interview cancelled", "scheduled": "interview coming up"}.get(
            status, "interview")
        events.append((interview.date, 10, f"{word}{_how(interview)}  {interview.path}"))
        if interview.thanked_on is not None and not interview.cancelled:
            gift = f" with {_clean(interview.gift)}" if interview.gift else ""
            events.append((interview.thanked_on, 11, f"thanked them{gift}"))
    return [(day, what) for day, _order, what in sorted(events)]


def _interview(kb: KnowledgeBase, interview: Interview, today: date) -> str:
    contact = kb.contacts.get(interview.contact)
    name = _clean(contact.name) if contact else interview.contact
    when = interview.date.isoformat()
    if interview.time is not None:
        when += " " + interview.time.isoformat(timespec="minutes")
    lines = [f"Interview with {name} on {when}{_how(interview)}", f"  {interview.path}", "",
             f"Status: {interview_status(interview, today)}"]
    if contact is not None:
        lines.append(f"Contact: {_who(kb, contact.slug)}{_job(contact)}, "
                     f"stage {stage(kb, contact, today)}")
    if interview.place:
        lines.append(f"Place: {_clean(interview.place)}")
    if interview.confirmed is not None:
        lines.append(f"Confirmed: {'yes' if interview.confirmed else 'no'}")
    if interview.thanked_on is not None:
        gift = f" ({_clean(interview.gift)})" if interview.gift else ""
        lines.append(f"Thanked: {interview.thanked_on.isoformat()}{gift}")
    if interview.goals:
        lines += ["", "Goals"] + [f"  - {_clean(g)}" for g in interview.goals]
    if interview.questions:
        asked = sum(1 for q in interview.questions if q.asked)
        lines += ["", f"Questions ({len(interview.questions)}, {asked} asked)"]
        lines += [f"  {n:>2}. [{'x' if q.asked else ' '}] {_clean(q.text)}"
                  for n, q in enumerate(interview.questions, 1)]
    takeaways = takeaways_of(interview.body)
    if takeaways:
        lines += ["", "Takeaways"] + [f"  - {_clean(t)}" for t in takeaways]
    if interview.referrals:
        lines += ["", "Referrals"] + [f"  - {_referral(kb, interview, r)}"
                                      for r in interview.referrals]
    if interview.actions:
        lines += ["", "Actions"]
        for n, action in enumerate(interview.actions, 1):
            due = f" (due {action.due.isoformat()})" if action.due else ""
            lines.append(f"  {n:>2}. [{'x' if action.done else ' '}] {_clean(action.task)}{due}")
    items = [i for i in checklists(kb, today) if i.interview == interview.slug]
    lines += ["", *_next(items, today)]
    return "\n".join(lines) + "\n"


def _next(items: list[Item], today: date) -> list[str]:
    """The next step with its day, then every item: overdue first, then by due day."""
    if not items:
        return [f"Next: nothing due on {today.isoformat()}"]
    lines = [f"Next: {_clean(next_step(items[0], today))}"]
    for item in items:
        lines.append(f"  * {_clean(item.text)}")
        lines.append(f"    {due_text(item, today)}  {item.path}")
        lines += [f"    [{'x' if s.done else ' '}] {_clean(s.text)}" for s in item.subitems]
    return lines


def _job(contact: Contact) -> str:
    role, company = _clean(contact.role or ""), _clean(contact.company or "")
    if role and company:
        return f", {role} at {company}"
    return f", {role or company}" if role or company else ""


def _how(interview: Interview) -> str:
    parts = [p for p in (interview.format,
                         f"{interview.duration} min" if interview.duration else None) if p]
    return f" ({', '.join(parts)})" if parts else ""


def _who(kb: KnowledgeBase, slug: str) -> str:
    contact = kb.contacts.get(slug)
    return f"{_clean(contact.name)} ({slug})" if contact else slug


def _referral(kb: KnowledgeBase, interview: Interview, referral: str) -> str:
    wanted = lookup.fold_name(referral)
    for contact in kb.contacts.values():
        if referral == contact.slug or lookup.fold_name(contact.name) == wanted:
            return f"{_clean(referral)} → {contact.path}"
    skipped = interview.skipped_referrals.get(referral)
    if skipped is not None:
        return f"{_clean(referral)} (skipped on {skipped.isoformat()})"
    return f"{_clean(referral)} (no contact yet)"


def _clean(text: str) -> str:
    """Text from a note, safe for a terminal: control characters (escape sequences that
    could recolour or retitle it) become spaces."""
    return "".join(c if c.isprintable() else " " for c in text)
