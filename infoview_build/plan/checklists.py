"""What to do next, derived from the dates in the notes alone (DESIGN.md §1, Checklists).

Every item says which checklist it belongs to, whom it concerns, the file it comes
from, the day it is due, the day it became visible (its cause: the request, the reply,
the follow-up, the interview) and whether it is overdue, plus one sentence of advice.
The plan for a day holds every item visible by then, so what falls due next week is
known this week ("Seeing ahead").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from infoview_build.notes.model import Contact, Interview, KnowledgeBase
from infoview_build.notes.slugs import slugify
from infoview_build.notes.terminal import command
from infoview_build.plan.stages import stages

CHECKLISTS = ("schedule", "follow-up", "thank-you", "prep", "referral", "action", "reconnect",
              "outreach")
"""Every checklist, in the order they are shown."""

SUGGESTIONS = ("reconnect", "outreach")
"""Checklists that suggest rather than demand: never overdue, listed after the dated items."""

TITLES: dict[str, str] = {
    "schedule": "Scheduling",
    "follow-up": "Follow-ups",
    "thank-you": "Thank-you notes",
    "prep": "Preparation",
    "referral": "Referrals",
    "action": "Action items",
    "reconnect": "Reconnect",
    "outreach": "Outreach",
}
"""Headings for each checklist."""

FOLLOW_THROUGH_DAYS = 7
"""Days after an interview by which a referral should be a contact and a dateless action done."""

DEFAULT_DURATION = 30
"""Minutes assumed for an interview without ``duration`` when counting questions."""

TOPIC_NAMES = {
    "responsibilities": "job responsibilities",
    "history": "professional history",
    "growth": "growth opportunities",
    "work-life": "work-life balance",
    "culture": "company culture",
}
"""The topics a prepared list of questions should cover, as a person would name them."""

_TAKEAWAYS_RE = re.compile(r"^##[ \t]+takeaways[ \t]*#*[ \t]*$", re.IGNORECASE | re.MULTILINE)


@dataclass(slots=True)
class SubItem:
    """One step of a larger item (the prep checklist of an interview)."""

    text: str
    done: bool


@dataclass(slots=True)
class Item:
    """One thing to do, with where it comes from and when it became due."""

    checklist: str
    """One of ``CHECKLISTS``."""
    contact: str | None
    """Contact slug; None for a referral that has no contact file yet."""
    path: str
    """Source file relative to the root, e.g. ``interviews/2026-11-24-bram-okafor.md``."""
    due: date
    """The day it is due; for a suggestion, the day it was first suggested."""
    visible_from: date
    """The day it became known: the day its cause happened (the request, the reply, the
    follow-up, the interview), or ``prep_window_days`` before an interview for its
    preparation; never after ``due``. The plan for day T holds the items visible by T."""
    overdue: bool
    """Today is after ``due`` (DESIGN.md §1, one rule); always False for a suggestion."""
    text: str
    """One line saying what to do (plain text, no Markdown)."""
    advice: str = ""
    """One sentence of domain advice."""
    step: str = ""
    """The next step in a few words with its day, as ``show`` and the contacts index name it
    (``follow up on 2026-12-15 if no reply``); it reads the same whatever the day."""
    interview: str | None = None
    """Interview slug when the item comes from one."""
    subitems: list[SubItem] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    """The commands that do and record it (``infoview draft follow-up ada-quill``, ``infoview
    mark followed-up ada-quill``), each shell-quoted: pasted, it runs as shown."""
    part: str = ""
    """Which part of its file the item is about, when a file has several: a referral's name,
    an action's number (from 1); empty otherwise. With the checklist and the file, it names
    the item whatever its text says (the calendar's UIDs)."""

    @property
    def suggestion(self) -> bool:
        """A reconnect or outreach item: no deadline, never overdue."""
        return self.checklist in SUGGESTIONS

    def as_dict(self) -> dict:
        """JSON-ready: ``due`` as an ISO date, sub-items as ``{text, done}``."""
        return {
            "checklist": self.checklist,
            "contact": self.contact,
            "path": self.path,
            "due": self.due.isoformat(),
            "visible_from": self.visible_from.isoformat(),
            "overdue": self.overdue,
            "suggestion": self.suggestion,
            "text": self.text,
            "advice": self.advice,
            "step": self.step,
            "commands": list(self.commands),
            "interview": self.interview,
            "subitems": [{"text": s.text, "done": s.done} for s in self.subitems],
        }


def checklists(kb: KnowledgeBase, today: date) -> list[Item]:
    """Every item visible on ``today``: the dated ones by due day (oldest first, those
    due after ``today`` included), then the suggestions.

    Ties go by checklist order, then path; items of one file keep their order in it.
    """
    stage_of = stages(kb, today)
    items = _contact_items(kb, stage_of, today)
    live = [i for i in kb.interviews.values() if not i.cancelled]
    known = _known_names(kb)
    for interview in live:
        items += _interview_items(kb, interview, today, known)
    items += _reconnect_items(kb, live, today)
    items = [item for item in items if item.visible_from <= today]
    order = {name: index for index, name in enumerate(CHECKLISTS)}

    def key(item: Item) -> tuple:
        if item.checklist in SUGGESTIONS:
            return (1, order[item.checklist], item.due, item.path)
        return (0, item.due, order[item.checklist], item.path)

    # sorted() is stable: items of one file keep the order they have in it.
    return sorted(items, key=key)


def is_overdue(checklist: str, due: date, today: date) -> bool:
    """The one rule: overdue when today is after the due day; a suggestion never is."""
    return checklist not in SUGGESTIONS and today > due


def due_phrase(item: Item, today: date) -> str:
    """``due today``, ``due tomorrow``, ``due in 3 days``, ``1 day overdue``, ``5 days
    overdue``; ``suggested`` for a reconnect or outreach item, which has no deadline."""
    if item.checklist in SUGGESTIONS:
        return "suggested"
    ahead = (item.due - today).days
    if ahead == 0:
        return "due today"
    if ahead == 1:
        return "due tomorrow"
    if ahead > 1:
        return f"due in {ahead} days"
    return f"{_days(-ahead)} overdue"


def next_step(item: Item, today: date) -> str:
    """The item's step and how far off it is: ``follow up on 2026-12-15 if no reply, in 3
    days``, ``send the thank-you note by 2026-11-21, 2 days overdue``."""
    if item.checklist in SUGGESTIONS:
        return item.step
    phrase = due_phrase(item, today)
    return f"{item.step}, {phrase.removeprefix('due ')}"


def _item(checklist: str, contact: str | None, path: str, due: date, cause: date,
          today: date, text: str, advice: str, *, step: str, commands: list[list[str]],
          interview: str | None = None, subitems: list[SubItem] | None = None) -> Item:
    """An item visible from its ``cause`` (or its due day, if earlier) whose overdue flag
    follows the one rule; ``commands`` as lists of words, shell-quoted here. Its text must
    not depend on ``today``: an item seen coming up reads the same on the day it is due."""
    return Item(checklist, contact, path, due, min(cause, due),
                is_overdue(checklist, due, today), text, advice, step, interview,
                subitems or [], [command(*words) for words in commands])


# -- schedule, follow-up and outreach: they follow the contact's stage ---------------------

def _contact_items(kb: KnowledgeBase, stage_of: dict[str, str], today: date) -> list[Item]:
    config = kb.config
    items: list[Item] = []
    for slug, contact in kb.contacts.items():
        stage = stage_of[slug]
        # Waiting for a reply, the next step is already known: the one follow-up when no
        # follow-up went out yet, else moving on.
        waiting = stage == "awaiting-reply"
        if stage == "to-schedule":
            due = contact.replied_on + timedelta(days=config.schedule_within_days)
            items.append(_item(
                "schedule", slug, contact.path, due, contact.replied_on, today,
                f"{contact.name} replied on {contact.replied_on.isoformat()}: agree a time "
                "and place, then write the interview note",
                "Thank them, offer two or three times, and ask how long they can spare "
                "(15 minutes to an hour) and whether they would rather meet in person, by "
                "phone, by video or by email.",
                step=f"agree a time and place by {due.isoformat()}",
                commands=[["new", "interview", slug]],
            ))
        elif stage == "follow-up-due" or (waiting and contact.followed_up_on is None):
            due = contact.requested_on + timedelta(days=config.follow_up_after_days)
            items.append(_item(
                "follow-up", slug, contact.path, due, contact.requested_on, today,
                f"Send {contact.name} one polite follow-up if no reply comes: request sent "
                f"{contact.requested_on.isoformat()}",
                "Keep it to a few friendly lines that repeat who you are and why you asked, "
                "offer two or three new times, and send no second follow-up.",
                step=f"follow up on {due.isoformat()} if no reply",
                commands=[["draft", "follow-up", slug], ["mark", "followed-up", slug]],
            ))
        elif (stage == "no-reply" or waiting) and contact.no_reply_on is None:
            due = contact.followed_up_on + timedelta(days=config.give_up_after_days)
            items.append(_item(
                "follow-up", slug, contact.path, due, contact.followed_up_on, today,
                f"No reply from {contact.name} since the follow-up on "
                f"{contact.followed_up_on.isoformat()}: treat it as a no and move on",
                "Silence after one follow-up is a polite no, though not a decline: record "
                "that you moved on and spend the effort on the next person on your list.",
                step=f"treat it as a no on {due.isoformat()} if no reply",
                commands=[["mark", "no-reply", slug]],
            ))
        elif stage == "prospect":
            items.append(_item(
                "outreach", slug, contact.path, today, today, today,
                f"Ask {contact.name} for an informational interview",
                _outreach_advice(contact),
                step="ask for an interview (a suggestion)",
                commands=[["draft", "request", slug], ["mark", "requested", slug]],
            ))
    return items


def _outreach_advice(contact: Contact) -> str:
    how = f" ({contact.found_via})" if contact.found_via else ""
    return ("Send a short, polite request with your name and \"informational interview "
            f"request\" in the subject, saying how you learned of them{how} and why you want "
            "to talk, asking for 20 to 30 minutes at one of two or three suggested times, "
            "and thanking them.")


# -- thank-you, prep, referral, action: they follow the interview ---------------------------

def _interview_items(kb: KnowledgeBase, interview: Interview, today: date,
                     known: set[str]) -> list[Item]:
    config = kb.config
    contact = kb.contacts.get(interview.contact)
    name = contact.name if contact else interview.contact
    when = interview.date.isoformat()
    items: list[Item] = []

    def add(checklist, due, cause, text, advice, step, commands, subitems=None,
            who=interview.contact, part=""):
        items.append(_item(checklist, who, interview.path, due, cause, today, text, advice,
                           step=f"{step} {due.isoformat()}", commands=commands,
                           interview=interview.slug, subitems=subitems))
        items[-1].part = part

    # The interview's day is the cause of what follows from it: the thank-you note is
    # known on the day you meet, as are the referrals and promises made there.
    if interview.thanked_on is None:
        add("thank-you", interview.date + timedelta(days=config.thank_you_within_days),
            interview.date, f"Send {name} a thank-you note for the interview on {when}",
            _thank_you_advice(interview), "send the thank-you note by",
            [["draft", "thank-you", interview.slug], ["mark", "thanked", interview.slug]])
    prep_from = interview.date - timedelta(days=config.prep_window_days)
    if prep_from <= today <= interview.date:  # shown a window ahead, gone once held
        steps = _prep_steps(interview, contact)
        ready = sum(step.done for step in steps)
        add("prep", interview.date, prep_from,
            f"Prepare for the interview with {name} on {_when(interview)}"
            f"{_how(interview)}: {ready} of {len(steps)} ready",
            _prep_advice(interview), "prepare for the interview on",
            [["show", interview.slug]], steps)
    for referral in interview.referrals:
        if _normal(referral) in known or referral in interview.skipped_referrals:
            continue
        add("referral", interview.date + timedelta(days=FOLLOW_THROUGH_DAYS), interview.date,
            f"Add a contact for {referral}, suggested by {name} on {when}",
            f"Write their note, with found_via saying how {name} described them, and ask "
            f"{name} whether you may mention their name; if you will not pursue it, mark "
            "it skipped.",
            f"add a contact for {referral} by",
            [["new", "contact", referral, "--introduced-by", interview.contact],
             ["mark", "skipped", interview.slug, referral]],
            who=None, part=referral)
    for number, action in enumerate(interview.actions, 1):
        if action.done:
            continue
        due = action.due or interview.date + timedelta(days=FOLLOW_THROUGH_DAYS)
        # A promise with its own day, recorded ahead of the interview, shows a prep window
        # before that day at the latest.
        cause = min(interview.date, due - timedelta(days=config.prep_window_days))
        add("action", due, cause,
            f"{action.task} (from the interview with {name} on {when})",
            "Do what you promised and tell them when it is done, since kept promises make "
            "people glad they helped, then tick it off.", "do what you promised by",
            [["mark", "done", interview.slug, str(number)]], part=str(number))
    return items


def _thank_you_advice(interview: Interview) -> str:
    takeaways = takeaways_of(interview.body)
    if takeaways:
        points = f"mention specific points they made (you noted {len(takeaways)} takeaways)"
    else:
        points = ("mention specific points they made (write a '## Takeaways' section "
                  "first)")
    ask = "" if interview.referrals else \
        ", and ask whether they could introduce you to someone else, since none is recorded"
    return f"Send it soon: {points}, include your own contact details{ask}."


def takeaways_of(body: str) -> list[str]:
    """The bullet points under the body's ``## Takeaways`` heading."""
    match = _TAKEAWAYS_RE.search(body)
    if not match:
        return []
    points = []
    for line in body[match.end():].splitlines():
        if line.startswith("#"):
            break
        stripped = line.strip()
        if stripped[:2] in ("- ", "* ", "+ "):
            points.append(stripped[2:].strip())
    return points


def _prep_steps(interview: Interview, contact: Contact | None) -> list[SubItem]:
    minutes = interview.duration or DEFAULT_DURATION
    wanted = -(-minutes // 5) + 2
    count = len(interview.questions)
    closing = any(q.topic == "closing" or "anything else" in q.text.lower()
                  for q in interview.questions)
    who = contact.name if contact else interview.contact
    company = f" and {contact.company}" if contact and contact.company else ""
    place_known = interview.format is not None and (
        interview.format == "email" or interview.place is not None
        or (interview.format == "phone" and contact is not None and contact.phone is not None))
    return [
        SubItem("Goals written down", bool(interview.goals)),
        SubItem(f"{who}{company} researched (notes in the contact file)",
                bool(contact and contact.body.strip())),
        SubItem(f"At least {wanted} questions for {minutes} minutes, most important first "
                f"({count} so far)", count >= wanted),
        SubItem("A closing question: \"Is there anything else you would like to share?\"",
                closing),
        SubItem("Time confirmed with them", interview.confirmed is True),
        SubItem("Format and place or link known", place_known),
    ]


def _prep_advice(interview: Interview) -> str:
    covered = {q.topic for q in interview.questions}
    missing = [label for topic, label in TOPIC_NAMES.items() if topic not in covered]
    gap = f" (none yet on {', '.join(missing)})" if missing else ""
    arrive = "log in" if interview.format in ("video", "phone") else "arrive"
    if interview.format == "email":
        return (f"Order your questions by importance and cover every topic{gap}; "
                "keep the email short so it is easy to answer.")
    return (f"Order your questions by importance and cover every topic{gap}; {arrive} a few "
            "minutes early, keep to the agreed time, and ask before recording.")


def _known_names(kb: KnowledgeBase) -> set[str]:
    """Slugs and names of every contact, as a referral is compared with them."""
    known = {_normal(slug) for slug in kb.contacts}
    known.update(_normal(c.name) for c in kb.contacts.values())
    return known - {""}


def _normal(text: str) -> str:
    """A name or slug as a referral is compared: case, accents and spacing folded."""
    return slugify(text)


# -- reconnect: the last held interview, whatever the contact's stage ----------------------

def _reconnect_items(kb: KnowledgeBase, live: list[Interview], today: date) -> list[Item]:
    window = kb.config.reconnect_after_days
    latest: dict[str, tuple[date, Interview]] = {}
    upcoming: set[str] = set()
    for interview in live:
        if not interview.held(today):
            upcoming.add(interview.contact)
            continue
        last = max(interview.date, interview.thanked_on or interview.date)
        held = latest.get(interview.contact)
        if held is None or (last, interview.slug) >= (held[0], held[1].slug):
            latest[interview.contact] = (last, interview)
    items = []
    for slug, (last, interview) in sorted(latest.items()):
        contact = kb.contacts.get(slug)
        path, source = interview.path, interview.slug
        # A message or a coffee since then moves the suggestion on, and the item points at
        # the contact file that records it.
        touched = contact.kept_in_touch_on if contact else None
        if touched is not None and touched > last:
            last, path, source = touched, contact.path, None
        due = last + timedelta(days=window)
        # Someone you are about to meet again needs no reminder to get in touch.
        if due > today or slug in upcoming:
            continue
        name = contact.name if contact else slug
        items.append(_item(
            "reconnect", slug, path, due, due, today,
            f"Reconnect with {name}: last in touch {last.isoformat()}, "
            f"{_days((today - last).days)} ago",
            "Send a short update on what you did with their advice and ask how they are; "
            "keeping in touch turns one conversation into a relationship.",
            step="get back in touch (a suggestion)", interview=source,
            commands=[["mark", "kept-in-touch", slug]],
        ))
    return items


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _when(interview: Interview) -> str:
    if interview.time is None:
        return interview.date.isoformat()
    return f"{interview.date.isoformat()} {interview.time.strftime('%H:%M')}"


def _how(interview: Interview) -> str:
    parts = [p for p in (interview.format,
                         f"{interview.duration} minutes" if interview.duration else None) if p]
    return f" ({', '.join(parts)})" if parts else ""
