"""The site folder is written only when it is empty or infoview made it: nothing else is lost.

MkDocs empties its site folder before it writes; a wrong ``--site-dir`` (the notes, the
home folder, any folder of someone's files) must be refused before that, with a clear
message, by ``infoview build`` and by a plain ``mkdocs build`` through the plugin alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from infoview_build.cli import main
from infoview_build.edit.files import SITE_MARKER

from conftest import EXAMPLE_DAY
from kb_notes import example_kb, tree

_kb = example_kb
_files = tree


def _build(runner, root: Path, site: Path | str):
    return runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY,
                                "--site-dir", str(site), "--public"])


@pytest.mark.parametrize(("folder", "message"), [
    ("contacts", "Error: refusing to build the site into {}: it holds your notes"),
    ("interviews", "Error: refusing to build the site into {}: it holds your notes"),
    ("docs", "The 'docs_dir' should not be within the 'site_dir'"),  # MkDocs says it first
    (".", "The 'docs_dir' should not be within the 'site_dir'"),
])
def test_the_notes_are_never_a_site_folder(tmp_path, runner, folder: str, message: str) -> None:
    root = _kb(tmp_path)
    before = _files(root)
    result = _build(runner, root, root / folder)
    assert result.exit_code == 1
    assert message.format(root / folder) in result.output
    assert "Traceback" not in result.output
    assert _files(root) == before


def test_the_home_folder_is_refused(tmp_path, runner, monkeypatch) -> None:
    home = tmp_path / "home"
    (home / "letters").mkdir(parents=True)
    (home / "letters" / "mother.txt").write_text("Dear mother,\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    root = _kb(tmp_path)
    result = _build(runner, root, "~")  # as typed in quotes: no shell expanded it
    assert result.exit_code == 1
    assert f"Error: refusing to build the site into {home}: it holds your notes" in result.output
    assert not (tmp_path / "~").exists()  # not a folder named '~' either
    assert _files(home) == {"letters/mother.txt": b"Dear mother,\n"}


def test_a_folder_of_other_files_is_refused(tmp_path, runner) -> None:
    other = tmp_path / "photos"
    other.mkdir()
    (other / "cat.jpg").write_bytes(b"\xff\xd8 not really a cat")
    result = _build(runner, _kb(tmp_path), other)
    assert result.exit_code == 1
    assert "the folder is not empty and was not made by infoview" in result.output
    assert _files(other) == {"cat.jpg": b"\xff\xd8 not really a cat"}


def test_an_empty_folder_is_built_and_then_rebuilt(tmp_path, runner) -> None:
    root, site = _kb(tmp_path), tmp_path / "site"
    site.mkdir()
    assert _build(runner, root, site).exit_code == 0
    assert (site / SITE_MARKER).is_file() and (site / "index.html").is_file()
    (site / "stale.html").write_text("from an old build")
    again = _build(runner, root, site)
    assert again.exit_code == 0, again.output
    assert not (site / "stale.html").exists()  # ours: emptied and written again


def test_a_plain_mkdocs_build_is_refused_too(tmp_path) -> None:
    root = _kb(tmp_path)
    other = tmp_path / "thesis"
    other.mkdir()
    (other / "chapter1.tex").write_text("\\chapter{One}\n")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(other))
    with pytest.raises(Abort):
        mkdocs_build(config)
    assert _files(other) == {"chapter1.tex": b"\\chapter{One}\n"}


def test_a_public_site_names_no_local_path(tmp_path, runner) -> None:
    root, site = _kb(tmp_path), tmp_path / "site"
    assert _build(runner, root, site).exit_code == 0
    local = str(tmp_path).encode()
    assert [path for path, data in _files(site).items() if local in data] == []
    assert local not in (site / SITE_MARKER).read_bytes()
    # Still recognised as this knowledge base's site: rebuilt, privately or publicly.
    private = runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY,
                                   "--site-dir", str(site)])
    assert private.exit_code == 0, private.output
    assert str(root).encode() in (site / SITE_MARKER).read_bytes()
    again = _build(runner, root, site)
    assert again.exit_code == 0, again.output
    assert local not in (site / SITE_MARKER).read_bytes()


def test_a_public_site_of_another_knowledge_base_is_refused(tmp_path, runner) -> None:
    first, site = _kb(tmp_path / "one"), tmp_path / "site"
    second = _kb(tmp_path / "two")
    assert _build(runner, first, site).exit_code == 0
    before = _files(site)
    result = _build(runner, second, site)
    assert result.exit_code == 1
    assert "it is a public site that this knowledge base did not build there" in result.output
    assert _files(site) == before
