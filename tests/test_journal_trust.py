"""A journal found in a knowledge base is untrusted data: it came with a clone, or was edited.

Its replay acts only on notes inside the knowledge base, reached through no symbolic link,
and deletes only temporary files of infoview's own naming; anything else is refused with
one ``Error:`` line before anything is done, and so is every malformed value.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_faults import _run, _tmpfs

from infoview_build.cli import main
from infoview_build.edit import files
from infoview_build.notes.errors import InfoviewError

from conftest import REPO

ADA = "---\nname: Ada Quill\ncompany: Northwind\nrequested_on: 2026-11-20\n---\n"
OUTSIDE = ("Error: .infoview-journal.json names a path outside the knowledge base; nothing was "
           "done — delete it if you did not start a change\n")
DAMAGED = "Error: .infoview-journal.json is damaged"
BO = "---\nname: Bo Lind\ncompany: Northwind\n---\n"
TAG = "deadbeef"


def _kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    (root / "contacts").mkdir(parents=True)
    (root / "interviews").mkdir()
    (root / "contacts" / "ada-quill.md").write_text(ADA)
    (root / "README.md").write_text("mine\n")
    return root


def _outside(tmp_path: Path) -> Path:
    """A folder beside the knowledge base holding files that must survive."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "victim.md").write_text("keep me\n")
    (folder / "target.md").write_text("mine\n")
    (folder / f".target.md.{TAG}.0{files.TEMP_SUFFIX}").write_text("planted\n")
    (folder / f".victim.md.{TAG}.1{files.TEMP_SUFFIX}").write_text("planted\n")
    return folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.name != files.LOCK_FILE}


def _plant(root: Path, record) -> None:
    data = record if isinstance(record, bytes) else json.dumps(record).encode()
    (root / files.JOURNAL_FILE).write_bytes(data)


def _steps(folder: str, state: str = "committed") -> dict:
    """A journal that writes ``<folder>/target.md`` and removes ``<folder>/victim.md``."""
    return {"id": TAG, "state": state, "steps": [
        {"op": "write", "path": f"{folder}/target.md", "to": "",
         "temp": f"{folder}/.target.md.{TAG}.0{files.TEMP_SUFFIX}"},
        {"op": "remove", "path": f"{folder}/victim.md", "to": "",
         "temp": f"{folder}/.victim.md.{TAG}.1{files.TEMP_SUFFIX}"},
    ]}


@pytest.mark.parametrize("state", ["committed", "staging"])
@pytest.mark.parametrize("command", [["check"], ["list", "contacts"], ["mark", "replied",
                                                                       "ada-quill"]])
def test_a_planted_journal_does_nothing_through_a_linked_folder(tmp_path: Path, state: str,
                                                                command: list[str]) -> None:
    outside = _outside(tmp_path)
    root = _kb(tmp_path)
    (root / "contacts" / "shared").symlink_to(outside)
    _plant(root, _steps("contacts/shared", state))
    before, kept = _tree(outside), _tree(root)
    assert _run(*command, "--root", str(root)) == (1, OUTSIDE)
    assert _tree(outside) == before
    assert _tree(root) == kept  # the journal too: the user decides


