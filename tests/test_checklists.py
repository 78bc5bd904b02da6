"""Checklists (DESIGN.md §1): every rule pinned at its edges on small knowledge bases."""

from __future__ import annotations

from datetime import date

import pytest

from infoview_build.plan.checklists import CHECKLISTS, SUGGESTIONS, TITLES, checklists, due_phrase

from kb_notes import day, load, write_kb

ADA = {"name": "Ada Quill", "company": "Northwind", "body": "Research notes.\n"}


def items_of(kb, today: str, checklist: str | None = None):
    found = checklists(kb, day(today))
    return [i for i in found if checklist is None or i.checklist == checklist]


def interview(contact: str = "ada-quill", when: str = "2026-11-20", **fields) -> dict:
    return {"contact": contact, "date": date.fromisoformat(when), **fields}


# -- follow-up ---------------------------------------------------------------------------

@pytest.fixture
def requested(tmp_path):
    return write_kb(tmp_path, {"ada-quill": {**ADA, "requested_on": day("2026-11-01")}})


def test_follow_up_seen_from_the_request_and_due_on_day_seven(requested) -> None:
    assert items_of(load(requested, "2026-10-31"), "2026-10-31", "follow-up") == []
    [ahead] = items_of(load(requested, "2026-11-01"), "2026-11-01", "follow-up")
    [item] = items_of(load(requested, "2026-11-08"), "2026-11-08", "follow-up")
    assert (item.contact, item.path, item.due, item.visible_from, item.overdue) == \
        ("ada-quill", "contacts/ada-quill.md", day("2026-11-08"), day("2026-11-01"), False)
    assert item.text == ("Send Ada Quill one polite follow-up if no reply comes: request sent "
                         "2026-11-01")
    assert item.interview is None
    # Seen coming up the day the request went out, in the same words, due the same day.
    assert (ahead.text, ahead.due, ahead.overdue) == (item.text, item.due, False)
    assert due_phrase(ahead, day("2026-11-01")) == "due in 7 days"


def test_follow_up_is_overdue_the_day_after_it_fell_due(requested) -> None:
    [on_time] = items_of(load(requested, "2026-11-08"), "2026-11-08", "follow-up")
    [late] = items_of(load(requested, "2026-11-09"), "2026-11-09", "follow-up")
    assert (on_time.overdue, late.overdue) == (False, True)
    assert on_time.due == late.due == day("2026-11-08")


def test_no_reply_after_the_follow_up_says_move_on_seen_from_the_follow_up(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {**ADA, "requested_on": day("2026-11-01"),
                                      "followed_up_on": day("2026-11-10")}})
    [ahead] = items_of(load(tmp_path, "2026-11-10"), "2026-11-10", "follow-up")
    [item] = items_of(load(tmp_path, "2026-11-17"), "2026-11-17", "follow-up")
    assert (item.due, item.visible_from, item.overdue) == \
        (day("2026-11-17"), day("2026-11-10"), False)
    assert item.text == ("No reply from Ada Quill since the follow-up on 2026-11-10: "
                         "treat it as a no and move on")
    assert (ahead.text, ahead.due, ahead.overdue) == (item.text, item.due, False)
    [late] = items_of(load(tmp_path, "2026-11-18"), "2026-11-18", "follow-up")
    assert (late.due, late.overdue) == (day("2026-11-17"), True)
    # The notes say the follow-up went out on the 10th: nothing comes from it before.
    assert items_of(load(tmp_path, "2026-11-09"), "2026-11-09", "follow-up") == []


def test_declined_contact_gets_no_follow_up_and_no_outreach(tmp_path) -> None:
    write_kb(tmp_path, {
        "ada-quill": {**ADA, "requested_on": day("2026-11-01"), "declined_on": day("2026-11-02")},
        "bram-okafor": {"name": "Bram Okafor", "declined_on": day("2026-11-02")},
        "cora-lindqvist": {"name": "Cora Lindqvist", "requested_on": day("2026-10-01"),
                           "followed_up_on": day("2026-10-08"),
                           "declined_on": day("2026-10-20")},
    })
    assert items_of(load(tmp_path, "2026-12-01"), "2026-12-01") == []


def test_a_reply_stops_the_follow_up(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {**ADA, "requested_on": day("2026-11-01"),
                                      "replied_on": day("2026-11-03")}})
    found = items_of(load(tmp_path, "2026-12-01"), "2026-12-01")
    assert [i.checklist for i in found] == ["schedule"]


