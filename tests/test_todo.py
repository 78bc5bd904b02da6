"""``infoview todo``: golden outputs for the example, exact output on small knowledge bases.

The golden files in tests/golden/todo/ are ``infoview todo --today 2026-12-01`` on the
example knowledge base in each format. Regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_todo.py

and read the diff before committing it.
"""

from __future__ import annotations

import json
import shlex

import pytest

from infoview_build.cli import main
from infoview_build.plan.checklists import CHECKLISTS

from conftest import EXAMPLE_DAY, REPO, golden
from kb_notes import day, example_kb, write_kb

GOLDEN = REPO / "tests" / "golden" / "todo"


def todo(runner, *args: str, env: dict | None = None):
    return runner.invoke(main, ["todo", *args], env=env)


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("markdown", "md"),
                                             ("json", "json")])
def test_example_golden(runner, fmt, suffix) -> None:
    result = todo(runner, "--root", str(REPO), "--today", EXAMPLE_DAY, "--format", fmt)
    assert (result.exit_code, result.stderr) == (0, "")
    golden(GOLDEN / f"example.{suffix}", result.stdout)


def test_example_has_an_item_in_every_checklist(runner) -> None:
    result = todo(runner, "--root", str(REPO), "--today", EXAMPLE_DAY, "--format", "json")
    items = json.loads(result.stdout)
    assert sorted({item["checklist"] for item in items}) == sorted(CHECKLISTS)
    for item in items:
        assert {"checklist", "contact", "path", "due", "overdue", "text"} <= set(item)
        assert (REPO / item["path"]).is_file()
        assert item["contact"] is None or (REPO / "contacts" / f"{item['contact']}.md").is_file()


def _texts(runner, root, *extra: str) -> set[str]:
    result = todo(runner, "--root", str(root), "--today", EXAMPLE_DAY, "--days", "366",
                  "--format", "json", *extra)
    return {item["text"] for item in json.loads(result.stdout)}


def test_every_item_names_its_commands_and_they_do_what_it_asks(runner, tmp_path) -> None:
    result = todo(runner, "--root", str(REPO), "--today", EXAMPLE_DAY, "--days", "366",
                  "--format", "json")
    items = json.loads(result.stdout)
    def verbs(item: dict) -> tuple:
        words = [shlex.split(c)[1:] for c in item["commands"]]
        return (item["checklist"], *(" ".join(w[:1] if w[0] == "show" else w[:2])
                                     for w in words))

    assert {verbs(item) for item in items} == {
        ("schedule", "new interview"),
        ("follow-up", "draft follow-up", "mark followed-up"),
        ("follow-up", "mark no-reply"),
        ("thank-you", "draft thank-you", "mark thanked"),
        ("prep", "show"),
        ("referral", "new contact", "mark skipped"),
        ("action", "mark done"),
        ("reconnect", "mark kept-in-touch"),
        ("outreach", "draft request", "mark requested"),
    }
    for number, item in enumerate(items):
        for command in item["commands"]:
            args = shlex.split(command)
            assert args[0] == "infoview"
            root = example_kb(tmp_path / f"{number}-{args[2]}")
            ran = runner.invoke(main, [*args[1:], "--root", str(root)],
                                env={"INFOVIEW_TODAY": EXAMPLE_DAY})
            assert ran.exit_code == 0, (command, ran.output)
            if args[1] in ("mark", "new"):  # it records the step: the item goes
                assert item["text"] not in _texts(runner, root), command


