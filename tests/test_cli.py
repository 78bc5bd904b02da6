"""Every command explains itself: --help with an example, and a place in the README."""

from __future__ import annotations

import re

import click
import pytest

from infoview_build.cli import main

from conftest import REPO


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands(main))


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help_with_an_example(runner, path) -> None:
    result = runner.invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"infoview {' '.join(path)} --help shows no example"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_is_in_the_readme_table_and_the_manual(path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"`infoview {path[0]}" in readme
    manual = "".join(page.read_text(encoding="utf-8") for page in (REPO / "docs").glob("*.md"))
    assert f"infoview {' '.join(path)}" in manual


def test_the_readme_is_a_door_not_the_manual() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    for link in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (REPO / link).exists(), link


def test_group_help_and_version(runner) -> None:
    assert "Example" in runner.invoke(main, ["--help"]).output
    assert runner.invoke(main, ["--version"]).output.startswith("infoview, version ")


def test_unknown_command_is_a_usage_error(runner) -> None:
    result = runner.invoke(main, ["chekc"])
    assert result.exit_code == 2
    assert "Did you mean 'check'?" in result.output or "No such command" in result.output


def test_commands_other_than_build_and_serve_start_without_mkdocs() -> None:
    import subprocess
    import sys

    code = "import sys, infoview_build.cli; print('mkdocs' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


OTHER_COMMANDS = ["infoview_build.cli." + m for m in
                  ("authoring", "editing", "interchange", "lsp", "marking", "publishing")]


def test_check_starts_without_the_modules_of_other_commands(runner, tmp_path) -> None:
    import subprocess
    import sys

    root = str(tmp_path / "kb")
    assert runner.invoke(main, ["init", root, "--example", "--today", "2026-12-01"]).exit_code == 0
    code = ("import sys\nfrom infoview_build.cli import main\n"
            "try:\n    main(['check', '--root', sys.argv[1], '--today', '2026-12-01'])\n"
            "except SystemExit:\n    pass\nprint(' '.join(sorted(sys.modules)), file=sys.stderr)")
    for _run in ("cold", "warm"):
        out = subprocess.run([sys.executable, "-c", code, root], capture_output=True, text=True,
                             check=True)
        assert "files checked" in out.stdout
        loaded = set(out.stderr.split())
        assert "infoview_build.cli.checking" in loaded
        for module in [*OTHER_COMMANDS, "infoview_build.edit.mark", "jinja2", "mkdocs",
                       "infoview_build.site", "infoview_build.plan"]:
            assert module not in loaded, f"infoview check imported {module}"
    assert (tmp_path / "kb" / ".infoview-cache" / "check").is_file()


def test_every_command_is_found_in_the_module_named_for_it() -> None:
    from infoview_build.cli.app import COMMAND_MODULES

    ctx = click.Context(main)
    assert main.list_commands(ctx) == sorted(COMMAND_MODULES)
    for name, module in COMMAND_MODULES.items():
        command = main.get_command(ctx, name)
        assert command.callback.__module__ == f"infoview_build.cli.{module}", name


@pytest.mark.parametrize("args, expected", [
    (["--help"], "Commands:\n  build "),
    (["chekc"], "Did you mean 'check'?"),
    (["mark", "--help"], "  thanked "),
])
def test_a_fresh_process_knows_every_command(args, expected) -> None:
    """Listing, suggesting and sub-commands work before any command module is imported."""
    import subprocess
    import sys

    from infoview_build.cli.app import COMMAND_MODULES

    out = subprocess.run([sys.executable, "-m", "infoview_build", *args], capture_output=True,
                         text=True)
    assert expected in out.stdout + out.stderr
    if args == ["--help"]:
        listed = out.stdout.split("Commands:\n", 1)[1].split()
        assert all(name in listed for name in COMMAND_MODULES)


def test_a_fresh_process_completes_command_names() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "_INFOVIEW_COMPLETE": "bash_complete", "COMP_WORDS": "infoview s",
           "COMP_CWORD": "1"}
    script = Path(sys.executable).parent / "infoview"
    out = subprocess.run([str(script)], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["plain,schema", "plain,serve", "plain,show"]


@pytest.mark.parametrize("columns", [80, 100])
def test_help_never_breaks_inside_a_placeholder(runner, columns) -> None:
    for path in [(), *(p for p, _ in COMMANDS)]:
        result = runner.invoke(main, [*path, "--help"], terminal_width=columns,
                               env={"COLUMNS": str(columns)})
        for line in result.output.splitlines():
            shown = f"infoview {' '.join(path)} --help: {line!r}"
            assert line.count("[") == line.count("]"), shown
            assert line.count('"') % 2 == 0, shown
            for start in [i for i in range(len(line)) if line.startswith("'infoview ", i)]:
                assert "'" in line[start + 1:], shown  # a quoted command ends on its line
