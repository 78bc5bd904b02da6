"""What infoview prints is safe to paste and to show: commands in hints are shell-quoted,
hidden characters from file names and notes are escaped, a broken $EDITOR is one line."""

from __future__ import annotations

import json
import shlex
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview_build.cli import main
from infoview_build.notes.terminal import command, printable, printable_json

from kb_notes import write_kb

TODAY = "2026-12-10"
HOSTILE = "2026-11-29-bram-okafor;touch PWNED;$(touch PWNED2)"
HIDDEN = ["\x1b]0;owned\x07", "\x9b31m", "\u202e", "\u2066", "\u200e", "\u200b", "\u2028",
          "\U000e0041"]
"""An OSC title change, a C1 CSI, bidi override and isolate, a direction mark, a zero-width
space, a line separator and a tag character."""


def run(root: Path, *args: str, env: dict | None = None, today: bool = True):
    return CliRunner().invoke(main, [*args, "--root", str(root)]
                              + ["--today", TODAY] * today, env=env)


def pasted(line: str, after: str) -> list[str]:
    """The words a POSIX shell would run for the command printed after ``after``."""
    return shlex.split(line.split(after, 1)[1])


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return write_kb(tmp_path, contacts={"bram-okafor": {"name": "Bram Okafor"}})


def test_the_edit_hint_quotes_a_hostile_file_name(kb, tmp_path) -> None:
    (kb / "interviews" / f"{HOSTILE}.md").write_text(
        "---\ncontact: bram-okafor\ndate: 2026-11-29\n---\n", encoding="utf-8")
    result = run(kb, "edit", HOSTILE, env={"VISUAL": "", "EDITOR": "true"})
    assert result.exit_code == 1
    last = result.stderr.splitlines()[-1]
    assert last.startswith("Error: ")
    assert pasted(last, "with: ") == ["infoview", "edit", HOSTILE]


def test_the_new_contact_hint_quotes_a_hostile_name(kb) -> None:
    result = run(kb, "new", "contact", "Cleo Marsh", "--introduced-by", "Zed $(touch PWNED)",
                 today=False)
    assert result.exit_code == 1
    assert pasted(result.stderr.strip(), "add them first: ") == [
        "infoview", "new", "contact", "Zed $(touch PWNED)"]


def test_checklist_hints_quote_the_slug(tmp_path) -> None:
    from infoview_build.notes.model import Config, Contact, KnowledgeBase
    from infoview_build.plan.checklists import checklists

    slug = "ada;touch PWNED"
    contact = Contact(slug=slug, path=f"contacts/{slug}.md", name="Ada Quill",
                      requested_on=date(2026, 11, 1))
    kb = KnowledgeBase(tmp_path, Config(), {slug: contact}, {}, [])
    [item] = checklists(kb, date(2026, 12, 10))
    assert [shlex.split(c) for c in item.commands] == [
        ["infoview", "draft", "follow-up", slug], ["infoview", "mark", "followed-up", slug]]


def test_command_quotes_only_what_needs_it() -> None:
    assert command("mark", "thanked", "2026-11-24-bram-okafor") == \
        "infoview mark thanked 2026-11-24-bram-okafor"
    assert command("new", "contact", "Ada Quill") == "infoview new contact 'Ada Quill'"


@pytest.mark.parametrize("hidden", HIDDEN)
def test_check_shows_hidden_characters_of_file_names_escaped(kb, hidden) -> None:
    name = f"evil{hidden}name"
    (kb / "contacts" / f"{name}.md").write_text("---\nname: Evil Name\n---\n",
                                                encoding="utf-8")
    result = run(kb, "check")
    assert result.exit_code == 1
    assert hidden not in result.output
    assert f"contacts/{printable(name)}.md:1: -:" in result.stdout


def test_a_file_name_that_is_not_utf8_is_shown_escaped(kb) -> None:
    if sys.platform == "darwin":
        pytest.skip("macOS file systems refuse names that are not UTF-8")
    (kb / "contacts" / "caf\udce9.md").write_bytes(b"---\nname: Cafe\n---\n")
    result = run(kb, "check")
    assert "contacts/caf\\udce9.md:1: -:" in result.stdout