def test_a_planted_journal_does_nothing_when_a_note_folder_is_a_link(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    root = tmp_path / "kb"
    root.mkdir()
    (root / "contacts").symlink_to(outside)
    (root / "interviews").mkdir()
    _plant(root, _steps("contacts"))
    before = _tree(outside)
    assert _run("check", "--root", str(root)) == (1, OUTSIDE)
    assert _tree(outside) == before


def test_a_journal_that_is_a_link_is_damaged_and_its_target_kept(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    (outside / "journal.json").write_text(json.dumps(_steps("contacts")))
    root = _kb(tmp_path)
    (root / files.JOURNAL_FILE).symlink_to(outside / "journal.json")
    before = _tree(outside)
    code, output = _run("check", "--root", str(root))
    assert code == 1 and output.startswith(DAMAGED) and output.count("\n") == 1, output
    assert _tree(outside) == before


def _one(op: str, path, to="", temp="", state: str = "committed") -> dict:
    return {"id": TAG, "state": state, "steps": [{"op": op, "path": path, "to": to,
                                                   "temp": temp}]}


def _temp(rel: str, number: int = 0) -> str:
    folder, _, name = rel.rpartition("/")
    return f"{folder + '/' if folder else ''}.{name}.{TAG}.{number}{files.TEMP_SUFFIX}"


FOREIGN = {
    "absolute": lambda out: _one("remove", str(out / "victim.md"),
                                 temp=str(out / f".victim.md.{TAG}.0{files.TEMP_SUFFIX}")),
    "dot-dot": lambda out: _one("remove", "../outside/victim.md",
                                temp=f"../outside/.victim.md.{TAG}.0{files.TEMP_SUFFIX}"),
    "dot-dot-inside": lambda out: _one(
        "write", "contacts/../../outside/target.md",
        temp=f"contacts/../../outside/.target.md.{TAG}.0{files.TEMP_SUFFIX}"),
    "a note removed without a temporary file": lambda out: _one("remove", "README.md"),
    "a note as the temporary file": lambda out: _one("write", "contacts/new.md",
                                                     temp="contacts/ada-quill.md",
                                                     state="staging"),
    "a temporary file of another change": lambda out: _one(
        "write", "contacts/new.md", temp=_temp("contacts/new.md").replace(TAG, "0badf00d"),
        state="staging"),
    "a temporary file in another folder": lambda out: _one(
        "write", "contacts/ada-quill.md", temp=_temp("interviews/ada-quill.md"),
        state="staging"),
    "a git hook": lambda out: _one("move", "contacts/ada-quill.md",
                                   to=".git/hooks/pre-commit"),
    "not a note": lambda out: _one("move", "contacts/ada-quill.md", to="docs/hooks.py"),
    "a hidden folder": lambda out: _one("move", "contacts/ada-quill.md", to=".github/x.md"),
    "the journal itself": lambda out: _one("move", "contacts/ada-quill.md",
                                           to=files.JOURNAL_FILE),
    "the root": lambda out: _one("remove", ".", temp=_temp(".")),
    "empty": lambda out: _one("remove", "", temp=""),
}


@pytest.mark.parametrize("record", FOREIGN.values(), ids=FOREIGN.keys())
def test_a_journal_naming_other_files_does_nothing(tmp_path: Path, record) -> None:
    outside = _outside(tmp_path)
    root = _kb(tmp_path)
    (root / ".git" / "hooks").mkdir(parents=True)
    (root / "contacts" / _temp("ada-quill.md")).write_text("planted\n")
    _plant(root, record(outside))
    before, kept = _tree(outside), _tree(root)
    assert _run("check", "--root", str(root)) == (1, OUTSIDE)
    assert (_tree(outside), _tree(root)) == (before, kept)


def _with(**changes) -> dict:
    record = _steps("contacts")
    for key, value in changes.items():
        if key in record:
            record[key] = value
        else:
            record["steps"][0][key] = value
    return record


DAMAGES = {
    "a NUL byte": _with(path="contacts/a\x00.md"),
    "a NUL byte in the temporary name": _with(temp=f"contacts/.a.md.{TAG}.0\x00"),
    "a number as path": _with(path=7),
    "a list as path": _with(path=["contacts", "a.md"]),
    "an object as path": _with(path={"a": 1}),
    "null as path": _with(path=None),
    "true as path": _with(path=True),
    "a number as target": _with(op="move", to=3),
    "a number as op": _with(op=1),
    "an unknown op": _with(op="chmod"),
    "no path": {"id": TAG, "state": "committed", "steps": [{"op": "remove"}]},
    "a step that is a string": {"id": TAG, "state": "committed", "steps": ["contacts/a.md"]},
    "steps a string": {"id": TAG, "state": "committed", "steps": "contacts/a.md"},
    "steps null": {"id": TAG, "state": "committed", "steps": None},
    "a number as state": _with(state=1),
    "an unknown state": _with(state="half"),
    "a number as id": _with(id=12),
    "an id that is a path": _with(id="../../x"),
    "a list": [1, 2],
    "a string": "committed",
    "a number": 3,
    "null": None,
    "not JSON": b"{\"id\": ",
    "not UTF-8": b"\xff\xfe{}",
    "a huge file": b" " * (17 * 1024 * 1024) + b"{}",
    "deeply nested": b"[" * 100000 + b"]" * 100000,
}


@pytest.mark.parametrize("record", DAMAGES.values(), ids=DAMAGES.keys())
@pytest.mark.parametrize("command", [["check"], ["todo"], ["new", "contact", "Cy Fenn"]])
def test_a_malformed_journal_is_one_damaged_line(tmp_path: Path, record,
                                                 command: list[str]) -> None:
    root = _kb(tmp_path)
    _plant(root, record)
    kept = _tree(root)
    code, output = _run(*command, "--root", str(root))
    assert code == 1 and output.startswith(DAMAGED) and output.count("\n") == 1, output
    assert _tree(root) == kept


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_journal_that_is_no_file_is_damaged_without_hanging(tmp_path: Path, kind: str) -> None:
    root = _kb(tmp_path)
    journal = root / files.JOURNAL_FILE
    journal.mkdir() if kind == "folder" else os.mkfifo(journal)
    code, output = _run("check", "--root", str(root))
    assert code == 1 and output.startswith(DAMAGED) and output.count("\n") == 1, output


# -- what infoview writes itself still finishes ---------------------------------------------


def test_a_change_through_a_linked_folder_is_refused(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    root = _kb(tmp_path)
    (root / "contacts" / "shared").symlink_to(outside)
    before = _tree(outside)
    with pytest.raises(InfoviewError, match="symbolic link"), files.change(root) as change:
        change.write("contacts/shared/target.md", "x")
    with pytest.raises(InfoviewError, match="symbolic link"), files.change(root) as change:
        change.create("contacts/shared/new.md", "x")
    with pytest.raises(InfoviewError, match="symbolic link"), files.change(root) as change:
        change.remove("contacts/shared/victim.md")
    assert _tree(outside) == before
    assert not [p for p in root.rglob("*") if p.name.endswith(files.TEMP_SUFFIX)]


def _remove_in_child(root: str, fault: str) -> None:
    os.environ[files.FAULT_ENV] = fault
    with files.change(root) as change:
        change.write("contacts/bo.md", BO)
        change.remove("contacts/ada-quill.md")


@pytest.mark.parametrize(("fault", "done"), [("staged:1", False), ("committed", True),
                                             ("applied:1", True)])
def test_a_killed_remove_is_finished_or_undone(tmp_path: Path, fault: str, done: bool) -> None:
    root = _kb(tmp_path)
    child = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(REPO / 'tests')!r}); "
         f"from test_journal_trust import _remove_in_child as r; r({str(root)!r}, {fault!r})"],
        cwd=REPO, check=False, timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert _run("check", "--root", str(root))[0] == 0
    assert sorted(p.name for p in (root / "contacts").iterdir()) == (
        ["bo.md"] if done else ["ada-quill.md"])
    assert (root / "contacts" / ("bo.md" if done else "ada-quill.md")).read_text() == (
        BO if done else ADA)
    assert not (root / files.JOURNAL_FILE).exists()


