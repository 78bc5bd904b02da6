"""The knowledge-base pages of the site: topics, companies, the referral network, the
questions asked and the timeline, made from ``insights`` with the site's templates.

One producer makes them all, so the topic excerpts (read from every interview's notes)
are worked out once per build. The drawings are SVG laid out here at build time: they
work without JavaScript and without any other host, and each has a plain-text twin
(a nested list, a table) for screen readers and search.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from infoview_build.notes.model import TOPICS, KnowledgeBase
from infoview_build.plan import insights
from infoview_build.plan.stages import stages
from infoview_build.site import paging
from infoview_build.site.labels import PIPELINE, stage_label
from infoview_build.site.pages import Pages, page

STAGE_COLOURS = {
    "declined": "#9e9e9e",
    "interviewed": "#2e7d32",
    "scheduled": "#1565c0",
    "to-schedule": "#6a1b9a",
    "no-reply": "#757575",
    "follow-up-due": "#ef6c00",
    "awaiting-reply": "#f9a825",
    "prospect": "#00838f",
}
"""Outline colour of a person's box in the network drawing, by stage."""

NAV_PAGES = ("insights.md", "topics/index.md", "companies/index.md", "network.md",
             "questions.md", "timeline.md")
"""The index pages of this module, for the site's navigation."""


def insight_pages(kb: KnowledgeBase, today: date, public: bool,
                  bank: dict[str, list[str]] | None = None) -> Pages:
    """Every insight page by docs-relative path; ``bank`` is the question bank, if any."""
    stage_of = stages(kb, today)
    topics = insights.topics_of(kb)
    excerpts = insights.topic_excerpts(kb, today, topics)
    pages: Pages = {}
    pages.update(_topic_pages(kb, today, topics, excerpts, stage_of))
    pages.update(_company_pages(kb, today, excerpts, stage_of))
    pages["network.md"] = _network_page(kb, stage_of, today)
    pages.update(_question_pages(kb, today, bank))
    pages["timeline.md"] = _timeline_page(kb, today)
    pages["insights.md"] = page("insights.md.j2", today=today, topics=len(topics),
                                companies=len(insights.companies(kb)))
    return pages


def _topic_pages(kb, today, topics, excerpts, stage_of) -> Pages:
    rows = [(topic, excerpts[topic.name]) for topic in topics]
    pages = {"topics/index.md": page("topics.md.j2", rows=rows, today=today)}
    for topic, found in rows:
        companies = len({insights.company_slug(e.contact.company)
                         for e in found if e.contact.company})
        for pager, chunk in paging.cut(f"topics/{topic.name}.md", found, paging.PAGE_ROWS,
                                       head=paging.QUOTED):
            pages[pager.path] = page(
                "topic.md.j2", path=pager.path, topic=topic, excerpts=chunk, pager=pager,
                stage_of=stage_of, today=today, headings=sorted(topic.headings),
                companies=companies,
            )
    return pages


def _company_pages(kb, today, excerpts, stage_of) -> Pages:
    groups = insights.companies(kb)
    held: dict[str, int] = {}
    for interview in insights.held_interviews(kb, today):
        held[interview.contact] = held.get(interview.contact, 0) + 1
    culture: dict[str, list[insights.Excerpt]] = {}
    for excerpt in excerpts.get("culture", []):
        if excerpt.contact.company:
            slug = insights.company_slug(excerpt.contact.company)
            culture.setdefault(slug, []).append(excerpt)
    rows = []
    for company in groups:
        people = [(c, stage_of[c.slug], held.get(c.slug, 0)) for c in company.contacts]
        summary = ", ".join(f"{count} {stage_label(stage).lower()}" for stage, count in
                            _stage_counts(s for _c, s, _h in people))
        rows.append((company, people, Markup(summary), sum(h for _c, _s, h in people)))
    pages: Pages = {}
    for pager, chunk in paging.cut("companies/index.md", rows, paging.PAGE_ROWS):
        pages[pager.path] = page("companies.md.j2", path=pager.path, rows=chunk,
                                 pager=pager, today=today)
    for company, people, summary, interviews in rows:
        said = culture.get(company.slug, [])
        for pager, chunk in paging.cut(f"companies/{company.slug}.md", people, paging.PAGE_ROWS):
            pages[pager.path] = page(
                "company.md.j2", path=pager.path, company=company, pager=pager,
                people=chunk, summary=summary, interviews=interviews,
                culture=said[:paging.QUOTED], culture_total=len(said), today=today,
                stage_of=stage_of,
            )
    return pages


def _stage_counts(values) -> list[tuple[str, int]]:
    values = list(values)
    return [(stage, values.count(stage)) for stage in PIPELINE if stage in values]


# -- the referral network -------------------------------------------------------------

