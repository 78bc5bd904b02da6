"""The site as ``{docs-relative path: Markdown}``: a pure function of the notes and the day.

Nothing here knows about MkDocs: ``plugin.py`` hands these pages to MkDocs, and another
site engine could take the same dictionary. Each page producer is a function
``(kb, today, public) -> {path: markdown}``; ``PRODUCERS`` lists them, so a new kind of
page is one more line there. Every value from front matter reaches a page through
``escape.py`` (the templates escape every ``{{ }}`` by default).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from datetime import date, timedelta

from markupsafe import Markup

from infoview_build.notes.model import Contact, Interview, KnowledgeBase
from infoview_build.notes.questions import load_bank
from infoview_build.notes.sitemarkdown import MarkdownSettings, site_directory_urls
from infoview_build.notes.slugs import slugify
from infoview_build.plan.ahead import foreseen, horizon
from infoview_build.plan.checklists import (
    CHECKLISTS,
    SUGGESTIONS,
    TITLES,
    Item,
    checklists,
    due_phrase,
)
from infoview_build.plan.insights import companies as companies_of
from infoview_build.plan.insights import company_slug, unasked
from infoview_build.plan.public import public_bank, public_regions, public_view
from infoview_build.plan.stages import last_interaction, stages
from infoview_build.site import escape, paging
from infoview_build.site.events import contact_events
from infoview_build.site.insight_pages import insight_pages as produce_insights
from infoview_build.site.labels import PIPELINE, stage_label
from infoview_build.site.pages import DIRECTORY_URLS, FORESEEN_DAYS, Pages, Producer, page

TAGS_INDEXED = 100
"""Tags of one contact that reach the tags index; the contact's page shows all of them.
Material's tags and search plugins take time quadratic in the tags of a page: 10,000 tags
on one note took 42 s to build, 100 take no time."""



# The phrases below are made of numbers, dates and fixed words: Markup, so that they
# are not escaped character by character.

def _minutes(interview: Interview) -> Markup:
    return Markup(f"{interview.duration} min" if interview.duration else "")


def _when(interview: Interview) -> Markup:
    """``2026-12-03 14:30`` (or the day alone when no time was given)."""
    if interview.time is None:
        return Markup(interview.date.isoformat())
    return Markup(f"{interview.date.isoformat()} {interview.time.strftime('%H:%M')}")


def _status(interview: Interview, today: date) -> Markup:
    if interview.cancelled:
        return Markup("cancelled")
    if interview.date == today:
        return Markup("today")
    return Markup("held" if interview.held(today) else "upcoming")


def _thanks(kb: KnowledgeBase, interview: Interview, today: date) -> Markup:
    """The thank-you status, as a short phrase: when it was sent, else when it is due, in
    the words of the thank-you checklist."""
    if interview.cancelled or not interview.held(today):
        return Markup("")
    if interview.thanked_on is not None:
        return Markup(f"sent {interview.thanked_on.isoformat()}")
    item = _thank_you_items(kb, today).get(interview.slug)
    return Markup(due_phrase(item, today) if item else "")


def _thank_you_items(kb: KnowledgeBase, today: date) -> dict[str, Item]:
    """The open thank-you items by interview slug, worked out once per day."""
    key = ("thank-you items", today)
    if key not in kb.derived:
        kb.derived[key] = {item.interview: item for item in _checklist_items(kb, today)
                           if item.checklist == "thank-you" and item.interview}
    return kb.derived[key]


def _interview_row(kb: KnowledgeBase, interview: Interview, today: date) -> dict:
    contact = kb.contacts.get(interview.contact)
    return {
        "slug": interview.slug,
        "when": _when(interview),
        "contact": contact,
        "contact_slug": interview.contact,
        "format": interview.format or "",
        "length": _minutes(interview),
        "status": _status(interview, today),
        "thanks": _thanks(kb, interview, today),
        "interview": interview,
    }


WEEK_DAYS = 7
"""The dashboard's "coming week": items due in the next this many days."""


