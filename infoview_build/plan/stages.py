"""A contact's stage, derived from dates alone (DESIGN.md §1): it can never go stale."""

from __future__ import annotations

from datetime import date

from infoview_build.notes.model import Contact, KnowledgeBase


def stage(kb: KnowledgeBase, contact: Contact, today: date) -> str:
    """The first rule of DESIGN.md §1 that matches ``contact`` on ``today``."""
    config = kb.config
    if contact.declined_on is not None:
        return "declined"
    live = [i for i in kb.interviews_of(contact.slug) if not i.cancelled]
    if any(i.date < today for i in live):
        return "interviewed"
    if live:  # every live interview is today or later
        return "scheduled"
    if contact.replied_on is not None:
        return "to-schedule"
    if contact.followed_up_on is not None:
        # no_reply_on records that the owner stopped waiting, perhaps before the window ends.
        gave_up = contact.no_reply_on is not None and contact.no_reply_on <= today
        if gave_up or (today - contact.followed_up_on).days >= config.give_up_after_days:
            return "no-reply"
        return "awaiting-reply"
    if contact.requested_on is not None:
        if (today - contact.requested_on).days >= config.follow_up_after_days:
            return "follow-up-due"
        return "awaiting-reply"
    return "prospect"


def stages(kb: KnowledgeBase, today: date) -> dict[str, str]:
    """Every contact's stage, by slug."""
    return {slug: stage(kb, contact, today) for slug, contact in kb.contacts.items()}


def last_interaction(kb: KnowledgeBase, contact: Contact, today: date) -> date | None:
    """The latest day anything happened with them, up to ``today``."""
    days = [d for d in (contact.requested_on, contact.followed_up_on, contact.replied_on,
                        contact.declined_on, contact.kept_in_touch_on) if d is not None]
    for interview in kb.interviews_of(contact.slug):
        if interview.cancelled:  # counts for nothing, a thank-you for it included
            continue
        if interview.held(today):
            days.append(interview.date)
        if interview.thanked_on is not None:
            days.append(interview.thanked_on)
    days = [d for d in days if d <= today]
    return max(days) if days else None
