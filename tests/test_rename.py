"""``infoview rename OLD NEW``: every file and reference moves together, or nothing does."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from infoview_build.cli import main
from infoview_build.edit import files
from infoview_build.edit import rename as renaming
from infoview_build.edit.files import LOCK_FILE, folders
from infoview_build.notes.errors import InfoviewError
from infoview_build.notes.knowledge import load_knowledge_base

TODAY = "2026-12-10"

NOTES = {
    "contacts/ada-qiull.md": "---\r\nname: Ada Quill\r\ncompany: Northwind\r\n---\r\n"
                             "Met at [Bram's](bram-okafor.md) dinner.\r\n",
    "contacts/bram-okafor.md": "---\nname: Bram Okafor\n# who: below\n"
                               "introduced_by: 'ada-qiull'  # she knows him\n---\n"
                               "Ada ([her page](ada-qiull.md#notes)) knows him.\n"
                               "[ref]: ../interviews/2026-11-02-ada-qiull-2.md\n",
    "contacts/cora-lind.md": "---\nname: Cora Lind\nintroduced_by: bram-okafor\n---\n"
                             "Not [Ada](ada-qiull-x.md), someone else.\n",
    "interviews/2026-11-02-ada-qiull.md": "---\ncontact: ada-qiull\ndate: 2026-11-02\n"
                                          "referrals: [bram-okafor, \"Dana Ortiz\"]\n---\n"
                                          "Notes.\n",
    "interviews/2026-11-02-ada-qiull-2.md": "---\ncontact: ada-qiull\ndate: 2026-11-02 15:00\n"
                                            "---\nSame day, later.\n",
    "interviews/2026-11-20-bram-okafor.md": "---\ncontact: bram-okafor\ndate: 2026-11-20\n"
                                            "referrals:\n  - ada-qiull\n  - Ada Quill\n---\n"
                                            "See [Ada](../contacts/ada-qiull.md) and "
                                            "[the first talk](2026-11-02-ada-qiull.md).\n",
    "interviews/ada-extra.md": "---\ncontact: ada-qiull\ndate: 2026-11-05\n---\n",
    "docs/people.md": "# People\n\n- [Ada](contacts/ada-qiull.md)\n"
                      "- [Ada's site](https://example.com/contacts/ada-qiull.md)\n",
}


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    for rel, text in NOTES.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return tmp_path


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["rename", *args, "--root", str(root), "--today", TODAY])


def tree(root: Path) -> dict[str, bytes]:
    """Every file's bytes; the lock file (made by any command, empty) left out."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != LOCK_FILE}


def check_clean(root: Path) -> None:
    loaded = load_knowledge_base(root, date.fromisoformat(TODAY))
    assert [p.format() for p in loaded.problems if p.severity == "error"] == []


def test_rename_moves_the_files_and_rewrites_every_reference(kb):
    check_clean(kb)
    result = run(kb, "ada-qiull", "ada-quill")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "moved    contacts/ada-qiull.md → contacts/ada-quill.md\n"
        "moved    interviews/2026-11-02-ada-qiull-2.md → interviews/2026-11-02-ada-quill-2.md\n"
        "moved    interviews/2026-11-02-ada-qiull.md → interviews/2026-11-02-ada-quill.md\n"
        "updated  contacts/bram-okafor.md (3 lines)\n"
        "updated  docs/people.md (1 line)\n"
        "updated  interviews/2026-11-20-bram-okafor.md (2 lines)\n"
        "updated  interviews/ada-extra.md (1 line)\n")
    after = tree(kb)
    assert after["contacts/ada-quill.md"] == NOTES["contacts/ada-qiull.md"].encode()
    assert after["contacts/bram-okafor.md"] == (
        b"---\nname: Bram Okafor\n# who: below\nintroduced_by: 'ada-quill'  # she knows him\n"
        b"---\nAda ([her page](ada-quill.md#notes)) knows him.\n"
        b"[ref]: ../interviews/2026-11-02-ada-quill-2.md\n")
    assert after["interviews/2026-11-20-bram-okafor.md"] == (
        b"---\ncontact: bram-okafor\ndate: 2026-11-20\nreferrals:\n  - ada-quill\n"
        b"  - Ada Quill\n---\nSee [Ada](../contacts/ada-quill.md) and "
        b"[the first talk](2026-11-02-ada-quill.md).\n")
    assert after["interviews/2026-11-02-ada-quill.md"].startswith(b"---\ncontact: ada-quill\n")
    assert after["interviews/ada-extra.md"] == \
        b"---\ncontact: ada-quill\ndate: 2026-11-05\n---\n"
    assert after["docs/people.md"] == (
        b"# People\n\n- [Ada](contacts/ada-quill.md)\n"
        b"- [Ada's site](https://example.com/contacts/ada-qiull.md)\n")
    assert after["contacts/cora-lind.md"] == NOTES["contacts/cora-lind.md"].encode()
    assert not any("ada-qiull" in rel for rel in after)
    assert not [rel for rel in after if rel.endswith(".tmp") or "/." in rel]
    check_clean(kb)
    kb_after = load_knowledge_base(kb, date.fromisoformat(TODAY))
    assert kb_after.contacts["bram-okafor"].introduced_by == "ada-quill"
    assert [i.slug for i in kb_after.interviews_of("ada-quill")] == \
        ["2026-11-02-ada-quill", "2026-11-02-ada-quill-2", "ada-extra"]


