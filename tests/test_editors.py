"""The editor set-ups of docs/editors.md, run in real editors: the snippets as the page
shows them, then a scripted session. Debian's Neovim 0.7 and Emacs 28 with eglot are
installed by .ci/run; elsewhere a missing editor skips its test (under CI it fails)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from kb_notes import write_kb

HERE = Path(__file__).parent / "editors"
TIMEOUT = 180
"""Seconds before a session is given up: a guard against a hung editor, not a speed check."""
MISSING = "contact: no contact 'ivy-ross'"


def snippet(name: str) -> str:
    """The code block that follows ``<!-- editor: NAME -->`` in docs/editors.md."""
    page = (REPO / "docs" / "editors.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- editor: {re.escape(name)} -->\n```\w+\n(.*?)```", page, re.S)
    assert match, f"docs/editors.md has no snippet marked {name}"
    return match.group(1)


def editor(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{program} is not installed (.ci/run installs it)")
        pytest.skip(f"{program} is not installed")
    return found


def knowledge_base(tmp_path: Path) -> Path:
    """Not a git repository: eglot must find the project through the snippet."""
    root = write_kb(tmp_path / "kb",
                    contacts={"ada-quill": {"name": "Ada Quill", "company": "Northwind"}},
                    interviews={"2026-11-04-ada-quill": {"contact": "ada-quill",
                                                         "date": "2026-11-04"}})
    (root / "interviews" / "2026-11-03-ivy-ross.md").write_text(
        "---\ncontact: ivy-ross\ndate: 2026-11-03\n---\nNotes.\n", encoding="utf-8")
    return root


def run(command: list[str], root: Path, tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "KB": str(root), "INFOVIEW_TODAY": "2026-12-08",
           "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT, check=False)
    lines = dict(line.split(": ", 1) for line in (done.stdout + done.stderr).splitlines()
                 if re.match(r"^(opened|created|deleted|servers|hover): ", line))
    assert {"opened", "created", "deleted"} <= set(lines), done.stdout + done.stderr
    return lines


def test_neovim_0_7_set_up_shows_disk_changes_without_a_save(tmp_path) -> None:
    nvim = editor("nvim")
    root = knowledge_base(tmp_path)
    init = tmp_path / "init.lua"
    init.write_text(snippet("nvim-0.7"), encoding="utf-8")
    seen = run([nvim, "--headless", "-u", str(init), "-c",
                f"luafile {HERE / 'nvim-session.lua'}"], root, tmp_path)
    assert MISSING in seen["opened"]
    assert seen["created"].strip() == ""
    assert MISSING in seen["deleted"]
    assert seen["hover"].startswith("**Ada Quill** · Northwind")
    assert "\\(" not in seen["hover"]


def test_emacs_eglot_set_up_is_one_server_outside_git_and_sees_disk_changes(tmp_path) -> None:
    emacs = editor("emacs")
    root = knowledge_base(tmp_path)
    init = tmp_path / "init.el"
    init.write_text("(require 'eglot)\n" + snippet("emacs"), encoding="utf-8")
    seen = run([emacs, "--batch", "-l", str(init), "-l", str(HERE / "emacs-session.el")],
               root, tmp_path)
    assert MISSING in seen["opened"]
    assert seen["created"] == "nil"
    assert MISSING in seen["deleted"]
    assert seen["servers"] == "1"
