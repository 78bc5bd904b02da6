"""What the interviews taught, worked out as plain data for the site's insight pages.

Pure functions of a knowledge base and "today": topic excerpts (the notes under a
heading that names a topic), question counts, the referral network and its reach,
companies with their people, and activity per month. Pages are made from these in
``insight_pages``; nothing here knows about Markdown escaping or the site's layout.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from infoview_build.notes.model import Contact, Interview, KnowledgeBase, Question
from infoview_build.notes.slugs import slugify
from infoview_build.notes.topics import (  # noqa: F401 - part of this module's interface
    BUILT_IN_TOPICS,
    Topic,
    normalise_heading,
    topic_table,
)


def topics_of(kb: KnowledgeBase) -> list[Topic]:
    """The knowledge base's topics, built-in and configured."""
    return topic_table(kb.config.topics)[0]


# -- topic excerpts -------------------------------------------------------------------

_HEADING_RE = re.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
EXCERPT_LEVEL = 3
"""Headings inside an excerpt start at this level, below the page's attribution heading."""


def _headings(lines: list[str]) -> tuple[list[tuple[int, int, str]], str]:
    """``(line index, level, text)`` of every ATX heading outside code fences, and the
    fence left open at the end (empty when none)."""
    found: list[tuple[int, int, str]] = []
    fence = ""
    for index, line in enumerate(lines):
        opener = _FENCE_RE.match(line)
        if opener:
            mark = opener[1]
            if not fence:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = ""
            continue
        if fence:
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            found.append((index, len(heading[1]), _heading_text(line[heading.end():])))
    return found, fence


def _heading_text(rest: str) -> str:
    """A heading's text without its optional closing ``#``s (no regex: long lines stay fast)."""
    text = rest.strip(" \t")
    bare = text.rstrip("#")
    if not bare:
        return ""
    if bare != text and bare[-1] in " \t":
        return bare.rstrip(" \t")
    return text


def topic_sections(body: str, topics: list[Topic]) -> dict[str, str]:
    """Topic name → the notes under the headings that name it (joined, in body order).

    A section runs to the next heading of the same or a higher level; headings inside it
    are moved down so that the excerpt nests under a level-2 heading, and a heading
    inside a section already taken is not read again.
    """
    lines = body.split("\n")
    headings, open_fence = _headings(lines)
    by_heading = {h: topic.name for topic in topics for h in topic.headings}
    found: dict[str, list[str]] = {}
    taken_until = -1
    for position, (index, level, text) in enumerate(headings):
        if index < taken_until or level < 2:
            continue
        name = by_heading.get(normalise_heading(text))
        if name is None:
            continue
        end = len(lines)
        inner: list[tuple[int, int]] = []
        for later_index, later_level, _text in headings[position + 1:]:
            if later_level <= level:
                end = later_index
                break
            inner.append((later_index, later_level))
        taken_until = end
        section = lines[index + 1:end]
        for inner_index, inner_level in inner:
            new_level = min(6, inner_level - level + EXCERPT_LEVEL - 1)
            stripped = section[inner_index - index - 1].lstrip(" ").lstrip("#")
            section[inner_index - index - 1] = "#" * new_level + stripped
        text_block = "\n".join(section).strip("\n")
        if end == len(lines) and open_fence:  # closed here, or it would swallow the page
            text_block += "\n" + open_fence
        if text_block.strip():
            found.setdefault(name, []).append(text_block)
    return {name: "\n\n".join(parts) for name, parts in found.items()}


@dataclass(frozen=True, slots=True)
class Excerpt:
    """What one interview's notes say under one topic."""

    topic: str
    interview: Interview
    contact: Contact
    text: str
    """Markdown, as the owner wrote it (headings moved down)."""


def newest_first(interviews) -> list[Interview]:
    """Interviews by date, newest first (the slug breaks ties, so the order is fixed)."""
    return sorted(interviews, key=lambda i: (i.date, i.slug), reverse=True)


def held_interviews(kb: KnowledgeBase, today: date) -> list[Interview]:
    """Interviews held before ``today`` with a known contact, newest first."""
    return newest_first(i for i in kb.interviews.values()
                        if i.held(today) and i.contact in kb.contacts)


def topic_excerpts(kb: KnowledgeBase, today: date,
                   topics: list[Topic] | None = None) -> dict[str, list[Excerpt]]:
    """Every topic (even one with nothing yet) → its excerpts from held interviews, newest first."""
    topics = topics_of(kb) if topics is None else topics
    out: dict[str, list[Excerpt]] = {topic.name: [] for topic in topics}
    for interview in held_interviews(kb, today):
        contact = kb.contacts[interview.contact]
        for name, text in topic_sections(interview.body, topics).items():
            out[name].append(Excerpt(name, interview, contact, text))
    return out


