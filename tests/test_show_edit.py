"""``infoview show`` (a person or an interview in the terminal) and ``infoview edit``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from infoview_build.cli import main

from kb_notes import write_kb

TODAY = "2026-12-10"


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return write_kb(tmp_path, contacts={
        "ada-quill": {"name": "Ada Quill", "role": "Staff Engineer", "company": "Northwind",
                      "email": "ada@example.com", "requested_on": "2026-11-01",
                      "replied_on": "2026-11-03"},
        "bram-okafor": {"name": "Bram Okafor", "introduced_by": "ada-quill",
                        "requested_on": "2026-11-20"},
        "cora-lind": {"name": "Cora \x1b[31mLind"},
    }, interviews={
        "2026-11-10-ada-quill": {"contact": "ada-quill", "date": "2026-11-10 10:00",
                                 "format": "video", "duration": 45,
                                 "questions": [{"q": "How did you start?", "asked": True},
                                               "What next?"],
                                 "referrals": ["bram-okafor", "Dana Ortiz"],
                                 "actions": [{"task": "Send the article", "due": "2026-11-12"}],
                                 "body": "## Takeaways\n\n- Write a case study.\n"},
        "2026-12-12-ada-quill": {"contact": "ada-quill", "date": "2026-12-12"},
        "2026-11-15-ada-quill": {"contact": "ada-quill", "date": "2026-11-15",
                                 "cancelled": True},
    })


def run(root: Path, *args: str, env: dict | None = None):
    today = [] if "--today" in args else ["--today", TODAY]
    return CliRunner().invoke(main, [*args, "--root", str(root), *today], env=env)


def test_show_a_person_with_stage_history_and_next_items(kb):
    result = run(kb, "show", "ada quill")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Ada Quill, Staff Engineer at Northwind\n"
        "  contacts/ada-quill.md\n"
        "\n"
        "Stage: interviewed\n"
        "Reach: ada@example.com\n"
        "Introduced you to: Bram Okafor (bram-okafor)\n"
        "\n"
        "History\n"
        "  2026-11-01  asked for an interview\n"
        "  2026-11-03  they replied\n"
        "  2026-11-10  interview (video, 45 min)  interviews/2026-11-10-ada-quill.md\n"
        "  2026-11-15  interview cancelled  interviews/2026-11-15-ada-quill.md\n"
        "  2026-12-12  interview coming up  interviews/2026-12-12-ada-quill.md\n"
        "\n"
        "Next: send the thank-you note by 2026-11-11, 29 days overdue\n"
        "  * Send Ada Quill a thank-you note for the interview on 2026-11-10\n"
        "    29 days overdue (due 2026-11-11)  interviews/2026-11-10-ada-quill.md\n"
        "  * Send the article (from the interview with Ada Quill on 2026-11-10)\n"
        "    28 days overdue (due 2026-11-12)  interviews/2026-11-10-ada-quill.md\n"
        "  * Add a contact for Dana Ortiz, suggested by Ada Quill on 2026-11-10\n"
        "    23 days overdue (due 2026-11-17)  interviews/2026-11-10-ada-quill.md\n"
        "  * Prepare for the interview with Ada Quill on 2026-12-12: 0 of 6 ready\n"
        "    due in 2 days (2026-12-12)  interviews/2026-12-12-ada-quill.md\n"
        "    [ ] Goals written down\n"
        "    [ ] Ada Quill and Northwind researched (notes in the contact file)\n"
        "    [ ] At least 8 questions for 30 minutes, most important first (0 so far)\n"
        "    [ ] A closing question: \"Is there anything else you would like to share?\"\n"
        "    [ ] Time confirmed with them\n"
        "    [ ] Format and place or link known\n")


def test_show_an_interview(kb):
    result = run(kb, "show", "interviews/2026-11-10-ada-quill.md")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Interview with Ada Quill on 2026-11-10 10:00 (video, 45 min)\n"
                          "  interviews/2026-11-10-ada-quill.md\n\nStatus: held\n"
                          "Contact: Ada Quill (ada-quill), Staff Engineer at Northwind, "
                          "stage interviewed\n")
    assert "Questions (2, 1 asked)\n   1. [x] How did you start?\n   2. [ ] What next?\n" in out
    assert "Takeaways\n  - Write a case study.\n" in out
    assert "Referrals\n  - bram-okafor → contacts/bram-okafor.md\n" \
           "  - Dana Ortiz (no contact yet)\n" in out
    assert "Actions\n   1. [ ] Send the article (due 2026-11-12)\n" in out
    assert "Next: send the thank-you note by 2026-11-11, 29 days overdue\n" \
           "  * Send Ada Quill a thank-you note" in out
    assert "Prepare for" not in out  # another interview's item


def test_show_a_person_awaiting_a_reply_names_the_follow_up_with_its_day(kb):
    result = run(kb, "show", "bram-okafor", "--today", "2026-11-24")
    assert result.exit_code == 0, result.output
    assert "Introduced by: Ada Quill (ada-quill)\n" in result.stdout
    assert result.stdout.endswith(
        "History\n  2026-11-20  asked for an interview\n\n"
        "Next: follow up on 2026-11-27 if no reply, in 3 days\n"
        "  * Send Bram Okafor one polite follow-up if no reply comes: request sent 2026-11-20\n"
        "    due in 3 days (2026-11-27)  contacts/bram-okafor.md\n")


def test_show_a_prospect_names_the_suggestion_and_a_declined_person_nothing(kb):
    result = run(kb, "show", "cora-lind", "--today", "2026-11-21")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("History\n  nothing yet\n\n"
                                  "Next: ask for an interview (a suggestion)\n"
                                  "  * Ask Cora  [31mLind for an informational interview\n"
                                  "    suggested  contacts/cora-lind.md\n")
    assert run(kb, "mark", "declined", "cora-lind", "--on", "2026-11-21").exit_code == 0
    assert run(kb, "show", "cora-lind", "--today", "2026-11-21").stdout.endswith(
        "Next: nothing due on 2026-11-21\n")


def test_keeping_in_touch_is_part_of_the_history(kb):
    assert run(kb, "mark", "kept-in-touch", "Ada Quill", "--on", "2026-12-05").exit_code == 0
    result = run(kb, "show", "ada-quill")
    assert "  2026-11-15  interview cancelled  interviews/2026-11-15-ada-quill.md\n" \
           "  2026-12-05  kept in touch\n" \
           "  2026-12-12  interview coming up" in result.stdout


def test_show_keeps_terminal_escape_codes_out(kb):
    result = run(kb, "show", "cora-lind")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert result.stdout.startswith("Cora  [31mLind\n")


@pytest.mark.parametrize(("ref", "message"), [
    ("ada-qill", "no contact or interview 'ada-qill'; did you mean 'ada-quill'?"),
    ("2026-11-10-ada-qill", "no contact or interview '2026-11-10-ada-qill'; did you mean "
     "'2026-11-10-ada-quill'?"),
    ("Dana Ortiz", "no contact or interview 'Dana Ortiz'"),
])
def test_show_unknown_gets_one_error_line(kb, ref, message):
    result = run(kb, "show", ref)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"


# -- edit ----------------------------------------------------------------------------------

def editor(tmp_path: Path, code: str) -> str:
    """A command that runs ``code`` on the file given as its argument, as an editor would."""
    script = tmp_path / "fake-editor.py"
    script.write_text("import sys\nfrom pathlib import Path\npath = Path(sys.argv[1])\n"
                      + code, encoding="utf-8")
    return f"{sys.executable} {script}"


def test_edit_opens_the_note_then_reports_it_clean(kb, tmp_path):
    command = editor(tmp_path, "path.write_text(path.read_text().replace('Staff', 'Principal'))\n")
    result = run(kb, "edit", "Ada Quill", env={"VISUAL": command, "EDITOR": "false"})
    assert result.exit_code == 0, result.output
    assert result.stdout == "contacts/ada-quill.md: no problems\n"
    assert "role: Principal Engineer" in (kb / "contacts" / "ada-quill.md").read_text()


def test_edit_reports_the_errors_it_left_and_exits_1(kb, tmp_path):
    command = editor(tmp_path, "path.write_text(path.read_text().replace('email: ada@example."
                               "com', 'emial: ada@example.com'))\n")
    result = run(kb, "edit", "ada-quill", env={"VISUAL": "", "EDITOR": command})
    assert result.exit_code == 1
    assert result.stderr == (
        "contacts/ada-quill.md:5: emial: unknown field 'emial' — did you mean 'email'?\n"
        "Error: contacts/ada-quill.md has 1 error; fix it with: infoview edit ada-quill\n")


def test_edit_opens_a_broken_note_so_it_can_be_fixed(kb, tmp_path):
    (kb / "interviews" / "2026-12-12-ada-quill.md").write_text("---\ncontact: [\n---\n")
    command = editor(tmp_path, "path.write_text('---\\ncontact: ada-quill\\ndate: 2026-12-12\\n"
                               "---\\n')\n")
    result = run(kb, "edit", "2026-12-12-ada-quill", env={"VISUAL": command})
    assert result.exit_code == 0, result.output
    assert result.stdout == "interviews/2026-12-12-ada-quill.md: no problems\n"


def test_edit_an_unknown_note_opens_nothing(kb, tmp_path):
    marker = tmp_path / "opened"
    command = editor(tmp_path, f"Path({str(marker)!r}).write_text('x')\n")
    result = run(kb, "edit", "ada-qill", env={"VISUAL": command})
    assert result.exit_code == 1
    assert result.stderr == "Error: no contact or interview 'ada-qill'; did you mean " \
                            "'ada-quill'?\n"
    assert not marker.exists()


def test_edit_with_an_editor_that_fails_is_one_error_line(kb):
    result = run(kb, "edit", "ada-quill", env={"VISUAL": "false"})
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.splitlines()) == 1
