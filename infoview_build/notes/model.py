"""Small typed records: what a note becomes once it is loaded and validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from infoview_build.notes.terminal import printable

STAGES = (
    "declined",
    "interviewed",
    "scheduled",
    "to-schedule",
    "no-reply",
    "follow-up-due",
    "awaiting-reply",
    "prospect",
)
"""Every stage a contact can be in, in the order DESIGN.md §1 tries them."""

TOPICS = ("responsibilities", "history", "growth", "work-life", "culture", "closing", "other")
"""Question topics, in the order a conversation usually visits them."""

FORMATS = ("in-person", "phone", "video", "email")
"""How an interview is held."""


@dataclass(slots=True)
class Problem:
    """One thing wrong with one file, at one line."""

    path: str
    """Path relative to the knowledge-base root, with forward slashes."""
    line: int
    """1-based line in the file, counted from its first line."""
    field: str
    """The front-matter key (``questions[2].topic``), or ``-`` for the whole file."""
    message: str
    severity: str = "error"
    """``error`` or ``warning``."""
    hint: str = ""
    """How to fix it, when there is something useful to say."""

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.field, self.message)

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }

    def format(self) -> str:
        text = f"{self.path}:{self.line}: {self.field}: {self.message}"
        if self.severity == "warning":
            text = f"{self.path}:{self.line}: {self.field}: warning: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return printable(text)


@dataclass(slots=True)
class Contact:
    """A person worth talking to: one file in ``contacts/``."""

    slug: str
    """File name without ``.md``; how other notes refer to this person."""
    path: str
    """Path relative to the knowledge-base root."""
    name: str
    role: str | None = None
    company: str | None = None
    industry: str | None = None
    location: str | None = None
    email: str | None = None
    phone: str | None = None
    links: list[str] = field(default_factory=list)
    timezone: str | None = None
    """IANA zone name such as ``Europe/Lisbon``."""
    tags: list[str] = field(default_factory=list)
    found_via: str | None = None
    """How the owner learned about them; quoted in the request email."""
    why: str | None = None
    """Why the owner wants to talk to them; quoted in the request email."""
    introduced_by: str | None = None
    """Slug of the contact who introduced them."""
    requested_on: date | None = None
    followed_up_on: date | None = None
    replied_on: date | None = None
    declined_on: date | None = None
    no_reply_on: date | None = None
    """Day the owner stopped waiting after the one follow-up; the stage stays ``no-reply``."""
    kept_in_touch_on: date | None = None
    """Last time in touch outside an interview; moves the reconnect suggestion on."""
    private: bool = False
    """Left out of public builds entirely."""
    body: str = ""
    """Research notes about the person and their employer (Markdown)."""
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each front-matter key in the file."""


@dataclass(slots=True)
class Question:
    """A prepared question; list order is importance."""

    text: str
    topic: str | None = None
    asked: bool | None = None
    """True or False once the interview is held; None when not recorded."""


@dataclass(slots=True)
class Action:
    """Something the owner promised to do after an interview."""

    task: str
    due: date | None = None
    done: bool = False


@dataclass(slots=True)
class Interview:
    """One conversation with one contact: one file in ``interviews/``."""

    slug: str
    """File name without ``.md``: ``<YYYY-MM-DD>-<contact>`` with an optional ``-2``."""
    path: str
    contact: str
    """Slug of the contact."""
    date: date
    """Calendar day of the interview."""
    time: time | None = None
    """Start time when known, with its UTC offset when one was given."""
    duration: int | None = None
    """Minutes, 5–240."""
    format: str | None = None
    place: str | None = None
    confirmed: bool | None = None
    cancelled: bool = False
    goals: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    recorded: bool | None = None
    recording_consent: bool | None = None
    thanked_on: date | None = None
    gift: str | None = None
    referrals: list[str] = field(default_factory=list)
    """Contact slugs or free-text names of people they suggested, skipped ones included."""
    skipped_referrals: dict[str, date] = field(default_factory=dict)
    """Referral name → the day you decided not to pursue it (``{name, skipped_on}``)."""
    actions: list[Action] = field(default_factory=list)
    private: bool = False
    body: str = ""
    """Notes (Markdown); ``## Takeaways`` and topic headings are read by the site."""
    lines: dict[str, int] = field(default_factory=dict)

    def held(self, today: date) -> bool:
        """Whether the conversation took place before ``today`` (and was not cancelled)."""
        return not self.cancelled and self.date < today


@dataclass(slots=True)
class Owner:
    """The person who keeps the knowledge base; signs the email drafts."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    intro: str | None = None
    """One line: who they are and what they are exploring."""
    links: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TopicSetting:
    """One ``topics:`` entry of ``infoview.yml``: an extra topic, or more aliases for one."""

    name: str
    """Slug of the topic; names its page, ``topics/<name>.md``."""
    title: str | None = None
    """Heading of its page; defaults to the built-in title or the name."""
    aliases: list[str] = field(default_factory=list)
    """Other headings that count as this topic (``WLB``, ``Pay``)."""


@dataclass(slots=True)
class Config:
    """``infoview.yml``: the owner's profile and the rule windows (in days)."""

    owner: Owner = field(default_factory=Owner)
    follow_up_after_days: int = 7
    give_up_after_days: int = 7
    thank_you_within_days: int = 1
    prep_window_days: int = 7
    reconnect_after_days: int = 90
    schedule_within_days: int = 3
    request_minutes: int = 20
    """Minutes of their time a request (and its follow-up) asks for."""
    topics: list[TopicSetting] = field(default_factory=list)
    """Extra topics for the topic pages, and extra aliases for the built-in ones."""
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class KnowledgeBase:
    """Everything loaded from one root folder, valid or not."""

    root: Path
    config: Config
    contacts: dict[str, Contact]
    """By slug, sorted by slug."""
    interviews: dict[str, Interview]
    """By slug, sorted by slug (and so by date)."""
    problems: list[Problem]
    """Every problem found, sorted by path and line."""
    files_checked: int = 0
    _by_contact: dict[str, list[Interview]] | None = None
    derived: dict = field(default_factory=dict, repr=False, compare=False)
    """Values worked out from the notes once and shared by their users (checklists by day)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def interviews_of(self, slug: str) -> list[Interview]:
        """The contact's interviews, oldest first (cancelled ones included)."""
        if self._by_contact is None:
            index: dict[str, list[Interview]] = {}
            for interview in sorted(self.interviews.values(), key=lambda i: (i.date, i.slug)):
                index.setdefault(interview.contact, []).append(interview)
            self._by_contact = index
        return list(self._by_contact.get(slug, ()))