# -- schedule ----------------------------------------------------------------------------

def test_schedule_due_three_days_after_the_reply_overdue_the_day_after(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {**ADA, "requested_on": day("2026-11-20"),
                                      "replied_on": day("2026-11-23")}})
    [first] = items_of(load(tmp_path, "2026-11-23"), "2026-11-23")
    assert (first.checklist, first.contact, first.path, first.due, first.overdue) == \
        ("schedule", "ada-quill", "contacts/ada-quill.md", day("2026-11-26"), False)
    assert first.text == ("Ada Quill replied on 2026-11-23: agree a time and place, then "
                          "write the interview note")
    assert first.commands == ["infoview new interview ada-quill"]
    [on_day] = items_of(load(tmp_path, "2026-11-26"), "2026-11-26")
    [late] = items_of(load(tmp_path, "2026-11-27"), "2026-11-27")
    assert (on_day.overdue, late.overdue) == (False, True)


def test_schedule_ends_once_an_interview_exists_and_comes_back_if_it_is_cancelled(
        tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {**ADA, "replied_on": day("2026-11-23")}},
             {"2026-12-10-ada-quill": interview(when="2026-12-10")})
    assert items_of(load(tmp_path, "2026-11-24"), "2026-11-24", "schedule") == []
    write_kb(tmp_path, interviews={"2026-12-10-ada-quill": interview(when="2026-12-10",
                                                                     cancelled=True)})
    assert len(items_of(load(tmp_path, "2026-11-24"), "2026-11-24", "schedule")) == 1


def test_declined_after_replying_needs_no_scheduling(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {**ADA, "replied_on": day("2026-11-23"),
                                      "declined_on": day("2026-11-24")}})
    assert items_of(load(tmp_path, "2026-12-01"), "2026-12-01") == []


# -- outreach ----------------------------------------------------------------------------

def test_outreach_for_prospects_only_due_today_never_overdue(tmp_path) -> None:
    write_kb(tmp_path, {
        "ada-quill": {**ADA, "found_via": "her meetup talk"},
        "bram-okafor": {"name": "Bram Okafor", "requested_on": day("2026-11-30")},
    })
    [item] = items_of(load(tmp_path, "2026-12-01"), "2026-12-01", "outreach")
    assert (item.checklist, item.contact, item.due, item.overdue) == \
        ("outreach", "ada-quill", day("2026-12-01"), False)
    assert item.text == "Ask Ada Quill for an informational interview"
    assert "(her meetup talk)" in item.advice
    assert "informational interview request" in item.advice


# -- thank-you ---------------------------------------------------------------------------

@pytest.fixture
def held(tmp_path):
    return write_kb(tmp_path, {"ada-quill": ADA}, {
        "2026-11-20-ada-quill": interview(body="## Takeaways\n\n- One\n- Two\n")})


def test_thank_you_seen_coming_up_on_the_day_of_the_interview_not_before(held) -> None:
    assert items_of(load(held, "2026-11-19"), "2026-11-19", "thank-you") == []
    [ahead] = items_of(load(held, "2026-11-20"), "2026-11-20", "thank-you")
    assert (ahead.due, ahead.visible_from, ahead.overdue) == \
        (day("2026-11-21"), day("2026-11-20"), False)
    assert due_phrase(ahead, day("2026-11-20")) == "due tomorrow"


def test_thank_you_due_the_day_after_and_overdue_after_one_day(held) -> None:
    [first] = items_of(load(held, "2026-11-21"), "2026-11-21", "thank-you")
    [second] = items_of(load(held, "2026-11-22"), "2026-11-22", "thank-you")
    assert (first.due, first.overdue) == (day("2026-11-21"), False)
    assert (second.due, second.overdue) == (day("2026-11-21"), True)
    assert (first.contact, first.interview, first.path) == \
        ("ada-quill", "2026-11-20-ada-quill", "interviews/2026-11-20-ada-quill.md")


def test_thank_you_advice_names_takeaways_contact_details_and_referrals(held) -> None:
    [item] = items_of(load(held, "2026-11-21"), "2026-11-21", "thank-you")
    assert item.advice == (
        "Send it soon: mention specific points they made (you noted 2 takeaways), include "
        "your own contact details, and ask whether they could introduce you to someone "
        "else, since none is recorded.")
    assert item.commands == ["infoview draft thank-you 2026-11-20-ada-quill",
                             "infoview mark thanked 2026-11-20-ada-quill"]