def test_a_referral_names_its_commands_shell_quoted(runner, tmp_path) -> None:
    odd = "Omar O'Hara $(rm -rf ~) `x`"
    write_kb(tmp_path, {"priya-natarajan": {"name": "Priya Natarajan"}}, {
        "2026-11-20-priya-natarajan": {"contact": "priya-natarajan", "date": day("2026-11-20"),
                                       "thanked_on": day("2026-11-20"),
                                       "referrals": ["Omar Haddad", odd]}})
    items = json.loads(todo(runner, "--root", str(tmp_path), "--today", "2026-11-21",
                            "--format", "json").stdout)
    commands = [c for i in items if i["checklist"] == "referral" for c in i["commands"]]
    assert commands[:2] == [
        "infoview new contact 'Omar Haddad' --introduced-by priya-natarajan",
        "infoview mark skipped 2026-11-20-priya-natarajan 'Omar Haddad'"]
    assert [shlex.split(c)[3] for c in commands[2:3]] + \
        [shlex.split(c)[4] for c in commands[3:]] == [odd, odd]
    text = todo(runner, "--root", str(tmp_path), "--today", "2026-11-21").stdout
    assert f"    $ {commands[2]}\n" in text
    created = runner.invoke(main, [*shlex.split(commands[2])[1:], "--root", str(tmp_path)])
    assert created.exit_code == 0, created.output
    assert not [i for i in json.loads(todo(runner, "--root", str(tmp_path), "--today",
                                           "2026-11-21", "--format", "json").stdout)
                if i["checklist"] == "referral" and odd in i["text"]]


def test_same_command_twice_gives_identical_bytes(runner) -> None:
    for fmt in ("text", "markdown", "json"):
        args = ("--root", str(REPO), "--today", EXAMPLE_DAY, "--format", fmt)
        assert todo(runner, *args).stdout_bytes == todo(runner, *args).stdout_bytes


def test_nothing_due(runner, tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {"name": "Ada Quill", "requested_on": day("2026-11-30"),
                                      "replied_on": day("2026-12-01"),
                                      "declined_on": day("2026-12-01")}})
    args = ("--root", str(tmp_path), "--today", "2026-12-01")
    assert todo(runner, *args).output == "Nothing due on 2026-12-01.\n"
    assert todo(runner, *args, "--format", "markdown").output == \
        "# To do on 2026-12-01\n\nNothing due.\n"
    assert todo(runner, *args, "--format", "json").output == "[]\n"


def test_nothing_due_today_never_hides_what_comes_up(runner, tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {"name": "Ada Quill", "requested_on": day("2026-11-30")}})
    args = ("--root", str(tmp_path), "--today", "2026-12-01")
    assert todo(runner, *args).output == """\
To do on 2026-12-01: 1 item (0 overdue, 0 due today, 1 coming up)

Coming up in the next 7 days (1)
  * Send Ada Quill one polite follow-up if no reply comes: request sent 2026-11-30
    due in 6 days (2026-12-07)  contacts/ada-quill.md
    Keep it to a few friendly lines that repeat who you are and why you asked, offer two or three
    new times, and send no second follow-up.
    $ infoview draft follow-up ada-quill
    $ infoview mark followed-up ada-quill
"""
    assert todo(runner, *args, "--format", "markdown").output == """\
# To do on 2026-12-01

## Coming up in the next 7 days

- [ ] Send Ada Quill one polite follow-up if no reply comes: request sent 2026-11-30 \
— due in 6 days (2026-12-07), `contacts/ada-quill.md`
    `infoview draft follow-up ada-quill` · `infoview mark followed-up ada-quill`
"""
    [item] = json.loads(todo(runner, *args, "--format", "json").output)
    assert (item["due"], item["visible_from"], item["overdue"]) == \
        ("2026-12-07", "2026-11-30", False)


def test_days_looks_further_and_what_lies_beyond_is_counted(runner, tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {"name": "Ada Quill"}}, {"2026-11-20-ada-quill": {
        "contact": "ada-quill", "date": day("2026-11-20"), "thanked_on": day("2026-11-21"),
        "actions": [{"task": "Send the deck", "due": day("2026-12-05")},
                    {"task": "Read the book", "due": day("2026-12-20")}]}})
    args = ("--root", str(tmp_path), "--today", "2026-12-01")
    week = todo(runner, *args).output
    assert week.startswith("To do on 2026-12-01: 1 item (0 overdue, 0 due today, 1 coming up)")
    assert "Send the deck" in week and "Read the book" not in week
    assert week.endswith("\n1 more item is due later, the first on 2026-12-20: "
                         "'infoview todo --days 19' shows it.\n")
    further = todo(runner, *args, "--days", "19").output
    assert "Coming up in the next 19 days (2)" in further and "later" not in further
    assert [i["text"][:13] for i in json.loads(
        todo(runner, *args, "--days", "19", "--format", "json").output)] == \
        ["Send the deck", "Read the book"]
    assert todo(runner, *args, "--days", "3").output.startswith("Nothing due on 2026-12-01.\n\n"
                                                                "2 more items are due later")
    assert todo(runner, *args, "--days", "-1").exit_code == 2


