"""Names where slugs go: every command that names a contact or an interview takes an exact
slug, else a name (case, accents and spacing folded), else one unique prefix."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from infoview_build.cli import main

TODAY = "2026-12-10"


def note(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    note(root, "contacts/priya-natarajan.md", "---\nname: Priya Natarajan\n---\nResearch.\n")
    note(root, "contacts/jose-quill.md", "---\nname: José Quill\nrequested_on: 2026-12-01\n"
         "---\n")
    note(root, "contacts/omar-haddad.md", "---\nname: Omar Haddad\n---\n")
    note(root, "contacts/omar-hale.md", "---\nname: Omar Hale\n---\n")
    questions = "questions:\n" + "".join(f"  - Question {n}?\n" for n in range(1, 6))
    note(root, "interviews/2026-11-20-priya-natarajan.md",
         "---\ncontact: priya-natarajan\ndate: 2026-11-20\n" + questions + "---\nNotes.\n")
    note(root, "interviews/2026-12-15-priya-natarajan.md",
         "---\ncontact: priya-natarajan\ndate: 2026-12-15\n" + questions + "---\n")
    return root


def run(root: Path, *args: str, env: dict | None = None):
    return CliRunner().invoke(main, [*args, "--root", str(root), "--today", TODAY], env=env)


def test_show_takes_a_first_name_as_a_prefix(kb):
    result = run(kb, "show", "priya")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Priya Natarajan\n  contacts/priya-natarajan.md\n")


def test_a_name_is_matched_without_case_accents_or_spacing(kb):
    result = run(kb, "show", "  jose   QUILL ")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("José Quill\n")


def test_a_prefix_that_fits_two_contacts_lists_both_and_writes_nothing(kb):
    before = (kb / "contacts" / "omar-hale.md").read_bytes()
    result = run(kb, "mark", "requested", "omar")
    assert result.exit_code == 1
    assert result.stderr == ("Error: 'omar' could be 2 contacts: omar-haddad, omar-hale; "
                             "give one of them\n")
    assert (kb / "contacts" / "omar-hale.md").read_bytes() == before
    assert run(kb, "show", "omar h").stderr == result.stderr.replace("'omar'", "'omar h'")
    assert run(kb, "show", "omar had").exit_code == 0


def test_an_ambiguous_message_quotes_what_was_typed_and_escapes_control_characters(kb):
    result = run(kb, "show", "omar\x1b")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "'omar\\x1b'" in result.stderr


def test_mark_asked_with_a_name_picks_her_next_interview(kb):
    result = run(kb, "mark", "asked", "priya", "5")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("interviews/2026-12-15-priya-natarajan.md: asked: true "
                                    "(question 5: Question 5?)\n")


def test_mark_asked_with_a_name_picks_her_last_interview_when_none_is_coming(kb):
    result = CliRunner().invoke(main, ["mark", "asked", "Priya Natarajan", "2", "--root",
                                       str(kb), "--today", "2026-12-20"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("interviews/2026-12-15-priya-natarajan.md: asked: true")
    result = CliRunner().invoke(main, ["mark", "done", "priya", "1", "--root", str(kb),
                                       "--today", "2026-12-20"])
    assert result.stderr == "Error: interviews/2026-12-15-priya-natarajan.md has no action " \
                            "items\n"


def test_an_interview_command_for_someone_without_interviews_says_how_to_add_one(kb):
    result = run(kb, "mark", "cancelled", "omar-haddad")
    assert result.exit_code == 1
    assert result.stderr == ("Error: omar-haddad has no interview; create one with: infoview "
                             "new interview omar-haddad\n")


def test_mark_thanked_with_a_first_name(kb):
    result = run(kb, "mark", "thanked", "priya")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("interviews/2026-11-20-priya-natarajan.md: thanked_on: "
                                    "2026-12-10\n")


def test_an_interview_slug_prefix_names_it(kb):
    result = run(kb, "show", "2026-11-20")
    assert result.exit_code == 0, result.output
    result = run(kb, "show", "2026-1")
    assert result.stderr == ("Error: '2026-1' could be 2 interviews: 2026-11-20-priya-natarajan, "
                             "2026-12-15-priya-natarajan; give one of them\n")


def test_draft_new_interview_and_rename_take_names(kb):
    draft = run(kb, "draft", "follow-up", "jose")
    assert draft.exit_code == 0, draft.output
    assert "José" in draft.stdout
    made = CliRunner().invoke(main, ["new", "interview", "omar had", "--date", "2026-12-20",
                                     "--root", str(kb)])
    assert made.exit_code == 0, made.output
    assert (kb / "interviews" / "2026-12-20-omar-haddad.md").is_file()
    moved = run(kb, "rename", "Omar Hale", "omar-hale-2")
    assert moved.exit_code == 0, moved.output
    assert (kb / "contacts" / "omar-hale-2.md").is_file()


def test_edit_takes_a_prefix(kb, tmp_path):
    opened = tmp_path / "opened"
    editor = tmp_path / "editor.sh"
    editor.write_text(f"#!/bin/sh\necho \"$1\" > {opened}\n")
    editor.chmod(0o755)
    result = run(kb, "edit", "priya n", env={"VISUAL": str(editor)})
    assert result.exit_code == 0, result.output
    assert opened.read_text().strip().endswith("contacts/priya-natarajan.md")


def test_new_contact_introduced_by_a_name(kb):
    made = CliRunner().invoke(main, ["new", "contact", "Lena Brook", "--introduced-by",
                                     "priya", "--root", str(kb)])
    assert made.exit_code == 0, made.output
    assert "\nintroduced_by: priya-natarajan\n" in (kb / "contacts" / "lena-brook.md").read_text()
