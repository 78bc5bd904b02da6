"""The question bank: prepared questions by topic, and the pick for one interview."""

from __future__ import annotations

import math
import os
from pathlib import Path

from infoview_build.notes.errors import InfoviewError, reason
from infoview_build.notes.load import YList, YMap, decode, parse, read_regular
from infoview_build.notes.model import TOPICS, Problem, Question
from infoview_build.notes.validate import suggest, yaml_reading

BANK_FILE = "questions.yml"
"""A knowledge base's own bank, at its root, replaces the package's."""
PACKAGE_DATA = Path(__file__).resolve().parent.parent / "data"
"""The package's data files: its question bank (importlib.resources would cost a
warm ``infoview check`` more than its reading of the bank)."""
EXTRA = 3
"""Questions beyond what the time needs, so that a skipped one leaves no silence."""
DEFAULT_DURATION = 30


def needed(duration: int | None) -> int:
    """Questions that fill ``duration`` minutes: ⌈duration ÷ 5⌉ + 2 (DESIGN.md §1)."""
    return math.ceil((duration or DEFAULT_DURATION) / 5) + 2


def load_bank(root: Path | None = None) -> dict[str, list[str]]:
    """The bank by topic, in ``TOPICS`` order: ``root/questions.yml``, else the package's."""
    bank, problems = read_bank(root)
    if problems:
        shown = "\n".join("  " + p.format() for p in problems)
        raise InfoviewError(f"{root / BANK_FILE} has errors:\n{shown}")
    return bank


def read_bank(root: Path | None) -> tuple[dict[str, list[str]], list[Problem]]:
    """The bank and every problem of ``root/questions.yml`` with its line (``check`` shows
    them); the package's bank when the knowledge base has none."""
    own = root / BANK_FILE if root is not None else None
    if own is None or not os.path.lexists(own):
        text = (PACKAGE_DATA / BANK_FILE).read_text("utf-8")
        return _parsed(text)
    try:
        text, problem = decode(read_regular(own))
    except OSError as exc:
        return {}, [Problem(BANK_FILE, 1, "-", f"cannot read the file: {reason(exc)}")]
    if problem:
        line, field, message, hint = problem
        return {}, [Problem(BANK_FILE, line, field, message, hint=hint)]
    return _parsed(text)


def _parsed(text: str) -> tuple[dict[str, list[str]], list[Problem]]:
    data, found = parse(text, 1)
    problems = [Problem(BANK_FILE, line, field, message, hint=hint)
                for line, field, message, hint in found]
    if problems:
        return {}, problems
    if not isinstance(data, YMap):
        return {}, [Problem(BANK_FILE, 1, "-", "expected topics, each with a list of questions",
                            hint="e.g. 'growth:' then '  - Where do people go from here?'")]
    bank: dict[str, list[str]] = {}
    for topic, items in data.items():
        line = data.lines.get(topic, data.line)
        if topic not in TOPICS:
            guess = suggest(topic, TOPICS)
            problems.append(Problem(BANK_FILE, line, topic, f"'{topic}' is not a topic",
                                    hint=f"did you mean '{guess}'?" if guess else
                                    "use one of: " + ", ".join(TOPICS)))
            continue
        if not isinstance(items, YList):
            problems.append(Problem(BANK_FILE, line, topic, "must be a list of questions",
                                    hint="write each question on its own line, after '- '"))
            continue
        bank[topic] = []
        for item in items:
            if not isinstance(item, tuple):
                problems.append(Problem(BANK_FILE, item.line, topic,
                                        "a question must be text, not a list or fields"))
                continue
            question, plain, item_line = item
            reading = yaml_reading(question) if plain else None
            if reading:
                problems.append(Problem(BANK_FILE, item_line, topic,
                                        f"YAML reads '{question}' as {reading}, not text",
                                        hint="put it in quotes"))
            elif not question.strip():
                problems.append(Problem(BANK_FILE, item_line, topic, "an empty question",
                                        hint="remove the line or write the question"))
            else:
                bank[topic].append(question.strip())
    return {topic: bank[topic] for topic in TOPICS if topic in bank}, problems


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
