"""What the cursor is on, and where a problem is underlined, read from half-typed notes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from infoview_build.lsp import features
from infoview_build.lsp.cursor import spot_at
from infoview_build.lsp.locate import lines_of, places, problem_span
from infoview_build.notes.live import LiveKnowledgeBase
from infoview_build.notes.model import Problem

from kb_notes import day, write_kb

INTERVIEW = """---
contact: ad
date: 2026-12-03
referrals:
  - Cleo Marsh
  - br
questions:
  - q: Why?
    topic: cu
# a comment
goals: [one, tw]
fo
---
contact: not front matter
"""


@pytest.mark.parametrize(("line", "col", "role", "key", "typed", "text"), [
    (1, 11, "value", "contact", "ad", "ad"),
    (1, 10, "value", "contact", "a", "ad"),
    (1, 3, "key", "contact", "con", "contact"),
    (4, 6, "item", "referrals", "Cl", "Cleo Marsh"),
    (5, 6, "item", "referrals", "br", "br"),
    (7, 5, "key", "q", "q", "q"),
    (7, 6, "value", "q", "", "Why?"),
    (8, 14, "value", "topic", "cu", "cu"),
    (10, 15, "item", "goals", "tw", "tw"),
    (10, 9, "item", "goals", "o", "one"),
    (11, 2, "key", None, "fo", "fo"),
])
def test_the_spot_under_the_cursor(line, col, role, key, typed, text) -> None:
    spot = spot_at(lines_of(INTERVIEW), line, col, "interviews")
    assert (spot.role, spot.spec.key if spot.spec else None, spot.typed, spot.text) == \
        (role, key, typed, text)


@pytest.mark.parametrize(("line", "col"), [(0, 1), (9, 4), (12, 1), (13, 3), (14, 0)])
def test_no_spot_outside_the_fields(line, col) -> None:
    assert spot_at(lines_of(INTERVIEW), line, col, "interviews") is None


def test_keys_already_written_are_not_offered_again() -> None:
    spot = spot_at(lines_of(INTERVIEW), 11, 2, "interviews")
    assert {"contact", "date", "referrals", "questions", "goals"} <= spot.present
    nested = spot_at(lines_of("---\nquestions:\n  - q: Why?\n    \n---\n"), 3, 4, "interviews")
    assert nested.role == "key" and nested.present == {"q"}
    assert [spec.key for spec in nested.keys] == ["q", "topic", "asked"]


def test_a_problem_is_underlined_at_its_value_or_its_key() -> None:
    lines = lines_of('---\nname: "Ada"\nnmae: x\nlinks:\n  - ftp://x\nname: again\n---\n')
    found = places(lines)

    def at(line: int, field: str) -> tuple:
        return problem_span(Problem("contacts/a.md", line, field, "m"), lines, found, "contacts")

    assert at(2, "name") == (1, 6, 1, 11)        # the value, quotes included
    assert at(3, "nmae") == (2, 0, 2, 4)         # an unknown key
    assert at(5, "links[0]") == (4, 4, 4, 11)    # a list item
    assert at(6, "name") == (5, 6, 5, 11)        # the second of a duplicate key
    assert at(1, "-") == (0, 0, 0, 3)            # the whole file: its first line
    assert at(99, "-") == (7, 0, 7, 0)           # past the end: the last line


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> LiveKnowledgeBase:
    root = write_kb(tmp_path_factory.mktemp("kb"),
                    contacts={"ada-quill": {"name": "Ada Quill", "company": "Northwind"}})
    return LiveKnowledgeBase(root, day("2026-12-01"), jobs=1)


def _to_client(line: int, col: int) -> types.Position:
    return types.Position(line, col)


text_lines = st.lists(st.one_of(
    st.sampled_from(["---", "contact: ", "referrals: [", "  - ", "questions:", "    topic: ",
                     "name: 'x", 'date: "', "tags: [a, {b: c}]", "? [a]\n: b", "- - x", ""]),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=20),
), max_size=12)


@example(lines=["---", "? [a]\n: b"], line=0, col=0, folder="contacts")  # a list as a key
@example(lines=["---", "? {a: b}\n: c"], line=1, col=2, folder="interviews")
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=text_lines, line=st.integers(0, 14), col=st.integers(0, 30),
       folder=st.sampled_from(["contacts", "interviews"]))
def test_no_text_makes_the_features_fail(live: LiveKnowledgeBase, lines, line, col,
                                         folder) -> None:
    lines = lines_of("\n".join(lines))
    line = min(line, len(lines) - 1)
    ask = features.Ask(live, lines, line, col, folder, day("2026-12-01"), _to_client)
    features.completion(ask)
    features.hover(ask)
    features.definition(ask)
    found = places(lines)
    for field in [*found, "-", "name"]:
        span = problem_span(Problem(f"{folder}/a.md", line + 1, field, "m"), lines, found, folder)
        assert 0 <= span[0] < len(lines) and 0 <= span[2] < len(lines)
