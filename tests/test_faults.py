"""Faults from the disk, the operating system and odd files: one ``Error:`` line, no hang.

Read-only and full disks are real: a small tmpfs mounted for the test (the tests run as
root in CI's container; without the right to mount, a folder without write permission
gives a real "permission denied" instead, and as root without it the tests skip). Every
mount is unmounted when its test ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from infoview_build.cli import main
from infoview_build.edit import files

from conftest import EXAMPLE_DAY, REPO

ADA = "---\nname: Ada Quill\ncompany: Northwind\nrequested_on: 2026-11-20\n---\n"


def _kb(root: Path) -> Path:
    (root / "contacts").mkdir(parents=True)
    (root / "interviews").mkdir()
    (root / "contacts" / "ada-quill.md").write_text(ADA)
    return root


def _example(root: Path) -> Path:
    for name in ("contacts", "interviews", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _tree(root: Path) -> dict[str, bytes]:
    """Every file but the (empty) lock file, which any writer may leave."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.name != files.LOCK_FILE}


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    return result.exit_code, result.output


def _mount(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs",
                           str(path)], capture_output=True, check=False)
    return done.returncode == 0


@contextlib.contextmanager
def _tmpfs(path: Path, size: str = "4m"):
    """A small file system of its own at ``path``, unmounted afterwards; None if the test
    may not mount one."""
    if not _mount(path, size):
        yield None
        return
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


@pytest.fixture
def read_only(tmp_path: Path):
    """A knowledge base (the example) that cannot be written: a read-only mount, or, for
    a user who may not mount, folders without write permission."""
    with _tmpfs(tmp_path / "mnt", "64m") as mounted:
        if mounted is None:
            if os.geteuid() == 0:
                pytest.skip("root without the right to mount: no way to deny a write")
            root = _example(tmp_path / "mnt" / "kb")
            folders = [root, *[p for p in root.rglob("*") if p.is_dir()], tmp_path / "mnt"]
            for folder in folders:
                folder.chmod(0o555)
            yield root, "permission denied"
            for folder in folders:
                folder.chmod(0o755)
            return
        root = _example(mounted / "kb")
        subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
        yield root, "the file system is read-only"


VCARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Zia Marsh\nORG:Northwind\nEND:VCARD\n"


@pytest.mark.parametrize(("args", "written"), [
    (["mark", "requested", "lior-benn", "--today", EXAMPLE_DAY], "contacts/lior-benn.md"),
    (["mark", "done", "2026-11-24-bram-okafor", "1", "--today", EXAMPLE_DAY],
     "interviews/2026-11-24-bram-okafor.md"),
    (["new", "contact", "Zia Marsh"], "contacts/zia-marsh.md"),
    (["new", "interview", "ada-quill", "--date", "2026-12-20"],
     "interviews/2026-12-20-ada-quill.md"),
    (["import", "vcard", "{vcard}", "--today", EXAMPLE_DAY], "contacts/zia-marsh.md"),
    (["export", "json", "-o", "{root}/notes.json", "--today", EXAMPLE_DAY], "notes.json"),
    (["build", "--today", EXAMPLE_DAY], "site"),
], ids=["mark", "mark-done", "new-contact", "new-interview", "import", "export", "build"])
def test_a_read_only_knowledge_base_is_one_error_line(read_only, tmp_path, args,
                                                      written) -> None:
    root, why = read_only
    (tmp_path / "zia.vcf").write_text(VCARD)
    before = _tree(root)
    args = [a.format(root=root, vcard=tmp_path / "zia.vcf") for a in args]
    code, output = _run(*args, "--root", str(root))
    assert code == 1
    error = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(error) == 1, output
    assert error[0].startswith(f"Error: cannot write {root}/{written}: {why}"), output
    assert _tree(root) == before


def test_init_on_a_read_only_disk_is_one_error_line(read_only) -> None:
    root, why = read_only
    code, output = _run("init", str(root / "new"))
    assert code == 1
    assert output.startswith(f"Error: cannot write {root}/new") and why in output, output


