"""What a public build may show: the knowledge base with everything personal taken out.

A public site is rendered from ``public_view(kb)``, never from the full knowledge base,
so no page, search index or sitemap can carry what was removed here. Removed:

- every contact and interview with ``private: true``, and every interview of a private
  contact;
- references to removed contacts (``introduced_by``, referrals that name them);
- every email address and phone number: the fields, and anything that looks like one
  in a note's body;
- the parts of a body marked private: a heading whose text starts with "Private"
  (down to the next heading of the same or a higher level), or the lines between
  ``<!-- private -->`` and ``<!-- /private -->``;
- the owner's profile from ``infoview.yml``.

What stays is the person's own words in public notes: a public build does not rewrite
names or opinions written in prose.
"""

from __future__ import annotations

import re
from dataclasses import replace

from infoview_build.model import KnowledgeBase, Owner

EMAIL_TEXT = "[email removed]"
PHONE_TEXT = "[phone removed]"

_EMAIL_RE = re.compile(r"(?:mailto:)?[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:"
    r"\+\d[\d\s().-]{6,}\d"                       # international: +44 20 7946 0958
    r"|\(\d{3}\)\s?\d{3}[\s.-]\d{4}"              # (555) 010-0100
    r"|\d{3}[.-]\d{3}[.-]\d{4}"                   # 555-010-0100
    r"|\d{3}[.-]\d{4}"                            # 555-0100
    r")(?![\w])"
)
_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_OPEN_RE = re.compile(r"<!--\s*private\s*-->", re.IGNORECASE)
_CLOSE_RE = re.compile(r"<!--\s*/\s*private\s*-->", re.IGNORECASE)


def redact(text: str) -> str:
    """Email addresses and phone numbers in free text, replaced by a visible marker."""
    text = _EMAIL_RE.sub(EMAIL_TEXT, text)
    return _PHONE_RE.sub(PHONE_TEXT, text)


def strip_private_sections(body: str) -> str:
    """The body without its private parts (see the module docstring for the markers)."""
    body = _strip_comment_sections(body)
    out: list[str] = []
    skip_level = 0  # heading level of the private section being skipped, 0 when none
    fence = ""
    for line in body.split("\n"):
        fence_match = _FENCE_RE.match(line)
        if fence_match and (not fence or fence_match[1][0] == fence[0]):
            fence = "" if fence else fence_match[1]
        heading = None if fence and not fence_match else _HEADING_RE.match(line)
        if heading:
            level = len(heading[1])
            if skip_level and level <= skip_level:
                skip_level = 0
            if not skip_level and heading[2].strip().lower().startswith("private"):
                skip_level = level
        if not skip_level:
            out.append(line)
    return "\n".join(out)


def _strip_comment_sections(body: str) -> str:
    parts: list[str] = []
    position = 0
    while True:
        opening = _OPEN_RE.search(body, position)
        if opening is None:
            parts.append(body[position:])
            break
        parts.append(body[position : opening.start()])
        closing = _CLOSE_RE.search(body, opening.end())
        if closing is None:  # an unclosed marker hides the rest: safer than showing it
            break
        position = closing.end()
    return "".join(parts)


def public_body(body: str) -> str:
    """A note's body as a public build shows it."""
    return redact(strip_private_sections(body))


def public_view(kb: KnowledgeBase) -> KnowledgeBase:
    """A copy of ``kb`` holding only what may be published."""
    contacts = {
        slug: contact for slug, contact in kb.contacts.items() if not contact.private
    }
    kept_contacts = {}
    for slug, contact in contacts.items():
        kept_contacts[slug] = replace(
            contact,
            email=None,
            phone=None,
            introduced_by=contact.introduced_by if contact.introduced_by in contacts else None,
            found_via=redact(contact.found_via) if contact.found_via else None,
            why=redact(contact.why) if contact.why else None,
            body=public_body(contact.body),
            links=[link for link in contact.links if not link.lower().startswith("mailto:")],
            lines={},
        )
    hidden = {slug for slug, c in kb.contacts.items() if c.private}
    hidden_names = {c.name.strip().lower() for c in kb.contacts.values() if c.private}
    interviews = {}
    for slug, interview in kb.interviews.items():
        if interview.private or interview.contact not in contacts:
            continue
        interviews[slug] = replace(
            interview,
            body=public_body(interview.body),
            place=redact(interview.place) if interview.place else None,
            goals=[redact(goal) for goal in interview.goals],
            questions=[replace(q, text=redact(q.text)) for q in interview.questions],
            actions=[replace(a, task=redact(a.task)) for a in interview.actions],
            gift=redact(interview.gift) if interview.gift else None,
            referrals=[
                r for r in interview.referrals
                if r not in hidden and r.strip().lower() not in hidden_names
            ],
            lines={},
        )
    return KnowledgeBase(
        root=kb.root,
        config=replace(kb.config, owner=Owner()),
        contacts=kept_contacts,
        interviews=interviews,
        problems=list(kb.problems),
        files_checked=kb.files_checked,
    )
