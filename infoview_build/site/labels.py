"""The words the site shows for the tool's names: stages, question topics, the next step of
a checklist item. One table each, so that every page, tab and title says the same thing."""

from __future__ import annotations

from markupsafe import Markup

from infoview_build.notes.topics import BUILT_IN_TOPICS
from infoview_build.plan.checklists import Item
from infoview_build.site import escape

STAGE_LABELS = {
    "prospect": "Prospect",
    "awaiting-reply": "Awaiting reply",
    "follow-up-due": "Follow-up due",
    "to-schedule": "To schedule",
    "scheduled": "Scheduled",
    "interviewed": "Interviewed",
    "no-reply": "No reply",
    "declined": "Declined",
}
"""Every stage as a person would say it, in the order a contact moves through them (the
two ends where a conversation stops come last)."""

PIPELINE = tuple(STAGE_LABELS)
"""Stages in pipeline order: the dashboard's row and the contacts index."""

TOPIC_LABELS = {
    **{name: title for name, (title, _aliases) in BUILT_IN_TOPICS.items()},
    "closing": "Closing",
    "other": "Other",
}
"""A question's ``topic`` as the topic pages title it."""

def stage_label(stage: str) -> str:
    return STAGE_LABELS.get(stage, stage)


def topic_label(topic: str | None) -> str:
    if not topic:
        return "Other"
    return TOPIC_LABELS.get(topic, topic.replace("-", " ").capitalize())


def next_command(item: Item) -> Markup:
    """The commands that do (or record) what ``item`` asks, each as ``<code>``; nothing when
    the next step is a page to read (preparation)."""
    if item.checklist == "prep":
        return Markup("")
    # Escaped for Markdown and HTML alike: a referral's name may hold ``*`` or ``<``.
    return Markup(" · ").join(Markup("<code>{}</code>").format(escape.text(c))
                              for c in item.commands)
