"""Loads that remember each note's result in ``.infoview-cache/`` for the next run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from infoview_build.edit.files import save_cache
from infoview_build.notes.cache import load_memo
from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.notes.model import KnowledgeBase

CHECK_CACHE = "check"
"""The file of ``infoview check``'s results, in the cache folder."""


def checked(root: Path, today: date, cached: bool = True) -> KnowledgeBase:
    """``infoview check``'s load (problems only, no records): unchanged notes are not read
    again, and the results are saved for the next check."""
    if not cached:
        return load_knowledge_base(root, today, records=False)
    memo = load_memo(root, CHECK_CACHE)
    kb = load_knowledge_base(root, today, records=False, memo=memo)
    if memo.changed:
        save_cache(root, CHECK_CACHE, memo.dump())
    return kb
