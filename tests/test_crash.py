"""Writes that cannot lose anything: real ``kill -9`` mid-change, and writers at once.

A fault-injection hook (``INFOVIEW_FAULT``, see ``edit/files/journal.py``) makes a real
``infoview`` process SIGKILL itself at a chosen point of a change; the next command on the
knowledge base must then find either every file or none, and no temporary file.
"""

from __future__ import annotations

import multiprocessing
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

TODAY = "2026-12-01"
ROWS = 12


def _infoview(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "infoview_build", *args],
                          capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, **(env or {})}, check=False, timeout=120)


def _kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    (root / "contacts").mkdir(parents=True)
    (root / "interviews").mkdir()
    (root / "contacts" / "ada-quill.md").write_text(
        "---\nname: Ada Quill\ncompany: Northwind\nrequested_on: 2026-11-20\n---\n")
    return root


def _leftovers(root: Path) -> list[str]:
    """Temporary files and journals: none may outlive the command after a crash."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.name.endswith(files.TEMP_SUFFIX) or p.name == files.JOURNAL_FILE)


def _export(tmp_path: Path, rows: int) -> Path:
    sys.path.insert(0, str(REPO / "bench"))
    from import_speed import connections

    source = tmp_path / "Connections.csv"
    source.write_text(connections(rows), encoding="utf-8")
    return source


@pytest.mark.parametrize(("fault", "done"), [
    ("staged:1", False), ("staged:7", False), (f"staged:{ROWS}", False),
    ("committed", True), ("applied:1", True), ("applied:5", True),
])
def test_a_killed_import_leaves_all_or_nothing(tmp_path: Path, fault: str, done: bool) -> None:
    root = _kb(tmp_path)
    source = _export(tmp_path, ROWS)
    killed = _infoview("import", "linkedin", str(source), "--root", str(root),
                       "--today", TODAY, env={files.FAULT_ENV: fault})
    assert killed.returncode == -signal.SIGKILL
    assert _leftovers(root)  # the kill came mid-change
    after = _infoview("check", "--root", str(root), "--today", TODAY)  # any command
    assert after.returncode == 0, after.stdout + after.stderr
    contacts = sorted(p.name for p in (root / "contacts").iterdir())
    assert len(contacts) == (ROWS + 1 if done else 1)
    assert _leftovers(root) == []
    again = _infoview("import", "linkedin", str(source), "--root", str(root), "--today", TODAY)
    assert again.stdout.splitlines()[-1] == (
        f"Connections.csv: 0 created, {ROWS} skipped ({ROWS} already known)" if done else
        f"Connections.csv: {ROWS} created, 0 skipped")


@pytest.mark.parametrize(("fault", "done"), [("staged:1", False), ("committed", True)])
def test_a_killed_mark_leaves_the_old_note_or_the_new_one(tmp_path: Path, fault: str,
                                                          done: bool) -> None:
    root = _kb(tmp_path)
    note = root / "contacts" / "ada-quill.md"
    before = note.read_bytes()
    killed = _infoview("mark", "replied", "ada-quill", "--root", str(root), "--today", TODAY,
                       env={files.FAULT_ENV: fault})
    assert killed.returncode == -signal.SIGKILL
    after = _infoview("list", "contacts", "--root", str(root), "--today", TODAY)
    assert after.returncode == 0, after.stderr
    assert _leftovers(root) == []
    expected = before[:-4] + b"replied_on: 2026-12-01\n---\n"
    assert note.read_bytes() == (expected if done else before)


def _mark_in_child(root: str, event: str, slug: str, start) -> None:
    start.wait()
    result = CliRunner().invoke(main, ["mark", event, slug, "--root", root, "--today", TODAY])
    os._exit(result.exit_code)


def test_forty_pairs_of_marks_at_once_lose_nothing(tmp_path: Path, monkeypatch) -> None:
    root = _kb(tmp_path)
    for n in range(40):
        (root / "contacts" / f"person-{n:02d}.md").write_text(
            f"---\nname: Person {n}\nrequested_on: 2026-11-20\n---\n")
    monkeypatch.setenv(files.LOCK_WAIT_ENV, "300")  # a busy machine must not make it flaky
    context = multiprocessing.get_context("fork")
    start = context.Event()
    children = [context.Process(target=_mark_in_child,
                                args=(str(root), event, f"person-{n:02d}", start))
                for n in range(40) for event in ("followed-up", "replied")]
    for child in children:
        child.start()
    start.set()
    for child in children:
        child.join(300)
    assert [child.exitcode for child in children] == [0] * 80
    for n in range(40):
        text = (root / "contacts" / f"person-{n:02d}.md").read_text()
        assert text == (f"---\nname: Person {n}\nrequested_on: 2026-11-20\n"
                        "followed_up_on: 2026-12-01\nreplied_on: 2026-12-01\n---\n") or \
            text == (f"---\nname: Person {n}\nrequested_on: 2026-11-20\n"
                     "replied_on: 2026-12-01\nfollowed_up_on: 2026-12-01\n---\n")
    assert _leftovers(root) == []


def test_a_second_writer_waits_then_says_who_holds_the_lock(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from infoview_build.edit import files\n"
         "with files.locked(sys.argv[1]):\n"
         "    print('held', flush=True)\n"
         "    time.sleep(60)\n", str(root)],
        stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert holder.stdout.readline() == "held\n"
        result = _infoview("mark", "replied", "ada-quill", "--root", str(root),
                           "--today", TODAY, env={files.LOCK_WAIT_ENV: "0.3"})
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {root} is being changed by another infoview "
                                    f"(pid {holder.pid}, '-c {root}', since ")
    assert "waited 0.3 s, nothing was written" in result.stderr
    assert "replied_on" not in (root / "contacts" / "ada-quill.md").read_text()
    # the holder died by SIGKILL: its lock went with it
    assert _infoview("mark", "replied", "ada-quill", "--root", str(root),
                     "--today", TODAY).returncode == 0
