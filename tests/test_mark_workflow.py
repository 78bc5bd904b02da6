"""``mark`` in the daily loop: names for slugs, template placeholders, confirmed, asked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from infoview_build.cli import main
from infoview_build.edit.files import LOCK_FILE
from infoview_build.notes.knowledge import load_knowledge_base

TODAY = "2026-12-10"


def run(root: Path, *args: str):
    today = [] if args[:2] == ("new", "contact") or "--today" in args else ["--today", TODAY]
    return CliRunner().invoke(main, [*args, "--root", str(root), *today])


def tree(root: Path) -> dict[str, bytes]:
    """Every file's bytes; the lock file (made by any command, empty) left out."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != LOCK_FILE}


def changed_lines(before: bytes, after: bytes) -> tuple[int, int]:
    """(lines of ``before`` not kept, lines of ``after`` that are new), by position-free diff."""
    import difflib

    old, new = before.splitlines(), after.splitlines()
    ops = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    return (sum(i2 - i1 for op, i1, i2, _j1, _j2 in ops if op != "equal"),
            sum(j2 - j1 for op, _i1, _i2, j1, j2 in ops if op != "equal"))


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    assert run_new(root) == 0
    return root


def run_new(root: Path) -> int:
    (root / "contacts").mkdir(parents=True)
    (root / "interviews").mkdir()
    codes = [run(root, "new", "contact", name).exit_code
             for name in ("Dana Ortiz", "Opal Reyes", "Bram Okafor")]
    codes.append(run(root, "new", "interview", "opal-reyes", "--date", "2026-12-14 10:00")
                 .exit_code)
    return max(codes)


def clean(root: Path) -> None:
    loaded = load_knowledge_base(root, date.fromisoformat(TODAY))
    assert [p.format() for p in loaded.errors] == []


# -- a person's name where a slug goes ---------------------------------------------------


def test_name_in_any_case_and_spacing_names_the_contact(kb):
    result = run(kb, "mark", "requested", "  dana   ORTIZ ")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("contacts/dana-ortiz.md: requested_on: 2026-12-10\n")


def test_a_name_two_contacts_share_is_refused_listing_both(kb):
    made = run(kb, "new", "contact", "Dana Ortiz", "--slug", "dana-ortiz-2", "--force")
    assert made.exit_code == 0
    before = tree(kb)
    result = run(kb, "mark", "requested", "Dana Ortiz")
    assert result.exit_code == 1
    assert result.stderr == ("Error: 'Dana Ortiz' could be 2 contacts: dana-ortiz, "
                             "dana-ortiz-2; give one of them\n")
    assert tree(kb) == before


def test_an_unknown_name_gets_a_did_you_mean_and_nothing_is_written(kb):
    before = tree(kb)
    result = run(kb, "mark", "replied", "Dana Ortis")
    assert result.exit_code == 1
    assert result.stderr == "Error: no contact 'Dana Ortis'; did you mean 'Dana Ortiz'?\n"
    assert tree(kb) == before


def test_thanked_takes_a_name_too(kb):
    result = run(kb, "mark", "thanked", "Opal Reyes", "--today", "2026-12-15")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("interviews/2026-12-14-opal-reyes.md: thanked_on: 2026-12-15")


# -- the template's commented placeholders ------------------------------------------------


def test_a_commented_placeholder_is_filled_in_place(kb):
    path = kb / "contacts" / "dana-ortiz.md"
    before = path.read_bytes()
    assert b"# replied_on:\n" in before
    assert run(kb, "mark", "requested", "dana-ortiz", "--on", "2026-12-01").exit_code == 0
    middle = path.read_bytes()
    assert changed_lines(before, middle) == (1, 1)
    assert b"requested_on: 2026-12-01\n# followed_up_on:\n" in middle
    assert run(kb, "mark", "replied", "dana-ortiz").exit_code == 0
    after = path.read_bytes()
    assert changed_lines(middle, after) == (1, 1)
    assert b"# followed_up_on:\nreplied_on: 2026-12-10\n# declined_on:\n" in after
    assert after.count(b"\n") == before.count(b"\n")
    clean(kb)


