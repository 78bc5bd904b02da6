"""infoview draft: email drafts from the notes, compared with golden files.

The knowledge base is the one 'infoview init --example' writes for 2026-12-01, with an
owner profile. After a deliberate change of wording, rewrite the golden drafts with
``UPDATE_GOLDEN=1 make test`` and read the diff of tests/golden/drafts/ before committing.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from infoview_build.cli import main
from infoview_build.edit.drafts import as_clause, long_date, suggested_slots, takeaways
from infoview_build.edit.scaffold import init

from conftest import golden

TODAY = date(2026, 12, 1)
GOLDEN = Path(__file__).parent / "golden" / "drafts"
OWNER = """owner:
  name: Robin Vega
  email: robin@example.com
  phone: "+1 555 0100"
  intro: Data analyst moving into product management
  links: [https://robin.example.com]
"""
CASES = {
    "request-hana-berg": ["request", "hana-berg"],
    "request-cora-lindqvist": ["request", "cora-lindqvist", "--minutes", "30", "--slots",
                               "Monday 7 December at 9:00", "--slots",
                               "Tuesday 8 December at 16:00"],
    "follow-up-elif-sato": ["follow-up", "elif-sato"],
    "thank-you-ada-quill": ["thank-you", "2026-08-23-ada-quill"],
    "thank-you-bram-okafor": ["thank-you", "bram-okafor"],
}

WARNINGS = {
    "thank-you-ada-quill": "warning: you sent a thank-you for it on 2026-08-24 already\n",
    # The example has her interview booked already: the draft is still written, with a word.
    "request-cora-lindqvist": "warning: an interview with Cora Lindqvist is already set for "
                              "2026-12-04 (interviews/2026-12-04-cora-lindqvist.md)\n",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kb")
    init(root, TODAY, example=True)
    (root / "infoview.yml").write_text(OWNER)
    return root


def zed(root: Path, front: str = "name: Zed\n", **interviews: str) -> Path:
    """A knowledge base with one contact, zed, and interviews by file stem."""
    (root / "contacts").mkdir()
    (root / "interviews").mkdir()
    (root / "contacts" / "zed.md").write_text(f"---\n{front}---\n")
    for stem, text in interviews.items():
        (root / "interviews" / f"{stem}.md").write_text(text)
    return root


def draft(root: Path, *args: str):
    return CliRunner().invoke(main, ["draft", *args, "--root", str(root), "--today",
                                     TODAY.isoformat()])


@pytest.mark.parametrize("case", sorted(CASES))
def test_draft_matches_golden(kb, case):
    result = draft(kb, *CASES[case])
    assert result.exit_code == 0, result.output
    golden(GOLDEN / f"{case}.txt", result.stdout)
    assert result.stderr == WARNINGS.get(case, "")


def test_every_draft_starts_with_a_subject_and_a_blank_line(kb):
    for args in CASES.values():
        lines = draft(kb, *args).stdout.splitlines()
        assert lines[0].startswith("Subject: ") and lines[1] == ""
        assert "None" not in "\n".join(lines)


def test_request_subject_carries_the_name_and_the_words(kb):
    subject = draft(kb, "request", "hana-berg").stdout.splitlines()[0]
    assert subject == "Subject: Informational interview request from Robin Vega"


def test_missing_data_shows_placeholders_and_warns(tmp_path):
    zed(tmp_path)
    result = draft(tmp_path, "request", "zed")
    assert result.exit_code == 0
    for placeholder in ("[your name]", "[how you learned about them]", "[why you want to talk]"):
        assert placeholder in result.stdout
    assert "None" not in result.stdout
    assert result.stderr.splitlines() == [
        "warning: infoview.yml has no owner name: the draft says [your name]; fill it in there "
        "or in the draft",
        "warning: contacts/zed.md has no 'found_via': the draft says [how you learned about "
        "them]; fill it in there or in the draft",
        "warning: contacts/zed.md has no 'why': the draft says [why you want to talk]; fill it "
        "in there or in the draft",
    ]


def test_follow_up_without_request_date_warns(tmp_path):
    zed(tmp_path)
    result = draft(tmp_path, "follow-up", "zed")
    assert "I wrote to you on [the day of your first request]" in result.stdout
    assert "contacts/zed.md has no 'requested_on'" in result.stderr


def test_thank_you_without_takeaways_uses_the_first_notes(kb, tmp_path):
    zed(tmp_path, **{"2026-11-30-zed": "---\ncontact: zed\ndate: 2026-11-30\n---\n\n## Growth"
                     "\n\nShe said the team\nhires from support.\n\nSecond paragraph.\n"})
    result = draft(tmp_path, "thank-you", "zed")
    assert "- She said the team hires from support.\n" in result.stdout
    assert "I would be grateful for an introduction" in result.stdout
    assert "[your email or phone]" in result.stdout


def test_thank_you_needs_exactly_one_held_interview(kb):
    result = draft(kb, "thank-you", "cora-lindqvist")
    assert result.exit_code == 1
    assert result.stderr == ("Error: cora-lindqvist has no interview on or before 2026-12-01; "
                             "a thank-you follows a conversation\n")


def test_thank_you_lists_the_candidates(kb, tmp_path):
    zed(tmp_path, **{f"{day}-zed": f"---\ncontact: zed\ndate: {day}\n---\nNotes.\n"
                     for day in ("2026-11-20", "2026-11-27")})
    result = draft(tmp_path, "thank-you", "zed")
    assert result.exit_code == 1
    assert result.stderr == ("Error: zed has 2 interviews to thank for; name one of them: "
                             "2026-11-20-zed, 2026-11-27-zed\n")


def test_thank_you_picks_the_one_not_thanked_yet_and_counts_today(tmp_path):
    zed(tmp_path, **{
        "2026-11-20-zed": "---\ncontact: zed\ndate: 2026-11-20\nthanked_on: 2026-11-21\n---\n"
                          "Old.\n",
        "2026-12-01-zed": "---\ncontact: zed\ndate: 2026-12-01\n---\nToday's notes.\n"})
    result = draft(tmp_path, "thank-you", "zed")
    assert result.exit_code == 0
    assert "talk with me on Tuesday 1 December." in result.stdout
    assert "- Today's notes.\n" in result.stdout


def test_unknown_contact_gets_a_did_you_mean(kb):
    result = draft(kb, "request", "hana-burg")
    assert result.exit_code == 1
    assert result.stderr == "Error: no contact 'hana-burg'; did you mean 'hana-berg'?\n"


def test_unknown_kind_is_a_usage_error(kb):
    assert draft(kb, "apology", "hana-berg").exit_code == 2


def test_knowledge_base_template_overrides_the_package(kb, tmp_path):
    (kb / "templates").mkdir(exist_ok=True)
    (kb / "templates" / "follow-up.txt").write_text("Subject: Hi {{ first_name }}\n\nShort.\n")
    try:
        result = draft(kb, "follow-up", "elif-sato")
    finally:
        (kb / "templates" / "follow-up.txt").unlink()
    assert result.stdout == "Subject: Hi Elif\n\nShort.\n"


def test_broken_override_is_an_error_not_a_traceback(tmp_path):
    zed(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "request.txt").write_text("Subject: {{ nonsense }\n")
    result = draft(tmp_path, "request", "zed")
    assert result.exit_code == 1
    # found by the check every command makes, at its line, before any draft is rendered
    assert result.stderr.startswith("templates/request.txt:1: -: template syntax: "
                                    "unexpected '}'")
    assert "Traceback" not in result.stderr


def test_draft_refuses_a_knowledge_base_with_errors(tmp_path):
    zed(tmp_path, "name: Zed\nemial: z@example.com\n")
    result = draft(tmp_path, "request", "zed")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "unknown field 'emial'" in result.stderr


@pytest.mark.parametrize(("day", "text"), [
    (date(2026, 12, 3), "Thursday 3 December"),
    (date(2027, 1, 4), "Monday 4 January 2027"),
])
def test_long_date(day, text):
    assert long_date(day, TODAY) == text


def test_suggested_slots_skip_the_weekend():
    # Thursday 3 December 2026 is two days after Tuesday 1 December.
    assert suggested_slots(date(2026, 12, 1)) == [
        "Thursday 3 December at 10:00", "Friday 4 December at 14:00",
        "Monday 7 December at 11:00"]
    assert suggested_slots(date(2026, 12, 4))[0] == "Monday 7 December at 10:00"


@pytest.mark.parametrize(("text", "clause"), [
    ("Her talk at the meetup.", "her talk at the meetup"),
    ("Ada Quill, at the meetup", "Ada Quill, at the meetup"),
    ("I want to  learn", "I want to learn"),
])
def test_as_clause(text, clause):
    assert as_clause(text) == clause


def test_takeaways_read_bullets_under_the_heading_only():
    body = ("## Growth\n\n- not this\n\n## Takeaways\n\n- one\n  continued\n* two\n\n"
            "## After\n- no\n")
    assert takeaways(body) == ["one continued", "two"]
    assert takeaways("<!-- hidden -->\n\n") == []


def test_thank_you_before_the_interview_warns(kb):
    result = draft(kb, "thank-you", "2026-12-04-cora-lindqvist")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "warning: interviews/2026-12-04-cora-lindqvist.md is on 2026-12-04: it has not been "
        "held yet")


def test_second_follow_up_warns(kb):
    result = draft(kb, "follow-up", "farah-nguyen")
    assert result.exit_code == 0
    assert result.stderr == ("warning: you followed up on 2026-11-21 already; one follow-up is "
                             "enough, then move on\n")


def test_a_title_keeps_the_whole_name_in_the_greeting(tmp_path):
    zed(tmp_path, "name: Dr. Zed Amari\n")
    assert "\nDear Dr. Zed Amari,\n" in draft(tmp_path, "request", "zed").stdout


def test_slug_may_be_given_as_a_file_path(kb):
    by_path = draft(kb, "thank-you", "interviews/2026-11-29-bram-okafor.md")
    assert by_path.stdout == draft(kb, "thank-you", "bram-okafor").stdout != ""


@pytest.mark.parametrize("payload", [
    "{{ cycler.__init__.__globals__.os.system('touch RAN') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__['os'].popen('touch RAN').read() }}",
])
def test_a_template_from_a_clone_cannot_run_code(tmp_path, payload):
    zed(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "request.txt").write_text(f"Subject: hi\n\n{payload}\n")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = draft(tmp_path, "request", "zed")
    finally:
        os.chdir(cwd)
    assert not (tmp_path / "RAN").exists()
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: template request.txt"), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
