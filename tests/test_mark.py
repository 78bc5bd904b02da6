"""``infoview mark``: one event, one changed line, everything else byte for byte.

Golden files: tests/golden/mark/kb/ is a small knowledge base (with comments, odd quoting,
CRLF line endings and a BOM); for each case in CASES, expected/<case>.md is the marked
file afterwards and expected/<case>.out what the command prints. After a deliberate change,
regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_mark.py

and read the diff of tests/golden/mark/expected/ before committing it.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from infoview_build.cli import main
from infoview_build.edit import mark as marking
from infoview_build.edit.files import LOCK_FILE
from infoview_build.edit.notetext import yaml_text
from infoview_build.notes import load
from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.plan.stages import stage

from conftest import REPO, UPDATE_GOLDEN, golden

GOLDEN = Path(__file__).parent / "golden" / "mark"
KB = GOLDEN / "kb"
TODAY = "2026-12-10"

CASES = {
    # a blank key with a trailing comment is filled in; the comment stays
    "followed-up-fills-blank-key": ("contacts/ada-quill.md",
                                    ["followed-up", "ada-quill", "--on", "2026-11-27"]),
    # CRLF and a BOM: the new line ends in CRLF, the BOM stays
    "replied-adds-line-crlf-bom": ("contacts/bram-okafor.md",
                                   ["replied", "bram-okafor", "--on", "2026-12-01"]),
    # a key the file does not have goes just before the closing '---'
    "requested-adds-line": ("contacts/cora-lindqvist.md", ["requested", "cora-lindqvist"]),
    # --force replaces a different date and keeps the comment after it
    "declined-force-keeps-comment": ("contacts/dev-raman.md",
                                     ["declined", "dev-raman", "--on", "2026-11-05", "--force"]),
    # a quoted date is replaced by a plain one; nothing else on the line moves
    "requested-force-quoted": ("contacts/dev-raman.md",
                               ["requested", "dev-raman", "--on", "2026-10-21", "--force"]),
    # a contact slug names their one held interview without a thank-you
    "thanked-via-contact-crlf-bom": ("interviews/2026-12-01-elif-sato.md",
                                     ["thanked", "elif-sato", "--on", "2026-12-02"]),
    # --gift is the one mark that adds two lines; a gift with ': ' is quoted
    "thanked-with-gift": ("interviews/2026-12-03-ada-quill.md",
                          ["thanked", "2026-12-03-ada-quill", "--gift", "a book: Team Topologies"]),
    # done: added to an item that has none, indented like the item's keys
    "done-adds-line": ("interviews/2026-12-03-ada-quill.md",
                       ["done", "2026-12-03-ada-quill", "2"]),
    "done-adds-line-last-item": ("interviews/2026-12-03-ada-quill.md",
                                 ["done", "2026-12-03-ada-quill", "3"]),
    # done: false becomes true in a CRLF file; its comment stays
    "done-replaces-crlf-bom": ("interviews/2026-12-01-elif-sato.md",
                               ["done", "2026-12-01-elif-sato", "2"]),
    "cancelled-adds-line": ("interviews/2026-12-03-ada-quill.md",
                            ["cancelled", "2026-12-03-ada-quill"]),
}


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(KB, root)
    return root


def run(root: Path, *args: str, env: dict | None = None):
    argv = ["mark", *args, "--root", str(root)]
    if not (env and "INFOVIEW_TODAY" in env) and "--today" not in args:
        argv += ["--today", TODAY]
    return CliRunner().invoke(main, argv, env=env)


def tree(root: Path) -> dict[str, bytes]:
    """Every file but the lock file, which a mark leaves (empty) at the root."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != LOCK_FILE}


