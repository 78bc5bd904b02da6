"""``infoview rename`` follows every link the site would follow, written any way
Markdown allows (percent-encoded, between angle brackets), and leaves alone what only
looks like a link: code spans, fenced and indented code blocks."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from infoview_build.cli import main

from kb_notes import write_kb

TODAY = "2026-12-10"

FOLLOWED = {
    "percent-encoded": ("[Ada](ada%2Dquill.md)", "[Ada](ada-lovelace-quill.md)"),
    "percent-encoded, all of it": ("[Ada](%61%64%61%2D%71%75%69%6C%6C%2E%6D%64#notes)",
                                   "[Ada](ada-lovelace-quill.md#notes)"),
    "angle brackets": ("[Ada](<ada-quill.md>)", "[Ada](<ada-lovelace-quill.md>)"),
    "angle brackets with a title": ('[Ada](<ada-quill.md> "her page")',
                                    '[Ada](<ada-lovelace-quill.md> "her page")'),
    "angle brackets and a folder": ("[Ada](<../contacts/ada-quill.md#x>)",
                                    "[Ada](<../contacts/ada-lovelace-quill.md#x>)"),
    "image": ("![Ada](ada-quill.md)", "![Ada](ada-lovelace-quill.md)"),
    "two on a line": ("[a](ada-quill.md) and [b](<ada%2Dquill.md>)",
                      "[a](ada-lovelace-quill.md) and [b](<ada-lovelace-quill.md>)"),
    "definition": ("[her]: <ada-quill.md>\n\nSee [her].",
                   "[her]: <ada-lovelace-quill.md>\n\nSee [her]."),
    "definition, encoded": ("[her]: ada%2dquill.md\n\nSee [her].",
                            "[her]: ada-lovelace-quill.md\n\nSee [her]."),
}
LEFT = {
    "code span": "Write links as `[Ada](ada-quill.md)`.",
    "double code span": "Write ``[Ada](ada-quill.md)`` like this.",
    "fenced block": "```markdown\n[Ada](ada-quill.md)\n[x]: ada-quill.md\n```",
    "tilde fence": "~~~\n[Ada](<ada-quill.md>)\n~~~",
    "indented code": "Example:\n\n    [Ada](ada-quill.md)",
    "fence in a list": "- item\n\n    ```\n    [Ada](ada-quill.md)\n    ```",
}


def _kb(root: Path, body: str) -> Path:
    return write_kb(root, contacts={
        "ada-quill": {"name": "Ada Quill"},
        "bram-okafor": {"name": "Bram Okafor", "body": f"Intro.\n\n{body}\n"},
    })


def _rename(root: Path):
    return CliRunner().invoke(main, ["rename", "ada-quill", "ada-lovelace-quill",
                                     "--root", str(root), "--today", TODAY])


def _body(root: Path) -> str:
    return (root / "contacts" / "bram-okafor.md").read_text(encoding="utf-8").split(
        "---\n", 2)[2]


@pytest.mark.parametrize("name", FOLLOWED)
def test_a_link_written_any_way_follows_the_rename(tmp_path: Path, name: str) -> None:
    written, renamed = FOLLOWED[name]
    root = _kb(tmp_path, written)
    result = _rename(root)
    assert result.exit_code == 0, result.output
    assert _body(root) == f"Intro.\n\n{renamed}\n"


@pytest.mark.parametrize("name", LEFT)
def test_code_is_left_as_written(tmp_path: Path, name: str) -> None:
    root = _kb(tmp_path, f"[Real](ada-quill.md)\n\n{LEFT[name]}")
    result = _rename(root)
    assert result.exit_code == 0, result.output
    assert _body(root) == f"Intro.\n\n[Real](ada-lovelace-quill.md)\n\n{LEFT[name]}\n"


def test_code_in_docs_is_left_too_and_links_there_follow(tmp_path: Path) -> None:
    root = _kb(tmp_path, "")
    (root / "docs").mkdir()
    page = ("# People\n\n- [Ada](contacts/ada%2Dquill.md)\n\n"
            "```\n[Ada](contacts/ada-quill.md)\n```\n")
    (root / "docs" / "people.md").write_text(page, encoding="utf-8")
    assert _rename(root).exit_code == 0
    assert (root / "docs" / "people.md").read_text(encoding="utf-8") == page.replace(
        "ada%2Dquill.md", "ada-lovelace-quill.md")


def test_a_link_to_another_page_that_only_shares_the_name_stays(tmp_path: Path) -> None:
    body = "[x](ada-quill.md.bak) [y](https://example.org/ada-quill.md) [z](ada%2Dquill2.md)"
    root = _kb(tmp_path, body)
    assert _rename(root).exit_code == 0
    assert _body(root) == f"Intro.\n\n{body}\n"