def dashboard(kb: KnowledgeBase, today: date, public: bool) -> Pages:
    """``index.md``: what to do today (overdue, due today, the coming week), the interviews
    ahead, then one row of the pipeline."""
    stage_of = stages(kb, today)
    counts = Counter(stage_of.values())
    upcoming = [
        _interview_row(kb, i, today) for i in sorted(kb.interviews.values(),
                                                      key=lambda i: (i.date, _when(i), i.slug))
        if not i.cancelled and i.date >= today
    ]
    items = _checklist_items(kb, today)
    dated = [i for i in items if i.checklist not in SUGGESTIONS]  # oldest due first
    week_end = today + timedelta(days=WEEK_DAYS)
    groups = [
        ("Overdue", [i for i in dated if i.overdue]),
        ("Due today", [i for i in dated if not i.overdue and i.due == today]),
        ("Coming week", [i for i in dated if today < i.due <= week_end]),
    ]
    later = [i for i in dated if i.due > week_end]
    suggestions = [i for i in items if i.checklist in SUGGESTIONS]
    shown = [(title, group[:paging.SHOWN], _by_checklist(group[paging.SHOWN:]))
             for title, group in groups]
    # The coming week also holds, hidden, the first items a reader's later week will (up
    # to the horizon): infoview-days.js shows them on their day.
    last = horizon(kb, today) + timedelta(days=WEEK_DAYS)
    waiting = [i for i in _foreseen(kb, today) if i.due <= last
               and (i.visible_from > today or i.due > week_end)][:paging.SHOWN]
    title, week, rest = shown[2]
    shown[2] = (title, sorted(week + waiting, key=lambda i: i.due), rest)  # stable
    return {"index.md": page(
        "dashboard.md.j2", path="index.md", today=today, kb=kb,
        counts=[len(group) for _title, group in groups], groups=shown, week_end=week_end,
        later=later, suggestions=suggestions, upcoming=upcoming[:paging.SHOWN],
        upcoming_total=len(upcoming), pipeline=[(s, counts[s]) for s in PIPELINE],
    )}


def _foreseen(kb: KnowledgeBase, today: date) -> list[Item]:
    """The dated items of ``today`` and, hidden in the pages, those that become known by
    the horizon, for infoview-days.js to show on a reader's later day."""
    return foreseen(kb, today, _checklist_items)


def _by_checklist(items: list[Item]) -> list[tuple[str, str, int]]:
    """How many of ``items`` each checklist holds, as ``(name, title, count)`` in the
    checklists' order: where the rest of a dashboard section is."""
    counts = Counter(item.checklist for item in items)
    return [(name, TITLES[name], counts[name]) for name in CHECKLISTS if counts[name]]


def _checklist_items(kb: KnowledgeBase, today: date) -> list[Item]:
    """The checklists of ``kb`` on ``today``, worked out once for all the producers."""
    key = ("checklists", today)
    if key not in kb.derived:
        kb.derived[key] = checklists(kb, today)
    return kb.derived[key]


def contact_pages(kb: KnowledgeBase, today: date, public: bool,
                  only: Collection[str] | None = None) -> Pages:
    """``contacts/index.md`` (a table) and ``contacts/<slug>.md`` for each contact; with
    ``only``, the pages of those contacts alone."""
    stage_of = stages(kb, today)
    introduced: dict[str, list[Contact]] = {}
    for contact in kb.contacts.values():
        if contact.introduced_by:
            introduced.setdefault(contact.introduced_by, []).append(contact)
    items_of: dict[str, list] = {}
    for item in _checklist_items(kb, today):
        if item.contact:
            items_of.setdefault(item.contact, []).append(item)
    pages: Pages = {}
    if only is None:
        pages.update(_contact_lists(kb, today, stage_of, items_of))
    for slug, contact in kb.contacts.items():
        if only is not None and slug not in only:
            continue
        pages[f"contacts/{slug}.md"] = page(
            "contact.md.j2", c=contact, stage=stage_of[slug], source=contact.path,
            company_slug=company_slug(contact.company) if contact.company else "",
            introducer=kb.contacts.get(contact.introduced_by or ""),
            introduced=sorted(introduced.get(slug, []), key=lambda c: c.slug),
            events=contact_events(kb, contact, today),
            items=items_of.get(slug, []), today=today,
            indexed_tags=contact.tags[:TAGS_INDEXED],
            email=escape.link(f"mailto:{contact.email}", contact.email) if contact.email else "",
            phone=escape.link(f"tel:{_dialable(contact.phone)}", contact.phone)
            if contact.phone else "",
        )
    return pages


