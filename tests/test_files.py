"""Writes never clobber a note, and the site folder is only ever one infoview made."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from infoview_build.edit import files
from infoview_build.edit.files import SITE_MARKER, claim_site_dir, write_new
from infoview_build.notes.errors import InfoviewError


def _kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    (root / "contacts").mkdir(parents=True)
    (root / "interviews").mkdir()
    return root


def test_write_new_creates_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "contacts" / "ada-quill.md"
    write_new(target, "first")
    with pytest.raises(InfoviewError, match="exists already; nothing was written"):
        write_new(target, "second")
    assert target.read_text() == "first"
    assert [p.name for p in target.parent.iterdir()] == ["ada-quill.md"]  # no temp files left


def test_new_notes_get_the_usual_file_mode(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    old = os.umask(0o022)
    try:
        write_new(tmp_path / "a.md", "x")
        with files.change(root) as change:
            change.create("contacts/b.md", "y")
    finally:
        os.umask(old)
    assert (tmp_path / "a.md").stat().st_mode & 0o777 == 0o644
    assert (root / "contacts" / "b.md").stat().st_mode & 0o777 == 0o644


def test_write_new_gives_the_usual_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_new(tmp_path / "note.md", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "note.md").stat().st_mode & 0o777 == 0o640


def test_a_replaced_note_keeps_its_mode_and_nothing_else_is_left(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    target = root / "contacts" / "note.md"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with files.change(root) as change:
        change.write("contacts/note.md", b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in root.rglob("*")) == \
        [files.LOCK_FILE, "contacts", "interviews", "note.md"]


def test_a_change_applies_its_steps_in_order(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    (root / "contacts" / "ada.md").write_text("ada")
    (root / "interviews" / "old.md").write_text("old")
    with files.change(root) as change:
        change.move("contacts/ada.md", "contacts/ada-quill.md")
        change.write("contacts/ada-quill.md", "ada, renamed")
        change.create("contacts/bram.md", "bram")
        change.remove("interviews/old.md")
    assert {p.relative_to(root).as_posix(): p.read_text() for p in root.rglob("*.md")} == {
        "contacts/ada-quill.md": "ada, renamed", "contacts/bram.md": "bram"}
    assert not (root / files.JOURNAL_FILE).exists()


@pytest.mark.parametrize(("step", "message"), [
    (lambda c: c.create("contacts/ada.md", "x"), "contacts/ada.md exists already"),
    (lambda c: c.move("contacts/none.md", "contacts/x.md"), "contacts/none.md does not exist"),
    (lambda c: c.move("contacts/bram.md", "contacts/ada.md"), "contacts/ada.md exists already"),
])
def test_a_change_that_cannot_be_done_writes_nothing(tmp_path: Path, step, message) -> None:
    root = _kb(tmp_path)
    (root / "contacts" / "ada.md").write_text("ada")
    (root / "contacts" / "bram.md").write_text("bram")
    with pytest.raises(InfoviewError, match=message), files.change(root) as change:
        change.create("contacts/cora.md", "cora")
        change.write("contacts/bram.md", "changed")
        step(change)
    assert sorted(p.name for p in root.rglob("*")) == \
        [files.LOCK_FILE, "ada.md", "bram.md", "contacts", "interviews"]
    assert (root / "contacts" / "bram.md").read_text() == "bram"


def test_an_exception_inside_the_block_writes_nothing(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    with pytest.raises(KeyError), files.change(root) as change:
        change.create("contacts/cora.md", "cora")
        raise KeyError("a bug")
    assert list((root / "contacts").iterdir()) == []


def test_a_path_is_not_reused_after_it_was_vacated(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    with pytest.raises(ValueError), files.change(root) as change:
        change.remove("contacts/a.md")
        change.create("contacts/a.md", "x")
    with pytest.raises(ValueError), files.change(root) as change:
        change.create("../outside.md", "x")


def test_a_symbolic_link_is_not_replaced(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    (tmp_path / "elsewhere.md").write_text("keep")
    (root / "contacts" / "link.md").symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(InfoviewError, match="not a regular file"), files.change(root) as c:
        c.write("contacts/link.md", "x")
    assert (tmp_path / "elsewhere.md").read_text() == "keep"


def test_the_lock_is_reentrant(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    with files.locked(root), files.change(root) as change:
        change.create("contacts/a.md", "a")
    assert (root / "contacts" / "a.md").read_text() == "a"


def test_no_lock_file_in_a_folder_that_is_no_knowledge_base(tmp_path: Path) -> None:
    with pytest.raises(InfoviewError, match="no contacts/ or interviews/ folder"), \
            files.locked(tmp_path):
        pass
    assert list(tmp_path.iterdir()) == []


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