def lines_added_or_replaced(old: list[bytes], new: list[bytes]) -> int:
    """How many lines of ``new`` are not in ``old``, when nothing was removed; else -1."""
    ops = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    counts = [(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal"]
    if any(removed > added for removed, added in counts):
        return -1
    return sum(added for _removed, added in counts)


@pytest.mark.parametrize("case", sorted(CASES))
def test_mark_changes_one_line_and_nothing_else(kb: Path, case: str) -> None:
    rel, args = CASES[case]
    before = tree(kb)
    result = run(kb, *args)
    assert result.exit_code == 0, result.output
    after = tree(kb)
    expected_file = GOLDEN / "expected" / f"{case}.md"
    expected_out = GOLDEN / "expected" / f"{case}.out"
    if UPDATE_GOLDEN:  # bytes, not text: the CRLF and BOM cases must stay as they are
        expected_file.write_bytes(after[rel])
    assert after[rel] == expected_file.read_bytes()
    golden(expected_out, result.stdout)
    assert {k: v for k, v in after.items() if k != rel} == \
        {k: v for k, v in before.items() if k != rel}
    old, new = before[rel].splitlines(keepends=True), after[rel].splitlines(keepends=True)
    assert lines_added_or_replaced(old, new) == (2 if "--gift" in args else 1)
    check = CliRunner().invoke(main, ["check", "--root", str(kb), "--today", TODAY])
    assert check.exit_code == 0, check.output


def test_git_diff_of_a_mark_is_one_line(kb: Path) -> None:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                               "-c", "core.autocrlf=false", *args], cwd=kb, check=True,
                              capture_output=True, text=True).stdout

    git("init", "-q", ".")
    git("add", "-A")
    git("commit", "-qm", "notes")
    assert run(kb, "replied", "bram-okafor", "--on", "2026-12-01").exit_code == 0
    assert run(kb, "followed-up", "ada-quill", "--on", "2026-11-27").exit_code == 0
    assert git("diff", "--numstat") == ("1\t1\tcontacts/ada-quill.md\n"
                                        "1\t0\tcontacts/bram-okafor.md\n")


@pytest.mark.parametrize("variant", ["lf", "crlf", "bom-crlf"])
def test_every_example_note_takes_every_mark_with_one_line(tmp_path: Path, variant: str) -> None:
    root = tmp_path / "kb"
    for folder in ("contacts", "interviews"):
        shutil.copytree(REPO / folder, root / folder)
    for path in root.rglob("*.md"):
        raw = path.read_bytes()
        if variant != "lf":
            raw = raw.replace(b"\n", b"\r\n")
        path.write_bytes((b"\xef\xbb\xbf" if variant == "bom-crlf" else b"") + raw)
    marks = [("declined", slug, "--on", "2026-12-31", "--force")
             for slug in marking.note_slugs(root, "contacts")]
    kb = load_knowledge_base(root, date(2026, 12, 31))
    for interview in kb.interviews.values():
        marks.append(("cancelled", interview.slug))
        marks.append(("thanked", interview.slug, "--on", "2026-12-31", "--force"))
        marks += [("done", interview.slug, str(n)) for n in range(1, len(interview.actions) + 1)]
    for args in marks:
        before = tree(root)
        result = run(root, *args, "--today", "2026-12-31")
        assert result.exit_code == 0, (args, result.output)
        after = tree(root)
        changed = [rel for rel in after if after[rel] != before[rel]]
        assert len(changed) <= 1, args
        for rel in changed:
            old, new = before[rel].splitlines(True), after[rel].splitlines(True)
            assert lines_added_or_replaced(old, new) == 1, args
            assert all(line.endswith(b"\r\n") for line in new) == (variant != "lf"), args
    check = CliRunner().invoke(main, ["check", "--root", str(root), "--today", "2026-12-31"])
    assert check.exit_code == 0, check.output


def test_golden_cases_cover_crlf_bom_and_comments() -> None:
    marked = {rel for rel, _ in CASES.values()}
    raw = [(KB / rel).read_bytes() for rel in marked]
    assert any(r.startswith(b"\xef\xbb\xbf") and b"\r\n" in r for r in raw)
    assert any(b"# " in r for r in raw)


# -- the same event again, other dates, refusals -------------------------------------------