@pytest.mark.parametrize("hidden", [h for h in HIDDEN if h != "\u2028"])  # YAML: a line break
def test_list_and_errors_escape_hidden_characters_from_notes(kb, hidden) -> None:
    write_kb(kb, contacts={"ada-quill": {"name": f"Ada {hidden}Quill", "company": "Northwind"}})
    text = run(kb, "list", "contacts")
    assert hidden not in text.output
    assert printable(f"Ada {hidden}Quill") in text.stdout
    as_json = run(kb, "list", "contacts", "--format", "json")
    assert hidden not in as_json.stdout
    names = [row["name"] for row in json.loads(as_json.stdout)]
    assert f"Ada {hidden}Quill" in names
    missing = run(kb, "show", f"zed{hidden}")
    assert missing.exit_code == 1
    assert hidden not in missing.output
    assert len(missing.stderr.splitlines()) == 1


def test_printable_json_is_the_same_json() -> None:
    text = json.dumps({"name": "".join(HIDDEN), "é": "ok"}, ensure_ascii=False, indent=2)
    safe = printable_json(text)
    assert json.loads(safe) == json.loads(text)
    assert all(hidden not in safe for hidden in HIDDEN)
    assert "é" in safe


@pytest.mark.parametrize(("editor", "says"), [
    ("vim 'notes", "$EDITOR is not a command (no closing quotation)"),
    ("no-such-editor-program --wait", "$EDITOR names 'no-such-editor-program', which is no "
     "program here"),
])
def test_an_unusable_editor_is_one_error_line(kb, editor, says) -> None:
    result = run(kb, "edit", "bram-okafor", env={"VISUAL": "", "EDITOR": editor})
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"Error: {says}")
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("name", ["con", "prn", "aux", "nul", "com1", "lpt9"])
def test_windows_device_names_are_a_warning(kb, name) -> None:
    write_kb(kb, contacts={name: {"name": "Ada Quill"}})
    result = run(kb, "check")
    assert result.exit_code == 0
    assert (f"contacts/{name}.md:1: -: warning: '{name}.md' is a name Windows keeps for a "
            f"device") in result.stdout
    assert pasted(result.stdout.split("\n")[0], "give it another: ") == [
        "infoview", "rename", name, f"{name}-2"]


@pytest.mark.parametrize("name", ["AUX", "Con.notes", "lpt1.txt"])
def test_windows_device_names_with_any_case_or_extension_are_a_warning(kb, name) -> None:
    (kb / "contacts" / f"{name}.md").write_text("---\nname: Ada Quill\n---\n",
                                                encoding="utf-8")
    result = run(kb, "check")
    assert f"contacts/{name}.md:1: -: warning: '{name}.md' is a name Windows keeps" \
        in result.stdout


@pytest.mark.parametrize("name", ["console", "com10", "auxiliary", "nul-and-void"])
def test_names_that_only_start_like_a_device_are_fine(kb, name) -> None:
    write_kb(kb, contacts={name: {"name": "Ada Quill"}})
    assert "Windows" not in run(kb, "check").output


@pytest.mark.parametrize("hidden", HIDDEN)
def test_the_list_of_left_out_files_shows_their_names_escaped(kb, hidden) -> None:
    name = f"evil{hidden}name"
    (kb / "contacts" / f"{name}.md").write_text("---\nname: Evil Name\n---\n",
                                                encoding="utf-8")
    result = run(kb, "list", "contacts")
    assert result.exit_code == 1
    assert hidden not in result.output
    assert f"leaves out: contacts/{printable(name)}.md" in result.stderr


def test_hints_naming_a_slug_are_quoted_where_they_name_a_command(kb) -> None:
    result = run(kb, "rename", "bram-okafor", "Bram O'Kafor; rm -rf ~")
    assert result.exit_code == 1
    assert pasted(result.stderr.strip(), "': ") == ["infoview", "rename", "bram-okafor",
                                                    "bram-o-kafor-rm-rf"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("ab -_.'\"$ é\n\t@%+=:,/"), max_size=6),
                max_size=5))
def test_command_is_shlex_quote_word_by_word(words) -> None:
    assert command(*words) == " ".join(["infoview", *(shlex.quote(w) for w in words)])
    assert shlex.split(command(*words)) == ["infoview", *words]


def test_a_draft_shows_hidden_characters_of_a_name_escaped(kb) -> None:
    write_kb(kb, contacts={"ada-quill": {"name": "Ada Quill", "why": "platform work",
                                         "found_via": "her \x1b]0;owned\x07talk"}},
             config="owner:\n  name: Robin Vega\n  email: robin@example.com\n")
    result = run(kb, "draft", "request", "ada-quill")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "your \\x1b]0;owned\\x07talk" in result.stdout
