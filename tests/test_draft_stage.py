"""Drafts that look at where you are: a request to someone met already, a follow-up with
no request, an owner left blank; and a ``found_via`` written about the person read back to
them in the second person."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from infoview_build.cli import main
from infoview_build.edit.wording import how_found, second_person

from kb_notes import day, write_kb

OWNER = "owner:\n  name: Robin Vega\n  email: robin@example.com\n"


def draft(root, *args: str):
    return CliRunner().invoke(main, ["draft", *args, "--root", str(root), "--today",
                                     "2026-12-01"])


def warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning: ")]


@pytest.mark.parametrize(("fields", "interviews", "expected"), [
    ({}, {}, []),
    ({"requested_on": day("2026-11-20")}, {},
     ["warning: you asked Ada Quill on 2026-11-20 already; a second message is a follow-up "
      "('infoview draft follow-up ada-quill')"]),
    ({"replied_on": day("2026-11-20")}, {},
     ["warning: Ada Quill replied on 2026-11-20: agree a time instead "
      "('infoview new interview ada-quill')"]),
    ({}, {"2026-12-05-ada-quill": {"contact": "ada-quill", "date": day("2026-12-05")}},
     ["warning: an interview with Ada Quill is already set for 2026-12-05 "
      "(interviews/2026-12-05-ada-quill.md)"]),
    ({}, {"2026-11-05-ada-quill": {"contact": "ada-quill", "date": day("2026-11-05"),
                                   "body": "Notes.\n"}},
     ["warning: you met Ada Quill already (interviews/2026-11-05-ada-quill.md): a request is "
      "for a first conversation; to keep in touch, write to them directly and record it with "
      "'infoview mark kept-in-touch ada-quill'"]),
    ({"declined_on": day("2026-11-20")}, {},
     ["warning: Ada Quill declined on 2026-11-20; a new request is unlikely to be welcome"]),
])
def test_request_warns_when_it_is_not_the_next_step(tmp_path, fields, interviews,
                                                    expected) -> None:
    write_kb(tmp_path, {"ada-quill": {"name": "Ada Quill", "found_via": "her blog",
                                      "why": "I want to learn", **fields}}, interviews, OWNER)
    result = draft(tmp_path, "request", "ada-quill")
    assert result.exit_code == 0
    assert result.stdout.startswith("Subject: Informational interview request from Robin Vega")
    assert warnings(result) == expected


def test_a_cancelled_interview_does_not_count_as_met(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {"name": "Ada Quill", "found_via": "her blog",
                                      "why": "I want to learn"}},
             {"2026-11-05-ada-quill": {"contact": "ada-quill", "date": day("2026-11-05"),
                                       "cancelled": True}}, OWNER)
    assert warnings(draft(tmp_path, "request", "ada-quill")) == []


@pytest.mark.parametrize(("fields", "expected"), [
    ({"requested_on": day("2026-11-20")}, []),
    ({}, ["warning: no request to Ada Quill is recorded (contacts/ada-quill.md has no "
          "'requested_on'): send one first ('infoview draft request ada-quill'), or record "
          "it with 'infoview mark requested ada-quill --on YYYY-MM-DD'"]),
    ({"requested_on": day("2026-11-20"), "replied_on": day("2026-11-22")},
     ["warning: Ada Quill replied on 2026-11-22: agree a time instead "
      "('infoview new interview ada-quill')"]),
])
def test_follow_up_warns_without_a_request_or_after_a_reply(tmp_path, fields,
                                                            expected) -> None:
    write_kb(tmp_path, {"ada-quill": {"name": "Ada Quill", **fields}}, None, OWNER)
    result = draft(tmp_path, "follow-up", "ada-quill")
    assert result.exit_code == 0
    assert warnings(result) == expected


@pytest.mark.parametrize(("config", "message"), [
    ("owner:\n", "no name and no email or phone: the email drafts ('infoview draft') need them"),
    ("owner:\n  name: Robin Vega\n", "no email or phone: the email drafts ('infoview draft') "
     "need it"),
    ("owner:\n  email: r@example.com\n", "no name: the email drafts ('infoview draft') need it"),
    ("follow_up_after_days: 5\nowner:\n", "no name and no email or phone: the email "
     "drafts ('infoview draft') need them"),
])
def test_check_warns_about_an_owner_the_drafts_cannot_sign_with(tmp_path, config,
                                                                message) -> None:
    write_kb(tmp_path, {"ada-quill": {"name": "Ada Quill"}}, None, config)
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path), "--strict"])
    assert result.exit_code == 1
    line = config.count("\n", 0, config.index("owner:")) + 1
    assert f"infoview.yml:{line}: owner: warning: {message}" in result.stdout


def test_no_owner_warning_before_there_is_anyone_to_write_to(tmp_path) -> None:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "infoview.yml").write_text("owner:\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path), "--strict"])
    assert result.exit_code == 0, result.output


def test_a_complete_owner_is_quiet(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {"name": "Ada Quill"}}, None, OWNER)
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path), "--strict"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("found_via", "sentence"), [
    ("her talk at the meetup", "I came across your talk at the meetup."),
    ("His blog series on data teams.", "I came across your blog series on data teams."),
    ("the Product Guild Slack, where he answered my question",
     "I came across your name through the Product Guild Slack, where you answered my "
     "question."),
    ("a former colleague who worked with her on a project",
     "I came across your name through a former colleague who worked with you on a project."),
    ("Bram Okafor suggested her at the end of our interview",
     "Bram Okafor suggested you at the end of our interview."),
    ("Dev Raman mentioned she leads the payroll team",
     "Dev Raman mentioned you lead the payroll team."),
    ("Ada Quill, who worked with him for two years",
     "I came across your name through Ada Quill, who worked with you for two years."),
    ("at the Lisbon meetup in May", "I came across your name at the Lisbon meetup in May."),
    ("LinkedIn search", "I came across your name through LinkedIn search."),
    ("I met her at a conference", "I met you at a conference."),
    ("she teaches the course I took", "You teach the course I took."),
    ("your talk at the meetup", "I came across your name through your talk at the meetup."),
])
def test_found_via_written_about_them_reads_right_to_them(found_via, sentence) -> None:
    assert how_found(found_via) == sentence


@pytest.mark.parametrize(("text", "expected"), [
    ("she is the lead", "you are the lead"), ("he has a team", "you have a team"),
    ("she teaches", "you teach"), ("she wrote it", "you wrote it"),
    ("they run it", "you run it"), ("with them", "with you"), ("Her team", "Your team"),
    ("shepherd", "shepherd"), ("the hers", "the hers"),
])
def test_second_person_turns_pronouns_and_the_verb_after_them(text, expected) -> None:
    assert second_person(text) == expected


def test_the_request_draft_uses_the_turned_sentence(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {"name": "Ada Quill", "why": "I want to learn",
                                      "found_via": "her talk at the meetup"}}, None, OWNER)
    result = draft(tmp_path, "request", "ada-quill")
    assert "\nI came across your talk at the meetup. I am writing to ask" in result.stdout