def assert_refused(kb: Path, result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"
    assert tree(kb) == tree(KB)


def test_same_date_again_is_a_no_op(kb: Path) -> None:
    result = run(kb, "requested", "ada-quill", "--on", "2026-11-20")
    assert result.exit_code == 0
    assert result.stdout == ("contacts/ada-quill.md: requested_on is already 2026-11-20; "
                             "nothing changed\nada-quill: stage interviewed\n")
    assert tree(kb) == tree(KB)


def test_marking_twice_changes_the_file_once(kb: Path) -> None:
    assert run(kb, "thanked", "2026-12-03-ada-quill", "--gift", "coffee").exit_code == 0
    once = tree(kb)
    result = run(kb, "thanked", "2026-12-03-ada-quill", "--gift", "coffee")
    assert result.exit_code == 0
    assert result.stdout.startswith("interviews/2026-12-03-ada-quill.md: thanked_on is already "
                                    "2026-12-10 and gift is already coffee; nothing changed\n")
    assert tree(kb) == once


def test_a_different_date_asks_for_force(kb: Path) -> None:
    result = run(kb, "requested", "ada-quill", "--on", "2026-11-21")
    assert_refused(kb, result, "contacts/ada-quill.md: requested_on is already 2026-11-20; "
                   "add --force to change it to 2026-11-21")


def test_a_different_gift_asks_for_force(kb: Path) -> None:
    assert run(kb, "thanked", "elif-sato", "--on", "2026-12-02", "--gift", "tea").exit_code == 0
    result = run(kb, "thanked", "elif-sato", "--on", "2026-12-02", "--gift", "cake")
    assert result.exit_code == 1
    assert result.stderr == ("Error: interviews/2026-12-01-elif-sato.md: gift is already tea; "
                             "add --force to change it to cake\n")


def test_follow_up_before_request_is_refused(kb: Path) -> None:
    result = run(kb, "followed-up", "ada-quill", "--on", "2026-11-01")
    assert_refused(kb, result, "not marked: contacts/ada-quill.md would not pass 'infoview check':"
                   "\n  contacts/ada-quill.md:14: followed_up_on: 2026-11-01 is before "
                   "requested_on (2026-11-20) — fix whichever date is wrong")


def test_thank_you_before_the_interview_is_refused(kb: Path) -> None:
    result = run(kb, "thanked", "2026-12-03-ada-quill", "--on", "2026-12-02")
    assert_refused(kb, result, "not marked: interviews/2026-12-03-ada-quill.md would not pass "
                   "'infoview check':\n  interviews/2026-12-03-ada-quill.md:17: thanked_on: "
                   "2026-12-02 is before the interview (2026-12-03) — fix whichever date is wrong")


def test_unknown_contact_is_refused_with_a_suggestion(kb: Path) -> None:
    assert_refused(kb, run(kb, "replied", "ada-qill"), "no contact 'ada-qill'; did you mean "
                   "'ada-quill'?")
    assert_refused(kb, run(kb, "thanked", "nobody-at-all"), "no interview or contact "
                   "'nobody-at-all'")
    assert_refused(kb, run(kb, "cancelled", "2026-12-03-adaq"), "no interview or contact "
                   "'2026-12-03-adaq'; did you mean '2026-12-03-ada-quill'?")


def test_a_contact_with_two_interviews_to_thank_must_name_one(kb: Path) -> None:
    assert_refused(kb, run(kb, "thanked", "farah-nguyen"), "farah-nguyen has 2 interviews "
                   "without a thank-you (2026-11-25-farah-nguyen, 2026-12-02-farah-nguyen); name "
                   "one: infoview mark thanked INTERVIEW")


def test_a_contact_with_nothing_to_thank_is_refused(kb: Path) -> None:
    assert_refused(kb, run(kb, "thanked", "cora-lindqvist"), "cora-lindqvist has no interview "
                   "on or before 2026-12-10 without a thank-you; name the interview: infoview "
                   "mark thanked INTERVIEW")


def test_values_over_several_lines_are_left_to_the_editor(kb: Path) -> None:
    assert_refused(kb, run(kb, "requested", "gus-whitfield", "--force"),
                   "cannot mark contacts/gus-whitfield.md: the value of 'requested_on' is a "
                   "block of several lines; edit it by hand")
    assert_refused(kb, run(kb, "replied", "gus-whitfield", "--force"),
                   "cannot mark contacts/gus-whitfield.md: the value of 'replied_on' spans "
                   "several lines; edit it by hand")


def test_action_number_out_of_range(kb: Path) -> None:
    assert_refused(kb, run(kb, "done", "2026-12-03-ada-quill", "4"),
                   "interviews/2026-12-03-ada-quill.md has 3 action items, not 4: give a number "
                   "from 1 to 3")
    assert_refused(kb, run(kb, "done", "2026-11-25-farah-nguyen", "1"),
                   "interviews/2026-11-25-farah-nguyen.md has no action items")
    result = run(kb, "done", "2026-12-03-ada-quill", "0")
    assert result.exit_code == 2


def test_actions_written_on_one_line_are_left_to_the_editor(kb: Path) -> None:
    path = kb / "interviews" / "2026-11-25-farah-nguyen.md"
    path.write_text(path.read_text().replace("date: 2026-11-25\n", "date: 2026-11-25\n"
                                             "actions: [{task: Send the deck}]\n"))
    broken = path.read_bytes()
    result = run(kb, "done", "2026-11-25-farah-nguyen", "1")
    assert result.exit_code == 1
    assert result.stderr == ("Error: cannot mark interviews/2026-11-25-farah-nguyen.md: action 1 "
                             "is not written as 'key: value' lines; edit it by hand\n")
    assert path.read_bytes() == broken


def test_done_twice_is_a_no_op(kb: Path) -> None:
    assert run(kb, "done", "2026-12-03-ada-quill", "1").exit_code == 0
    once = tree(kb)
    result = run(kb, "done", "2026-12-03-ada-quill", "1")
    assert result.exit_code == 0
    assert result.stdout == ("interviews/2026-12-03-ada-quill.md: action 1 is already done "
                             "(Send Ada my dashboard write-up); nothing changed\n"
                             "ada-quill: stage interviewed\n")
    assert tree(kb) == once


def test_a_marked_file_with_errors_is_refused(kb: Path) -> None:
    path = kb / "contacts" / "cora-lindqvist.md"
    path.write_text(path.read_text().replace("name:", "nmae:"))
    broken = path.read_bytes()
    result = run(kb, "requested", "cora-lindqvist")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: contacts/cora-lindqvist.md has errors; fix them first (nothing was written):\n"
        "  contacts/cora-lindqvist.md:1: name: required field 'name' is missing — add 'name: "
        "Cora Lindqvist'\n"
        "  contacts/cora-lindqvist.md:2: nmae: unknown field 'nmae' — did you mean 'name'?\n")
    assert path.read_bytes() == broken


