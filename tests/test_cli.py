"""Every command explains itself: --help with an example, and a place in the README."""

from __future__ import annotations

import click
import pytest

from infoview_build.cli import main

from conftest import REPO


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
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
def test_every_command_is_in_the_readme(path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"infoview {' '.join(path)}" in readme


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
