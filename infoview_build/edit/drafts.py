"""``infoview draft``: email drafts filled from a contact, an interview and the owner.

Whatever is missing shows as a visible ``[placeholder]`` and a warning, never as a gap
or the word ``None``. The wording lives in ``templates/drafts/*.txt``; a knowledge base
can replace any of them with a file of the same name in its own ``templates/`` folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from infoview_build.edit.wording import how_found, with_article
from infoview_build.notes import templating
from infoview_build.notes.errors import InfoviewError, NotFound
from infoview_build.notes.lookup import find_contact, plain_ref
from infoview_build.notes.model import Contact, Interview, KnowledgeBase
from infoview_build.notes.terminal import command
from infoview_build.notes.validate import suggest
from infoview_build.plan.stages import stage

KINDS = ("request", "follow-up", "thank-you")
SLOT_HOURS = ("10:00", "14:00", "11:00")
"""Suggested start times for the first, second and third working day."""
SLOT_LEAD_DAYS = 2
"""Suggested slots start this many days after today, so there is time to answer."""
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
# Words that start a phrase written to stand alone ("Her talk at …"); lower-cased when
# the phrase continues a sentence. Anything else (a name, "I") keeps its capital.
_SENTENCE_STARTERS = frozenset((
    "a", "an", "the", "her", "his", "their", "my", "our", "your", "she", "he", "they", "we",
    "it", "its", "this", "that", "these", "those", "someone", "one", "through", "via", "at",
    "in", "on", "from", "after", "during", "while", "when",
))


@dataclass(slots=True)
class Draft:
    """An email: ``Subject:`` line, blank line, body; and what had to be left as placeholder."""

    text: str
    warnings: list[str] = field(default_factory=list)


def long_date(day: date, today: date) -> str:
    """``Tuesday 3 December``; the year is added when it is not ``today``'s."""
    text = f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


def suggested_slots(today: date, count: int = len(SLOT_HOURS)) -> list[str]:
    """The next working days from ``today`` + ``SLOT_LEAD_DAYS``, each at a daytime hour."""
    slots, day = [], today + timedelta(days=SLOT_LEAD_DAYS)
    while len(slots) < count:
        if day.weekday() < 5:
            slots.append(f"{long_date(day, today)} at {SLOT_HOURS[len(slots) % len(SLOT_HOURS)]}")
        day += timedelta(days=1)
    return slots


def as_clause(text: str) -> str:
    """A phrase made to continue a sentence: no final full stop, a lower-case opening word
    when that word is an ordinary one (``Her talk`` → ``her talk``; ``Ada Quill`` stays)."""
    text = " ".join(text.split()).rstrip(".")
    first = text.split(" ", 1)[0]
    if first.lower() in _SENTENCE_STARTERS and first[:1].isupper():
        text = first.lower() + text[len(first):]
    return text


def takeaways(body: str) -> list[str]:
    """The bullet points under ``## Takeaways``, else the first paragraph of the notes."""
    body = re.sub(r"<!--.*?-->", "", body, flags=re.DOTALL)
    lines = body.splitlines()
    points: list[str] = []
    inside = False
    for line in lines:
        heading = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            inside = line.startswith("## ") and heading[1].strip().lower() == "takeaways"
            continue
        if not inside:
            continue
        item = re.match(r"\s{0,3}(?:[-*+]|\d+[.)])\s+(.*)", line)
        if item:
            points.append(item[1].strip())
        elif line.strip() and points and line.startswith((" ", "\t")):
            points[-1] += " " + line.strip()
    if points:
        return [p for p in points if p]
    paragraph: list[str] = []
    for line in lines:
        if line.lstrip().startswith("#") or not line.strip():
            if paragraph:
                break
            continue
        paragraph.append(line.strip())
    return [" ".join(paragraph)] if paragraph else []