IN_TOUCH_FIRST = ("to-schedule", "scheduled", "follow-up-due", "awaiting-reply", "interviewed",
                  "no-reply", "declined", "prospect")
"""The contacts index's order: the people you are in touch with first, by what is most
pressing; those never asked last, summarised when they are many."""
TOP_COMPANIES = 8
"""Companies the contacts index names beside the prospects summary."""


def _contact_lists(kb: KnowledgeBase, today: date, stage_of: dict[str, str],
                   items_of: dict[str, list[Item]]) -> Pages:
    """``contacts/index.md``: the first people of each stage, by what is due, else the most
    recent contact; the whole of a long stage on ``contacts/stage/<stage>.md`` (and its
    further pages), and many prospects by the first letter of their name on
    ``contacts/prospects/<letter>.md``."""
    by_stage: dict[str, list[tuple]] = {stage: [] for stage in PIPELINE}
    for contact in sorted(kb.contacts.values(), key=lambda c: (c.name.casefold(), c.slug)):
        item = items_of.get(contact.slug, [None])[0]
        by_stage[stage_of[contact.slug]].append(
            (contact, item, last_interaction(kb, contact, today)))
    pages: Pages = {}
    groups = []
    for stage in IN_TOUCH_FIRST:
        rows = by_stage[stage]
        if stage != "prospect":  # by name among prospects: they are browsed by letter
            rows.sort(key=_most_pressing)
        more = None
        if len(rows) > paging.INDEX_SHOWN and stage != "prospect":
            more = f"contacts/stage/{stage}.md"
            for pager, chunk in paging.cut(more, rows, paging.PAGE_ROWS):
                pages[pager.path] = page("people.md.j2", path=pager.path, pager=pager,
                                         heading=stage_label(stage), rows=chunk, today=today,
                                         letter=None)
        groups.append((stage, rows[:paging.INDEX_SHOWN], len(rows), more))
    prospects = by_stage["prospect"]
    letters: list[tuple[str, int, str]] = []
    companies: list[tuple[str, int, str]] = []
    if len(prospects) > paging.INDEX_SHOWN:
        by_letter: dict[str, list[tuple]] = {}
        for row in prospects:
            key = row[0].slug[0] if row[0].slug[0].isalpha() else "0-9"
            by_letter.setdefault(key, []).append(row)
        for key, rows in sorted(by_letter.items(), key=lambda pair: (pair[0] == "0-9", pair)):
            first = f"contacts/prospects/{key}.md"
            letters.append((key.upper(), len(rows), first))
            for pager, chunk in paging.cut(first, rows, paging.PAGE_ROWS):
                pages[pager.path] = page("people.md.j2", path=pager.path, pager=pager,
                                         heading=stage_label("prospect"), rows=chunk,
                                         today=today, letter=key.upper())
        named = Counter(company_slug(r[0].company) for r in prospects
                        if r[0].company and r[0].company.strip())
        spelling = {company.slug: company.name for company in companies_of(kb)}
        companies = [(spelling[slug], count, f"companies/{slug}.md")
                     for slug, count in sorted(named.items(), key=lambda p: (-p[1], p[0]))
                     [:TOP_COMPANIES]]
    pages["contacts/index.md"] = page(
        "contacts.md.j2", path="contacts/index.md", groups=groups, total=len(kb.contacts),
        today=today, letters=letters, companies=companies)
    return pages


