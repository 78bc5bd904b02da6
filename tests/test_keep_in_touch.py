"""Keeping in touch (DESIGN.md §1, grow): ``kept_in_touch_on`` moves the reconnect suggestion,
and ``infoview mark kept-in-touch`` sets it without an editor."""

from __future__ import annotations

from datetime import date

from click.testing import CliRunner

from infoview_build.cli import main
from infoview_build.plan.checklists import checklists

from kb_notes import day, load, write_kb

ADA = {"name": "Ada Quill", "company": "Northwind", "body": "Research notes.\n"}
HELD = {"2026-06-01-ada-quill": {"contact": "ada-quill", "date": date(2026, 6, 1),
                                 "thanked_on": date(2026, 6, 3), "body": "Notes.\n"}}


def reconnects(root, today: str):
    return [i for i in checklists(load(root, today), day(today)) if i.checklist == "reconnect"]


def test_reconnect_counts_from_kept_in_touch_when_it_is_the_latest(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {**ADA, "kept_in_touch_on": day("2026-10-01")}}, HELD)
    assert reconnects(tmp_path, "2026-12-29") == []
    [item] = reconnects(tmp_path, "2026-12-30")
    assert (item.due, item.overdue, item.path, item.interview) == \
        (day("2026-12-30"), False, "contacts/ada-quill.md", None)
    assert item.text == "Reconnect with Ada Quill: last in touch 2026-10-01, 90 days ago"
    assert item.commands == ["infoview mark kept-in-touch ada-quill"]


def test_kept_in_touch_before_the_thank_you_changes_nothing(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {**ADA, "kept_in_touch_on": day("2026-05-01")}}, HELD)
    [item] = reconnects(tmp_path, "2026-09-01")
    assert (item.due, item.path) == (day("2026-09-01"), "interviews/2026-06-01-ada-quill.md")


def test_kept_in_touch_alone_suggests_no_reconnect_without_an_interview(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {**ADA, "requested_on": day("2026-01-01"),
                                      "kept_in_touch_on": day("2026-01-05")}})
    assert reconnects(tmp_path, "2027-01-01") == []


def test_kept_in_touch_in_the_future_is_a_warning(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {**ADA, "kept_in_touch_on": day("2027-01-01")}})
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path), "--today",
                                       "2026-12-01"])
    assert result.exit_code == 0
    assert "contacts/ada-quill.md:4: kept_in_touch_on: warning: 2027-01-01 is in the future" \
        in result.stdout


def run(root, *args: str, today: str):
    return CliRunner().invoke(main, [*args, "--root", str(root), "--today", today])


def test_mark_kept_in_touch_clears_the_reconnect_and_moves_on_without_force(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": ADA}, HELD)
    before = (tmp_path / "contacts" / "ada-quill.md").read_text(encoding="utf-8")
    assert len(reconnects(tmp_path, "2026-12-01")) == 1
    result = run(tmp_path, "mark", "kept-in-touch", "ada-quill", today="2026-12-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("contacts/ada-quill.md: kept_in_touch_on: 2026-12-01\n"
                             "ada-quill: stage interviewed\n")
    after = (tmp_path / "contacts" / "ada-quill.md").read_text(encoding="utf-8")
    assert after == before.replace("---\nResearch", "kept_in_touch_on: 2026-12-01\n---\nResearch")
    assert reconnects(tmp_path, "2026-12-01") == []
    assert len(reconnects(tmp_path, "2027-03-01")) == 1
    # The next message, months later, needs no --force: it is the usual case.
    later = run(tmp_path, "mark", "kept-in-touch", "ada-quill", today="2027-03-01")
    assert later.exit_code == 0, later.output
    assert reconnects(tmp_path, "2027-03-01") == []
    # Going back in time is a correction, and asks for --force like every other date.
    back = run(tmp_path, "mark", "kept-in-touch", "ada-quill", "--on", "2027-02-01",
               today="2027-03-01")
    assert back.exit_code == 1
    assert back.stderr == ("Error: contacts/ada-quill.md: kept_in_touch_on is already "
                           "2027-03-01; add --force to change it to 2027-02-01\n")


def test_mark_kept_in_touch_has_help_with_an_example() -> None:
    result = CliRunner().invoke(main, ["mark", "kept-in-touch", "--help"])
    assert result.exit_code == 0
    assert "\n  Example:\n    infoview mark kept-in-touch " in result.stdout


def test_the_whole_loop_from_reply_to_reconnect_with_todo_right_at_each_step(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {**ADA, "requested_on": day("2026-11-01")}})

    def todo(today: str) -> list[tuple[str, bool]]:
        import json

        result = run(tmp_path, "todo", "--format", "json", today=today)
        assert result.exit_code == 0, result.output
        return [(i["checklist"], i["overdue"]) for i in json.loads(result.stdout)]

    assert run(tmp_path, "mark", "replied", "ada-quill", today="2026-11-05").exit_code == 0
    assert todo("2026-11-08") == [("schedule", False)]
    assert todo("2026-11-09") == [("schedule", True)]
    write_kb(tmp_path, interviews={"2026-11-20-ada-quill": {
        "contact": "ada-quill", "date": date(2026, 11, 20), "body": "Notes.\n"}})
    assert todo("2026-11-10") == []
    assert todo("2026-11-21") == [("thank-you", False)]
    assert run(tmp_path, "mark", "thanked", "ada-quill", today="2026-11-21").exit_code == 0
    assert todo("2027-02-19") == [("reconnect", False)]
    assert run(tmp_path, "mark", "kept-in-touch", "ada-quill", today="2027-02-19").exit_code == 0
    assert todo("2027-02-19") == []
