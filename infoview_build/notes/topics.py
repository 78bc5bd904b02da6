"""The topics an interview's notes are filed under: built-in ones, with their aliases, and
those ``infoview.yml`` adds. Validation checks the configured ones against this table and
the site gathers the notes under each heading that means a topic."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from infoview_build.notes.model import TopicSetting

BUILT_IN_TOPICS: dict[str, tuple[str, tuple[str, ...]]] = {
    "responsibilities": ("Responsibilities", (
        "job responsibilities", "role", "the role", "the job", "day to day", "typical week",
        "a typical week", "what they do",
    )),
    "history": ("Professional history", (
        "history", "career history", "career path", "background", "how they got here",
        "path into the role",
    )),
    "growth": ("Growth opportunities", (
        "growth", "promotion", "promotions", "career growth", "advancement", "progression",
        "career progression", "career ladder", "growth and promotion",
    )),
    "work-life": ("Work-life balance", (
        "work life", "work life balance", "wlb", "hours", "balance",
    )),
    "culture": ("Company culture", (
        "culture", "team culture", "values", "company values", "working culture",
    )),
}
"""Topic name → (page title, default aliases), in the order a conversation visits them.

A heading means a topic when its normalised text equals the topic's name, its title or
one of its aliases; ``infoview.yml`` can add aliases and topics (``topics:``).
"""


def normalise_heading(text: str) -> str:
    """``Work/Life:`` and ``work-life`` both become ``work life``: case, marks and spacing go."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


@dataclass(frozen=True, slots=True)
class Topic:
    """One topic page: its name (the page's slug), title and the headings that mean it."""

    name: str
    title: str
    headings: frozenset[str]
    """Normalised heading texts that count as this topic."""


def topic_table(settings: list[TopicSetting]) -> tuple[list[Topic], list[tuple[str, str, str]]]:
    """The topics (built-in first, then configured) and the heading clashes between them.

    A heading belongs to the strongest claim: a topic's name or title, then a configured
    alias, then a built-in alias (so a configured alias may take over a default one). Two
    claims of the same strength by different topics are a clash ``(heading, first, second)``.
    """
    titles: dict[str, str] = {name: title for name, (title, _) in BUILT_IN_TOPICS.items()}
    claims: list[tuple[int, str, str]] = []  # (strength, heading, topic)
    for name, (_title, aliases) in BUILT_IN_TOPICS.items():
        claims += [(0, normalise_heading(alias), name) for alias in aliases]
    for setting in settings:
        if setting.title:
            titles[setting.name] = setting.title
        titles.setdefault(setting.name, setting.name.replace("-", " ").capitalize())
        claims += [(1, normalise_heading(alias), setting.name) for alias in setting.aliases]
    for name, title in titles.items():
        claims += [(2, normalise_heading(name), name), (2, normalise_heading(title), name)]
    owner: dict[str, tuple[int, str]] = {}
    clashes: list[tuple[str, str, str]] = []
    for strength, heading, name in claims:
        if not heading:
            continue
        held = owner.get(heading)
        if held is None or held[0] < strength:
            owner[heading] = (strength, name)
        elif held[0] == strength and held[1] != name and strength > 0:
            clashes.append((heading, held[1], name))
    headings: dict[str, set[str]] = {name: set() for name in titles}
    for heading, (_strength, name) in owner.items():
        headings[name].add(heading)
    topics = [Topic(name, titles[name], frozenset(headings[name])) for name in titles]
    return topics, clashes
