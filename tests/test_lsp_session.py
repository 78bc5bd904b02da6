"""Which files the language server answers for, and which knowledge base it serves."""

from __future__ import annotations

from pathlib import Path

from infoview_build.lsp.session import Session

from kb_notes import day, write_kb


def test_without_a_root_the_first_note_opened_names_the_knowledge_base(tmp_path: Path) -> None:
    root = write_kb(tmp_path / "notes", contacts={"ada-quill": {"name": "Ada Quill"}})
    session = Session(None, day("2026-12-01"))
    assert not session.start([tmp_path, tmp_path / "elsewhere"])
    assert session.relative(tmp_path / "README.md") is None
    assert session.relative(root / "contacts" / "ada-quill.md") == "contacts/ada-quill.md"
    assert session.root == root.resolve()
    assert session.live.contact_slugs() == ["ada-quill"]


def test_only_notes_and_the_settings_of_the_knowledge_base_are_answered(tmp_path: Path) -> None:
    root = write_kb(tmp_path / "notes", contacts={"ada-quill": {"name": "Ada Quill"}})
    other = write_kb(tmp_path / "other", contacts={"bram-okafor": {"name": "Bram Okafor"}})
    session = Session(root, day("2026-12-01"))
    assert session.start([other])
    assert session.relative(root / "infoview.yml") == "infoview.yml"
    assert session.relative(root / "interviews" / "2026-12-03-ada-quill.md") == \
        "interviews/2026-12-03-ada-quill.md"
    for path in (root / "docs" / "about.md", root / "contacts" / "sub" / "x.md",
                 root / "contacts" / "x.txt", root / "contacts" / ".x.md",
                 other / "contacts" / "bram-okafor.md", root / "mkdocs.yml"):
        assert session.relative(path) is None, path


def test_a_new_day_moves_every_date_rule(tmp_path: Path) -> None:
    root = write_kb(tmp_path, contacts={"ada-quill": {"name": "Ada Quill"}})
    now = [day("2026-12-01")]
    session = Session(root, None, clock=lambda: now[0])
    assert session.start([])
    text = "---\nname: Bram Okafor\nrequested_on: 2026-12-02\n---\n"
    session.opened("contacts/bram-okafor.md", text)
    [problem] = session.problems("contacts/bram-okafor.md")
    assert problem.message == "2026-12-02 is in the future"
    now[0] = day("2026-12-02")
    session.changed("contacts/bram-okafor.md", text)
    assert session.problems("contacts/bram-okafor.md") == []
    assert session.live.today == day("2026-12-02")