BOX_WIDTH = 184
BOX_HEIGHT = 44
GAP_X = 16
GAP_Y = 36
PAD = 8
LABEL_CHARS = 24
"""Names longer than this are cut in the drawing (the list and the tooltip show them whole)."""


@dataclass(frozen=True, slots=True)
class Box:
    """One person in the network drawing, in pixels."""

    slug: str
    name: str
    label: str
    stage: str
    detail: str
    x: int
    y: int
    colour: Markup


@dataclass(frozen=True, slots=True)
class Edge:
    """A line from the one who brought someone to them, as an SVG path."""

    path: Markup


def network_layout(kb: KnowledgeBase, network: insights.Network,
                   stage_of: dict[str, str]) -> tuple[list[Box], list[Edge], int, int]:
    """A layered tree layout: leaves side by side, each parent centred over its children."""
    slots: dict[str, float] = {}
    depth: dict[str, int] = {}
    next_leaf = 0
    for root in network.roots:
        stack: list[tuple[str, int, bool]] = [(root, 0, False)]
        while stack:  # iterative post-order: a deep chain of introductions can't overflow
            slug, level, expanded = stack.pop()
            kids = network.children.get(slug, [])
            if expanded or not kids:
                depth[slug] = level
                if kids:
                    slots[slug] = (slots[kids[0]] + slots[kids[-1]]) / 2
                else:
                    slots[slug] = next_leaf
                    next_leaf += 1
                continue
            stack.append((slug, level, True))
            stack += [(kid, level + 1, False) for kid in reversed(kids)]
    boxes = []
    for slug in slots:
        contact = kb.contacts[slug]
        name = contact.name
        label = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"
        detail = " at ".join(v for v in (contact.role, contact.company) if v)
        boxes.append(Box(slug, name, label, stage_of[slug], detail,
                         PAD + round(slots[slug] * (BOX_WIDTH + GAP_X)),
                         PAD + depth[slug] * (BOX_HEIGHT + GAP_Y),
                         Markup(STAGE_COLOURS[stage_of[slug]])))
    where = {box.slug: box for box in boxes}
    edges = []
    for child, source in sorted(network.parent.items()):
        top, bottom = where[source], where[child]
        x1, y1 = top.x + BOX_WIDTH // 2, top.y + BOX_HEIGHT
        x2, y2 = bottom.x + BOX_WIDTH // 2, bottom.y
        middle = (y1 + y2) // 2
        edges.append(Edge(Markup(f"M{x1},{y1} V{middle} H{x2} V{y2}")))
    width = PAD * 2 + max(next_leaf, 1) * (BOX_WIDTH + GAP_X) - GAP_X
    height = PAD * 2 + (max(depth.values(), default=0) + 1) * (BOX_HEIGHT + GAP_Y) - GAP_Y
    return boxes, edges, width, height


def _network_page(kb: KnowledgeBase, stage_of: dict[str, str], today: date) -> str:
    network = insights.referral_network(kb)
    boxes, edges, width, height = network_layout(kb, network, stage_of)
    extra = [link for link in network.links if network.parent.get(link.target) != link.source]
    connectors = sorted(((network.descendants(s), s) for s in network.children),
                        key=lambda pair: (-pair[0], kb.contacts[pair[1]].name.casefold()))
    total = len(kb.contacts)
    share = round(100 * len(network.reached) / total) if total else 0
    pending = [(slug, name) for slug, names in network.pending.items() for name in names]
    outline = _outline(network)
    return page(
        "network.md.j2", path="network.md", kb=kb, network=network, boxes=boxes,
        edges=edges, width=width, height=height, box_width=BOX_WIDTH,
        box_height=BOX_HEIGHT, stage_of=stage_of, extra=extra[:paging.INDEX_SHOWN],
        connectors=connectors[:paging.INDEX_SHOWN], connectors_total=len(connectors),
        pending=pending[:paging.INDEX_SHOWN], pending_total=len(pending),
        extra_total=len(extra), total=total, share=share, today=today,
        drawn=len(boxes) <= paging.PAGE_ROWS, outline=outline[:paging.PAGE_ROWS],
        outline_total=len(outline),
        colours=[(s, Markup(STAGE_COLOURS[s])) for s in PIPELINE],
    )


MAX_LIST_DEPTH = 12
"""Deeper chains of introductions are listed at this depth, each naming who brought them:
Markdown's nested lists get slow and unreadable long before a chain ends."""


def _outline(network: insights.Network) -> list[tuple[int, str, str | None]]:
    """The tree as ``(depth, slug, via)`` in reading order, for the nested list; ``via``
    names the parent of an entry held at ``MAX_LIST_DEPTH``."""
    out: list[tuple[int, str, str | None]] = []
    stack = [(0, root) for root in reversed(network.roots)]
    while stack:
        depth, slug = stack.pop()
        clipped = depth > MAX_LIST_DEPTH
        out.append((min(depth, MAX_LIST_DEPTH), slug,
                     network.parent[slug] if clipped else None))
        stack += [(depth + 1, kid) for kid in reversed(network.children.get(slug, []))]
    return out