@pytest.fixture
def small(tmp_path):
    return write_kb(tmp_path, {
        "ada-quill": {"name": "Ada Quill", "company": "Northwind | *Labs*"},
        "bram-okafor": {"name": "Bram Okafor", "requested_on": day("2026-11-01")},
    }, {"2026-11-20-ada-quill": {
        "contact": "ada-quill", "date": day("2026-11-20"), "thanked_on": day("2026-11-21"),
        "referrals": ["Lena_Marsh <lena>"], "body": "Notes.\n"}})


def test_text_groups_by_checklist_with_file_and_advice(runner, small) -> None:
    result = todo(runner, "--root", str(small), "--today", "2026-12-01")
    assert result.exit_code == 0
    assert result.output == """\
To do on 2026-12-01: 2 items (2 overdue, 0 due today, 0 coming up)

Follow-ups (1)
  * Send Bram Okafor one polite follow-up if no reply comes: request sent 2026-11-01
    23 days overdue (due 2026-11-08)  contacts/bram-okafor.md
    Keep it to a few friendly lines that repeat who you are and why you asked, offer two or three
    new times, and send no second follow-up.
    $ infoview draft follow-up bram-okafor
    $ infoview mark followed-up bram-okafor

Referrals (1)
  * Add a contact for Lena_Marsh <lena>, suggested by Ada Quill on 2026-11-20
    4 days overdue (due 2026-11-27)  interviews/2026-11-20-ada-quill.md
    Write their note, with found_via saying how Ada Quill described them, and ask Ada Quill whether
    you may mention their name; if you will not pursue it, mark it skipped.
    $ infoview new contact 'Lena_Marsh <lena>' --introduced-by ada-quill
    $ infoview mark skipped 2026-11-20-ada-quill 'Lena_Marsh <lena>'
"""


def test_markdown_is_a_task_list_with_text_escaped(runner, small) -> None:
    result = todo(runner, "--root", str(small), "--today", "2026-12-01", "--format", "markdown")
    assert result.output == """\
# To do on 2026-12-01

## Follow-ups

- [ ] Send Bram Okafor one polite follow-up if no reply comes: request sent 2026-11-01 \
— **23 days overdue (due 2026-11-08)**, `contacts/bram-okafor.md`
    `infoview draft follow-up bram-okafor` · `infoview mark followed-up bram-okafor`

## Referrals

- [ ] Add a contact for Lena\\_Marsh \\<lena\\>, suggested by Ada Quill on 2026-11-20 \
— **4 days overdue (due 2026-11-27)**, `interviews/2026-11-20-ada-quill.md`
    `infoview new contact 'Lena_Marsh <lena>' --introduced-by ada-quill` · \
`infoview mark skipped 2026-11-20-ada-quill 'Lena_Marsh <lena>'`
"""


def test_json_items_have_stable_keys(runner, small) -> None:
    result = todo(runner, "--root", str(small), "--today", "2026-12-01", "--format", "json")
    assert [list(item) for item in json.loads(result.stdout)] == [
        ["checklist", "contact", "path", "due", "visible_from", "overdue", "suggestion", "text",
         "advice", "step", "commands", "interview", "subitems"]] * 2
    referral = json.loads(result.stdout)[1]
    assert (referral["checklist"], referral["contact"], referral["due"], referral["overdue"]) == \
        ("referral", None, "2026-11-27", True)


def test_today_from_the_environment_then_the_option(runner, small) -> None:
    by_env = todo(runner, "--root", str(small), env={"INFOVIEW_TODAY": "2026-11-10"})
    assert by_env.output.startswith(
        "To do on 2026-11-10: 1 item (1 overdue, 0 due today, 0 coming up)\n")
    both = todo(runner, "--root", str(small), "--today", "2026-12-01",
                env={"INFOVIEW_TODAY": "2026-11-10"})
    assert both.output.startswith("To do on 2026-12-01:")