def test_errors_in_other_files_warn_but_do_not_stop_a_mark(kb: Path) -> None:
    (kb / "contacts" / "ivo-petrak.md").write_text("---\nname: Ivo\nemail: ivo@\n---\n")
    result = run(kb, "requested", "cora-lindqvist")
    assert result.exit_code == 0
    assert result.stderr == ("Warning: 1 error in other files (see 'infoview check'); "
                             "they do not stop a mark.\n")
    assert b"requested_on: 2026-12-10\n---" in (kb / "contacts" / "cora-lindqvist.md").read_bytes()


def test_a_date_in_the_future_is_written_with_the_checks_warning(kb: Path) -> None:
    result = run(kb, "requested", "cora-lindqvist", "--on", "2026-12-24")
    assert result.exit_code == 0
    assert result.stderr == ("contacts/cora-lindqvist.md:5: requested_on: warning: 2026-12-24 "
                             "is in the future\n")


def test_warnings_the_note_had_before_are_not_repeated(kb: Path) -> None:
    (kb / "interviews" / "2026-11-25-farah-nguyen.md").write_text(
        "---\ncontact: farah-nguyen\ndate: 2026-11-25\n---\n")
    result = run(kb, "thanked", "2026-11-25-farah-nguyen", "--on", "2026-11-26")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_dry_run_shows_the_change_and_writes_nothing(kb: Path) -> None:
    result = run(kb, "requested", "cora-lindqvist", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == ("contacts/cora-lindqvist.md: requested_on: 2026-12-10\n"
                             "cora-lindqvist: stage awaiting-reply\n")
    assert result.stderr == "dry run: nothing was written\n"
    assert tree(kb) == tree(KB)


def test_on_defaults_to_infoview_today(kb: Path) -> None:
    result = run(kb, "requested", "cora-lindqvist", env={"INFOVIEW_TODAY": "2026-12-09"})
    assert result.exit_code == 0
    assert result.stdout.startswith("contacts/cora-lindqvist.md: requested_on: 2026-12-09\n")


def test_a_symlinked_note_is_written_through_the_link(kb: Path, tmp_path: Path) -> None:
    real = kb / "contacts" / "cora-lindqvist.md"
    keep = kb / "notes-cora.md"
    real.rename(keep)
    real.symlink_to(keep)
    assert run(kb, "requested", "cora-lindqvist").exit_code == 0
    assert real.is_symlink()
    assert keep.read_bytes().endswith(b"requested_on: 2026-12-10\n---\n\n"
                                      b"Heads product analytics.\n")


# -- values written as YAML -----------------------------------------------------------------


@pytest.mark.parametrize("gift", [
    "coffee", "a book: Team Topologies", "yes", "2026-12-01", "12", "- lunch", "#1 fan",
    "'quoted'", 'say "hi"', "tab\there", "null", "~", "ends with colon:", "café crème",
    "line\u2028separator", "back\\slash", "[a, b]", "{a: b}", "& more", "*star", "%pct", "@at",
    "!bang", "|pipe", ">gt", "a #b", "?q",
])
def test_gift_text_reads_back_as_written(gift: str) -> None:
    data, problems = load.parse(f"gift: {yaml_text(gift)}\n", 1)
    assert problems == []
    text, plain, _line = data["gift"]
    assert text == gift
    assert not (plain and text != yaml_text(gift))


@given(st.text(max_size=40))
def test_any_gift_text_reads_back_as_written(gift: str) -> None:
    data, problems = load.parse(f"gift: {yaml_text(gift)}  # note\n", 1)
    assert problems == []
    assert data["gift"][0] == gift


# -- shell completion -----------------------------------------------------------------------


def complete(kb: Path, words: str) -> str:
    env = {"_INFOVIEW_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    words = words.replace("KB", str(kb))
    env["COMP_WORDS"] = words
    result = CliRunner().invoke(main, [], env=env, prog_name="infoview")
    assert result.exit_code == 0
    return result.stdout


def test_completion_offers_contact_slugs(kb: Path) -> None:
    assert complete(kb, "infoview mark requested --root KB d") == "plain,dev-raman\n"
    assert complete(kb, "infoview mark replied --root KB ") == "".join(
        f"plain,{s}\n" for s in ["ada-quill", "bram-okafor", "cora-lindqvist", "dev-raman",
                                 "elif-sato", "farah-nguyen", "gus-whitfield"])


def test_completion_offers_interviews_and_contacts_for_thanked(kb: Path) -> None:
    assert complete(kb, "infoview mark thanked --root KB 2026-12") == (
        "plain,2026-12-01-elif-sato\nplain,2026-12-02-farah-nguyen\nplain,2026-12-03-ada-quill\n")
    assert complete(kb, "infoview mark thanked --root KB el") == "plain,elif-sato\n"


def test_completion_offers_interviews_and_contacts_for_done_and_cancelled(kb: Path) -> None:
    assert complete(kb, "infoview mark done --root KB 2026-11") == \
        "plain,2026-11-25-farah-nguyen\n"
    # a contact stands for their next (else last) interview
    assert complete(kb, "infoview mark cancelled --root KB ada") == "plain,ada-quill\n"


def test_completion_offers_open_action_numbers(kb: Path) -> None:
    words = "infoview mark done --root KB 2026-12-01-elif-sato "
    assert complete(kb, words) == "plain,1\nplain,2\n"
    assert run(kb, "done", "2026-12-01-elif-sato", "1").exit_code == 0
    assert complete(kb, words) == "plain,2\n"
    assert complete(kb, "infoview mark done --root KB no-such-interview ") == "\n"


def test_zsh_completion_shows_the_task_of_each_action(kb: Path) -> None:
    env = {"_INFOVIEW_COMPLETE": "zsh_complete", "COMP_CWORD": "6",
           "COMP_WORDS": f"infoview mark done --root {kb} 2026-12-03-ada-quill "}
    result = CliRunner().invoke(main, [], env=env, prog_name="infoview")
    assert result.stdout.split("\n")[:3] == ["plain", "1", "Send Ada my dashboard write-up"]


# -- help -----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["requested", "followed-up", "replied", "declined",
                                     "thanked", "done", "cancelled"])
