"""`infoview check` remembers each note's result in .infoview-cache/ and never trusts it
for a note that changed, whatever the clock says."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from infoview_build.cli import main
from infoview_build.notes import cache, knowledge

from kb_notes import write_kb

TODAY = "2026-12-01"
ADA = {"name": "Ada Quill", "company": "Northwind", "email": "ada@example.com"}
BRAM = {"name": "Bram Marsh", "company": "Bluefield Labs", "requested_on": "2026-11-20"}


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The notes read from disk, in order (the cached ones are not)."""
    seen: list[str] = []
    original = knowledge._load_record

    def counting(folder, rel, slug, root, today):
        seen.append(rel)
        return original(folder, rel, slug, root, today)

    monkeypatch.setattr(knowledge, "_load_record", counting)
    return seen


@pytest.fixture
def trusting(monkeypatch) -> None:
    """Keep even notes written a moment ago (the tests write them just before checking)."""
    monkeypatch.setattr(cache, "RACY_NS", -10**12)


def check(runner, root: Path, *extra: str) -> str:
    result = runner.invoke(main, ["check", "--root", str(root), "--today", TODAY, *extra])
    assert result.exit_code in (0, 1), result.output
    return result.output


def rewrite_same_size_same_mtime(path: Path, old: str, new: str) -> None:
    """Change the note's bytes as a quick editor would: same size, same modification time."""
    assert len(old) == len(new)
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert path.stat().st_mtime_ns == stat.st_mtime_ns


def test_unchanged_notes_are_not_read_again(runner, tmp_path, reads, trusting) -> None:
    write_kb(tmp_path, {"ada": ADA, "bram": BRAM})
    first = check(runner, tmp_path)
    assert sorted(reads) == ["contacts/ada.md", "contacts/bram.md"]
    reads.clear()
    assert check(runner, tmp_path) == first
    assert reads == []


def test_warm_check_reports_what_a_cold_one_does(runner, tmp_path, trusting) -> None:
    write_kb(tmp_path, {"ada": ADA, "bram": {**BRAM, "emial": "x@example.com"},
                        "ada-2": {**ADA, "introduced_by": "nobody"}},
             {"2026-11-02-ada": {"contact": "ada", "date": "2026-11-02", "duration": 999}})
    cold = check(runner, tmp_path, "--no-cache")
    assert "emial" in cold and "no contact 'nobody'" in cold and "warning" in cold
    assert check(runner, tmp_path) == cold
    assert check(runner, tmp_path) == cold
    (tmp_path / "contacts" / "ada-2.md").unlink()
    assert check(runner, tmp_path) == check(runner, tmp_path, "--no-cache")


def test_a_change_in_the_same_second_with_the_same_size_is_seen(runner, tmp_path) -> None:
    # The file system's clock may not tell the two versions apart: a note written this
    # close to the check is never taken from the cache.
    write_kb(tmp_path, {"ada": ADA})
    assert "no problems" in check(runner, tmp_path)
    rewrite_same_size_same_mtime(tmp_path / "contacts" / "ada.md", "company:", "compny: ")
    assert "unknown field 'compny'" in check(runner, tmp_path)


def test_a_same_size_change_with_the_old_mtime_is_seen_later_too(runner, tmp_path, trusting,
                                                                   reads) -> None:
    write_kb(tmp_path, {"ada": ADA, "bram": BRAM})
    check(runner, tmp_path)
    rewrite_same_size_same_mtime(tmp_path / "contacts" / "ada.md", "company:", "compny: ")
    reads.clear()
    assert "unknown field 'compny'" in check(runner, tmp_path)
    assert reads == ["contacts/ada.md"]


@pytest.mark.parametrize("change", ["day", "settings", "program"])
def test_a_new_day_settings_or_program_reads_every_note(runner, tmp_path, trusting, reads,
                                                        monkeypatch, change) -> None:
    write_kb(tmp_path, {"ada": ADA, "bram": BRAM}, config="follow_up_after_days: 7\n")
    check(runner, tmp_path)
    reads.clear()
    extra: tuple[str, ...] = ()
    if change == "day":
        extra = ("--today", "2026-12-02")
    elif change == "settings":
        (tmp_path / "infoview.yml").write_text("follow_up_after_days: 8\n", encoding="utf-8")
    else:
        monkeypatch.setattr(knowledge, "program", lambda: "another version")
    runner.invoke(main, ["check", "--root", str(tmp_path), "--today", TODAY, *extra])
    assert sorted(reads) == ["contacts/ada.md", "contacts/bram.md"]