def test_thank_you_advice_does_not_ask_for_referrals_already_given(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": ADA}, {
        "2026-11-20-ada-quill": interview(referrals=["Lena Marsh"], body="Notes.\n")})
    [item] = items_of(load(tmp_path, "2026-11-21"), "2026-11-21", "thank-you")
    assert "introduce" not in item.advice
    assert "write a '## Takeaways' section first" in item.advice


def test_thanked_interview_needs_no_thank_you(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": ADA}, {
        "2026-11-20-ada-quill": interview(thanked_on=day("2026-11-25"), body="Notes.\n")})
    assert items_of(load(tmp_path, "2026-11-30"), "2026-11-30", "thank-you") == []


def test_interview_checklists_follow_the_interview_even_for_a_declined_contact(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {**ADA, "requested_on": day("2026-07-01"),
                                      "declined_on": day("2026-09-01")}}, {
        "2026-08-01-ada-quill": interview(when="2026-08-01", referrals=["Lena Marsh"],
                                          actions=[{"task": "Send the article"}],
                                          body="Notes.\n")})
    kinds = [i.checklist for i in items_of(load(tmp_path, "2026-12-01"), "2026-12-01")]
    assert kinds == ["thank-you", "referral", "action", "reconnect"]


# -- cancelled interviews count for nothing ---------------------------------------------

def test_cancelled_interview_gives_no_item_of_any_kind(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {**ADA, "requested_on": day("2026-05-01"),
                                      "replied_on": day("2026-05-02")}}, {
        "2026-06-01-ada-quill": interview(when="2026-06-01", cancelled=True,
                                          referrals=["Lena Marsh"],
                                          actions=[{"task": "Send the article"}]),
        "2026-12-02-ada-quill": interview(when="2026-12-02", cancelled=True),
    })
    # Only the reply is left: a time still has to be agreed.
    found = items_of(load(tmp_path, "2026-12-01"), "2026-12-01")
    assert [(i.checklist, i.path) for i in found] == [("schedule", "contacts/ada-quill.md")]


def test_cancelled_interview_does_not_make_a_prospect_interviewed(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": ADA}, {
        "2026-06-01-ada-quill": interview(when="2026-06-01", cancelled=True)})
    [item] = items_of(load(tmp_path, "2026-12-01"), "2026-12-01")
    assert item.checklist == "outreach"


# -- preparation -------------------------------------------------------------------------

def prep_items(tmp_path, today: str, contact: dict = ADA, **fields):
    write_kb(tmp_path, {"ada-quill": contact}, {
        "2026-12-03-ada-quill": interview(when="2026-12-03", **fields)})
    return items_of(load(tmp_path, today), today, "prep")


@pytest.mark.parametrize(("today", "shown"), [
    ("2026-11-25", False), ("2026-11-26", True), ("2026-12-03", True), ("2026-12-04", False)])
def test_prep_window_runs_from_seven_days_before_to_the_day_itself(tmp_path, today, shown):
    assert bool(prep_items(tmp_path, today)) is shown


def test_prep_item_with_every_sub_item_done(tmp_path) -> None:
    questions = [f"Question {n}?" for n in range(1, 8)] + [
        {"q": "Is there anything else you would like to share?", "topic": "closing"}]
    [item] = prep_items(tmp_path, "2026-12-01", goals=["Learn"], questions=questions,
                        confirmed=True, format="video", place="https://meet.example.com/a")
    assert (item.due, item.overdue, item.interview) == \
        (day("2026-12-03"), False, "2026-12-03-ada-quill")
    assert item.text == \
        "Prepare for the interview with Ada Quill on 2026-12-03 (video): 6 of 6 ready"
    assert [(s.text, s.done) for s in item.subitems] == [
        ("Goals written down", True),
        ("Ada Quill and Northwind researched (notes in the contact file)", True),
        ("At least 8 questions for 30 minutes, most important first (8 so far)", True),
        ("A closing question: \"Is there anything else you would like to share?\"", True),
        ("Time confirmed with them", True),
        ("Format and place or link known", True),
    ]


def test_prep_item_with_nothing_done(tmp_path) -> None:
    [item] = prep_items(tmp_path, "2026-12-01", contact={"name": "Ada Quill"},
                        questions=["Only one?"], confirmed=False, format="in-person")
    assert [s.done for s in item.subitems] == [False] * 6
    assert item.text.endswith(": 0 of 6 ready")
    assert "(none yet on job responsibilities, professional history, growth opportunities, " \
        "work-life balance, company culture)" in item.advice