def test_only_the_lines_that_name_the_old_slug_change(kb):
    before = tree(kb)
    assert run(kb, "ada-qiull", "ada-quill").exit_code == 0
    after = tree(kb)
    moved = {"contacts/ada-qiull.md": "contacts/ada-quill.md",
             "interviews/2026-11-02-ada-qiull.md": "interviews/2026-11-02-ada-quill.md",
             "interviews/2026-11-02-ada-qiull-2.md": "interviews/2026-11-02-ada-quill-2.md"}
    for rel, old in before.items():
        new = after[moved.get(rel, rel)]
        ops = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines()).get_opcodes()
        for op, i1, i2, j1, j2 in ops:
            if op != "equal":
                assert op == "replace" and i2 - i1 == j2 - j1, (rel, op)
                assert all(b"ada-qiull" in line for line in old.splitlines()[i1:i2])


def test_a_name_works_as_old(kb):
    result = run(kb, "  ada QUILL ", "ada-quill")
    assert result.exit_code == 0, result.output
    assert (kb / "contacts" / "ada-quill.md").is_file()


def test_dry_run_prints_a_unified_diff_and_writes_nothing(kb):
    before = tree(kb)
    result = run(kb, "ada-qiull", "ada-quill", "--dry-run")
    assert result.exit_code == 0, result.output
    assert tree(kb) == before
    assert result.stderr == "dry run: nothing was written\n"
    assert "rename contacts/ada-qiull.md → contacts/ada-quill.md\n" in result.stdout
    assert ("--- a/interviews/2026-11-02-ada-qiull.md\n"
            "+++ b/interviews/2026-11-02-ada-quill.md\n"
            "@@ -1,5 +1,5 @@\n"
            " ---\n"
            "-contact: ada-qiull\n"
            "+contact: ada-quill\n") in result.stdout
    assert "-introduced_by: 'ada-qiull'  # she knows him\n" \
           "+introduced_by: 'ada-quill'  # she knows him\n" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("ada-quil", "x"), "no contact 'ada-quil'; did you mean 'ada-qiull'?"),
    (("Dana Ortiz", "dana"), "no contact 'Dana Ortiz'; 'infoview list contacts' shows them all"),
    (("ada-qiull", "bram-okafor"),
     "contacts/bram-okafor.md exists already: a rename cannot make two people one; "
     "nothing was written — if they are one person, run: infoview merge ada-qiull "
     "bram-okafor"),
    (("ada-qiull", "Bram-Okafor"),
     "'Bram-Okafor' is not a slug; use 'bram-okafor': infoview rename ada-qiull bram-okafor"),
    (("ada-qiull", "Ada Qiull"),
     "'Ada Qiull' is a name, not a slug, and it makes the slug 'ada-qiull' the contact has "
     "already; to change how the name is written, edit its 'name:' line (infoview edit "
     "ada-qiull)"),
    (("ada-qiull", "!!!"),
     "'!!!' is not a slug: use lower-case letters, digits and single hyphens, e.g. ada-quill"),
    (("ada-qiull", "ada-qiull"), "contacts/ada-qiull.md is already named 'ada-qiull'; "
     "nothing was written"),
    (("ada-qiull", "ada--q"), "'ada--q' is not a slug; use 'ada-q': infoview rename ada-qiull "
     "ada-q"),
])
def test_bad_input_is_one_error_line_and_nothing_is_written(kb, args, message):
    before = tree(kb)
    result = run(kb, *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"
    assert tree(kb) == before


def test_a_name_two_contacts_share_is_refused(kb):
    (kb / "contacts" / "ada-quill.md").write_text("---\nname: ada  quill\n---\n")
    before = tree(kb)
    result = run(kb, "Ada Quill", "ada-q")
    assert result.exit_code == 1
    assert result.stderr == ("Error: 'Ada Quill' could be 2 contacts: ada-qiull, ada-quill; "
                             "give one of them\n")
    assert tree(kb) == before


def test_a_new_interview_name_taken_by_another_file_is_refused(kb):
    (kb / "interviews" / "2026-11-02-ada-quill.md").write_text(
        "---\ncontact: bram-okafor\ndate: 2026-11-02\n---\n")
    before = tree(kb)
    result = run(kb, "ada-qiull", "ada-quill")
    assert result.exit_code == 1
    assert result.stderr == ("Error: interviews/2026-11-02-ada-quill.md exists already; rename "
                             "or remove it first, or choose another slug; nothing was written\n")
    assert tree(kb) == before


def test_renaming_onto_a_name_the_renamed_files_free_up_is_refused(tmp_path):
    # ada → ada-2: 2026-11-02-ada.md would take the name 2026-11-02-ada-2.md, which another
    # interview frees in the same change; one change never writes a name it frees.
    (tmp_path / "contacts").mkdir()
    (tmp_path / "interviews").mkdir()
    (tmp_path / "contacts" / "ada.md").write_text("---\nname: Ada\n---\n")
    (tmp_path / "interviews" / "2026-11-02-ada.md").write_text(
        "---\ncontact: ada\ndate: 2026-11-02\n---\nfirst\n")
    (tmp_path / "interviews" / "2026-11-02-ada-2.md").write_text(
        "---\ncontact: ada\ndate: 2026-11-02\n---\nsecond\n")
    before = tree(tmp_path)
    result = run(tmp_path, "ada", "ada-2")
    assert result.exit_code == 1
    assert result.stderr == ("Error: interviews/2026-11-02-ada-2.md exists already; rename or "
                             "remove it first, or choose another slug; nothing was written\n")
    assert tree(tmp_path) == before
    assert run(tmp_path, "ada", "ada-b").exit_code == 0
    check_clean(tmp_path)


def test_a_knowledge_base_with_errors_is_refused(kb):
    (kb / "contacts" / "broken.md").write_text("---\nname: [\n---\n")
    before = tree(kb)
    result = run(kb, "ada-qiull", "ada-quill")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the knowledge base has 1 error; a rename needs "
                                    "every note readable")
    assert tree(kb) == before


