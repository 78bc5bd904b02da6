"""A to-do list that survives a broken note: ``todo`` and ``list`` show what the valid
notes say, name the broken files first on stderr, keep stdout valid, and exit 1."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_site import _copy_example, _free_port, _get, _wait_for

from infoview_build.cli import main

from conftest import EXAMPLE_DAY
from kb_notes import day, write_kb

TODAY = "2026-12-01"


@pytest.fixture
def kb(tmp_path):
    write_kb(tmp_path, {
        "ada-quill": {"name": "Ada Quill", "requested_on": day("2026-11-01")},
        "bram-okafor": {"name": "Bram Okafor", "replied_on": day("2026-11-28")},
    }, {"2026-11-20-bram-okafor": {"contact": "bram-okafor", "date": day("2026-11-20"),
                                   "body": "Notes.\n"}})
    # Half-saved in an editor: the closing quote is not typed yet.
    (tmp_path / "contacts" / "cora-lindqvist.md").write_text(
        '---\nname: "Cora Lindqvist\nrequested_on: 2026-11-01\n---\n', encoding="utf-8")
    (tmp_path / "interviews" / "2026-11-25-ada-quill.md").write_text(
        "---\ncontact: ada-quill\ndate: 2026-11-31\n---\n", encoding="utf-8")
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_todo_shows_the_valid_notes_and_names_the_broken_ones(kb, fmt) -> None:
    result = run("todo", "--root", str(kb), "--today", TODAY, "--format", fmt)
    assert result.exit_code == 1
    last = result.stderr.splitlines()[-1]
    assert last == ("Error: 2 files have errors; the to-do list leaves out: "
                    "contacts/cora-lindqvist.md, interviews/2026-11-25-ada-quill.md")
    assert "contacts/cora-lindqvist.md:2:" in result.stderr
    assert "interviews/2026-11-25-ada-quill.md:3: date:" in result.stderr
    if fmt == "json":
        items = json.loads(result.stdout)
        assert [(i["checklist"], i["contact"]) for i in items] == \
            [("follow-up", "ada-quill"), ("thank-you", "bram-okafor")]
    else:
        assert "Ada Quill one polite follow-up" in result.stdout
        assert "Cora" not in result.stdout


def test_the_broken_files_come_before_the_list(kb) -> None:
    # CliRunner's .output interleaves stderr and stdout in the order they were written.
    result = run("todo", "--root", str(kb), "--today", TODAY)
    assert result.output.index("Error: 2 files have errors") < result.output.index("To do on")


@pytest.mark.parametrize("kind", ["contacts", "interviews"])
def test_list_shows_the_valid_notes_and_exits_1(kb, kind) -> None:
    result = run("list", kind, "--root", str(kb), "--today", TODAY, "--format", "json")
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    expected = {"contacts": ["ada-quill", "bram-okafor"],
                "interviews": ["2026-11-20-bram-okafor"]}[kind]
    assert [row["slug"] for row in rows] == expected
    assert result.stderr.endswith("the list leaves out: contacts/cora-lindqvist.md, "
                                  "interviews/2026-11-25-ada-quill.md\n")


def test_an_interview_goes_with_its_broken_contact_and_is_named(tmp_path) -> None:
    write_kb(tmp_path, {"bram-okafor": {"name": "Bram Okafor", "introduced_by": "ada-quill",
                                        "requested_on": day("2026-11-01")}},
             {"2026-11-20-ada-quill": {"contact": "ada-quill", "date": day("2026-11-20"),
                                       "body": "Notes.\n"}})
    (tmp_path / "contacts" / "ada-quill.md").write_text(
        "---\nname: Ada Quill\nemail: ada@\n---\n", encoding="utf-8")
    result = run("todo", "--root", str(tmp_path), "--today", TODAY, "--format", "json")
    assert result.exit_code == 1
    assert [i["contact"] for i in json.loads(result.stdout)] == ["bram-okafor"]
    assert result.stderr.endswith(
        "Error: 1 file has errors; the to-do list leaves out: contacts/ada-quill.md; and, as "
        "their contact has errors, interviews/2026-11-20-ada-quill.md\n")
    listed = run("list", "contacts", "--root", str(tmp_path), "--today", TODAY,
                 "--format", "json")
    assert [row["slug"] for row in json.loads(listed.stdout)] == ["bram-okafor"]


def test_warnings_alone_keep_exit_0_and_stderr_quiet(tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {"name": "Ada Quill", "requested_on": day("2026-12-05")}})
    result = run("todo", "--root", str(tmp_path), "--today", TODAY)
    assert (result.exit_code, result.stderr) == (0, "")


def test_serve_starts_with_a_broken_note_and_shows_the_rest(tmp_path) -> None:
    root = _copy_example(tmp_path / "kb")
    note = root / "contacts" / "ada-quill.md"
    good = note.read_text(encoding="utf-8")
    note.write_text(good.replace("role: Staff Engineer", 'role: "Staff Engineer'),
                    encoding="utf-8")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"

    def get(path: str) -> str:
        try:
            return _get(base + path)
        except urllib.error.HTTPError as exc:
            return f"HTTP {exc.code}"

    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "infoview"), "serve", "--root", str(root),
             "--today", EXAMPLE_DAY, "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT)
    try:
        assert _wait_for(lambda: "Bram Okafor" in get("/contacts/bram-okafor.html"), 60), \
            log.read_text()
        text = log.read_text()
        assert "contacts/ada-quill.md:3: role: the quote \" opened on this line" in text
        assert "the site leaves out: contacts/ada-quill.md" in text
        assert get("/contacts/ada-quill.html") == "HTTP 404"
        note.write_text(good, encoding="utf-8")
        assert _wait_for(lambda: "Staff Engineer" in get("/contacts/ada-quill.html"), 60), \
            log.read_text()
        assert "Traceback" not in log.read_text()
    finally:
        server.terminate()
        server.wait(10)
