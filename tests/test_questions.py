"""The question bank and the pick for one interview."""

from __future__ import annotations

import pytest

from infoview_build.notes.model import TOPICS
from infoview_build.notes.questions import EXTRA, load_bank, needed, pick


def test_bank_has_at_least_six_distinct_questions_per_topic():
    bank = load_bank()
    assert list(bank) == [t for t in TOPICS if t != "other"]
    for topic, questions in bank.items():
        assert len(set(questions)) == len(questions) >= 6, topic
        assert all(q.endswith("?") for q in questions), topic


@pytest.mark.parametrize(("duration", "count"), [(None, 8), (5, 3), (30, 8), (31, 9),
                                                 (45, 11), (60, 14)])
def test_needed_follows_the_prep_rule(duration, count):
    assert needed(duration) == count


@pytest.mark.parametrize("duration", [5, 15, 30, 45, 60, 90, 120])
def test_pick_fills_the_time_plus_a_few_and_ends_with_the_closing_question(duration):
    questions = pick(load_bank(), duration)
    assert len(questions) == needed(duration) + EXTRA
    assert questions[-1].text == "Is there anything else you would like to share?"
    assert len({q.text for q in questions}) == len(questions)


def test_pick_covers_every_topic_before_repeating_one():
    topics = [q.topic for q in pick(load_bank(), 30)]
    assert topics[:5] == ["responsibilities", "history", "growth", "work-life", "culture"]
    assert topics[5] == "responsibilities"


def test_pick_keeps_the_order_within_a_topic():
    bank = load_bank()
    growth = [q.text for q in pick(bank, 120) if q.topic == "growth"]
    assert growth == bank["growth"][: len(growth)]


def test_pick_from_a_small_bank_uses_what_there_is():
    bank = {"history": ["A?"], "closing": ["Last?"]}
    assert [q.text for q in pick(bank, 60)] == ["A?", "Last?"]
