"""Writes never clobber a note, and the site folder is only ever one infoview made."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from infoview_build.edit.files import SITE_MARKER, claim_site_dir, replace, write_new, write_new_all
from infoview_build.notes.errors import InfoviewError


def test_write_new_creates_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "contacts" / "ada-quill.md"
    write_new(target, "first")
    with pytest.raises(InfoviewError, match="exists already; nothing was written"):
        write_new(target, "second")
    assert target.read_text() == "first"
    assert [p.name for p in target.parent.iterdir()] == ["ada-quill.md"]  # no temp files left


def test_new_notes_get_the_usual_file_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_new(tmp_path / "a.md", "x")
        write_new_all([(tmp_path / "b.md", "y")])
    finally:
        os.umask(old)
    assert (tmp_path / "a.md").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "b.md").stat().st_mode & 0o777 == 0o644


def test_write_new_gives_the_usual_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_new(tmp_path / "note.md", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "note.md").stat().st_mode & 0o777 == 0o640


def test_replace_swaps_content_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "note.md"
    target.write_bytes(b"old")
    target.chmod(0o640)
    replace(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["note.md"]


@pytest.mark.parametrize("name", [".", "contacts", "interviews", "docs", "contacts/sub", ".."])
def test_site_dir_cannot_be_the_notes(tmp_path: Path, name: str) -> None:
    root = tmp_path / "kb"
    for folder in ("contacts", "interviews", "docs"):
        (root / folder).mkdir(parents=True)
    with pytest.raises(InfoviewError, match="refusing to build the site into"):
        claim_site_dir(root / name, root)


def test_site_dir_that_is_not_ours_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"x")
    with pytest.raises(InfoviewError, match="not empty and was not made by infoview"):
        claim_site_dir(other, tmp_path / "kb")
    assert (other / "holiday.jpg").exists()


def test_site_dir_empty_or_ours_is_claimed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    claim_site_dir(site, tmp_path / "kb")
    assert (site / SITE_MARKER).is_file()
    (site / "index.html").write_text("old build")
    claim_site_dir(site, tmp_path / "kb")  # ours: fine to rebuild


def test_home_folder_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(InfoviewError):
        claim_site_dir(Path("~"), tmp_path / "kb")