def test_a_reference_written_over_two_lines_is_refused(kb):
    (kb / "contacts" / "cora-lind.md").write_text(
        "---\nname: Cora Lind\nintroduced_by: \"ada-\\\n  qiull\"\n---\n")
    check_clean(kb)
    before = tree(kb)
    result = run(kb, "ada-qiull", "ada-quill")
    assert result.exit_code == 1
    assert result.stderr == ("Error: cannot rename in contacts/cora-lind.md: 'introduced_by' "
                             "spans several lines; edit it by hand\n")
    assert tree(kb) == before


def test_a_failure_half_way_puts_every_file_back(kb, monkeypatch):
    before = tree(kb)
    real = folders.write_file
    calls = []

    def failing(path, data, like, sync, dir_fd=None):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, data, like, sync, dir_fd)

    monkeypatch.setattr(folders, "write_file", failing)
    plan = renaming.plan_rename(kb, "ada-qiull", "ada-quill", date.fromisoformat(TODAY))
    with pytest.raises(InfoviewError, match="the disk is full; nothing was written"):
        renaming.write(plan)
    assert tree(kb) == before


@pytest.mark.parametrize("point", ["staged:2", "committed", "applied:2"])
def test_a_rename_killed_at_any_point_leaves_all_or_nothing(kb, point):
    """A real ``kill -9`` (the fault hook makes the process kill itself at that point)."""
    before = tree(kb)
    env = {**os.environ, files.FAULT_ENV: point}
    killed = subprocess.run([sys.executable, "-m", "infoview_build", "rename", "ada-qiull",
                             "ada-quill", "--root", str(kb), "--today", TODAY], env=env,
                            capture_output=True, text=True, check=False)
    assert killed.returncode == -9, killed.stderr
    check = CliRunner().invoke(main, ["check", "--root", str(kb), "--today", TODAY])
    assert check.exit_code == 0, check.output  # the next command finished or undid it
    after = {k: v for k, v in tree(kb).items() if not k.startswith(".infoview")}
    if point.startswith("staged"):
        assert after == before
    else:
        assert "contacts/ada-quill.md" in after and "contacts/ada-qiull.md" not in after
        assert after["interviews/ada-extra.md"].startswith(b"---\ncontact: ada-quill\n")
    assert not [rel for rel in after if files.TEMP_SUFFIX in rel]


def test_a_file_changed_after_planning_stops_the_rename(kb):
    before = tree(kb)
    plan = renaming.plan_rename(kb, "ada-qiull", "ada-quill", date.fromisoformat(TODAY))
    (kb / "interviews" / "ada-extra.md").write_text("---\ncontact: ada-qiull\ndate: 2026-11-06\n"
                                                    "---\n")
    before["interviews/ada-extra.md"] = (kb / "interviews" / "ada-extra.md").read_bytes()
    with pytest.raises(InfoviewError, match="changed since the rename was planned"):
        renaming.write(plan)
    assert tree(kb) == before


def test_rename_keeps_the_file_mode(kb):
    (kb / "contacts" / "ada-qiull.md").chmod(0o600)
    assert run(kb, "ada-qiull", "ada-quill").exit_code == 0
    assert (kb / "contacts" / "ada-quill.md").stat().st_mode & 0o777 == 0o600