def test_every_mark_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(main, ["mark", command, "--help"])
    assert result.exit_code == 0
    assert f"\n  Example:\n    infoview mark {command} " in result.stdout
    assert "--root" in result.stdout and "--dry-run" in result.stdout


def test_the_manual_documents_mark_and_completion() -> None:
    readme = (Path(__file__).parent.parent / "docs" / "notes.md").read_text(encoding="utf-8")
    for shell in ("bash", "zsh", "fish"):
        assert f"_INFOVIEW_COMPLETE={shell}_source infoview" in readme
    assert "infoview mark followed-up" in readme


# -- the outreach loop ----------------------------------------------------------------------


def test_outreach_loop_without_an_editor(tmp_path: Path) -> None:
    """request → follow-up due a week later → follow up → reply → interview → thanks.

    Written while `new`, `draft` and `todo` were not yet on main: the contact and the
    interview are written here as files, and the follow-up is read from its stage.
    """
    root = tmp_path / "kb"
    (root / "contacts").mkdir(parents=True)
    (root / "interviews").mkdir()
    (root / "contacts" / "kai-linde.md").write_text("---\nname: Kai Linde\ncompany: Northwind\n"
                                                    "---\n\nResearch notes.\n")

    def mark(*args: str, today: str) -> str:
        result = CliRunner().invoke(main, ["mark", *args, "--root", str(root), "--today", today])
        assert result.exit_code == 0, result.output
        check = CliRunner().invoke(main, ["check", "--root", str(root), "--today", today])
        assert check.exit_code == 0, check.output
        return result.stdout

    def stage_on(day: str) -> str:
        kb = load_knowledge_base(root, date.fromisoformat(day))
        return stage(kb, kb.contacts["kai-linde"], date.fromisoformat(day))

    assert mark("requested", "kai-linde", today="2026-12-01").endswith("stage awaiting-reply\n")
    assert stage_on("2026-12-07") == "awaiting-reply"
    assert stage_on("2026-12-08") == "follow-up-due"
    assert mark("followed-up", "kai-linde", today="2026-12-08").endswith("stage awaiting-reply\n")
    assert mark("replied", "kai-linde", today="2026-12-09").endswith("stage to-schedule\n")
    (root / "interviews" / "2026-12-12-kai-linde.md").write_text(
        "---\ncontact: kai-linde\ndate: 2026-12-12\n---\n\n## Takeaways\n\n- Ask early.\n")
    assert stage_on("2026-12-12") == "scheduled"
    assert mark("thanked", "kai-linde", "--gift", "coffee", today="2026-12-13") == (
        "interviews/2026-12-12-kai-linde.md: thanked_on: 2026-12-13\n"
        "interviews/2026-12-12-kai-linde.md: gift: coffee\n"
        "kai-linde: stage interviewed\n")
    assert (root / "contacts" / "kai-linde.md").read_text() == (
        "---\nname: Kai Linde\ncompany: Northwind\nrequested_on: 2026-12-01\n"
        "followed_up_on: 2026-12-08\nreplied_on: 2026-12-09\n---\n\nResearch notes.\n")
