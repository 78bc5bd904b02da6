"""What a public build may show: the knowledge base with everything personal taken out.

A public site is rendered from ``public_view(kb)``, never from the full knowledge base,
so no page, search index or sitemap can carry what was removed here. Removed:

- every contact and interview with ``private: true``, and every interview of a private
  contact;
- references to removed notes: ``introduced_by``, referrals that name them, and links
  to their pages written in a body (each replaced by "[link removed]", its text too);
- every email address and phone number: the fields, and anything that looks like one
  in a body or in any other text (names, places, goals, referrals…); a link holding one
  is dropped;
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

from infoview_build.notes.model import KnowledgeBase, Owner

EMAIL_TEXT = "[email removed]"
PHONE_TEXT = "[phone removed]"
LINK_TEXT = "[link removed]"

# A match may start only where a run of address characters starts, and the runs are
# possessive: without both, a long word with no "@" in it takes quadratic time.
_EMAIL_RE = re.compile(
    r"(?:mailto:)?(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)+"
)
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:"
    r"\+\d[\d\s().-]{6,}\d"                       # international: +44 20 7946 0958
    r"|\(\d{3}\)\s?\d{3}[\s.-]\d{4}"              # (555) 010-0100
    r"|\d{3}[.-]\d{3}[.-]\d{4}"                   # 555-010-0100
    r"|\d{3}[.-]\d{4}"                            # 555-0100
    r"|\d{2,5}(?: \d{2,5}){2,4}"                  # 555 010 0100, 06 12 34 56 78
    r"|\d{2,5}(?:[.-]\d{2,5}){3,4}"               # 06.12.34.56.78 (three parts: a date)
    r")(?![\w])"
)
_PHONE_DIGITS = 7
"""Fewer digits than this are not a phone number (``10 20 30``, ``+1 555``)."""
# No closing-hashes group: `(.*?)[ \t#]*$` backtracks quadratically on long lines.
_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*)$")
_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_OPEN_RE = re.compile(r"<!--\s*private\s*-->", re.IGNORECASE)
_CLOSE_RE = re.compile(r"<!--\s*/\s*private\s*-->", re.IGNORECASE)
# [text](target "title") and ![alt](target); the text may hold one level of brackets.
# Every part is bounded or stops at a character it can't hold, so that no body, however
# long or odd, makes these searches quadratic.
_LINK_TEXT = r"\[((?:[^\[\]\n]|\[[^\[\]\n]{0,500}\]){0,1000})\]"
_INLINE_LINK_RE = re.compile(
    rf"!?{_LINK_TEXT}\(\s{{0,20}}<?([^()\s<>]{{0,2000}})>?(?:\s[^()\n]{{0,500}})?\)"
)
_REFERENCE_USE_RE = re.compile(rf"!?{_LINK_TEXT}(?:\[([^\[\]\n]{{0,500}})\])?")
_REFERENCE_DEF_RE = re.compile(r"^ {0,3}\[([^\]\n]{1,500})\]:[ \t]*<?([^\s<>]*)>?.*$",
                               re.MULTILINE)
_HTML_OPEN_RE = re.compile(r"""<a\b[^<>]*?\bhref\s*=\s*["']?([^"'\s<>]*)[^<>]*>""", re.IGNORECASE)
_HTML_CLOSE_RE = re.compile(r"</a\s*>", re.IGNORECASE)
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def redact(text: str) -> str:
    """Email addresses and phone numbers in free text, replaced by a visible marker."""
    text = _EMAIL_RE.sub(EMAIL_TEXT, text)
    return _PHONE_RE.sub(_phone, text)


def _phone(match: re.Match) -> str:
    digits = sum(c.isdigit() for c in match[0])
    return PHONE_TEXT if digits >= _PHONE_DIGITS else match[0]


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


def _page_slug(target: str) -> str | None:
    """The note a relative link points at (``../contacts/ada.md#x`` → ``ada``), else None."""
    if _SCHEME_RE.match(target) or target.startswith("//"):
        return None
    path = re.split(r"[#?]", target, maxsplit=1)[0].rstrip("/")
    name = path.rsplit("/", 1)[-1]
    for suffix in (".md", ".html"):
        name = name.removesuffix(suffix)
    return name or None


def remove_links(body: str, hidden: frozenset[str] | set[str]) -> str:
    """``body`` with every link to a note in ``hidden`` (slugs) replaced by LINK_TEXT."""
    if not hidden:
        return body

    def gone(target: str) -> bool:
        return _page_slug(target) in hidden

    labels = {m[1].strip().casefold() for m in _REFERENCE_DEF_RE.finditer(body) if gone(m[2])}
    body = _REFERENCE_DEF_RE.sub(lambda m: "" if gone(m[2]) else m[0], body)
    body = _INLINE_LINK_RE.sub(lambda m: LINK_TEXT if gone(m[2]) else m[0], body)
    if labels:
        # [text][label], [label][] and [label] uses of a removed definition
        body = _REFERENCE_USE_RE.sub(
            lambda m: LINK_TEXT if (m[2] or m[1]).strip().casefold() in labels else m[0], body)
    return _remove_html_links(body, gone)


def _remove_html_links(body: str, gone) -> str:
    """``<a href="…">…</a>`` to a left-out note, replaced by LINK_TEXT (text and all)."""
    parts: list[str] = []
    position = 0
    closing: re.Match | None = None  # the next </a>: searched again only once passed
    exhausted = False
    for opening in _HTML_OPEN_RE.finditer(body):
        if opening.start() < position or not gone(opening[1]):
            continue
        if not exhausted and (closing is None or closing.start() < opening.end()):
            closing = _HTML_CLOSE_RE.search(body, opening.end())
            exhausted = closing is None
        parts += [body[position:opening.start()], LINK_TEXT]
        # without a closing tag, only the opening one goes: the text stays, unlinked
        position = opening.end() if closing is None else closing.end()
    return "".join(parts) + body[position:]
def public_body(body: str, hidden: frozenset[str] | set[str] = frozenset()) -> str:
    """A note's body as a public build shows it; ``hidden``: slugs of the notes left out."""
    return redact(remove_links(strip_private_sections(body), hidden))


def _text(value: str | None) -> str | None:
    return redact(value) if value else value


def _safe_link(url: str) -> bool:
    """A link may stay when it is a web address holding no email address or phone number."""
    return not url.lower().startswith("mailto:") and redact(url) == url


def left_out(kb: KnowledgeBase) -> frozenset[str]:
    """Slugs of the notes a public build leaves out: private ones, and interviews of
    private contacts."""
    private = {slug for slug, contact in kb.contacts.items() if contact.private}
    return frozenset(private | {
        slug for slug, interview in kb.interviews.items()
        if interview.private or interview.contact in private
    })


def public_view(kb: KnowledgeBase) -> KnowledgeBase:
    """A copy of ``kb`` holding only what may be published."""
    hidden = left_out(kb)
    contacts = {slug: c for slug, c in kb.contacts.items() if not c.private}
    hidden_names = {c.name.strip().casefold() for c in kb.contacts.values() if c.private}
    kept_contacts = {}
    for slug, contact in contacts.items():
        kept_contacts[slug] = replace(
            contact,
            name=redact(contact.name),
            role=_text(contact.role),
            company=_text(contact.company),
            industry=_text(contact.industry),
            location=_text(contact.location),
            email=None,
            phone=None,
            introduced_by=contact.introduced_by if contact.introduced_by in contacts else None,
            found_via=_text(contact.found_via),
            why=_text(contact.why),
            body=public_body(contact.body, hidden),
            links=[link for link in contact.links if _safe_link(link)],
            tags=[redact(tag) for tag in contact.tags],
            lines={},
        )
    interviews = {}
    for slug, interview in kb.interviews.items():
        if interview.private or interview.contact not in contacts:
            continue
        interviews[slug] = replace(
            interview,
            body=public_body(interview.body, hidden),
            place=_text(interview.place),
            goals=[redact(goal) for goal in interview.goals],
            questions=[replace(q, text=redact(q.text)) for q in interview.questions],
            actions=[replace(a, task=redact(a.task)) for a in interview.actions],
            gift=_text(interview.gift),
            referrals=[
                redact(r) for r in interview.referrals
                if r not in hidden and r.strip().casefold() not in hidden_names
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