def _most_pressing(row: tuple) -> tuple:
    """A row of the contacts index by what is due (a dated step before a suggestion, the
    oldest first), then by the most recent contact."""
    _contact, item, last = row
    rank = 2 if item is None else int(item.checklist in SUGGESTIONS)
    return (rank, item.due if item else date.min, -(last.toordinal() if last else 0))


def _dialable(phone: str) -> str:
    """A phone number as a ``tel:`` link wants it: the digits and a leading plus."""
    digits = re.sub(r"[^0-9]", "", phone)
    return f"+{digits}" if phone.strip().startswith("+") else digits


def _referral(kb: KnowledgeBase, by_name: dict[str, Contact], name: str
              ) -> tuple[Contact | None, str]:
    """The contact a referral names (by slug or by name), else None and the text."""
    if name in kb.contacts:
        return kb.contacts[name], name
    key = slugify(name)
    return (by_name.get(key) if key else None), name


def _skipped(interview: Interview, name: str) -> Markup | None:
    """The day a referral was skipped, as the page shows it (a date, never escaped)."""
    day = interview.skipped_referrals.get(name)
    return Markup(day.isoformat()) if day else None


def interview_pages(kb: KnowledgeBase, today: date, public: bool,
                    only: Collection[str] | None = None) -> Pages:
    """``interviews/index.md`` (by date) and ``interviews/<slug>.md`` for each interview;
    with ``only``, the pages of those interviews alone."""
    rows = [_interview_row(kb, i, today) for i in kb.interviews.values()
            if only is None or i.slug in only]
    rows.sort(key=lambda r: (r["interview"].date, r["when"], r["slug"]))
    pages: Pages = {}
    if only is None:
        upcoming = [r for r in rows if r["status"] in ("upcoming", "today")]
        past = [r for r in reversed(rows) if r["status"] not in ("upcoming", "today")]
        sections = []
        for heading, group, held in (("Upcoming", upcoming, False), ("Past", past, True)):
            more = None
            if len(group) > paging.INDEX_SHOWN:
                more = f"interviews/{heading.lower()}.md"
                for pager, chunk in paging.cut(more, group, paging.PAGE_ROWS):
                    pages[pager.path] = page("interview_list.md.j2", path=pager.path,
                                             heading=heading, rows=chunk, past=held,
                                             pager=pager, today=today)
            sections.append((heading, group[:paging.INDEX_SHOWN], held, len(group), more))
        pages["interviews/index.md"] = page("interviews.md.j2", path="interviews/index.md",
                                            sections=sections)
    by_name: dict[str, Contact] = {}
    for contact in kb.contacts.values():  # the first contact of a name wins, as in checklists
        by_name.setdefault(slugify(contact.name), contact)
    items_of: dict[str, list] = {}
    for item in _checklist_items(kb, today):
        if item.interview:
            items_of.setdefault(item.interview, []).append(item)
    for row in rows:
        interview = row["interview"]
        pages[f"interviews/{row['slug']}.md"] = page(
            "interview.md.j2", r=row, i=interview, source=interview.path,
            referrals=[(*_referral(kb, by_name, name), _skipped(interview, name))
                       for name in interview.referrals],
            items=items_of.get(interview.slug, []), today=today,
            unasked=unasked(interview, today),
            actions=_actions(interview, items_of.get(interview.slug, [])),
        )
    return pages


def _actions(interview: Interview, items: list[Item]) -> list[tuple]:
    """Each action item of ``interview`` with its open checklist item (None once done)."""
    open_items = [item for item in items if item.checklist == "action"]
    pairs = []
    for action in interview.actions:
        match = None
        if not action.done:
            match = next((i for i in open_items if i.text.startswith(action.task)), None)
            if match is not None:
                open_items.remove(match)
        pairs.append((action, match))
    return pairs