def test_a_read_only_knowledge_base_can_still_be_checked(read_only) -> None:
    root, _why = read_only
    notes = len([*root.glob("contacts/*.md"), *root.glob("interviews/*.md")])
    code, output = _run("check", "--root", str(root), "--today", EXAMPLE_DAY)
    assert (code, output.splitlines()[-1]) == (0, f"{notes} files checked: no problems")


@pytest.fixture
def full_disk(tmp_path: Path):
    """A knowledge base on a 1 MB tmpfs with no byte left."""
    with _tmpfs(tmp_path / "mnt", "1m") as mounted:
        if mounted is None:
            pytest.skip("needs the right to mount a tmpfs")
        root = _kb(mounted / "kb")
        filler = os.open(mounted / "filler", os.O_WRONLY | os.O_CREAT)
        with contextlib.suppress(OSError):
            while True:
                os.write(filler, b"\0" * 4096)
        os.close(filler)
        yield root


def test_a_full_disk_stops_an_import_with_nothing_written(full_disk: Path, tmp_path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from import_speed import connections

    source = tmp_path / "Connections.csv"
    source.write_text(connections(30), encoding="utf-8")
    before = _tree(full_disk)
    code, output = _run("import", "linkedin", str(source), "--root", str(full_disk),
                        "--today", EXAMPLE_DAY)
    assert code == 1
    assert output.startswith(f"Error: cannot write {full_disk}/contacts/")
    assert output.endswith(": the disk is full; nothing was written; the import was undone, "
                           "no file was written\n")
    assert _tree(full_disk) == before  # no temporary file, no journal


def test_a_full_disk_stops_a_mark_with_the_note_unchanged(full_disk: Path) -> None:
    code, output = _run("mark", "replied", "ada-quill", "--root", str(full_disk),
                        "--today", EXAMPLE_DAY)
    assert (code, output) == (1, f"Error: cannot write {full_disk}/contacts/ada-quill.md: "
                                 "the disk is full; nothing was written\n")
    assert (full_disk / "contacts" / "ada-quill.md").read_text() == ADA
    assert sorted(p.name for p in full_disk.rglob("*")) == \
        [files.LOCK_FILE, "ada-quill.md", "contacts", "interviews"]


def test_another_operating_system_error_is_one_line_too(tmp_path: Path, monkeypatch) -> None:
    root = _kb(tmp_path / "kb")

    def denied(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", denied)
    code, output = _run("check", "--root", str(root))
    assert (code, output) == (1, f"Error: cannot use {root}/contacts: permission denied\n")


# -- entries that are not files ------------------------------------------------------------


def _odd_entries(root: Path) -> dict[str, str]:
    """Make one of each kind of entry that is no note; their expected messages."""
    contacts = root / "contacts"
    os.mkfifo(contacts / "fifo.md")
    (contacts / "loop.md").symlink_to("loop.md")
    (contacts / "folder.md").mkdir()
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(contacts / "socket.md"))
    server.close()
    found = {
        "contacts/fifo.md": "contacts/fifo.md:1: -: a FIFO (named pipe), not a note; skipped, "
                            "never opened",
        "contacts/loop.md": "contacts/loop.md:1: -: a symbolic-link loop; not followed",
        "contacts/folder.md": "contacts/folder.md:1: -: a folder named like a note; skipped",
        "contacts/socket.md": "contacts/socket.md:1: -: a socket, not a note; skipped, never "
                              "opened",
    }
    with contextlib.suppress(PermissionError):  # a device needs root
        os.mknod(contacts / "device.md", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        found["contacts/device.md"] = ("contacts/device.md:1: -: a character device, not a "
                                       "note; skipped, never opened")
    os.mkfifo(root / "infoview.yml")
    os.mkfifo(root / "questions.yml")
    (root / "templates").mkdir()
    os.mkfifo(root / "templates" / "request.txt")
    for name in ("infoview.yml", "questions.yml", "templates/request.txt"):
        found[name] = f"{name}:1: -: cannot read the file: it is a FIFO (named pipe), not a file"
    return found


def _infoview(*args: str) -> subprocess.CompletedProcess:
    # A hang would be the bug: a real process, with a time limit.
    return subprocess.run([sys.executable, "-m", "infoview_build", *args], capture_output=True,
                          text=True, timeout=120, check=False)


def test_check_reports_every_entry_that_is_not_a_file_and_never_hangs(tmp_path: Path) -> None:
    root = _kb(tmp_path / "kb")
    found = _odd_entries(root)
    result = _infoview("check", "--root", str(root), "--today", EXAMPLE_DAY)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for message in found.values():
        assert message in result.stdout, result.stdout


def test_other_commands_skip_them_without_opening_them(tmp_path: Path) -> None:
    root = _kb(tmp_path / "kb")
    _odd_entries(root)
    for name in ("infoview.yml", "questions.yml", "templates"):  # these make errors
        path = root / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    result = _infoview("mark", "replied", "ada-quill", "--root", str(root),
                       "--today", EXAMPLE_DAY)
    assert result.returncode == 0, result.stderr
    assert "errors in other files" in result.stderr
    assert "replied_on: 2026-12-01" in (root / "contacts" / "ada-quill.md").read_text()
    listing = _infoview("list", "contacts", "--root", str(root), "--today", EXAMPLE_DAY)
    assert listing.returncode == 1 and "Traceback" not in listing.stderr


def test_a_page_in_docs_that_is_not_a_file_stops_the_build(tmp_path: Path) -> None:
    root = _example(tmp_path / "kb")
    os.mkfifo(root / "docs" / "waiting.md")
    result = _infoview("build", "--root", str(root), "--today", EXAMPLE_DAY)
    assert result.returncode == 1
    assert f"Error: {root}/docs/waiting.md is a FIFO (named pipe), not a file" in result.stderr


# -- a read-only note, check of questions.yml and templates ---------------------------------


def test_mark_refuses_a_read_only_note_unless_forced(tmp_path: Path) -> None:
    root = _kb(tmp_path / "kb")
    note = root / "contacts" / "ada-quill.md"
    note.chmod(0o444)
    code, output = _run("mark", "replied", "ada-quill", "--root", str(root),
                        "--today", EXAMPLE_DAY)
    assert code == 1
    assert output.startswith("Error: contacts/ada-quill.md is read-only; nothing was written")
    assert note.read_text() == ADA
    code, output = _run("mark", "replied", "ada-quill", "--root", str(root),
                        "--today", EXAMPLE_DAY, "--force")
    assert code == 0, output
    assert note.read_text().endswith("replied_on: 2026-12-01\n---\n")
    assert note.stat().st_mode & 0o777 == 0o444


def test_check_finds_a_broken_question_bank_and_templates_at_their_lines(tmp_path) -> None:
    root = _kb(tmp_path / "kb")
    (root / "questions.yml").write_text(
        "growth:\n  - Where do people go from here?\n  - yes\ngrwoth:\n  - What next?\n"
        "culture: How do teams decide?\n")
    (root / "templates").mkdir()
    (root / "templates" / "request.txt").write_text("Subject: hi\n\n{% if owner %}\nHello\n")
    (root / "templates" / "notes.txt").write_text("mine\n")
    code, output = _run("check", "--root", str(root), "--today", EXAMPLE_DAY)
    assert code == 1
    lines = output.splitlines()
    assert lines[4].startswith("templates/request.txt:3: -: template syntax: Unexpected end of "
                               "template.")  # at the 'if' left open; Jinja words the rest
    assert lines[:4] == [
        "questions.yml:3: growth: YAML reads 'yes' as a yes/no value, not text "
        "— put it in quotes",
        "questions.yml:4: grwoth: 'grwoth' is not a topic — did you mean 'growth'?",
        "questions.yml:6: culture: must be a list of questions — write each question on its "
        "own line, after '- '",
        "templates/notes.txt:1: -: warning: not a template infoview uses; ignored — the draft "
        "templates are follow-up.txt, request.txt, signature.txt, thank-you.txt",
    ]


# -- export -o ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["mkdocs.yml", "infoview.yml", "questions.yml",
                                  "contacts/all.json", "docs/notes.json", "templates/x.txt",
                                  files.LOCK_FILE])
