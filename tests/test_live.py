"""A knowledge base kept in memory (``notes.live``) says what a fresh ``check`` says.

After any sequence of edits, on disk or in an editor's unsaved text, every file's problems
equal those of a fresh load of the same files: the cross-file ones (dangling references,
introduction cycles, slugs that differ by case) included.
"""

from __future__ import annotations

import random
from pathlib import Path

from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.notes.live import LiveKnowledgeBase, note_path

from kb_notes import day

TODAY = day("2026-12-01")

NOTES = {
    "contacts/ada-quill.md": "---\nname: Ada Quill\nintroduced_by: bram-okafor\n---\n",
    "contacts/bram-okafor.md": "---\nname: Bram Okafor\nintroduced_by: ada-quill\n---\n",
    "contacts/Cleo-Marsh.md": "---\nname: Cleo\n---\n",
    "contacts/cleo-marsh.md": "---\nname: Cleo Marsh\nemial: x\n---\n",
    "contacts/dev-raman.md": "---\nname: Dev\nintroduced_by: nobody\n---\n",
    "interviews/2026-11-02-ada-quill.md": "---\ncontact: ada-quill\ndate: 2026-11-02\n---\nx\n",
    "interviews/2026-11-03-zed.md": "---\ncontact: zed\ndate: 2026-11-03\n---\nx\n",
    "contacts/notes.txt": "not a note",
}
EDITS = [
    "---\nname: Zed Park\n---\n",
    "---\nname: Ada Quill\n---\n",
    "---\nname: Ada\nintroduced_by: cleo-marsh\n---\n",
    "---\ncontact: ada-quill\ndate: 2026-11-02\n---\n",
    "---\nname: [broken\n---\n",
    b"---\nname: Jos\xe9\n---\n",
    None,
]
PATHS = ["contacts/zed.md", "contacts/ada-quill.md", "contacts/bram-okafor.md",
         "contacts/cleo-marsh.md", "interviews/2026-11-03-zed.md", "interviews/2026-12-01-ada.md"]


def write(root: Path, rel: str, content) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if content is None:
        path.unlink(missing_ok=True)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def assert_same_as_check(live: LiveKnowledgeBase, root: Path) -> None:
    fresh = load_knowledge_base(root, TODAY, jobs=1)
    paths = {p.path for p in fresh.problems} | set(PATHS) | set(NOTES)
    for rel in sorted(paths):
        assert live.problems(rel) == [p for p in fresh.problems if p.path == rel], rel
    assert live.contact_slugs() == sorted(p.stem for p in (root / "contacts").glob("*.md"))
    assert sorted(live.knowledge_base().contacts) == sorted(fresh.contacts)


def loaded(root: Path) -> LiveKnowledgeBase:
    for rel, text in NOTES.items():
        write(root, rel, text)
    return LiveKnowledgeBase(root, TODAY, jobs=1)


def test_loaded_once_it_reports_what_check_reports(tmp_path: Path) -> None:
    live = loaded(tmp_path)
    assert_same_as_check(live, tmp_path)
    assert any("go round in a circle" in p.message for p in live.problems(
        "contacts/ada-quill.md"))
    assert any("only by case" in p.message for p in live.problems("contacts/cleo-marsh.md"))


def test_after_any_edits_on_disk_it_still_reports_what_check_reports(tmp_path: Path) -> None:
    live = loaded(tmp_path)
    rng = random.Random(17)
    alike = set()
    for _step in range(40):
        rel, content = rng.choice(PATHS), rng.choice(EDITS)
        write(tmp_path, rel, content)
        if rng.random() < 0.5:
            live.read_disk(rel)
        else:
            assert rel in live.refresh() or content is None
        assert_same_as_check(live, tmp_path)
        alike |= {path for path in PATHS for p in live.problems(path)
                  if "looks like the same person" in p.message}
    assert len(alike) >= 3  # look-alikes came and went on the way


def test_an_editors_text_counts_as_if_it_were_saved(tmp_path: Path) -> None:
    live = loaded(tmp_path)
    rng = random.Random(18)
    for _step in range(20):
        rel, content = rng.choice(PATHS), rng.choice(EDITS[:-1])
        raw = content if isinstance(content, bytes) else content.encode()
        live.set_text(rel, raw)
        write(tmp_path, rel, raw)
        assert_same_as_check(live, tmp_path)
    # Unsaved text is kept over what is on disk until the editor lets go of it.
    write(tmp_path, "contacts/zed.md", None)
    live.set_text("contacts/zed.md", b"---\nname: Zed\n---\n")
    live.refresh(keep={"contacts/zed.md"})
    assert "zed" in live.contact_slugs()
    live.read_disk("contacts/zed.md")
    assert_same_as_check(live, tmp_path)


def test_only_notes_have_note_paths() -> None:
    assert note_path("contacts/ada-quill.md") == ("contacts", "ada-quill")
    assert note_path("interviews/2026-12-01-ada.md") == ("interviews", "2026-12-01-ada")
    for rel in ("contacts/.md", "contacts/.hidden.md", "contacts/sub/x.md", "docs/x.md",
                "contacts/x.txt", "infoview.yml", "x.md"):
        assert note_path(rel) is None, rel
