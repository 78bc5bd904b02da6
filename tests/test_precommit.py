"""`.pre-commit-hooks.yaml`: another repository can run `infoview check` as a hook."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml

from infoview_build.cli import main

from conftest import EXAMPLE_DAY, REPO

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("hook", HOOKS, ids=[h["id"] for h in HOOKS])
def test_hook_runs_a_real_command_on_the_whole_knowledge_base(runner, hook) -> None:
    assert {"id", "name", "entry", "language"} <= hook.keys()
    assert hook["language"] == "python"  # pre-commit installs this repository with pip
    assert hook["pass_filenames"] is False
    program, *args = shlex.split(hook["entry"])
    assert program == "infoview"
    result = runner.invoke(main, [*args, "--root", str(REPO), "--today", EXAMPLE_DAY])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("hook", HOOKS, ids=[h["id"] for h in HOOKS])
def test_hook_runs_when_a_note_or_the_settings_change(hook) -> None:
    files = re.compile(hook["files"])
    for path in ("contacts/ada-quill.md", "interviews/2026-12-03-ada-quill.md", "infoview.yml"):
        assert files.search(path), path
    for path in ("docs/index.md", "README.md", "site/contacts/ada-quill.md"):
        assert not files.search(path), path


def test_hook_is_documented_in_the_manual() -> None:
    readme = (REPO / "docs" / "editors.md").read_text(encoding="utf-8")
    for hook in HOOKS:
        assert f"id: {hook['id']}" in readme