# -- questions ------------------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def normalise_question(text: str) -> str:
    """``What's  next?`` and ``what’s next`` are one question: case, quotes, spacing and
    the final punctuation do not count."""
    text = " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold().split())
    # A question of punctuation alone (":") stays itself rather than vanishing from the page.
    return text.rstrip(" ?.!:;") or text


@dataclass(slots=True)
class QuestionStat:
    """One question (normalised) across every interview that prepared it."""

    key: str
    text: str
    """The spelling used most often (the earliest one on a tie)."""
    topic: str | None
    asked_in: list[Interview] = field(default_factory=list)
    """Held interviews where it was marked asked, newest first."""
    prepared_in: list[Interview] = field(default_factory=list)
    """Every interview (not cancelled) that lists it, newest first."""


def question_stats(kb: KnowledgeBase, today: date) -> list[QuestionStat]:
    """Every prepared question, most often asked first."""
    spellings: dict[str, Counter] = {}
    topics: dict[str, Counter] = {}
    stats: dict[str, QuestionStat] = {}
    live = sorted((i for i in kb.interviews.values() if not i.cancelled),
                  key=lambda i: (i.date, i.slug))
    for interview in live:
        seen: set[str] = set()
        for question in interview.questions:
            key = normalise_question(question.text)
            if not key or key in seen:
                continue
            seen.add(key)
            stat = stats.setdefault(key, QuestionStat(key, question.text, None))
            spellings.setdefault(key, Counter())[question.text] += 1
            if question.topic:
                topics.setdefault(key, Counter())[question.topic] += 1
            stat.prepared_in.append(interview)
            if question.asked and interview.held(today):
                stat.asked_in.append(interview)
    for key, stat in stats.items():
        stat.text = spellings[key].most_common(1)[0][0]
        if key in topics:
            stat.topic = topics[key].most_common(1)[0][0]
        stat.asked_in.reverse()
        stat.prepared_in.reverse()
    return sorted(stats.values(),
                  key=lambda s: (-len(s.asked_in), -len(s.prepared_in), s.key))


def unasked(interview: Interview, today: date) -> tuple[list[Question], list[Question]]:
    """A held interview's prepared questions that were not asked, and those not marked
    either way; both empty before the interview (or when it was cancelled)."""
    if not interview.held(today):
        return [], []
    return ([q for q in interview.questions if q.asked is False],
            [q for q in interview.questions if q.asked is None])


def bank_never_asked(bank: dict[str, list[str]],
                     stats: list[QuestionStat]) -> dict[str, list[str]]:
    """Bank questions (by topic) that no held interview marked as asked."""
    asked = {s.key for s in stats if s.asked_in}
    out: dict[str, list[str]] = {}
    for topic, questions in bank.items():
        left = [q for q in questions if normalise_question(q) not in asked]
        if left:
            out[topic] = left
    return out


# -- the referral network -------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Link:
    """Someone who brought a contact to the owner: by introduction or as a referral."""

    source: str
    """Slug of the contact who introduced or suggested them."""
    target: str
    how: str
    """``introduced`` (the contact's ``introduced_by``) or ``referred``."""
    interview: str | None = None
    """Slug of the interview that recorded the referral."""


@dataclass(slots=True)
class Network:
    """Who led to whom: a forest for drawing, plus every link for the record."""

    links: list[Link]
    """Every link, sorted by target then source."""
    parent: dict[str, str]
    """Contact → the one who brought them, in the drawn tree."""
    children: dict[str, list[str]]
    """Contact → the contacts they brought, by name."""
    roots: list[str]
    """Contacts who brought someone but were brought by no one (in the tree), by name."""
    pending: dict[str, list[str]]
    """Contact → suggested names that are not contacts yet."""
    reached: list[str]
    """Contacts brought by someone: slugs, by name."""

    def descendants(self, slug: str) -> int:
        """How many people came, directly or further down, through ``slug``."""
        total, stack = 0, list(self.children.get(slug, ()))
        while stack:
            child = stack.pop()
            total += 1
            stack += self.children.get(child, ())
        return total


def referral_target(kb: KnowledgeBase, referral: str, names: dict[str, str]) -> str | None:
    """The contact a referral names (slug, or name with case, accents and spacing folded),
    if any."""
    if referral in kb.contacts:
        return referral
    key = slugify(referral)
    return names.get(key) if key else None