# -- questions ------------------------------------------------------------------------

NAMES_SHOWN = 5
"""Interviews named beside a question (the newest that asked it); the count says the rest."""


def _question_pages(kb: KnowledgeBase, today: date,
                    bank: dict[str, list[str]] | None) -> Pages:
    """``questions.md``: the first questions of each topic, the most often asked first, and
    the pages of the rest (``questions/topics/<topic>.md``, ``questions/not-asked.md``)."""
    stats = insights.question_stats(kb, today)
    unasked = []
    for interview in insights.held_interviews(kb, today):
        skipped, _unmarked = insights.unasked(interview, today)
        if skipped:
            unasked.append((interview, kb.contacts[interview.contact], skipped))
    never = insights.bank_never_asked(bank, stats) if bank is not None else None
    by_topic: dict[str, list[insights.QuestionStat]] = {}
    for stat in stats:  # most often asked first within each topic
        by_topic.setdefault(stat.topic or "other", []).append(stat)
    order = {name: index for index, name in enumerate(TOPICS)}
    groups = sorted(by_topic.items(), key=lambda pair: (order.get(pair[0], len(order)), pair[0]))
    pages: Pages = {}
    shown = []
    for topic, found in groups:
        cuts = paging.cut(f"questions/topics/{topic}.md", found, paging.PAGE_ROWS)
        shown.append((topic, found[:paging.INDEX_SHOWN], len(found),
                      cuts[0][0].path if len(found) > paging.INDEX_SHOWN else None))
        if len(found) > paging.INDEX_SHOWN:
            for pager, chunk in cuts:
                pages[pager.path] = page(
                    "questions_more.md.j2", path=pager.path, pager=pager, kb=kb,
                    topic=topic, stats=chunk, today=today, unasked=[],
                    names=NAMES_SHOWN)
    unasked_more = None
    if len(unasked) > paging.INDEX_SHOWN:
        cuts = paging.cut("questions/not-asked.md", unasked, paging.PAGE_ITEMS)
        unasked_more = cuts[0][0].path
        for pager, chunk in cuts:
            pages[pager.path] = page(
                "questions_more.md.j2", path=pager.path, pager=pager, kb=kb, topic=None,
                stats=[], unasked=chunk, today=today, names=NAMES_SHOWN)
    pages["questions.md"] = page(
        "questions.md.j2", path="questions.md", stats=stats, groups=shown, kb=kb,
        unasked=unasked[:paging.INDEX_SHOWN], unasked_total=len(unasked),
        unasked_more=unasked_more,
        bank=bank, never=never, today=today, names=NAMES_SHOWN,
        bank_total=sum(len(q) for q in (bank or {}).values()),
        never_total=sum(len(q) for q in (never or {}).values()),
        asked=sum(len(s.asked_in) for s in stats),
        held=len(insights.held_interviews(kb, today)))
    return pages


# -- the timeline ---------------------------------------------------------------------

BAR_WIDTH = 14
MONTH_WIDTH = 44
CHART_HEIGHT = 120
AXIS = 32
"""Pixels left of the first month, for the count axis and its numbers."""


@dataclass(frozen=True, slots=True)
class Bar:
    """One month's two bars in the timeline chart, in pixels."""

    month: str
    x: int
    outreach: int
    interviews: int
    outreach_height: int
    interviews_height: int


def _timeline_page(kb: KnowledgeBase, today: date) -> str:
    months = insights.timeline(kb, today)
    peak = max((max(m.outreach, m.held + m.upcoming) for m in months), default=0)
    bars = []
    for index, month in enumerate(months):
        meetings = month.held + month.upcoming
        bars.append(Bar(month.month, AXIS + index * MONTH_WIDTH, month.outreach, meetings,
                        round(CHART_HEIGHT * month.outreach / peak) if peak else 0,
                        round(CHART_HEIGHT * meetings / peak) if peak else 0))
    steps = sorted({0, (peak + 1) // 2, peak})
    ticks = [{"value": v, "height": round(CHART_HEIGHT * v / peak) if peak else 0}
             for v in steps]
    return page("timeline.md.j2", months=months, bars=bars, peak=peak, today=today,
                width=AXIS + PAD + max(len(months), 1) * MONTH_WIDTH, ticks=ticks, axis=AXIS,
                chart_height=CHART_HEIGHT, bar_width=BAR_WIDTH, pad=PAD,
                totals=_totals(months))


def _totals(months: list[insights.Month]) -> dict[str, int]:
    fields = ("requests", "follow_ups", "replies", "declines", "held", "upcoming", "thanks")
    return {name: sum(getattr(m, name) for m in months) for name in fields}