@pytest.mark.parametrize(("duration", "wanted"), [(None, 8), (30, 8), (31, 9), (45, 11), (5, 3)])
def test_prep_asks_for_duration_over_five_plus_two_questions(tmp_path, duration, wanted):
    fields = {"duration": duration} if duration else {}
    enough = [f"Question {n}?" for n in range(wanted)]
    [item] = prep_items(tmp_path, "2026-12-01", questions=enough, **fields)
    minutes = duration or 30
    assert item.subitems[2].text == \
        f"At least {wanted} questions for {minutes} minutes, most important first ({wanted} so far)"
    assert item.subitems[2].done
    [short] = prep_items(tmp_path, "2026-12-01", questions=enough[1:], **fields)
    assert not short.subitems[2].done


@pytest.mark.parametrize(("fields", "confirmed"), [({}, False), ({"confirmed": False}, False),
                                                  ({"confirmed": True}, True)])
def test_time_is_confirmed_only_when_it_says_so(tmp_path, fields, confirmed) -> None:
    [item] = prep_items(tmp_path, "2026-12-01", **fields)
    assert item.subitems[4].done is confirmed


def test_closing_question_is_found_by_its_words_too(tmp_path) -> None:
    [item] = prep_items(tmp_path, "2026-12-01",
                        questions=["Is there ANYTHING ELSE I should know?"])
    assert item.subitems[3].done


@pytest.mark.parametrize(("fields", "known"), [
    ({"format": "email"}, True),
    ({"format": "video"}, False),
    ({"place": "Room 4"}, False),
    ({"format": "in-person", "place": "Room 4"}, True),
    ({"format": "phone"}, True),  # the contact's phone number is in the contact file
])
def test_place_is_known_when_the_format_needs_none_or_has_one(tmp_path, fields, known) -> None:
    contact = {**ADA, "phone": "+1 555 0100"}
    [item] = prep_items(tmp_path, "2026-12-01", contact=contact, **fields)
    assert item.subitems[5].done is known


def test_prep_window_is_settable(tmp_path) -> None:
    (tmp_path / "infoview.yml").write_text("prep_window_days: 1\n", encoding="utf-8")
    assert prep_items(tmp_path, "2026-12-01") == []
    assert len(prep_items(tmp_path, "2026-12-02")) == 1


# -- referrals ---------------------------------------------------------------------------

@pytest.mark.parametrize("named", ["ada-quill", "Ada Quill", "  ada QUILL  ", "ADA-QUILL"])
def test_referral_naming_an_existing_contact_makes_no_item(tmp_path, named) -> None:
    write_kb(tmp_path, {"ada-quill": ADA, "bram-okafor": {"name": "Bram Okafor"}}, {
        "2026-11-20-bram-okafor": interview("bram-okafor", referrals=[named],
                                           thanked_on=day("2026-11-20"), body="Notes.\n")})
    assert items_of(load(tmp_path, "2026-12-01"), "2026-12-01", "referral") == []


def test_referral_matching_ignores_spaces_even_when_a_record_keeps_them(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": ADA}, {"2026-11-20-ada-quill": interview(
        thanked_on=day("2026-11-20"), body="Notes.\n")})
    kb = load(tmp_path, "2026-12-01")
    kb.interviews["2026-11-20-ada-quill"].referrals = ["\tada quill ", " ada-quill\n"]
    assert [i for i in checklists(kb, day("2026-12-01")) if i.checklist == "referral"] == []


def test_referral_naming_no_contact_is_an_item_without_a_contact(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": ADA}, {
        "2026-11-20-ada-quill": interview(referrals=["Ada Quil", "lena-marsh"],
                                          thanked_on=day("2026-11-20"), body="Notes.\n")})
    found = items_of(load(tmp_path, "2030-01-01"), "2030-01-01", "referral")
    assert [(i.contact, i.interview, i.path, i.due, i.overdue, i.text) for i in found] == [
        (None, "2026-11-20-ada-quill", "interviews/2026-11-20-ada-quill.md",
         day("2026-11-27"), True,
         f"Add a contact for {name}, suggested by Ada Quill on 2026-11-20")
        for name in ("Ada Quil", "lena-marsh")]


def test_referral_due_a_week_after_the_interview(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": ADA}, {
        "2026-11-20-ada-quill": interview(referrals=["Lena Marsh"],
                                          thanked_on=day("2026-11-20"), body="Notes.\n")})
    [on_day] = items_of(load(tmp_path, "2026-11-27"), "2026-11-27", "referral")
    [after] = items_of(load(tmp_path, "2026-11-28"), "2026-11-28", "referral")
    assert (on_day.due, on_day.overdue, after.overdue) == (day("2026-11-27"), False, True)


