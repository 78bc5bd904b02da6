"""What a public build may show: the knowledge base with everything personal taken out.

A public site is rendered from ``public_view(kb)``, never from the full knowledge base,
so no page, search index or sitemap can carry what was removed here. Removed:

- every contact and interview with ``private: true``, and every interview of a private
  contact;
- references to removed notes: ``introduced_by``, referrals that name them, and links
  to their pages written in a body (each replaced by "[link removed]", its text too);
- every email address and phone number (``redaction``): the fields, and anything that
  looks like one in a body or in any other text of a note, whatever its field (names,
  places, goals, referrals…, and fields added later); a link holding one is dropped;
- the parts of a body marked private (``sections``): a heading whose text starts with
  "Private", as the site's Markdown reads headings (down to the next heading of the same
  or a higher level), or the lines between ``<!-- private -->`` and ``<!-- /private -->``;
- the owner's profile from ``infoview.yml``, and emails and phone numbers in the other
  text it configures (topic titles and aliases) and in the question bank;
- referrals that name a private contact, by slug or by name in any order, folded as
  ``check`` folds names (case, accents, spacing, punctuation, emoji, invisible
  characters): ``Privatus  SECRETNAME``, ``Secretname, Privatus``.

What stays is the person's own words in public notes: a public build does not rewrite
names or opinions written in prose.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace

from infoview_build.notes.identity import fold_name
from infoview_build.notes.model import KnowledgeBase, Owner
from infoview_build.notes.sitemarkdown import MarkdownSettings, site_markdown
from infoview_build.notes.slugs import slugify
from infoview_build.plan.redaction import (
    DEFAULT_REGIONS,
    EMAIL_TEXT,
    PHONE_TEXT,
    redact,
    regions_of,
    visible,
)
from infoview_build.plan.sections import strip_private_sections

__all__ = ["EMAIL_TEXT", "LINK_TEXT", "PHONE_TEXT", "left_out", "public_bank", "public_body",
           "public_regions", "public_view", "redact", "remove_links", "strip_private_sections"]

LINK_TEXT = "[link removed]"

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
def public_body(body: str, hidden: frozenset[str] | set[str] = frozenset(),
                regions: tuple[str, ...] = DEFAULT_REGIONS,
                markdown: MarkdownSettings | None = None) -> str:
    """A note's body as a public build shows it; ``hidden``: slugs of the notes left out,
    ``regions``: whose phone numbers to look for, ``markdown``: how the site reads it."""
    return redact(remove_links(strip_private_sections(body, markdown), hidden), regions)


def _safe_link(url: str, regions: tuple[str, ...]) -> bool:
    """A link may stay when it is a web address holding no email address or phone number."""
    return not url.lower().startswith("mailto:") and redact(url, regions) == url


def left_out(kb: KnowledgeBase) -> frozenset[str]:
    """Slugs of the notes a public build leaves out: private ones, and interviews of
    private contacts."""
    private = {slug for slug, contact in kb.contacts.items() if contact.private}
    return frozenset(private | {
        slug for slug, interview in kb.interviews.items()
        if interview.private or interview.contact in private
    })


_REGIONS = "public-regions"


def public_regions(kb: KnowledgeBase) -> tuple[str, ...]:
    """The regions whose phone numbers a public build looks for: those of the owner and
    of the contacts (their locations, time zones and phone numbers), then the defaults.
    A public view keeps those of the knowledge base it was made from."""
    if _REGIONS in kb.derived:
        return kb.derived[_REGIONS]
    contacts = list(kb.contacts.values())
    return regions_of([c.location for c in contacts],
                      [c.timezone for c in contacts],
                      [kb.config.owner.phone, *(c.phone for c in contacts)])


_KEEP = frozenset({"slug", "path", "contact", "introduced_by", "timezone", "format",
                   "lines", "body", "links", "referrals", "skipped_referrals", "email", "phone",
                   "private"})
"""Fields that are not free text (slugs, paths, names of things) or are handled apart."""


def _scrubbed(value, regions: tuple[str, ...]):
    """``value`` with every email and phone number gone from its text, however nested:
    a field added to a note later is covered without a change here."""
    if isinstance(value, str):
        return redact(value, regions)
    if isinstance(value, list):
        return [_scrubbed(item, regions) for item in value]
    if isinstance(value, tuple):
        return tuple(_scrubbed(item, regions) for item in value)
    if isinstance(value, dict):
        return {key: _scrubbed(item, regions) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{
            f.name: _scrubbed(getattr(value, f.name), regions)
            for f in fields(value) if f.init and f.name not in _KEEP
        })
    return value


def person_keys(text: str) -> set[tuple[str, ...]]:
    """How a name or a slug is recognised whatever its order and dress: its words, folded
    as ``check`` folds names and also transliterated as slugs are, each set sorted
    (``Quartzfeld, Zebulon``, ``zebulon-quartzfeld`` and ``ZEBULON  Quartzfeld`` agree)."""
    shown = visible(text)
    keys = {tuple(sorted(re.findall(r"[^\W_]+", fold_name(shown)))),
            tuple(sorted(slugify(shown).split("-")))}
    return keys - {(), ("",)}


def public_bank(bank: dict[str, list[str]], regions: tuple[str, ...] = DEFAULT_REGIONS
                ) -> dict[str, list[str]]:
    """The question bank as a public site shows it."""
    return {topic: [redact(q, regions) for q in questions] for topic, questions in bank.items()}


def public_view(kb: KnowledgeBase, markdown: MarkdownSettings | None = None) -> KnowledgeBase:
    """A copy of ``kb`` holding only what may be published; ``markdown``: how the site
    reads headings (default: the knowledge base's ``mkdocs.yml``)."""
    markdown = markdown or site_markdown(kb.root)
    regions = public_regions(kb)
    hidden = left_out(kb)
    contacts = {slug: c for slug, c in kb.contacts.items() if not c.private}
    hidden_names = {key for c in kb.contacts.values() if c.private
                    for text in (c.name, c.slug) for key in person_keys(text)}
    kept_contacts = {}
    for slug, contact in contacts.items():
        kept_contacts[slug] = replace(
            _scrubbed(contact, regions),
            email=None,
            phone=None,
            introduced_by=contact.introduced_by if contact.introduced_by in contacts else None,
            body=public_body(contact.body, hidden, regions, markdown),
            links=[link for link in contact.links if _safe_link(link, regions)],
            lines={},
        )
    interviews = {}
    for slug, interview in kb.interviews.items():
        if interview.private or interview.contact not in contacts:
            continue
        interviews[slug] = replace(
            _scrubbed(interview, regions),
            body=public_body(interview.body, hidden, regions, markdown),
            referrals=[
                redact(r, regions) for r in interview.referrals
                if r not in hidden and not person_keys(r) & hidden_names
            ],
            skipped_referrals={
                redact(r, regions): day for r, day in interview.skipped_referrals.items()
                if r not in hidden and slugify(r) not in hidden_names
            },
            lines={},
        )
    topics = [replace(t, title=redact(t.title, regions) if t.title else t.title,
                      aliases=[redact(a, regions) for a in t.aliases])
              for t in kb.config.topics if redact(t.name, regions) == t.name]
    config = replace(_scrubbed(replace(kb.config, owner=Owner(), lines={}, topics=[]), regions),
                     topics=topics)
    view = KnowledgeBase(
        root=kb.root,
        config=config,
        contacts=kept_contacts,
        interviews=interviews,
        problems=list(kb.problems),
        files_checked=kb.files_checked,
    )
    view.derived[_REGIONS] = regions
    return view