# -- a change pending on a read-only mount ---------------------------------------------------


READING = [["check"], ["list", "contacts"], ["todo"], ["show", "ada-quill"], ["export", "json"],
           ["build", "--site-dir", "{site}"]]


def test_reading_commands_work_on_a_read_only_mount_with_a_change_pending(tmp_path) -> None:
    with _tmpfs(tmp_path / "mnt", "16m") as mounted:
        if mounted is None:
            pytest.skip("needs the right to mount a tmpfs")
        root = _kb(mounted)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(REPO / "docs", root / "docs")
        killed = subprocess.run(
            [sys.executable, "-m", "infoview_build", "mark", "replied", "ada-quill", "--root",
             str(root), "--today", "2026-12-01"], cwd=REPO, capture_output=True, check=False,
            env={**os.environ, files.FAULT_ENV: "committed"}, timeout=60)
        assert killed.returncode == -signal.SIGKILL
        subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
        pending = f"infoview: a change to {root} was interrupted and is pending"
        for args in READING:
            args = [a.format(site=tmp_path / "site") for a in args]
            result = CliRunner().invoke(main, [*args, "--root", str(root), "--today",
                                               "2026-12-01"])
            assert result.exit_code == 0, (args, result.output)
            assert result.stderr.startswith(pending), (args, result.stderr)
            assert "the file system is read-only" in result.stderr.splitlines()[0]
        code, output = _run("mark", "replied", "ada-quill", "--root", str(root))
        assert code == 1 and output.count("Error:") == 1, output
        assert (root / files.JOURNAL_FILE).exists()
