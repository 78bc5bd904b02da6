"""The front-matter keys of every file kind: one table that the validator, the JSON
Schema and the field reference page are all generated from, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from infoview_build.notes.model import FORMATS, TOPICS


@dataclass(frozen=True, slots=True)
class Field:
    """One front-matter key."""

    key: str
    kind: str
    """text · email · url · url-list · text-list · timezone · slug · date · datetime ·
    bool · int · enum · questions · referrals · actions · mapping"""
    doc: str
    example: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    fields: tuple[Field, ...] = ()
    """Keys of a nested mapping (``owner``) or of each list item (``questions``, ``actions``)."""


CONTACT_FIELDS: tuple[Field, ...] = (
    Field("name", "text", "Full name, as you would address them.", "Ada Quill", required=True),
    Field("role", "text", "Job title.", "Staff Engineer"),
    Field("company", "text", "Employer.", "Northwind"),
    Field("industry", "text", "Field they work in.", "Logistics software"),
    Field("location", "text", "City or region.", "Lisbon"),
    Field("email", "email", "Email address; checked for syntax.", "ada@example.com"),
    Field("phone", "text", "Phone number, in quotes.", "+1 555 0100"),
    Field("links", "url-list", "Profile pages and personal sites.", ["https://example.com/ada"]),
    Field("timezone", "timezone", "IANA time zone, checked against the zone database.",
          "Europe/Lisbon"),
    Field("tags", "text-list", "Labels; they become site tags.", ["logistics", "engineering"]),
    Field("found_via", "text",
          "How you learned about them, written about them as a note to yourself: a source "
          "('her talk at the Lisbon Data Meetup', 'the Northwind engineering blog') or a "
          "sentence ('Bram Okafor suggested him'). The request email speaks to them: it "
          "turns her, his, she, him and their into you and your.",
          "her talk at the regional data meetup"),
    Field("why", "text", "Why you want to talk to them; used in the request email.",
          "I want to learn how platform teams plan their roadmap"),
    Field("introduced_by", "slug", "Slug of the contact who introduced you.", "bram-okafor"),
    Field("requested_on", "date", "Day you asked for an interview.", "2026-11-20"),
    Field("followed_up_on", "date", "Day you sent the one follow-up.", "2026-11-27"),
    Field("replied_on", "date", "Day they replied.", "2026-11-28"),
    Field("declined_on", "date", "Day they declined (or you gave up).", "2026-12-05"),
    Field("no_reply_on", "date",
          "Day you stopped waiting after the one follow-up: they never replied, so they "
          "did not decline either. Set it with 'infoview mark no-reply'.", "2026-12-11"),
    Field("kept_in_touch_on", "date",
          "Last time you were in touch outside an interview (a message, a coffee); "
          "moves the reconnect suggestion on. Set it with 'infoview mark kept-in-touch'.",
          "2027-03-01"),
    Field("private", "bool", "Leave this contact out of public builds entirely.", False),
)

QUESTION_FIELDS: tuple[Field, ...] = (
    Field("q", "text", "The question.", "What does a typical week look like?", required=True),
    Field("topic", "enum", "What it is about.", "responsibilities", choices=TOPICS),
    Field("asked", "bool", "Whether you asked it.", True),
)

ACTION_FIELDS: tuple[Field, ...] = (
    Field("task", "text", "What you promised to do.", "Send the article on team topologies",
          required=True),
    Field("due", "date", "When it is due.", "2026-12-10"),
    Field("done", "bool", "Whether it is done.", False),
)

REFERRAL_FIELDS: tuple[Field, ...] = (
    Field("name", "text", "The person they suggested: a contact slug or a name.", "Cleo Marsh",
          required=True),
    Field("skipped_on", "date", "Day you decided not to pursue it; set it with 'infoview mark "
          "skipped'.", "2026-12-08"),
)

INTERVIEW_FIELDS: tuple[Field, ...] = (
    Field("contact", "slug", "Slug of the person you talk to.", "ada-quill", required=True),
    Field("date", "datetime", "Day, or day and time (with or without seconds or an offset).",
          "2026-12-03 14:30", required=True),
    Field("duration", "int", "Length in minutes.", 30, minimum=5, maximum=240),
    Field("format", "enum", "How you meet.", "video", choices=FORMATS),
    Field("place", "text", "Address or meeting link.", "https://meet.example.com/ada"),
    Field("confirmed", "bool", "The time is confirmed with them.", True),
    Field("cancelled", "bool", "The interview will not happen; it counts for nothing.", False),
    Field("goals", "text-list", "What you want to learn.", ["How the team decides what to build"]),
    Field("questions", "questions",
          "Prepared questions, most important first; each a string or a mapping.",
          [{"q": "What does a typical week look like?", "topic": "responsibilities"}],
          fields=QUESTION_FIELDS),
    Field("recorded", "bool", "The conversation was recorded (needs consent).", False),
    Field("recording_consent", "bool", "They agreed to the recording.", False),
    Field("thanked_on", "date", "Day you sent the thank-you note.", "2026-12-04"),
    Field("gift", "text", "Coffee, lunch, a book.", "coffee"),
    Field("referrals", "referrals",
          "People they suggested: contact slugs or names; one you will not pursue becomes "
          "'name, skipped_on' fields.",
          ["bram-okafor", "Cleo Marsh"], fields=REFERRAL_FIELDS),
    Field("actions", "actions", "What you promised to do afterwards.",
          [{"task": "Read the book she recommended", "due": "2026-12-10", "done": False}],
          fields=ACTION_FIELDS),
    Field("private", "bool", "Leave this interview out of public builds entirely.", False),
)

OWNER_FIELDS: tuple[Field, ...] = (
    Field("name", "text", "Your name; signs the email drafts.", "Robin Vega"),
    Field("email", "email", "Your email address.", "robin@example.com"),
    Field("phone", "text", "Your phone number, in quotes.", "+1 555 0100"),
    Field("intro", "text", "One line about you.", "Data analyst moving into product management"),
    Field("links", "url-list", "Your profile pages.", ["https://robin.example.com"]),
)

TOPIC_FIELDS: tuple[Field, ...] = (
    Field("name", "slug", "The topic; a built-in one (growth) or a new one (pay).", "pay",
          required=True),
    Field("title", "text", "Heading of its page on the site.", "Pay and benefits"),
    Field("aliases", "text-list", "Other '## ' headings in your notes that mean this topic.",
          ["Salary", "Compensation"]),
)

CONFIG_FIELDS: tuple[Field, ...] = (
    Field("owner", "mapping", "Your profile, used by email drafts; left out of public builds.",
          None, fields=OWNER_FIELDS),
    Field("follow_up_after_days", "int", "Days without a reply before one follow-up is due.", 7,
          minimum=1, maximum=365),
    Field("give_up_after_days", "int",
          "Days after the follow-up before a silent contact counts as a no.", 7,
          minimum=1, maximum=365),
    Field("thank_you_within_days", "int",
          "Days after an interview before the thank-you note is overdue.", 1,
          minimum=0, maximum=365),
    Field("prep_window_days", "int", "How many days ahead interviews get a prep checklist.", 7,
          minimum=0, maximum=365),
    Field("reconnect_after_days", "int",
          "Days after the last interview, thank-you or kept_in_touch_on before a reconnect "
          "is suggested.", 90, minimum=1, maximum=3650),
    Field("schedule_within_days", "int",
          "Days after a reply by which you should agree a time for the interview.", 3,
          minimum=0, maximum=365),
    Field("request_minutes", "int",
          "Minutes of their time the request draft asks for; its follow-up asks for the same.",
          20, minimum=5, maximum=240),
    Field("topics", "topics",
          "Extra topics for the site's topic pages, or extra headings for a built-in one; "
          "each a name or 'name, title, aliases' fields.",
          [{"name": "pay", "title": "Pay and benefits", "aliases": ["Salary"]}],
          fields=TOPIC_FIELDS),
)
