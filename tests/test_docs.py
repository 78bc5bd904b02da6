"""The manual in docs/: the command reference is the program's own help, never behind it."""

from __future__ import annotations

import re

from infoview_build.cli.app import main
from infoview_build.cli.reference import markdown

from conftest import REPO, UPDATE_GOLDEN

PAGE = REPO / "docs" / "commands.md"
REMAKE = "python -m infoview_build.cli.reference > docs/commands.md"


def test_the_command_reference_is_the_commands_own_help() -> None:
    made = markdown()
    if UPDATE_GOLDEN:
        PAGE.write_text(made, encoding="utf-8")
    assert PAGE.read_text(encoding="utf-8") == made, f"docs/commands.md is stale: run {REMAKE}"


def test_every_command_and_subcommand_has_its_section() -> None:
    main.load_all()
    headings = set(re.findall(r"^#+ `infoview ([a-z -]+)`", PAGE.read_text(), re.MULTILINE))
    wanted = set()
    for name, command in main.commands.items():
        wanted.add(name)
        wanted |= {f"{name} {sub}" for sub in getattr(command, "commands", {})}
    assert wanted <= headings, f"missing from docs/commands.md: {sorted(wanted - headings)}"
    assert "mark no-reply" in headings and "publish" in headings


def test_each_section_shows_the_usage_line_of_its_command() -> None:
    text = PAGE.read_text()
    for path in re.findall(r"^#+ `infoview ([a-z -]+)`", text, re.MULTILINE):
        assert f"Usage: infoview {path} " in text