# -- action items ------------------------------------------------------------------------

def test_action_overdue_only_after_its_due_day(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": ADA}, {"2026-11-20-ada-quill": interview(
        thanked_on=day("2026-11-20"), body="Notes.\n", actions=[
            {"task": "Send the article", "due": day("2026-11-25"), "done": False},
            {"task": "Read the book", "done": True},
            {"task": "Update the CV"}])})
    on_day = items_of(load(tmp_path, "2026-11-25"), "2026-11-25", "action")
    after = items_of(load(tmp_path, "2026-11-26"), "2026-11-26", "action")
    assert [(i.due, i.overdue) for i in on_day] == \
        [(day("2026-11-25"), False), (day("2026-11-27"), False)]
    assert [(i.due, i.overdue) for i in after] == \
        [(day("2026-11-25"), True), (day("2026-11-27"), False)]
    assert [i.text for i in after] == [
        "Send the article (from the interview with Ada Quill on 2026-11-20)",
        "Update the CV (from the interview with Ada Quill on 2026-11-20)"]
    later = items_of(load(tmp_path, "2026-11-28"), "2026-11-28", "action")
    assert [(i.due, i.overdue) for i in later] == \
        [(day("2026-11-25"), True), (day("2026-11-27"), True)]


# -- reconnect ---------------------------------------------------------------------------

def test_reconnect_ninety_days_after_the_later_of_interview_and_thank_you(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": ADA}, {
        "2026-06-01-ada-quill": interview(when="2026-06-01", thanked_on=day("2026-06-03"),
                                          body="Notes.\n")})
    assert items_of(load(tmp_path, "2026-08-31"), "2026-08-31", "reconnect") == []
    [item] = items_of(load(tmp_path, "2026-09-01"), "2026-09-01", "reconnect")
    assert (item.contact, item.due, item.overdue, item.interview) == \
        ("ada-quill", day("2026-09-01"), False, "2026-06-01-ada-quill")
    assert item.text == "Reconnect with Ada Quill: last in touch 2026-06-03, 90 days ago"


def test_reconnect_counts_the_latest_interview_and_not_upcoming_ones(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": ADA}, {
        "2026-01-01-ada-quill": interview(when="2026-01-01", thanked_on=day("2026-01-02"),
                                          body="Notes.\n"),
        "2026-05-01-ada-quill": interview(when="2026-05-01", thanked_on=day("2026-05-01"),
                                          body="Notes.\n")})
    [item] = items_of(load(tmp_path, "2026-12-01"), "2026-12-01", "reconnect")
    assert (item.due, item.path) == (day("2026-07-30"), "interviews/2026-05-01-ada-quill.md")
    write_kb(tmp_path, interviews={"2026-12-20-ada-quill": interview(when="2026-12-20")})
    assert items_of(load(tmp_path, "2026-12-01"), "2026-12-01", "reconnect") == []


# -- windows in infoview.yml move the edges ---------------------------------------------

@pytest.mark.parametrize(("config", "contact", "interviews", "before", "edge", "checklist"), [
    ("follow_up_after_days: 3\n", {"requested_on": day("2026-11-01")}, {},
     "2026-11-03", "2026-11-04", "follow-up"),
    ("give_up_after_days: 14\n",
     {"requested_on": day("2026-11-01"), "followed_up_on": day("2026-11-05")}, {},
     "2026-11-18", "2026-11-19", "follow-up"),
    ("reconnect_after_days: 10\n", {}, {"2026-11-01-ada-quill": interview(
        when="2026-11-01", thanked_on=day("2026-11-01"), body="Notes.\n")},
     "2026-11-10", "2026-11-11", "reconnect"),
])
def test_a_window_in_infoview_yml_moves_the_edge(tmp_path, config, contact, interviews,
                                                 before, edge, checklist) -> None:
    write_kb(tmp_path, {"ada-quill": {**ADA, **contact}}, interviews, config)
    [item] = items_of(load(tmp_path, edge), edge, checklist)
    assert (item.due, item.overdue) == (day(edge), False)
    # The day before, a dated item is coming up on the same day; a suggestion is not there.
    earlier = items_of(load(tmp_path, before), before, checklist)
    assert [(i.due, i.overdue) for i in earlier] == \
        ([] if checklist in SUGGESTIONS else [(day(edge), False)])