def checklist_pages(kb: KnowledgeBase, today: date, public: bool) -> Pages:
    """``checklists/index.md`` and ``checklists/<name>.md``: each a Markdown task list."""
    items = _checklist_items(kb, today)
    groups = [(name, TITLES[name], [i for i in items if i.checklist == name])
              for name in CHECKLISTS]
    pages = {"checklists/index.md": page("checklists.md.j2", groups=groups, today=today)}
    ahead = _foreseen(kb, today)
    for name, heading, group in groups:
        if name not in SUGGESTIONS:  # with the items a later reader sees (hidden)
            group = [i for i in ahead if i.checklist == name]
        for pager, chunk in paging.cut(f"checklists/{name}.md", group, paging.PAGE_ITEMS):
            pages[pager.path] = page(
                "checklist.md.j2", path=pager.path, heading=heading, items=chunk,
                today=today, pager=pager,
            )
    return pages


def insight_pages(kb: KnowledgeBase, today: date, public: bool) -> Pages:
    """Topics, companies, the referral network, questions and the timeline; the question
    bank (the knowledge base's own ``questions.yml``, else the package's) shows which of
    its questions were never asked."""
    bank = load_bank(kb.root)
    if public:
        bank = public_bank(bank, public_regions(kb))
    return produce_insights(kb, today, public, bank=bank)


def tags_page(kb: KnowledgeBase, today: date, public: bool) -> Pages:
    """``tags.md``: Material's tags plugin fills in the listing."""
    return {"tags.md": page("tags.md.j2")}


PRODUCERS: list[Producer] = [
    dashboard,
    contact_pages,
    interview_pages,
    checklist_pages,
    insight_pages,
    tags_page,
]
"""Every page producer; their paths must not overlap."""


def note_pages(kb: KnowledgeBase, today: date, contacts: Collection[str],
               interviews: Collection[str], *, public: bool = False,
               markdown: MarkdownSettings | None = None,
               directory_urls: bool | None = None) -> Pages:
    """The pages of the given contacts and interviews (by slug), each exactly as
    ``render_site`` makes it: what ``serve`` shows first after a note changed."""
    return _rendered(kb, public, markdown, directory_urls, lambda kb: {
        **contact_pages(kb, today, public, only=contacts),
        **interview_pages(kb, today, public, only=interviews),
    })


def render_site(kb: KnowledgeBase, today: date, *, public: bool = False,
                markdown: MarkdownSettings | None = None,
                directory_urls: bool | None = None) -> Pages:
    """Every generated page, by docs-relative path, sorted by path; ``markdown``: how the
    site reads Markdown, for a public build to find private sections; ``directory_urls``:
    whether pages have ``dir/page/`` addresses, for the links of the listings' HTML blocks
    (both by default as the knowledge base's ``mkdocs.yml`` says)."""
    def produce(kb: KnowledgeBase) -> Pages:
        pages: Pages = {}
        for producer in PRODUCERS:
            produced = producer(kb, today, public)
            clash = pages.keys() & produced.keys()
            if clash:
                raise ValueError(
                    f"{producer.__name__} makes pages already made: {sorted(clash)}")
            pages.update(produced)
        return pages

    return _rendered(kb, public, markdown, directory_urls, produce)


def _rendered(kb: KnowledgeBase, public: bool, markdown: MarkdownSettings | None,
              directory_urls: bool | None, produce) -> Pages:
    """``produce(kb)`` (the public view of ``kb`` for a public site) with links written
    for the site's kind of addresses, sorted by path."""
    if public:
        kb = public_view(kb, markdown)
    if directory_urls is None:
        directory_urls = site_directory_urls(kb.root)
    token = DIRECTORY_URLS.set(directory_urls)
    days = FORESEEN_DAYS.set(kb.config.prep_window_days)
    try:
        return dict(sorted(produce(kb).items()))
    finally:
        FORESEEN_DAYS.reset(days)
        DIRECTORY_URLS.reset(token)