def test_a_placeholder_line_inside_a_block_of_text_is_left_alone(tmp_path):
    (tmp_path / "contacts").mkdir()
    note = tmp_path / "contacts" / "ada.md"
    note.write_text("---\nname: Ada\nwhy: |\n  I read her notes:\n  # requested_on:\n---\n",
                    encoding="utf-8")
    assert run(tmp_path, "mark", "requested", "ada").exit_code == 0
    assert note.read_text(encoding="utf-8") == (
        "---\nname: Ada\nwhy: |\n  I read her notes:\n  # requested_on:\n"
        "requested_on: 2026-12-10\n---\n")


def test_an_indented_placeholder_is_not_a_top_level_key(tmp_path):
    (tmp_path / "contacts").mkdir()
    note = tmp_path / "contacts" / "ada.md"
    note.write_text("---\nname: Ada\ntags:\n  # requested_on:\n  - x\n---\n", encoding="utf-8")
    assert run(tmp_path, "mark", "requested", "ada").exit_code == 0
    assert note.read_text(encoding="utf-8") == (
        "---\nname: Ada\ntags:\n  # requested_on:\n  - x\nrequested_on: 2026-12-10\n---\n")


# -- mark confirmed ----------------------------------------------------------------------


def test_confirmed_turns_false_into_true_on_one_line(kb):
    path = kb / "interviews" / "2026-12-14-opal-reyes.md"
    before = path.read_bytes()
    result = run(kb, "mark", "confirmed", "Opal Reyes")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("interviews/2026-12-14-opal-reyes.md: confirmed: true\n"
                             "opal-reyes: stage scheduled\n")
    assert changed_lines(before, path.read_bytes()) == (1, 1)
    again = run(kb, "mark", "confirmed", "2026-12-14-opal-reyes")
    assert again.stdout.startswith("interviews/2026-12-14-opal-reyes.md: confirmed is already "
                                   "true; nothing changed\n")


def test_confirmed_by_contact_picks_the_next_coming_interview(kb):
    before = tree(kb)
    none = run(kb, "mark", "confirmed", "dana-ortiz")
    assert none.exit_code == 1
    assert none.stderr == ("Error: dana-ortiz has no interview on or after 2026-12-10; name the "
                           "interview: infoview mark confirmed INTERVIEW\n")
    assert tree(kb) == before
    assert run(kb, "new", "interview", "opal-reyes", "--date", "2026-12-20").exit_code == 0
    two = run(kb, "mark", "confirmed", "opal-reyes")
    assert two.exit_code == 0
    assert two.stdout.startswith("interviews/2026-12-14-opal-reyes.md: confirmed: true\n")


def test_an_interview_held_yesterday_is_not_a_coming_one(kb):
    result = run(kb, "mark", "confirmed", "opal-reyes", "--today", "2026-12-15")
    assert result.exit_code == 1
    assert "no interview on or after 2026-12-15" in result.stderr


# -- mark asked --------------------------------------------------------------------------


def test_asked_adds_one_line_per_question_under_its_fields(kb):
    path = kb / "interviews" / "2026-12-14-opal-reyes.md"
    before = path.read_bytes()
    result = run(kb, "mark", "asked", "2026-12-14-opal-reyes", "3", "1", "--today", "2026-12-15")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("interviews/2026-12-14-opal-reyes.md: asked: true (question 1: ")
    assert lines[1].startswith("interviews/2026-12-14-opal-reyes.md: asked: true (question 3: ")
    after = path.read_bytes()
    assert changed_lines(before, after) == (0, 2)
    interview = load_knowledge_base(kb, date(2026, 12, 15)).interviews["2026-12-14-opal-reyes"]
    assert [q.asked for q in interview.questions[:4]] == [True, None, True, None]