class _Filler:
    """Turns possibly missing values into text, noting each placeholder it had to use."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def value(self, value, placeholder: str, where: str, key: str) -> str:
        if value:
            return value
        self.warnings.append(f"{where} has no {key}: the draft says {placeholder}; "
                             "fill it in there or in the draft")
        return placeholder


def make_draft(kb: KnowledgeBase, kind: str, ref: str, today: date, *,
               minutes: int | None = None, slots: tuple[str, ...] = ()) -> Draft:
    """The ``kind`` draft for the contact (or interview) ``ref``."""
    if kind not in KINDS:
        raise InfoviewError(f"no draft '{kind}'; use one of: " + ", ".join(KINDS))
    fill = _Filler()
    interview = None
    if kind == "thank-you":
        interview = find_held_interview(kb, ref, today, fill.warnings)
        contact = kb.contacts[interview.contact]
    else:
        contact = find_contact(kb, ref)
    context = {
        "owner": _owner(kb, fill, need_reach=kind == "thank-you"),
        "contact": contact,
        "first_name": _first_name(contact.name),
        "minutes": minutes or kb.config.request_minutes,
        "about": _about(contact),
    }
    if kind == "request":
        fill.warnings += _request_too_late(kb, contact, today)
        context |= _request(kb, contact, today, fill, slots)
    elif kind == "follow-up":
        fill.warnings += _follow_up_needless(kb, contact, today)
        context |= _follow_up(contact, today, fill)
    else:
        context |= _thank_you(kb, interview, today, fill)
    env = templating.environment("drafts", kb.root / "templates")
    text = templating.render(env, f"{kind}.txt", **context)
    return Draft(text, fill.warnings)


def find_held_interview(kb: KnowledgeBase, ref: str, today: date,
                        warnings: list[str]) -> Interview:
    """The interview ``ref`` names, or the one interview of the contact it names to thank for.

    A thank-you is often written on the day itself, so an interview counts here from its
    day on (not cancelled); of several, the one not thanked yet, when only one is not.
    """
    interview = kb.interviews.get(plain_ref(ref))
    if interview is not None:
        if interview.cancelled:
            warnings.append(f"{interview.path} is cancelled: there is nothing to thank for")
        elif interview.date > today:
            warnings.append(f"{interview.path} is on {interview.date}: it has not been held yet")
        if interview.thanked_on is not None:
            warnings.append(f"you sent a thank-you for it on {interview.thanked_on} already")
        return interview
    try:
        contact = find_contact(kb, ref)
    except NotFound:
        guess = suggest(plain_ref(ref), list(kb.interviews) + list(kb.contacts))
        hint = f"did you mean '{guess}'?" if guess else \
            "give an interview slug (interviews/<slug>.md) or a contact slug"
        raise NotFound(f"no interview or contact '{ref}'; {hint}") from None
    held = [i for i in kb.interviews_of(contact.slug) if not i.cancelled and i.date <= today]
    unthanked = [i for i in held if i.thanked_on is None]
    for choice in (held, unthanked):
        if len(choice) == 1:
            return find_held_interview(kb, choice[0].slug, today, warnings)
    if not held:
        raise InfoviewError(f"{contact.slug} has no interview on or before {today}; "
                            "a thank-you follows a conversation")
    listing = ", ".join(i.slug for i in held)
    raise InfoviewError(f"{contact.slug} has {len(held)} interviews to thank for; name one of "
                        f"them: {listing}")


def _owner(kb: KnowledgeBase, fill: _Filler, need_reach: bool) -> dict:
    owner = kb.config.owner
    where = "infoview.yml"
    reach = [x for x in (owner.email, owner.phone) if x]
    if need_reach and not reach:
        reach = [fill.value(None, "[your email or phone]", where, "owner email or phone")]
    return {
        "name": fill.value(owner.name, "[your name]", where, "owner name"),
        "intro": owner.intro,
        "email": owner.email,
        "phone": owner.phone,
        "links": owner.links,
        "reach": " or ".join(reach),
    }


def _first_name(name: str) -> str:
    """``Ada`` for ``Ada Quill``; the whole name when it starts with a title (``Dr.``)."""
    first = name.split()[0]
    return name if first.endswith(".") else first


def _about(contact: Contact) -> str:
    """`` as Staff Engineer at Northwind``, or as much of it as is known."""
    text = f" as {with_article(contact.role)}" if contact.role else ""
    return text + (f" at {contact.company}" if contact.company else "")


def _request(kb: KnowledgeBase, contact: Contact, today: date, fill: _Filler,
             slots: tuple[str, ...]) -> dict:
    introducer = kb.contacts.get(contact.introduced_by or "")
    if introducer is not None:
        how = f"{introducer.name} suggested that I get in touch with you."
    elif contact.found_via:
        how = how_found(contact.found_via)
    else:
        found = fill.value(None, "[how you learned about them]", contact.path, "'found_via'")
        how = f"I came across your name through {found}."
    why = fill.value(contact.why and as_clause(contact.why), "[why you want to talk]",
                     contact.path, "'why'")
    return {"how_found": how, "why": why,
            "slots": list(slots) or suggested_slots(today)}


def _request_too_late(kb: KnowledgeBase, contact: Contact, today: date) -> list[str]:
    """Why a first request may be the wrong message, from where the contact stands."""
    name, slug = contact.name, contact.slug
    live = [i for i in kb.interviews_of(slug) if not i.cancelled]
    where = stage(kb, contact, today)
    if where == "declined":
        return [f"{name} declined on {contact.declined_on}; a new request is unlikely to "
                "be welcome"]
    if where == "interviewed":
        last = [i for i in live if i.date < today][-1]
        return [f"you met {name} already ({last.path}): a request is for a first "
                "conversation; to keep in touch, write to them directly and record it with "
                f"'{command('mark', 'kept-in-touch', slug)}'"]
    if where == "scheduled":
        return [f"an interview with {name} is already set for {live[0].date} "
                f"({live[0].path})"]
    if contact.replied_on is not None:
        return [f"{name} replied on {contact.replied_on}: agree a time instead "
                f"('{command('new', 'interview', slug)}')"]
    if contact.requested_on is not None:
        return [f"you asked {name} on {contact.requested_on} already; a second message is "
                f"a follow-up ('{command('draft', 'follow-up', slug)}')"]
    return []


def _follow_up_needless(kb: KnowledgeBase, contact: Contact, today: date) -> list[str]:
    """Why a follow-up may be the wrong message: nothing asked yet, or an answer came."""
    name, slug = contact.name, contact.slug
    where = stage(kb, contact, today)
    if where == "declined":
        return [f"{name} declined on {contact.declined_on}: there is nothing to follow up"]
    if where in ("interviewed", "scheduled"):
        return [f"{name} has an interview ({where}): a follow-up is for a request with no "
                "reply"]
    if contact.replied_on is not None:
        return [f"{name} replied on {contact.replied_on}: agree a time instead "
                f"('{command('new', 'interview', slug)}')"]
    if contact.requested_on is None:
        return [f"no request to {name} is recorded ({contact.path} has no 'requested_on'): "
                f"send one first ('{command('draft', 'request', slug)}'), or record it with "
                f"'{command('mark', 'requested', slug, '--on', 'YYYY-MM-DD')}'"]
    return []


def _follow_up(contact: Contact, today: date, fill: _Filler) -> dict:
    if contact.followed_up_on is not None:
        fill.warnings.append(f"you followed up on {contact.followed_up_on} already; "
                             "one follow-up is enough, then move on")
    if contact.requested_on is None:  # already said by _follow_up_needless
        return {"requested": "[the day of your first request]"}
    return {"requested": long_date(contact.requested_on, today)}


def _thank_you(kb: KnowledgeBase, interview: Interview, today: date, fill: _Filler) -> dict:
    points = takeaways(interview.body)
    if not points:
        points = [fill.value(None, "[a specific point they made]", interview.path,
                             "'## Takeaways' and no notes")]
    names = []
    for referral in interview.referrals:
        if referral in interview.skipped_referrals:
            continue  # "I will let you know how it goes" would not be true
        known = kb.contacts.get(referral)
        names.append(known.name if known else referral)
    return {
        "interview": interview,
        "held_on": long_date(interview.date, today),
        "points": points,
        "referrals": _and_list(names),
        "gift": interview.gift and as_clause(interview.gift),
    }


def _and_list(items: list[str]) -> str:
    if len(items) < 3:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
