"""``infoview merge DUPLICATE KEEP``: one person written twice becomes one contact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from infoview_build.cli import main
from infoview_build.edit import files

from conftest import REPO

TODAY = "2026-12-10"
KEEP = "---\nname: Ada Quill\ncompany: Northwind\ntags: []\n# email:\n---\nResearch on Ada.\n"
DUPLICATE = ("---\nname: Ada Q.\ncompany: Northwind Ltd\nemail: ada@example.com\n"
             "tags: [data, \"a, b\"]\nrequested_on: 2026-11-01\n---\nShe runs the platform team.\n")


def note(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    note(root, "contacts/ada-quill.md", KEEP)
    note(root, "contacts/ada-q.md", DUPLICATE)
    note(root, "contacts/bram-okafor.md", "---\nname: Bram Okafor\nintroduced_by: ada-q\n---\n")
    note(root, "interviews/2026-11-05-ada-q.md",
         "---\ncontact: ada-q\ndate: 2026-11-05\nreferrals: [bram-okafor]\n---\n"
         "Notes. See [Ada](../contacts/ada-q.md).\n")
    note(root, "interviews/2026-11-05-ada-quill.md",
         "---\ncontact: ada-quill\ndate: 2026-11-05\n---\nOther notes.\n")
    note(root, "interviews/2026-11-20-ada-q.md",
         "---\ncontact: ada-q\ndate: 2026-11-20\nreferrals:\n  - ada-q\n---\nMore.\n")
    note(root, "docs/index.md", "See [Ada](contacts/ada-q.md) and "
         "[the talk](interviews/2026-11-05-ada-q.md).\n")
    return root


def run(root: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--root", str(root), "--today", TODAY])


def tree(root: Path) -> dict[str, bytes]:
    return {rel: p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not (rel := p.relative_to(root).as_posix()).startswith(".")}


REPORT = (
    "moved    interviews/2026-11-05-ada-q.md → interviews/2026-11-05-ada-quill-2.md\n"
    "moved    interviews/2026-11-20-ada-q.md → interviews/2026-11-20-ada-quill.md\n"
    "updated  contacts/ada-quill.md (7 lines)\n"
    "updated  contacts/bram-okafor.md (1 line)\n"
    "updated  docs/index.md (1 line)\n"
    "removed  contacts/ada-q.md\n"
    "filled   contacts/ada-quill.md: email, tags, requested_on (from contacts/ada-q.md)\n"
    "kept     contacts/ada-quill.md: name: 'Ada Quill' (not 'Ada Q.')\n"
    "kept     contacts/ada-quill.md: company: 'Northwind' (not 'Northwind Ltd')\n"
)


def test_merge_moves_fills_rewrites_and_removes(kb):
    result = run(kb, "merge", "ada-q", "ada-quill")

    assert (result.exit_code, result.stdout) == (0, REPORT)
    after = tree(kb)
    assert "contacts/ada-q.md" not in after
    assert after["contacts/ada-quill.md"].decode() == (
        "---\nname: Ada Quill\ncompany: Northwind\ntags: [data, \"a, b\"]\n"
        "email: ada@example.com\nrequested_on: 2026-11-01\n---\nResearch on Ada.\n\n"
        "## Merged from contacts/ada-q.md\n\nShe runs the platform team.\n")
    assert after["contacts/bram-okafor.md"] == \
        b"---\nname: Bram Okafor\nintroduced_by: ada-quill\n---\n"
    assert after["interviews/2026-11-05-ada-quill-2.md"] == (
        b"---\ncontact: ada-quill\ndate: 2026-11-05\nreferrals: [bram-okafor]\n---\n"
        b"Notes. See [Ada](../contacts/ada-quill.md).\n")
    assert after["interviews/2026-11-20-ada-quill.md"] == (
        b"---\ncontact: ada-quill\ndate: 2026-11-20\nreferrals:\n  - ada-quill\n---\nMore.\n")
    assert after["docs/index.md"] == (b"See [Ada](contacts/ada-quill.md) and "
                                      b"[the talk](interviews/2026-11-05-ada-quill-2.md).\n")
    check = run(kb, "check")
    assert (check.exit_code, check.stdout) == (0, "5 files checked: no problems\n")


def test_dry_run_prints_the_diff_and_the_report_and_writes_nothing(kb):
    before = tree(kb)
    result = run(kb, "merge", "Ada Q.", "ada quill", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stderr == REPORT + "dry run: nothing was written\n"
    assert "rename interviews/2026-11-20-ada-q.md → interviews/2026-11-20-ada-quill.md\n" \
        in result.stdout
    assert "+email: ada@example.com\n" in result.stdout
    assert result.stdout.endswith("remove contacts/ada-q.md\n")
    assert tree(kb) == before


@pytest.mark.parametrize(("args", "message"), [
    (("ada-q", "ada-q"), "'ada-q' and 'ada-q' are both contacts/ada-q.md; name two different "
                         "contacts"),
    (("ada-q", "nobody-here"), "no contact 'nobody-here'; 'infoview list contacts' shows them "
                               "all"),
    (("ada", "bram-okafor"), "'ada' could be 2 contacts: ada-q, ada-quill; give one of them"),
    (("bram-okafor", "ada-q"), "contacts/ada-q.md says bram-okafor introduced them: merged, "
                               "they would have introduced themself; remove that "
                               "'introduced_by' line first; nothing was written"),
])
def test_refusals_are_one_error_line_and_write_nothing(kb, args, message):
    note(kb, "contacts/ada-q.md", DUPLICATE.replace("requested_on", "introduced_by: "
                                                   "bram-okafor\nrequested_on"))
    note(kb, "contacts/bram-okafor.md", "---\nname: Bram Okafor\n---\n")
    before = tree(kb)
    result = run(kb, "merge", *args)
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    assert tree(kb) == before


def test_a_knowledge_base_with_errors_is_refused(kb):
    note(kb, "contacts/cleo.md", "---\nname: Cleo\nemial: x\n---\n")
    before = tree(kb)
    result = run(kb, "merge", "ada-q", "ada-quill")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the knowledge base has 1 error; a merge needs")
    assert tree(kb) == before


def test_a_read_only_note_needs_force(kb):
    target = kb / "contacts" / "bram-okafor.md"
    target.chmod(0o444)
    before = tree(kb)
    result = run(kb, "merge", "ada-q", "ada-quill")
    assert (result.exit_code, result.stderr) == (
        1, "Error: contacts/bram-okafor.md is read-only; nothing was written — add --force to "
           "merge it anyway, or make it writable (chmod u+w contacts/bram-okafor.md)\n")
    assert tree(kb) == before
    forced = run(kb, "merge", "ada-q", "ada-quill", "--force")
    assert forced.exit_code == 0, forced.output
    assert b"introduced_by: ada-quill" in target.read_bytes()


def test_an_introducer_of_the_duplicate_that_is_keep_is_dropped(kb):
    note(kb, "contacts/ada-q.md", "---\nname: Ada Q.\nintroduced_by: ada-quill\n---\n")
    result = run(kb, "merge", "ada-q", "ada-quill")
    assert result.exit_code == 0, result.output
    assert b"introduced_by" not in (kb / "contacts" / "ada-quill.md").read_bytes()


def test_crlf_notes_keep_their_line_endings(kb):
    note(kb, "contacts/ada-quill.md", KEEP.replace("\n", "\r\n"))
    assert run(kb, "merge", "ada-q", "ada-quill").exit_code == 0
    text = (kb / "contacts" / "ada-quill.md").read_bytes()
    assert b"\n" not in text.replace(b"\r\n", b"")
    assert text.endswith(b"Research on Ada.\r\n\r\n## Merged from contacts/ada-q.md\r\n\r\n"
                         b"She runs the platform team.\r\n")


def test_rename_onto_an_existing_contact_points_to_merge(kb):
    result = run(kb, "rename", "ada-q", "ada-quill")
    assert result.stderr == ("Error: contacts/ada-quill.md exists already: a rename cannot make "
                             "two people one; nothing was written — if they are one person, "
                             "run: infoview merge ada-q ada-quill\n")


def _infoview(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "infoview_build", *args],
                          capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, **(env or {})}, check=False, timeout=120)


@pytest.mark.parametrize(("fault", "done"), [
    ("staged:1", False), ("staged:4", False), ("committed", True), ("applied:1", True),
    ("applied:5", True),
])
def test_a_killed_merge_leaves_all_or_nothing(kb, fault, done):
    before = tree(kb)
    killed = _infoview("merge", "ada-q", "ada-quill", "--root", str(kb), "--today", TODAY,
                       env={files.FAULT_ENV: fault})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after = _infoview("check", "--root", str(kb), "--today", TODAY)  # any command recovers
    assert after.returncode == 0, after.stdout + after.stderr
    leftovers = [p.name for p in kb.rglob("*")
                 if p.name.endswith(files.TEMP_SUFFIX) or p.name == files.JOURNAL_FILE]
    assert leftovers == []
    if not done:
        assert tree(kb) == before
    else:
        assert "contacts/ada-q.md" not in tree(kb)
        assert sorted(p.name for p in (kb / "interviews").iterdir()) == [
            "2026-11-05-ada-quill-2.md", "2026-11-05-ada-quill.md", "2026-11-20-ada-quill.md"]


def test_a_referral_that_names_the_duplicate_by_name_now_names_keep(kb):
    note(kb, "interviews/2026-11-10-bram-okafor.md",
         "---\ncontact: bram-okafor\ndate: 2026-11-10\nreferrals:\n  - \"ada q\"  # his words\n"
         "  - Cleo Marsh\n---\nNotes.\n")
    result = run(kb, "merge", "ada-q", "ada-quill")
    assert result.exit_code == 0, result.output
    assert "updated  interviews/2026-11-10-bram-okafor.md (1 line)\n" in result.stdout
    assert (kb / "interviews" / "2026-11-10-bram-okafor.md").read_text() == (
        "---\ncontact: bram-okafor\ndate: 2026-11-10\nreferrals:\n  - \"ada-quill\"  # his words\n"
        "  - Cleo Marsh\n---\nNotes.\n")
    todo = run(kb, "todo", "--format", "json").stdout
    assert "Add a contact for ada q" not in todo and "Cleo Marsh" in todo
