"""``serve`` keeps its site (emails and phone numbers included) in a folder only its user
can read, removes it however it is stopped, and removes one a killed ``serve`` left."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from test_site import _free_port, _get, _wait_for

from infoview_build.edit.files import site as site_files

from conftest import EXAMPLE_DAY
from kb_notes import example_kb


def _served(tmp: Path) -> list[Path]:
    return sorted(p for p in tmp.iterdir() if p.name.startswith(site_files.SERVED_PREFIX))


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT],
                         ids=["SIGTERM", "SIGHUP", "SIGINT"])
def test_serve_removes_its_site_however_it_is_stopped(tmp_path: Path, stop) -> None:
    root = example_kb(tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    stale = tmp / f"{site_files.SERVED_PREFIX}{_dead_pid()}-abcd1234"
    (stale / "contacts").mkdir(parents=True)
    (stale / "contacts" / "ada-quill.html").write_text("ada.quill@example.com")
    running = tmp / f"{site_files.SERVED_PREFIX}{os.getpid()}-efgh5678"  # alive: kept
    running.mkdir()
    other = tmp / "infoview-serve-notes"  # not of serve's naming: kept
    other.mkdir()
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "infoview"), "serve", "--root", str(root),
             "--today", EXAMPLE_DAY, "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(tmp)})
    try:
        url = f"http://127.0.0.1:{port}/contacts/ada-quill.html"
        assert _wait_for(lambda: "Staff Engineer" in _get(url), 120), log.read_text()
        assert not stale.exists()
        assert running.is_dir() and other.is_dir()
        mine = [p for p in _served(tmp) if p.name.startswith(
            f"{site_files.SERVED_PREFIX}{server.pid}-")]
        assert len(mine) == 1, _served(tmp)
        assert stat.S_IMODE(mine[0].stat().st_mode) == 0o700
        assert (mine[0] / "contacts" / "ada-quill.html").is_file()
        server.send_signal(stop)
        server.wait(60)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)
    assert not mine[0].exists(), log.read_text()
    assert "Traceback" not in log.read_text()
    assert set(_served(tmp)) == {running, other}
