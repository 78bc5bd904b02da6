"""Stages (DESIGN.md §1): the first matching rule wins; each rule pinned at its edges."""

from __future__ import annotations

from datetime import date

import pytest

from infoview_build.notes.model import STAGES
from infoview_build.plan.stages import last_interaction, stage, stages

from kb_notes import day, load, write_kb


def stage_on(tmp_path, today: str, contact: dict, interviews: dict | None = None,
             config: str | None = None) -> str:
    write_kb(tmp_path, {"ada-quill": {"name": "Ada Quill", **contact}},
             {slug: {"contact": "ada-quill", "body": "Notes.\n", **fields}
              for slug, fields in (interviews or {}).items()}, config)
    kb = load(tmp_path, today)
    return stage(kb, kb.contacts["ada-quill"], day(today))


def held_on(when: str, **fields) -> dict:
    return {f"{when}-ada-quill": {"date": date.fromisoformat(when), **fields}}


def test_declined_wins_over_everything(tmp_path) -> None:
    contact = {"requested_on": day("2026-11-01"), "replied_on": day("2026-11-02"),
               "declined_on": day("2026-11-20")}
    assert stage_on(tmp_path, "2026-12-01", contact, held_on("2026-11-10")) == "declined"


@pytest.mark.parametrize(("today", "expected"), [("2026-11-10", "scheduled"),
                                                 ("2026-11-11", "interviewed")])
def test_an_interview_is_held_from_the_day_after(tmp_path, today, expected) -> None:
    assert stage_on(tmp_path, today, {}, held_on("2026-11-10")) == expected


def test_a_day_before_the_interview_it_is_scheduled(tmp_path) -> None:
    assert stage_on(tmp_path, "2026-11-09", {}, held_on("2026-11-10")) == "scheduled"


def test_one_held_interview_is_enough_even_with_another_upcoming(tmp_path) -> None:
    interviews = {**held_on("2026-10-01"), **held_on("2026-12-10")}
    assert stage_on(tmp_path, "2026-12-01", {}, interviews) == "interviewed"


@pytest.mark.parametrize(("contact", "expected"), [
    ({}, "prospect"),
    ({"requested_on": day("2026-11-01"), "replied_on": day("2026-11-02")}, "to-schedule"),
])
def test_cancelled_interviews_count_for_nothing(tmp_path, contact, expected) -> None:
    interviews = {**held_on("2026-11-10", cancelled=True), **held_on("2026-12-10", cancelled=True)}
    assert stage_on(tmp_path, "2026-12-01", contact, interviews) == expected


def test_a_reply_without_an_interview_is_to_schedule_even_after_a_follow_up(tmp_path) -> None:
    contact = {"requested_on": day("2026-10-01"), "followed_up_on": day("2026-10-08"),
               "replied_on": day("2026-10-30")}
    assert stage_on(tmp_path, "2026-12-01", contact) == "to-schedule"


@pytest.mark.parametrize(("today", "expected"), [
    ("2026-11-01", "awaiting-reply"), ("2026-11-07", "awaiting-reply"),
    ("2026-11-08", "follow-up-due"), ("2027-06-01", "follow-up-due")])
def test_follow_up_due_from_day_seven_after_the_request(tmp_path, today, expected) -> None:
    assert stage_on(tmp_path, today, {"requested_on": day("2026-11-01")}) == expected


@pytest.mark.parametrize(("today", "expected"), [
    ("2026-11-05", "awaiting-reply"), ("2026-11-11", "awaiting-reply"),
    ("2026-11-12", "no-reply"), ("2027-06-01", "no-reply")])
def test_no_reply_from_day_seven_after_the_follow_up(tmp_path, today, expected) -> None:
    contact = {"requested_on": day("2026-11-01"), "followed_up_on": day("2026-11-05")}
    assert stage_on(tmp_path, today, contact) == expected


@pytest.mark.parametrize(("config", "contact", "before", "edge", "expected"), [
    ("follow_up_after_days: 14\n", {"requested_on": day("2026-11-01")},
     "2026-11-14", "2026-11-15", "follow-up-due"),
    ("give_up_after_days: 2\n",
     {"requested_on": day("2026-11-01"), "followed_up_on": day("2026-11-05")},
     "2026-11-06", "2026-11-07", "no-reply"),
])
def test_windows_in_infoview_yml_move_the_stage_edges(tmp_path, config, contact, before,
                                                      edge, expected) -> None:
    assert stage_on(tmp_path, before, contact, config=config) == "awaiting-reply"
    assert stage_on(tmp_path, edge, contact, config=config) == expected


def test_prospect_when_nothing_happened(tmp_path) -> None:
    assert stage_on(tmp_path, "2026-12-01", {}) == "prospect"


def test_stages_gives_every_contact_a_known_stage(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {"name": "Ada Quill"},
                        "bram-okafor": {"name": "Bram Okafor", "declined_on": day("2026-11-01")}})
    assert stages(load(tmp_path, "2026-12-01"), day("2026-12-01")) == \
        {"ada-quill": "prospect", "bram-okafor": "declined"}
    assert set(STAGES) >= {"prospect", "declined"}


def test_last_interaction_ignores_the_future_and_cancelled_interviews(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {"name": "Ada Quill", "requested_on": day("2026-11-01"),
                                      "replied_on": day("2026-11-03")}}, {
        "2026-11-10-ada-quill": {"contact": "ada-quill", "date": day("2026-11-10"),
                                 "cancelled": True, "thanked_on": day("2026-11-12")},
        "2026-11-20-ada-quill": {"contact": "ada-quill", "date": day("2026-11-20")}})
    kb = load(tmp_path, "2026-11-15")
    assert last_interaction(kb, kb.contacts["ada-quill"], day("2026-11-15")) == day("2026-11-03")
    kb = load(tmp_path, "2026-11-21")
    assert last_interaction(kb, kb.contacts["ada-quill"], day("2026-11-21")) == day("2026-11-20")
    write_kb(tmp_path, {"bram-okafor": {"name": "Bram Okafor",
                                        "requested_on": day("2026-11-25")}})
    kb = load(tmp_path, "2026-11-21")
    assert last_interaction(kb, kb.contacts["bram-okafor"], day("2026-11-21")) is None
