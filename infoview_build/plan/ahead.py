"""What the notes, left as they are, will ask for in the days after today.

A built page or an exported calendar is read on later days than the one it was made on.
``foreseen`` gives it the dated items of ``today`` and those that become known by a
later day (a thank-you note once an interview is held, a prep list a week before one),
each with the text and due day it will have then: the checklists say the same thing
whatever the day (DESIGN.md §1, "Seeing ahead").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from infoview_build.notes.model import KnowledgeBase
from infoview_build.plan.checklists import CHECKLISTS, SUGGESTIONS, Item, checklists


def horizon(kb: KnowledgeBase, today: date) -> date:
    """The last day a page or calendar made on ``today`` knows every dated item of: the
    "coming up" window, ``prep_window_days`` ahead."""
    return today + timedelta(days=kb.config.prep_window_days)


def foreseen(kb: KnowledgeBase, today: date, plan=checklists) -> list[Item]:
    """The dated items of ``today`` and, after them by due day, those that become known by
    the horizon (``visible_from`` after ``today``), oldest due first. ``plan`` works out
    the checklists of a day (a caching wrapper of ``checklists`` will do)."""
    coming = [replace(i, overdue=False)  # due after today, the day they are known or later
              for i in plan(kb, horizon(kb, today))
              if i.visible_from > today and i.checklist not in SUGGESTIONS]
    order = {name: index for index, name in enumerate(CHECKLISTS)}
    dated = [i for i in plan(kb, today) if i.checklist not in SUGGESTIONS]
    return sorted(dated + coming, key=lambda i: (i.due, order[i.checklist], i.path))
