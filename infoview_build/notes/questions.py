"""The question bank: prepared questions by topic, and the pick for one interview."""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

import yaml

from infoview_build.notes.errors import InfoviewError
from infoview_build.notes.model import TOPICS, Question

BANK_FILE = "questions.yml"
"""A knowledge base's own bank, at its root, replaces the package's."""
EXTRA = 3
"""Questions beyond what the time needs, so that a skipped one leaves no silence."""
DEFAULT_DURATION = 30


def needed(duration: int | None) -> int:
    """Questions that fill ``duration`` minutes: ⌈duration ÷ 5⌉ + 2 (DESIGN.md §1)."""
    return math.ceil((duration or DEFAULT_DURATION) / 5) + 2


def load_bank(root: Path | None = None) -> dict[str, list[str]]:
    """The bank by topic, in ``TOPICS`` order: ``root/questions.yml``, else the package's."""
    own = root / BANK_FILE if root is not None else None
    if own is not None and own.is_file():
        where, text = str(own), own.read_text(encoding="utf-8", errors="replace")
    else:
        where = "the package question bank"
        text = resources.files("infoview_build").joinpath("data", BANK_FILE).read_text("utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InfoviewError(f"{where}: not valid YAML ({exc})") from None
    return _checked(data, where)


def _checked(data, where: str) -> dict[str, list[str]]:
    if not isinstance(data, dict):
        raise InfoviewError(f"{where}: expected topics, each with a list of questions")
    bank: dict[str, list[str]] = {}
    for topic, items in data.items():
        if topic not in TOPICS:
            raise InfoviewError(f"{where}: '{topic}' is not a topic; use one of: "
                                + ", ".join(TOPICS))
        if not isinstance(items, list) or not all(isinstance(q, str) and q.strip()
                                                  for q in items):
            raise InfoviewError(f"{where}: '{topic}' must be a list of questions (text)")
        bank[topic] = [q.strip() for q in items]
    return {topic: bank[topic] for topic in TOPICS if topic in bank}


def pick(bank: dict[str, list[str]], duration: int | None) -> list[Question]:
    """Enough questions for ``duration`` plus ``EXTRA``, most important first.

    Every topic gives its first question before any gives its second, so that the
    most important questions cover every topic; the closing ones come last.
    """
    wanted = needed(duration) + EXTRA
    closing = bank.get("closing", [])
    tail = [Question(q, "closing") for q in (closing[1:2] + closing[:1])]
    columns = [[Question(q, topic) for q in questions]
               for topic, questions in bank.items() if topic != "closing"]
    body: list[Question] = []
    depth = max((len(c) for c in columns), default=0)
    for row in range(depth):
        body += [column[row] for column in columns if row < len(column)]
    return body[: max(wanted - len(tail), 0)] + tail