def test_a_bare_string_question_becomes_q_on_the_same_line(tmp_path):
    (tmp_path / "contacts").mkdir()
    (tmp_path / "interviews").mkdir()
    (tmp_path / "contacts" / "ada.md").write_text("---\nname: Ada\n---\n", encoding="utf-8")
    note = tmp_path / "interviews" / "2026-12-01-ada.md"
    note.write_bytes(b"---\r\ncontact: ada\r\ndate: 2026-12-01\r\nquestions:\r\n"
                     b"  - \"Why: data?\"  # first\r\n  -\r\n  - q: Next?\r\n    asked: false\r\n"
                     b"---\r\n")
    result = run(tmp_path, "mark", "asked", "2026-12-01-ada", "1", "2")
    assert result.exit_code == 0, result.output
    assert note.read_bytes() == (
        b"---\r\ncontact: ada\r\ndate: 2026-12-01\r\nquestions:\r\n"
        b"  - q: \"Why: data?\"  # first\r\n    asked: true\r\n  -\r\n  - q: Next?\r\n"
        b"    asked: true\r\n---\r\n")
    clean(tmp_path)


def test_asked_again_is_a_no_op(kb):
    assert run(kb, "mark", "asked", "2026-12-14-opal-reyes", "2").exit_code == 0
    before = tree(kb)
    result = run(kb, "mark", "asked", "2026-12-14-opal-reyes", "2", "2")
    assert result.exit_code == 0
    assert result.stdout.startswith("interviews/2026-12-14-opal-reyes.md: question 2 already "
                                    "marked asked; nothing changed\n")
    assert tree(kb) == before


def test_a_question_number_out_of_range_writes_nothing(kb):
    before = tree(kb)
    result = run(kb, "mark", "asked", "2026-12-14-opal-reyes", "1", "99")
    assert result.exit_code == 1
    assert "2026-12-14-opal-reyes.md has 11 questions, not 99: give numbers from 1 to 11" \
        in result.stderr
    assert tree(kb) == before
    assert run(kb, "mark", "asked", "2026-12-14-opal-reyes").exit_code == 2
    assert run(kb, "mark", "asked", "2026-12-14-opal-reyes", "0").exit_code == 2


def test_questions_in_flow_style_are_refused(tmp_path):
    (tmp_path / "contacts").mkdir()
    (tmp_path / "interviews").mkdir()
    (tmp_path / "contacts" / "ada.md").write_text("---\nname: Ada\n---\n", encoding="utf-8")
    note = tmp_path / "interviews" / "2026-12-01-ada.md"
    note.write_text("---\ncontact: ada\ndate: 2026-12-01\nquestions: [One?, Two?]\n---\n",
                    encoding="utf-8")
    before = note.read_bytes()
    result = run(tmp_path, "mark", "asked", "2026-12-01-ada", "1")
    assert result.exit_code == 1
    assert "question 1 is not written as 'key: value' lines; edit it by hand" in result.stderr
    assert note.read_bytes() == before


# -- new interview --date with an offset ---------------------------------------------------


@pytest.mark.parametrize("value", ["2026-12-22 10:00+02:00", "2026-12-22T10:00:30Z",
                                   "2026-12-22  10:00 -05:30"])
def test_new_interview_takes_a_time_with_an_offset(kb, value):
    result = run(kb, "new", "interview", "dana-ortiz", "--date", value)
    assert result.exit_code == 0, result.output
    interview = load_knowledge_base(kb, date(2026, 12, 1)).interviews["2026-12-22-dana-ortiz"]
    assert interview.time is not None and interview.time.tzinfo is not None
    assert f"date: {' '.join(value.split())}\n" in Path(result.stdout.strip()).read_text()


def test_new_interview_refuses_an_offset_out_of_range(kb):
    result = run(kb, "new", "interview", "dana-ortiz", "--date", "2026-12-22 10:00+25:00")
    assert result.exit_code == 2