def test_export_never_writes_over_the_knowledge_base(tmp_path: Path, name: str) -> None:
    root = _example(tmp_path / "kb")
    (root / "infoview.yml").write_text("follow_up_after_days: 7\n")
    before = _tree(root)
    code, output = _run("export", "json", "--root", str(root), "--today", EXAMPLE_DAY,
                        "-o", str(root / name))
    assert code == 1
    assert output.startswith(f"Error: refusing to write {root / name}: it is part of the "
                             "knowledge base"), output
    assert _tree(root) == before


def test_export_writes_into_a_fifo_as_a_shell_would(tmp_path: Path) -> None:
    root = _example(tmp_path / "kb")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, output = _run("export", "json", "--root", str(root), "--today", EXAMPLE_DAY,
                        "-o", str(fifo))
    reader.join(60)
    assert code == 0, output
    assert received and received[0].startswith(b"{")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_to_a_device_writes_into_it(tmp_path: Path) -> None:
    root = _example(tmp_path / "kb")
    code, output = _run("export", "csv", "--root", str(root), "--today", EXAMPLE_DAY,
                        "-o", "/dev/null")
    assert code == 0, output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_to_dev_stdout_in_a_pipe(tmp_path: Path) -> None:
    root = _example(tmp_path / "kb")
    result = _infoview("export", "json", "--root", str(root), "--today", EXAMPLE_DAY,
                       "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("{")


# -- the site folder ------------------------------------------------------------------------


def _build(root: Path, *more: str) -> tuple[int, str]:
    return _run("build", "--root", str(root), "--today", EXAMPLE_DAY, "--public", *more)


def _build_private(root: Path, *more: str) -> tuple[int, str]:
    return _run("build", "--root", str(root), "--today", EXAMPLE_DAY, *more)


def test_a_failed_build_leaves_the_last_good_site(tmp_path: Path) -> None:
    root = _example(tmp_path / "kb")
    assert _build(root)[0] == 0
    site = _tree(root / "site")
    (root / "docs" / "about.md").write_text("# About\n\n[gone](missing-page.md)\n")
    code, output = _build(root, "--strict")  # MkDocs aborts only once every page is written
    assert code == 1, output
    assert _tree(root / "site") == site
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site.")) == []


def test_an_interrupted_build_is_tidied_by_the_next(tmp_path: Path) -> None:
    root = _example(tmp_path / "kb")
    assert _build(root)[0] == 0
    left = root / ".site.infoview-build-dead"  # as a build killed half-way leaves it
    shutil.copytree(root / "site", left)
    assert _build(root)[0] == 0
    assert not left.exists()
    assert (root / "site" / "index.html").is_file()


_PUBLIC_REFUSED = "it is a public site that this knowledge base did not build there"


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_a_site_of_another_knowledge_base_is_refused(tmp_path: Path, public: bool) -> None:
    first, second = _example(tmp_path / "one"), _example(tmp_path / "two")
    site = tmp_path / "site"
    build = _build if public else _build_private
    assert build(first, "--site-dir", str(site))[0] == 0
    before = _tree(site)
    code, output = build(second, "--site-dir", str(site))
    assert code == 1
    assert output.splitlines()[-1].startswith(
        f"Error: refusing to build the site into {site}: " + (_PUBLIC_REFUSED if public else
        f"it is the site of another knowledge base ({first}); choose another --site-dir"))
    assert _tree(site) == before


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_a_copied_site_is_refused(tmp_path: Path, public: bool) -> None:
    root = _example(tmp_path / "kb")
    build = _build if public else _build_private
    assert build(root)[0] == 0
    copy = tmp_path / "backup"
    shutil.copytree(root / "site", copy)
    (copy / "my-notes.txt").write_text("keep me")
    code, output = build(root, "--site-dir", str(copy))
    assert code == 1
    assert (_PUBLIC_REFUSED if public else f"it is a copy of the site in {root / 'site'}") \
        in output
    assert (copy / "my-notes.txt").read_text() == "keep me"


def test_a_marker_that_names_no_knowledge_base_is_refused(tmp_path: Path) -> None:
    root = _example(tmp_path / "kb")
    site = tmp_path / "site"
    site.mkdir()
    (site / files.SITE_MARKER).write_text("This folder is built by infoview.\n")
    (site / "photo.jpg").write_bytes(b"keep")
    code, output = _build(root, "--site-dir", str(site))
    assert code == 1
    assert "does not say which knowledge base built it" in output
    assert (site / "photo.jpg").read_bytes() == b"keep"


ADA_CARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Quill\nEMAIL:ada@northwind.example\nEND:VCARD\n"


def test_import_update_leaves_a_read_only_note_unless_forced(tmp_path: Path) -> None:
    root = _kb(tmp_path / "kb")
    note = root / "contacts" / "ada-quill.md"
    note.chmod(0o444)
    (tmp_path / "ada.vcf").write_text(ADA_CARD)
    args = ("import", "vcard", str(tmp_path / "ada.vcf"), "--update", "--root", str(root),
            "--today", EXAMPLE_DAY)
    code, output = _run(*args)
    assert code == 0, output
    assert "its file is read-only (add --force to fill it in anyway)" in output
    assert note.read_text() == ADA
    code, output = _run(*args, "--force")
    assert code == 0, output
    assert note.read_text().endswith("email: ada@northwind.example\n---\n")
    assert note.stat().st_mode & 0o777 == 0o444


@pytest.mark.parametrize("read_only", ["contacts/ada-quill.md",
                                       "interviews/2026-11-20-cora-lind.md"])
def test_rename_refuses_a_read_only_note_unless_forced(tmp_path: Path, read_only: str) -> None:
    root = _kb(tmp_path / "kb")
    (root / "contacts" / "cora-lind.md").write_text("---\nname: Cora Lind\n---\n")
    (root / "interviews" / "2026-11-20-cora-lind.md").write_text(
        "---\ncontact: cora-lind\ndate: 2026-11-20\nreferrals: [ada-quill]\n---\n")
    (root / read_only).chmod(0o444)
    before = _tree(root)
    code, output = _run("rename", "ada-quill", "ada-q", "--root", str(root),
                        "--today", EXAMPLE_DAY)
    assert (code, output) == (1, f"Error: {read_only} is read-only; nothing was written — add "
                                 f"--force to change it anyway, or make it writable (chmod u+w "
                                 f"{read_only})\n")
    assert _tree(root) == before
    code, output = _run("rename", "ada-quill", "ada-q", "--root", str(root),
                        "--today", EXAMPLE_DAY, "--force")
    assert code == 0, output
    assert (root / "contacts" / "ada-q.md").read_text() == ADA
    assert "ada-q" in (root / "interviews" / "2026-11-20-cora-lind.md").read_text()


def test_a_change_refuses_a_read_only_note_unless_forced(tmp_path: Path) -> None:
    from infoview_build.notes.errors import InfoviewError

    root = _kb(tmp_path / "kb")
    note = root / "contacts" / "ada-quill.md"
    note.chmod(0o444)
    for step in ("write", "remove", "move"):
        with pytest.raises(InfoviewError, match="is read-only; nothing was written"), \
                files.change(root) as change:
            getattr(change, step)("contacts/ada-quill.md",
                                  *(["x"] if step == "write" else ["contacts/a.md"]
                                    if step == "move" else []))
        assert note.read_text() == ADA
    with files.change(root, force=True) as change:
        change.remove("contacts/ada-quill.md")
    assert not note.exists()