def referral_network(kb: KnowledgeBase) -> Network:
    """The links from ``introduced_by`` and from referrals of interviews not cancelled."""
    contacts = kb.contacts
    names = {slugify(c.name): slug for slug, c in sorted(contacts.items())}
    links: set[Link] = set()
    pending: dict[str, list[str]] = {}
    for slug, contact in contacts.items():
        if contact.introduced_by in contacts and contact.introduced_by != slug:
            links.add(Link(contact.introduced_by, slug, "introduced"))
    for interview in sorted(kb.interviews.values(), key=lambda i: (i.date, i.slug)):
        if interview.cancelled or interview.contact not in contacts:
            continue
        for referral in interview.referrals:
            target = referral_target(kb, referral, names)
            if target is None and referral in interview.skipped_referrals:
                continue  # not pursued: no one is waiting to be added
            if target is None:
                names_left = pending.setdefault(interview.contact, [])
                if referral.strip() not in names_left:
                    names_left.append(referral.strip())
            elif target != interview.contact:
                links.add(Link(interview.contact, target, "referred", interview.slug))
    ordered = sorted(links, key=lambda link: (link.target, link.how != "introduced",
                                              link.interview or "", link.source))
    parent: dict[str, str] = {}
    for link in ordered:  # an introduction wins, then the earliest referral
        parent.setdefault(link.target, link.source)
    _break_cycles(parent)

    def by_name(slug: str) -> tuple[str, str]:
        return (contacts[slug].name.casefold(), slug)

    children: dict[str, list[str]] = {}
    for child, source in parent.items():
        children.setdefault(source, []).append(child)
    for kids in children.values():
        kids.sort(key=by_name)
    roots = sorted((s for s in children if s not in parent), key=by_name)
    reached = sorted({link.target for link in links}, key=by_name)
    return Network(ordered, parent, children, roots, dict(sorted(pending.items())), reached)


def _break_cycles(parent: dict[str, str]) -> None:
    """Make the parent links a forest: in a loop, the smallest slug loses its parent."""
    done: set[str] = set()
    for start in sorted(parent):
        path: list[str] = []
        on_path: set[str] = set()
        node = start
        while node in parent and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parent[node]
        if node in on_path:
            loop = path[path.index(node):]
            del parent[min(loop)]
        done.update(path)


# -- companies ------------------------------------------------------------------------

@dataclass(slots=True)
class Company:
    """An employer with at least one contact."""

    slug: str
    name: str
    """The spelling used most often (the first by slug on a tie)."""
    contacts: list[Contact]
    """Its people, by name."""


def company_slug(name: str) -> str:
    """File name of a company's page; a name with no letters or digits still gets one, and
    a company called "Index" does not take the place of the companies index."""
    slug = slugify(name) or "company-" + "-".join(f"{ord(c):x}" for c in name.strip()[:8])
    return "company-index" if slug == "index" else slug


def companies(kb: KnowledgeBase) -> list[Company]:
    """Companies by name; spellings that differ only in case or punctuation are one."""
    groups: dict[str, list[Contact]] = {}
    for contact in kb.contacts.values():
        if contact.company and contact.company.strip():
            groups.setdefault(company_slug(contact.company), []).append(contact)
    out = []
    for slug, people in groups.items():
        spelling = Counter(c.company.strip() for c in people).most_common(1)[0][0]
        people.sort(key=lambda c: (c.name.casefold(), c.slug))
        out.append(Company(slug, spelling, people))
    return sorted(out, key=lambda c: (c.name.casefold(), c.slug))


# -- the timeline ---------------------------------------------------------------------

@dataclass(slots=True)
class Month:
    """What happened in one calendar month."""

    month: str
    """``YYYY-MM``."""
    requests: int = 0
    follow_ups: int = 0
    replies: int = 0
    declines: int = 0
    held: int = 0
    """Interviews held (before today, not cancelled)."""
    upcoming: int = 0
    """Interviews on or after today, not cancelled."""
    thanks: int = 0

    @property
    def outreach(self) -> int:
        return self.requests + self.follow_ups


MAX_GAP_MONTHS = 120
"""Empty months between busy ones are shown (to show the pace) up to this span."""


def timeline(kb: KnowledgeBase, today: date) -> list[Month]:
    """Outreach and interviews per month, oldest first, quiet months included."""
    months: dict[str, Month] = {}

    def add(day: date | None, what: str) -> None:
        if day is not None:
            row = months.setdefault(f"{day.year:04d}-{day.month:02d}", Month(""))
            setattr(row, what, getattr(row, what) + 1)

    for contact in kb.contacts.values():
        add(contact.requested_on, "requests")
        add(contact.followed_up_on, "follow_ups")
        add(contact.replied_on, "replies")
        add(contact.declined_on, "declines")
    for interview in kb.interviews.values():
        if interview.cancelled:
            continue
        add(interview.date, "held" if interview.date < today else "upcoming")
        add(interview.thanked_on, "thanks")
    if not months:
        return []
    keys = sorted(months)
    first, last = _month_number(keys[0]), _month_number(keys[-1])
    if last - first < MAX_GAP_MONTHS:
        keys = [f"{n // 12:04d}-{n % 12 + 1:02d}" for n in range(first, last + 1)]
    rows = []
    for key in keys:
        row = months.get(key, Month(""))
        row.month = key
        rows.append(row)
    return rows


def _month_number(key: str) -> int:
    year, month = key.split("-")
    return int(year) * 12 + int(month) - 1