def test_a_broken_cache_is_an_empty_one(runner, tmp_path, trusting) -> None:
    write_kb(tmp_path, {"ada": {**ADA, "emial": "x"}})
    cold = check(runner, tmp_path)
    stored = tmp_path / ".infoview-cache" / "check"
    for junk in (b"", b"\x00garbage", stored.read_bytes()[:40]):
        stored.write_bytes(junk)
        assert check(runner, tmp_path) == cold


def test_a_cache_that_cannot_be_written_is_no_error(runner, tmp_path) -> None:
    write_kb(tmp_path, {"ada": ADA})
    (tmp_path / ".infoview-cache").write_text("a file where the folder would go")
    assert "no problems" in check(runner, tmp_path)


def test_the_cache_folder_keeps_itself_out_of_git(runner, tmp_path, trusting) -> None:
    write_kb(tmp_path, {"ada": ADA})
    check(runner, tmp_path)
    folder = tmp_path / ".infoview-cache"
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    assert "1 file checked" in check(runner, tmp_path)


@pytest.mark.parametrize("trust", [True, False], ids=["kept", "too-recent"])
def test_the_checks_between_notes_see_a_note_deleted(runner, tmp_path, monkeypatch,
                                                     trust) -> None:
    if trust:
        monkeypatch.setattr(cache, "RACY_NS", -10**12)
    write_kb(tmp_path, {"ada": ADA, "bram": {**BRAM, "introduced_by": "ada"}})
    assert check(runner, tmp_path) == check(runner, tmp_path)
    assert "no contact" not in check(runner, tmp_path)
    (tmp_path / "contacts" / "ada.md").unlink()
    assert "introduced_by: no contact 'ada'" in check(runner, tmp_path)
    write_kb(tmp_path, {"ada": ADA})
    assert "no contact" not in check(runner, tmp_path)


def test_a_deleted_note_the_cache_did_not_keep_is_noticed(runner, tmp_path,
                                                          monkeypatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)
    write_kb(tmp_path, {"ada": ADA, "bram": {**BRAM, "introduced_by": "ada"}})
    check(runner, tmp_path)
    monkeypatch.setattr(cache, "RACY_NS", 10**18)  # from now on nothing new is kept
    write_kb(tmp_path, {"ada": {**ADA, "company": "Emberline"}})
    assert "no contact" not in check(runner, tmp_path)
    (tmp_path / "contacts" / "ada.md").unlink()
    assert "introduced_by: no contact 'ada'" in check(runner, tmp_path)


def test_a_warm_check_looks_at_each_note_once(runner, tmp_path, trusting, monkeypatch) -> None:
    write_kb(tmp_path, {"ada": ADA, "bram": BRAM},
             {"2026-11-02-ada": {"contact": "ada", "date": "2026-11-02"}})
    check(runner, tmp_path)
    looked: list[str] = []
    original = os.stat

    def counting(path, *args, **kwargs):
        looked.append(os.fspath(path))
        return original(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counting)
    check(runner, tmp_path)
    notes = [p for p in looked if p.endswith(".md")]
    assert sorted(Path(p).relative_to(tmp_path).as_posix() for p in notes) == [
        "contacts/ada.md", "contacts/bram.md", "interviews/2026-11-02-ada.md"]


def test_a_linked_note_is_known_by_the_file_it_points_to(runner, tmp_path, trusting,
                                                          reads) -> None:
    write_kb(tmp_path, {"bram": BRAM})
    (tmp_path / "kept").mkdir()
    for name, company in (("ada.md", "company"), ("other.md", "compny ")):
        front = f"name: Ada Quill\n{company}: Northwind\n"
        (tmp_path / "kept" / name).write_text(f"---\n{front}---\n", encoding="utf-8")
    link = tmp_path / "contacts" / "ada.md"
    link.symlink_to(Path("..") / "kept" / "ada.md")
    assert "no problems" in check(runner, tmp_path)
    reads.clear()
    assert "no problems" in check(runner, tmp_path)
    assert reads == []
    link.unlink()  # the same size, maybe the same second: another file all the same
    link.symlink_to(Path("..") / "kept" / "other.md")
    assert "unknown field 'compny'" in check(runner, tmp_path)
    assert reads == ["contacts/ada.md"]