def test_thank_you_window_in_infoview_yml_moves_the_overdue_edge(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": ADA}, {"2026-11-20-ada-quill": interview(body="N.\n")},
             "thank_you_within_days: 0\n")
    [item] = items_of(load(tmp_path, "2026-11-21"), "2026-11-21", "thank-you")
    assert item.overdue
    (tmp_path / "infoview.yml").write_text("thank_you_within_days: 3\n", encoding="utf-8")
    [item] = items_of(load(tmp_path, "2026-11-23"), "2026-11-23", "thank-you")
    assert not item.overdue
    [item] = items_of(load(tmp_path, "2026-11-24"), "2026-11-24", "thank-you")
    assert item.overdue


# -- order and shape ---------------------------------------------------------------------

def test_items_oldest_due_first_then_checklist_then_path_then_suggestions(tmp_path) -> None:
    write_kb(tmp_path, {
        "zed-young": {"name": "Zed Young", "requested_on": day("2026-11-01")},
        "ada-quill": {**ADA, "requested_on": day("2026-11-01")},
        "bram-okafor": {"name": "Bram Okafor", "requested_on": day("2026-10-01")},
        "cora-lindqvist": {"name": "Cora Lindqvist"},
        "dana-ortiz": {"name": "Dana Ortiz", "replied_on": day("2026-11-05")},
        "eli-park": {"name": "Eli Park"},
    }, {"2026-05-01-eli-park": interview("eli-park", when="2026-05-01",
                                         thanked_on=day("2026-05-01"), body="N.\n")})
    found = items_of(load(tmp_path, "2026-12-01"), "2026-12-01")
    assert [(i.checklist, i.contact, i.due) for i in found] == [
        ("follow-up", "bram-okafor", day("2026-10-08")),
        ("schedule", "dana-ortiz", day("2026-11-08")),
        ("follow-up", "ada-quill", day("2026-11-08")),
        ("follow-up", "zed-young", day("2026-11-08")),
        ("reconnect", "eli-park", day("2026-07-30")),
        ("outreach", "cora-lindqvist", day("2026-12-01"))]
    assert [i.overdue for i in found] == [True, True, True, True, False, False]


@pytest.mark.parametrize(("offset", "phrase"), [
    (0, "due today"), (1, "due tomorrow"), (3, "due in 3 days"),
    (-1, "1 day overdue"), (-5, "5 days overdue")])
def test_due_phrase_counts_days_from_today(tmp_path, offset, phrase) -> None:
    from datetime import timedelta

    write_kb(tmp_path, {"ada-quill": {**ADA, "requested_on": day("2026-11-01")}})
    today = day("2026-11-08") - timedelta(days=offset)
    [item] = checklists(load(tmp_path, "2026-11-08"), day("2026-11-08"))
    assert item.due == day("2026-11-08")
    assert due_phrase(item, today) == phrase


def test_suggestions_are_never_overdue_and_say_so(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": ADA}, {
        "2020-01-01-ada-quill": interview(when="2020-01-01", thanked_on=day("2020-01-01"),
                                          body="N.\n")}, "thank_you_within_days: 0\n")
    write_kb(tmp_path, {"bram-okafor": {"name": "Bram Okafor"}})
    found = items_of(load(tmp_path, "2030-01-01"), "2030-01-01")
    assert {i.checklist for i in found} == set(SUGGESTIONS)
    assert [(i.overdue, due_phrase(i, day("2030-01-01"))) for i in found] == \
        [(False, "suggested")] * 2


def test_titles_cover_every_checklist() -> None:
    assert tuple(TITLES) == CHECKLISTS


def test_item_as_dict_is_json_ready(held) -> None:
    [item] = items_of(load(held, "2026-11-22"), "2026-11-22", "thank-you")
    assert item.as_dict() == {
        "checklist": "thank-you", "contact": "ada-quill",
        "path": "interviews/2026-11-20-ada-quill.md", "due": "2026-11-21",
        "visible_from": "2026-11-20", "overdue": True, "suggestion": False,
        "text": "Send Ada Quill a thank-you note for the interview on 2026-11-20",
        "advice": item.advice, "step": "send the thank-you note by 2026-11-21",
        "commands": ["infoview draft thank-you 2026-11-20-ada-quill",
                     "infoview mark thanked 2026-11-20-ada-quill"],
        "interview": "2026-11-20-ada-quill", "subitems": []}
