"""Skipped referrals: ``{name, skipped_on}`` and ``infoview mark skipped INTERVIEW NAME``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview_build.cli import main
from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.plan.checklists import checklists

TODAY = "2026-12-10"
HEAD = "---\ncontact: bram-okafor\ndate: 2026-11-24\nthanked_on: 2026-11-25\n"
REL = "interviews/2026-11-24-bram-okafor.md"


def make(root: Path, referrals: str) -> Path:
    (root / "contacts").mkdir(parents=True)
    (root / "interviews").mkdir()
    (root / "contacts" / "bram-okafor.md").write_text("---\nname: Bram Okafor\n---\nNotes.\n")
    (root / "contacts" / "ada-quill.md").write_text("---\nname: Ada Quill\n---\nNotes.\n")
    (root / REL).write_bytes((HEAD + referrals + "---\n## Takeaways\n\n- Ship.\n").encode())
    return root


def run(root: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--root", str(root), "--today", TODAY])


def referral_items(root: Path) -> list[str]:
    kb = load_knowledge_base(root, date.fromisoformat(TODAY))
    assert kb.errors == []
    return [i.text for i in checklists(kb, date.fromisoformat(TODAY)) if i.checklist == "referral"]


BLOCK = "referrals:\n  - ada-quill\n  - Omar Haddad  # met him at the meetup\n  - \"Lena Brook\"\n"


def test_mark_skipped_turns_the_one_item_into_a_name_and_a_day(tmp_path):
    root = make(tmp_path, BLOCK)
    assert len(referral_items(root)) == 2

    result = run(root, "mark", "skipped", "2026-11-24-bram-okafor", "Omar Haddad")

    assert (result.exit_code, result.stdout) == (0, f"{REL}: skipped_on: 2026-12-10 "
                                                    "(referral 2: Omar Haddad)\n"
                                                    "bram-okafor: stage interviewed\n")
    assert (root / REL).read_text() == HEAD + (
        "referrals:\n  - ada-quill\n  - name: Omar Haddad  # met him at the meetup\n"
        "    skipped_on: 2026-12-10\n  - \"Lena Brook\"\n") + "---\n## Takeaways\n\n- Ship.\n"
    assert referral_items(root) == ["Add a contact for Lena Brook, suggested by Bram Okafor on "
                                    "2026-11-24"]
    kb = load_knowledge_base(root, date.fromisoformat(TODAY))
    interview = kb.interviews["2026-11-24-bram-okafor"]
    assert interview.referrals == ["ada-quill", "Omar Haddad", "Lena Brook"]
    assert interview.skipped_referrals == {"Omar Haddad": date(2026, 12, 10)}


def test_mark_skipped_takes_a_contact_and_the_start_of_a_quoted_name(tmp_path):
    root = make(tmp_path, BLOCK)
    result = run(root, "mark", "skipped", "bram", "lena")
    assert result.exit_code == 0, result.output
    assert "  - name: \"Lena Brook\"\n    skipped_on: 2026-12-10\n" in (root / REL).read_text()
    again = run(root, "mark", "skipped", "bram", "Lena Brook")
    assert again.stdout.startswith(f"{REL}: referral 'Lena Brook' is already skipped on "
                                   "2026-12-10; nothing changed\n")


def test_a_list_written_in_brackets_is_edited_in_place(tmp_path):
    root = make(tmp_path, "referrals: [ada-quill, Omar Haddad]\n")
    assert run(root, "mark", "skipped", "bram-okafor", "omar").exit_code == 0
    assert "referrals: [ada-quill, {name: Omar Haddad, skipped_on: 2026-12-10}]\n" in \
        (root / REL).read_text()
    assert referral_items(root) == []


def test_crlf_and_the_rest_of_the_file_are_kept(tmp_path):
    root = make(tmp_path, "")
    text = (HEAD + "referrals:\n  - Omar Haddad\n---\nBody\n").replace("\n", "\r\n")
    (root / REL).write_bytes(text.encode())
    assert run(root, "mark", "skipped", "bram-okafor", "omar").exit_code == 0
    assert (root / REL).read_bytes() == text.replace(
        "  - Omar Haddad\r\n", "  - name: Omar Haddad\r\n    skipped_on: 2026-12-10\r\n").encode()


@pytest.mark.parametrize(("args", "message"), [
    (("bram-okafor", "Cleo"), f"{REL} has no referral 'Cleo' (referrals: 'ada-quill', "
                              "'Omar Haddad', 'Lena Brook')"),
    (("bram-okafor", "ada-quill"), "'ada-quill' is a contact already (contacts/ada-quill.md); "
                                   "there is nothing to skip"),
    (("ada-quill", "Omar"), "no interview of ada-quill lists a referral 'Omar'; "
                            "'infoview show ada-quill' shows their interviews"),
])
def test_refusals_are_one_error_line_and_write_nothing(tmp_path, args, message):
    root = make(tmp_path, BLOCK)
    before = (root / REL).read_bytes()
    result = run(root, "mark", "skipped", *args)
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    assert (root / REL).read_bytes() == before


def test_two_referrals_that_fit_are_listed_shell_quoted(tmp_path):
    root = make(tmp_path, "referrals:\n  - Omar Haddad\n  - Omar Hale\n")
    result = run(root, "mark", "skipped", "bram-okafor", "omar")
    assert result.stderr == ("Error: 'omar' could be 2 referrals: 'Omar Haddad', 'Omar Hale'; "
                             "give one of them\n")


def test_check_and_schema_accept_a_skipped_referral_and_refuse_a_skip_before_the_talk(tmp_path):
    root = make(tmp_path, "referrals:\n  - name: Omar Haddad\n    skipped_on: 2026-11-20\n")
    result = run(root, "check")
    assert result.exit_code == 1
    assert (f"{REL}:6: referrals: skipped_on 2026-11-20 is before the interview (2026-11-24) "
            "— fix whichever date is wrong") in result.output
    schema = json.loads(CliRunner().invoke(main, ["schema", "interview"]).output)
    assert schema["properties"]["referrals"]["items"]["anyOf"][1]["required"] == ["name"]


def test_show_and_the_interview_page_say_skipped(tmp_path):
    from infoview_build.site.render import render_site

    root = make(tmp_path, BLOCK)
    run(root, "mark", "skipped", "bram-okafor", "omar", "--on", "2026-12-01")
    shown = run(root, "show", "2026-11-24-bram-okafor").stdout
    assert "  - Omar Haddad (skipped on 2026-12-01)\n" in shown
    kb = load_knowledge_base(root, date.fromisoformat(TODAY))
    page = render_site(kb, date.fromisoformat(TODAY))["interviews/2026-11-24-bram-okafor.md"]
    assert "- Omar Haddad (skipped on 2026-12-01: not pursued)" in page
    assert "- Lena Brook (no contact yet" in page


def test_rename_rewrites_a_skipped_referral_that_names_the_old_slug(tmp_path):
    root = make(tmp_path, "referrals:\n  - name: ada-quill\n    skipped_on: 2026-12-01\n")
    result = run(root, "rename", "ada-quill", "ada-q")
    assert result.exit_code == 0, result.output
    assert "  - name: ada-q\n    skipped_on: 2026-12-01\n" in (root / REL).read_text()


def test_exports_keep_a_skipped_referral_as_written(tmp_path):
    root = make(tmp_path, BLOCK)
    run(root, "mark", "skipped", "bram-okafor", "omar", "--on", "2026-12-01")
    data = json.loads(run(root, "export", "json").stdout)
    assert data["interviews"][0]["referrals"] == [
        "ada-quill", {"name": "Omar Haddad", "skipped_on": "2026-12-01"}, "Lena Brook"]
    table = run(root, "export", "csv", "--table", "interviews").stdout
    assert "ada-quill; Omar Haddad; Lena Brook" in table


NAMES = ["Omar Haddad", "Lena Brook", "Cleo Marsh", "Ivo Petrak", "Zoë Ferro"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True),
       pick=st.integers(min_value=0, max_value=3),
       quote=st.sampled_from(["", "'", '"']), comment=st.booleans(), crlf=st.booleans())
def test_mark_skipped_changes_one_line_and_adds_one_whatever_the_list(
        tmp_path_factory, chosen, pick, quote, comment, crlf):
    import difflib

    root = make(tmp_path_factory.mktemp("kb"), "")
    entries = "".join(f"  - {quote}{n}{quote}{'  # noted' if comment else ''}\n"
                      for n in chosen)
    text = HEAD + "referrals:\n" + entries + "---\nBody.\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    (root / REL).write_bytes(text.encode())
    target = chosen[pick % len(chosen)]
    result = run(root, "mark", "skipped", "bram-okafor", target)
    assert result.exit_code == 0, result.output
    after = (root / REL).read_bytes().decode()
    ops = difflib.SequenceMatcher(a=text.splitlines(True), b=after.splitlines(True),
                                  autojunk=False).get_opcodes()
    changed = [op for op in ops if op[0] != "equal"]
    assert len(changed) == 1 and changed[0][2] - changed[0][1] == 1 \
        and changed[0][4] - changed[0][3] == 2
    kb = load_knowledge_base(root, date.fromisoformat(TODAY))
    assert kb.errors == []
    interview = kb.interviews["2026-11-24-bram-okafor"]
    assert interview.referrals == chosen
    assert interview.skipped_referrals == {target: date.fromisoformat(TODAY)}


def test_the_editor_offers_skipped_on_in_a_referral_and_no_reply_on_in_a_contact():
    from infoview_build.lsp.cursor import spot_at

    lines = ["---", "contact: ada", "date: 2026-12-01", "referrals:", "  - name: Omar",
             "    sk", "  - Cl", "---"]
    inside = spot_at(lines, 5, 6, "interviews")
    assert (inside.role, [f.key for f in inside.keys]) == ("key", ["name", "skipped_on"])
    bare = spot_at(lines, 6, 6, "interviews")
    assert (bare.role, bare.spec.key) == ("item", "referrals")  # a name, completed as a slug
    top = spot_at(["---", "name: Ada", "no_r", "---"], 2, 4, "contacts")
    assert "no_reply_on" in [f.key for f in top.keys]
