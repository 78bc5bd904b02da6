"""Finding the knowledge base: upward from any sub-folder, ``--root`` on the group or command."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from infoview_build.cli import main
from infoview_build.notes.knowledge import find_root, is_knowledge_base
from infoview_build.plan.todo import WIDTH, _wrapped

from kb_notes import write_kb


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = write_kb(tmp_path / "kb", contacts={"ada-quill": {"name": "Ada Quill"}})
    (root / "interviews" / "notes" / "deep").mkdir(parents=True)
    return root


def run_in(folder: Path, *args: str):
    old = Path.cwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


@pytest.mark.parametrize("sub", [".", "contacts", "interviews/notes/deep"])
def test_commands_find_the_knowledge_base_upward(kb, sub):
    result = run_in(kb / sub, "list", "contacts", "--today", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert "Ada Quill" in result.stdout


def test_new_from_a_sub_folder_writes_into_the_knowledge_base(kb):
    result = run_in(kb / "interviews" / "notes", "new", "contact", "Bram Okafor")
    assert result.exit_code == 0, result.output
    assert (kb / "contacts" / "bram-okafor.md").is_file()
    assert Path(kb / "interviews" / "notes", result.stdout.strip()).resolve() == \
        (kb / "contacts" / "bram-okafor.md").resolve()


def test_a_folder_with_only_infoview_yml_counts(tmp_path):
    (tmp_path / "infoview.yml").write_text("prep_window_days: 3\n")
    (tmp_path / "docs").mkdir()
    assert find_root(tmp_path / "docs") == Path("..")
    assert find_root(tmp_path) == Path(".")


def test_the_nearest_knowledge_base_wins(kb):
    inner = write_kb(kb / "interviews" / "notes" / "inner", contacts={"zed": {"name": "Zed"}})
    result = run_in(inner / "contacts", "list", "contacts", "--today", "2026-12-01")
    assert "Zed" in result.stdout and "Ada Quill" not in result.stdout


def test_outside_any_knowledge_base_the_message_names_the_current_folder(tmp_path):
    result = run_in(tmp_path, "check")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no contacts/ or interviews/ folder in .: is this a "
                                    "knowledge base?")


def test_root_on_the_group(kb, tmp_path):
    result = run_in(tmp_path, "--root", str(kb), "check")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("1 file checked: 0 errors, 1 warning\n")  # the sub-folder
    nested = run_in(tmp_path, "--root", str(kb), "mark", "requested", "Ada Quill", "--today",
                    "2026-12-01")
    assert nested.exit_code == 0, nested.output
    assert "requested_on: 2026-12-01" in (kb / "contacts" / "ada-quill.md").read_text()


def test_the_commands_root_wins_over_the_groups(kb, tmp_path):
    other = write_kb(tmp_path / "other", contacts={"zed": {"name": "Zed"}})
    result = run_in(tmp_path, "--root", str(kb), "list", "contacts", "--root", str(other))
    assert "Zed" in result.stdout and "Ada Quill" not in result.stdout


@pytest.mark.parametrize("args", [("check", "--root", "/nonexistent"),
                                  ("--root", "/nonexistent", "check"),
                                  ("todo", "--root", "/nonexistent")])
def test_a_root_that_does_not_exist_is_a_usage_error(tmp_path, args):
    result = run_in(tmp_path, *args)
    assert result.exit_code == 2
    assert "'/nonexistent' does not exist" in result.stderr


def test_a_root_that_is_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "notes.md").write_text("x")
    result = run_in(tmp_path, "check", "--root", "notes.md")
    assert result.exit_code == 2


# -- advice that can be copied -------------------------------------------------------------

@pytest.mark.parametrize("shift", range(0, 40, 3))
def test_advice_never_wraps_inside_a_quoted_command(shift):
    advice = ("word " * shift + "Do what you promised and tell them when it is done, then tick "
              "it off with 'infoview mark done 2026-11-24-bram-okafor-with-a-long-name 2'.")
    lines = _wrapped(advice)
    assert " ".join(line.strip() for line in lines) == " ".join(advice.split())
    assert any("'infoview mark done 2026-11-24-bram-okafor-with-a-long-name 2'." in line
               for line in lines)
    assert all(len(line) <= WIDTH for line in lines)


def test_a_stray_contacts_folder_inside_a_knowledge_base_is_not_one(kb):
    stray = kb / "docs" / "notes" / "contacts"
    stray.mkdir(parents=True)
    assert find_root(stray) == Path("../../..")
    assert not is_knowledge_base(stray.parent)
    assert is_knowledge_base(kb)


def test_a_lone_contacts_folder_is_still_found_when_nothing_better_is(tmp_path):
    (tmp_path / "contacts").mkdir()
    assert find_root(tmp_path / "contacts") == Path("..")
