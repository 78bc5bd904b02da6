"""infoview new contact / new interview: notes from templates that check clean as written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview_build.cli import main
from infoview_build.notes.knowledge import load_knowledge_base

TODAY = "2026-12-01"


def run(*args: str, root: Path):
    return CliRunner().invoke(main, [*args, "--root", str(root)])


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "interviews").mkdir()
    return tmp_path


def files_in(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))


def clean(root: Path) -> None:
    loaded = load_knowledge_base(root, date(2026, 12, 1))
    assert [p.format() for p in loaded.problems] == []


def test_new_contact_prints_the_path_and_fills_the_template(kb):
    result = run("new", "contact", "José Núñez-Ortiz", "--company", "Acme: Labs", "--role",
                 "Data Lead", "--email", "jose@example.com", "--found-via", "his blog",
                 "--why", "No", "--tag", "data", "--tag", "analytics", root=kb)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{kb / 'contacts' / 'jose-nunez-ortiz.md'}\n"
    contact = load_knowledge_base(kb, date(2026, 12, 1)).contacts["jose-nunez-ortiz"]
    assert (contact.name, contact.company, contact.role, contact.email) == \
        ("José Núñez-Ortiz", "Acme: Labs", "Data Lead", "jose@example.com")
    assert (contact.found_via, contact.why, contact.tags) == ("his blog", "No",
                                                              ["analytics", "data"])
    assert contact.body == ""
    clean(kb)


@pytest.mark.parametrize("value", ["yes", "No", "123", "2026-12-01", "#1 team", "@home",
                                   "a: b", "'quoted'", '"double"', "line\nbreak", "[x]", "null",
                                   "0000-0-0 0:00", "1:30", "0x1F", ".inf", "~"])
def test_any_text_reads_back_as_written(kb, value):
    result = run("new", "contact", "Ada Quill", "--company", value, "--why", value,
                 "--tag", value, root=kb)
    assert result.exit_code == 0
    contact = load_knowledge_base(kb, date(2026, 12, 1)).contacts["ada-quill"]
    expected = " ".join(value.split())
    assert (contact.company, contact.why, contact.tags) == (expected, expected, [expected])
    clean(kb)


def test_bare_contact_checks_clean(kb):
    assert run("new", "contact", "Ada Quill", root=kb).exit_code == 0
    clean(kb)


@pytest.mark.parametrize(("name", "slug"), [
    ("Ada Quill", "ada-quill"),
    ("  Ada   Quill ", "ada-quill"),
    ("Zoë O'Brien", "zoe-o-brien"),
    ("Владимир Петров", "vladimir-petrov"),
    ("王小明", "wangxiaoming"),
])
def test_slug_is_made_from_the_name(kb, name, slug):
    result = run("new", "contact", name, root=kb)
    assert result.stdout == f"{kb / 'contacts' / slug}.md\n"
    clean(kb)


def test_existing_slug_is_refused_and_left_untouched(kb):
    run("new", "contact", "Ada Quill", "--company", "Northwind", root=kb)
    before = (kb / "contacts" / "ada-quill.md").read_bytes()
    result = run("new", "contact", "Ada Quill", root=kb)
    assert result.exit_code == 1
    assert result.stderr == ("Error: contacts/ada-quill.md exists already; nothing was written "
                             "— if this is someone else, add --slug ada-quill-2 --force\n")
    assert (kb / "contacts" / "ada-quill.md").read_bytes() == before
    again = run("new", "contact", "Ada Quill", "--slug", "ada-quill-2", "--force", root=kb)
    assert again.stdout == f"{kb / 'contacts' / 'ada-quill-2.md'}\n"


def test_slug_differing_only_by_case_is_refused(kb):
    (kb / "contacts" / "Ada-Quill.md").write_text("---\nname: Ada\n---\n")
    result = run("new", "contact", "Ada Quill", root=kb)
    assert result.exit_code == 1
    assert "contacts/Ada-Quill.md exists already" in result.stderr


def test_name_without_letters_is_an_error(kb):
    result = run("new", "contact", "!!!", root=kb)
    assert result.exit_code == 1
    assert result.stderr == ("Error: '!!!' makes an empty file name; choose one with --slug, "
                             "e.g. --slug ada-quill\n")
    assert files_in(kb) == []


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--email", "ada@", "Invalid value for '--email': 'ada@' is not an email address"),
    ("--slug", "Ada Quill", "Invalid value for '--slug': 'Ada Quill' is not a slug"),
])
def test_bad_option_values_are_usage_errors(kb, option, value, message):
    result = run("new", "contact", "Ada Quill", option, value, root=kb)
    assert result.exit_code == 2
    assert message in result.stderr
    assert files_in(kb) == []


def test_introducer_must_exist_with_a_did_you_mean(kb):
    run("new", "contact", "Ada Quill", root=kb)
    result = run("new", "contact", "Bram Okafor", "--introduced-by", "ada-qill", root=kb)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: no contact 'ada-qill' in {kb / 'contacts'}; did you mean "
                             "'ada-quill'?\n")
    ok = run("new", "contact", "Bram Okafor", "--introduced-by", "Ada Quill", root=kb)
    assert ok.exit_code == 0
    assert "introduced_by: ada-quill\n" in (kb / "contacts" / "bram-okafor.md").read_text()
    clean(kb)


def test_new_outside_a_knowledge_base_is_an_error(tmp_path):
    result = run("new", "contact", "Ada Quill", root=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no contacts/ or interviews/ folder in {tmp_path}")


def test_new_interview_defaults_to_today_and_thirty_minutes(kb):
    run("new", "contact", "Ada Quill", root=kb)
    result = run("new", "interview", "ada-quill", "--today", TODAY, root=kb)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{kb / 'interviews' / '2026-12-01-ada-quill.md'}\n"
    interview = load_knowledge_base(kb, date(2026, 12, 1)).interviews["2026-12-01-ada-quill"]
    assert (interview.date, interview.time, interview.duration) == (date(2026, 12, 1), None, 30)
    assert interview.goals == []
    assert len(interview.questions) == 8 + 3
    assert interview.questions[-1].text == "Is there anything else you would like to share?"
    clean(kb)


def test_new_interview_with_every_option(kb):
    run("new", "contact", "Ada Quill", root=kb)
    result = run("new", "interview", "Ada Quill", "--date", "2026-12-03 14:30", "--duration",
                 "45", "--format", "video", "--place", "https://meet.example.com/ada", root=kb)
    assert result.stdout == f"{kb / 'interviews' / '2026-12-03-ada-quill.md'}\n"
    interview = load_knowledge_base(kb, date(2026, 12, 1)).interviews["2026-12-03-ada-quill"]
    assert (str(interview.time), interview.format, interview.place) == \
        ("14:30:00", "video", "https://meet.example.com/ada")
    assert len(interview.questions) == 11 + 3
    topics = [q.topic for q in interview.questions]
    assert set(topics[:5]) == {"responsibilities", "history", "growth", "work-life", "culture"}
    assert topics[-2:] == ["closing", "closing"]
    clean(kb)


def test_second_interview_on_a_day_gets_a_number(kb):
    run("new", "contact", "Ada Quill", root=kb)
    paths = [run("new", "interview", "ada-quill", "--date", "2026-12-03", root=kb).stdout
             for _ in range(3)]
    assert [Path(p.strip()).name for p in paths] == [
        "2026-12-03-ada-quill.md", "2026-12-03-ada-quill-2.md", "2026-12-03-ada-quill-3.md"]
    clean(kb)


def test_unknown_contact_gets_a_did_you_mean_and_nothing_is_written(kb):
    run("new", "contact", "Ada Quill", root=kb)
    result = run("new", "interview", "ada-qill", root=kb)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: no contact 'ada-qill' in {kb / 'contacts'}; did you mean "
                             "'ada-quill'?\n")
    assert files_in(kb) == ["contacts/ada-quill.md"]


@pytest.mark.parametrize("value", ["2026-02-30", "3 December", "2026-12-03 25:00"])
def test_invalid_date_is_a_usage_error(kb, value):
    run("new", "contact", "Ada Quill", root=kb)
    result = run("new", "interview", "ada-quill", "--date", value, root=kb)
    assert result.exit_code == 2
    assert f"Invalid value for '--date': '{value}' is not a date" in result.stderr
    assert files_in(kb) == ["contacts/ada-quill.md"]


def test_duration_out_of_range_is_a_usage_error(kb):
    run("new", "contact", "Ada Quill", root=kb)
    result = run("new", "interview", "ada-quill", "--duration", "300", root=kb)
    assert result.exit_code == 2
    assert files_in(kb) == ["contacts/ada-quill.md"]


def test_own_question_bank_is_used(kb):
    run("new", "contact", "Ada Quill", root=kb)
    (kb / "questions.yml").write_text(
        "growth:\n  - Where next?\nclosing:\n  - Anything else?\n  - Who else?\n")
    result = run("new", "interview", "ada-quill", "--duration", "5", root=kb)
    assert result.stderr == ("warning: the question bank had only 3 questions for 5 minutes; "
                             "add 3 more to the file, or to questions.yml in the knowledge "
                             "base\n")
    interview = next(iter(load_knowledge_base(kb, date(2026, 12, 1)).interviews.values()))
    assert [q.text for q in interview.questions] == ["Where next?", "Who else?",
                                                     "Anything else?"]


def test_broken_question_bank_is_an_error(kb):
    run("new", "contact", "Ada Quill", root=kb)
    (kb / "questions.yml").write_text("gossip:\n  - Who is leaving?\n")
    result = run("new", "interview", "ada-quill", root=kb)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {kb / 'questions.yml'} has errors:\n"
                                    "  questions.yml:1: gossip: 'gossip' is not a topic")
    assert files_in(kb) == ["contacts/ada-quill.md"]


def test_edit_opens_the_new_file_in_the_editor(kb, tmp_path_factory, monkeypatch):
    log = tmp_path_factory.mktemp("editor") / "opened"
    monkeypatch.setenv("EDITOR", f"sh -c 'echo \"$1\" >> {log}' editor")
    result = run("new", "contact", "Ada Quill", "--edit", root=kb)
    assert result.exit_code == 0
    assert result.stdout == f"{kb / 'contacts' / 'ada-quill.md'}\n"
    assert log.read_text() == f"{kb / 'contacts' / 'ada-quill.md'}\n"


def test_contact_may_be_given_as_its_file_path(kb):
    run("new", "contact", "Ada Quill", root=kb)
    result = run("new", "interview", "contacts/ada-quill.md", "--date", "2026-12-03", root=kb)
    assert result.stdout == f"{kb / 'interviews' / '2026-12-03-ada-quill.md'}\n"


@settings(max_examples=100, deadline=None)
@given(name=st.text(max_size=30),
       company=st.text(max_size=20) | st.from_regex(r"[-+0-9:. eExXoObBtTzZ_~yYnN]{1,16}",
                                                    fullmatch=True))
def test_any_text_makes_a_clean_note_or_one_error_line(tmp_path_factory, name, company):
    root = tmp_path_factory.mktemp("kb")
    (root / "contacts").mkdir()
    result = CliRunner().invoke(main, ["new", "contact", "--company", company, "--root",
                                       str(root), "--", name])
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
        assert files_in(root) == []
        return
    loaded = load_knowledge_base(root, date(2026, 12, 1))
    assert [p.format() for p in loaded.problems] == []
    (contact,) = loaded.contacts.values()
    assert (contact.name, contact.company) == (" ".join(name.split()),
                                               " ".join(company.split()) or None)