@pytest.mark.parametrize("value", ["2026-13-01", "01/12/2026", "tomorrow", "2026-02-30"])
def test_invalid_today_is_a_usage_error_naming_the_format(runner, small, value) -> None:
    result = todo(runner, "--root", str(small), "--today", value)
    assert result.exit_code == 2
    assert f"Invalid value for '--today': '{value}' is not a day written as YYYY-MM-DD" \
        in result.stderr
    assert result.stdout == ""


def test_a_broken_note_is_left_out_and_named_first_with_exit_1(runner, small) -> None:
    (small / "contacts" / "cora-lindqvist.md").write_text(
        "---\nname: Cora\nemial: cora@example.com\nrequested_on: 2026-11-01\n---\n",
        encoding="utf-8")
    result = todo(runner, "--root", str(small), "--today", "2026-12-01", "--format", "json")
    assert result.exit_code == 1
    # Cora's follow-up would be due, but nothing a broken note says is trusted.
    assert [i["contact"] for i in json.loads(result.stdout)] == ["bram-okafor", None]
    assert result.stderr == (
        "contacts/cora-lindqvist.md:3: emial: unknown field 'emial' — did you mean 'email'?\n"
        "Error: 1 file has errors; the to-do list leaves out: contacts/cora-lindqvist.md\n")


def test_header_counts_add_up_to_the_items_and_agree_with_their_flags(runner) -> None:
    for today in ("2026-11-20", "2026-11-26", "2026-12-01", "2026-12-07", "2027-06-01"):
        args = ("--root", str(REPO), "--today", today)
        items = json.loads(todo(runner, *args, "--format", "json").stdout)
        header = todo(runner, *args).stdout.splitlines()[0]
        overdue = sum(i["overdue"] for i in items)
        on_day = sum(not i["overdue"] and not i["suggestion"] and i["due"] == today
                     for i in items)
        suggested = sum(i["suggestion"] for i in items)
        later = len(items) - overdue - on_day - suggested
        expected = (f"To do on {today}: {len(items)} items ({overdue} overdue, "
                    f"{on_day} due today, {later} coming up")
        assert header.startswith(expected), (today, header)
        assert all(i["overdue"] == (not i["suggestion"] and i["due"] < today) for i in items)
        # Dated items come oldest due first, suggestions after them.
        dated = [i["due"] for i in items if not i["suggestion"]]
        assert dated == sorted(dated)
        assert [i["suggestion"] for i in items] == sorted(i["suggestion"] for i in items)


def test_text_says_how_many_days_in_words(runner, tmp_path) -> None:
    write_kb(tmp_path, {"ada-quill": {"name": "Ada Quill", "replied_on": day("2026-11-28")}})
    lines = {today: todo(runner, "--root", str(tmp_path), "--today", today).stdout.splitlines()
             for today in ("2026-11-28", "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-06")}
    assert [lines[t][4].strip().split("  ")[0] for t in sorted(lines)] == [
        "due in 3 days (2026-12-01)", "due tomorrow (2026-12-01)", "due today (2026-12-01)",
        "1 day overdue (due 2026-12-01)", "5 days overdue (due 2026-12-01)"]
    assert lines["2026-12-01"][0] == \
        "To do on 2026-12-01: 1 item (0 overdue, 1 due today, 0 coming up)"


def test_warnings_do_not_stop_the_checklist(runner, small) -> None:
    (small / "interviews" / "notes.txt").write_text("stray", encoding="utf-8")
    result = todo(runner, "--root", str(small), "--today", "2026-12-01")
    assert result.exit_code == 0
    assert result.output.startswith("To do on 2026-12-01: 2 items")


def test_a_folder_that_is_no_knowledge_base(runner, tmp_path) -> None:
    result = todo(runner, "--root", str(tmp_path), "--today", "2026-12-01")
    assert result.exit_code == 1
    assert "no contacts/ or interviews/ folder" in result.stderr
