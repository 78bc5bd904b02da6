"""``no_reply_on`` and ``infoview mark no-reply``: moving on after one unanswered follow-up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from infoview_build.cli import main
from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.plan.checklists import checklists
from infoview_build.plan.stages import stage

HEAD = "---\nname: Ada Quill\nrequested_on: 2026-11-20\n"


def write_kb(root: Path, front: str) -> Path:
    (root / "contacts").mkdir(parents=True)
    (root / "interviews").mkdir()
    (root / "contacts" / "ada-quill.md").write_text(HEAD + front + "---\nNotes.\n")
    return root


def run(root: Path, *args: str, today: str = "2026-12-10"):
    return CliRunner().invoke(main, [*args, "--root", str(root), "--today", today])


def test_mark_no_reply_sets_the_day_keeps_the_stage_and_clears_the_move_on_item(tmp_path):
    root = write_kb(tmp_path, "followed_up_on: 2026-11-27\n")
    kb = load_knowledge_base(root, date(2026, 12, 10))
    assert [i.checklist for i in checklists(kb, date(2026, 12, 10))] == ["follow-up"]

    result = run(root, "mark", "no-reply", "Ada Quill")

    assert (result.exit_code, result.output) == (0, "contacts/ada-quill.md: no_reply_on: "
                                                    "2026-12-10\nada-quill: stage no-reply\n")
    assert (root / "contacts" / "ada-quill.md").read_text() == (
        HEAD + "followed_up_on: 2026-11-27\nno_reply_on: 2026-12-10\n---\nNotes.\n")
    kb = load_knowledge_base(root, date(2026, 12, 10))
    assert kb.problems == []
    assert checklists(kb, date(2026, 12, 10)) == []
    # Weeks later they are still not 'declined': they never said no.
    assert stage(kb, kb.contacts["ada-quill"], date(2027, 3, 1)) == "no-reply"


def test_mark_no_reply_before_the_window_ends_moves_on_at_once(tmp_path):
    root = write_kb(tmp_path, "followed_up_on: 2026-12-08\n")

    result = run(root, "mark", "no-reply", "ada-quill")

    assert result.output.splitlines()[-1] == "ada-quill: stage no-reply"
    kb = load_knowledge_base(root, date(2026, 12, 10))
    assert checklists(kb, date(2026, 12, 10)) == []
    assert stage(kb, kb.contacts["ada-quill"], date(2026, 12, 9)) == "awaiting-reply"


def test_mark_no_reply_without_a_follow_up_is_refused_and_writes_nothing(tmp_path):
    root = write_kb(tmp_path, "")
    before = (root / "contacts" / "ada-quill.md").read_bytes()

    result = run(root, "mark", "no-reply", "ada-quill")

    assert result.exit_code == 1
    assert result.output == (
        "Error: not marked: contacts/ada-quill.md would not pass 'infoview check':\n"
        "  contacts/ada-quill.md:4: no_reply_on: a no-reply needs the follow-up first — "
        "send one polite follow-up and add 'followed_up_on' with its day\n")
    assert (root / "contacts" / "ada-quill.md").read_bytes() == before


def test_check_refuses_no_reply_before_the_follow_up(tmp_path):
    root = write_kb(tmp_path, "followed_up_on: 2026-11-27\nno_reply_on: 2026-11-26\n")

    result = run(root, "check")

    assert result.exit_code == 1
    assert ("contacts/ada-quill.md:5: no_reply_on: 2026-11-26 is before followed_up_on "
            "(2026-11-27) — fix whichever date is wrong") in result.output


def test_a_reply_after_giving_up_still_counts(tmp_path):
    root = write_kb(tmp_path, "followed_up_on: 2026-11-27\nno_reply_on: 2026-12-04\n"
                    "replied_on: 2026-12-09\n")
    kb = load_knowledge_base(root, date(2026, 12, 10))
    assert stage(kb, kb.contacts["ada-quill"], date(2026, 12, 10)) == "to-schedule"


def test_the_new_contact_template_has_a_no_reply_placeholder_that_mark_fills(tmp_path):
    root = tmp_path / "kb"
    (root / "contacts").mkdir(parents=True)
    (root / "interviews").mkdir()
    made = CliRunner().invoke(main, ["new", "contact", "Ada Quill", "--root", str(root)])
    assert made.exit_code == 0
    for event, day in (("requested", "2026-11-20"), ("followed-up", "2026-11-27"),
                       ("no-reply", "2026-12-10")):
        assert run(root, "mark", event, "ada-quill", "--on", day).exit_code == 0
    text = (root / "contacts" / "ada-quill.md").read_text()
    assert "\nno_reply_on: 2026-12-10\n" in text and "# no_reply_on" not in text


def test_schema_lists_no_reply_on(tmp_path):
    import json

    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert "no_reply_on" in json.dumps(schema)
