"""``infoview list contacts|interviews``: tables, JSON and filters.

Golden files in tests/golden/list/ are the example knowledge base on 2026-12-01;
regenerate them with ``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_list.py``.
"""

from __future__ import annotations

import json

import pytest

from infoview_build.cli import main
from infoview_build.notes.model import STAGES

from conftest import EXAMPLE_DAY, REPO, golden
from kb_notes import day, write_kb

GOLDEN = REPO / "tests" / "golden" / "list"


def listing(runner, *args: str):
    return runner.invoke(main, ["list", *args])


@pytest.mark.parametrize(("kind", "fmt", "name"), [
    ("contacts", "text", "contacts.txt"), ("contacts", "json", "contacts.json"),
    ("interviews", "text", "interviews.txt"), ("interviews", "json", "interviews.json")])
def test_example_golden(runner, kind, fmt, name) -> None:
    result = listing(runner, kind, "--root", str(REPO), "--today", EXAMPLE_DAY, "--format", fmt)
    assert (result.exit_code, result.stderr) == (0, "")
    golden(GOLDEN / name, result.stdout)


def test_example_shows_every_stage(runner) -> None:
    result = listing(runner, "contacts", "--root", str(REPO), "--today", EXAMPLE_DAY,
                     "--format", "json")
    assert {row["stage"] for row in json.loads(result.stdout)} == set(STAGES)


@pytest.fixture
def small(tmp_path):
    return write_kb(tmp_path, {
        "ada-quill": {"name": "Ada Quill", "company": "Northwind", "role": "Staff Engineer",
                      "tags": ["Mentor", "data"], "requested_on": day("2026-11-01"),
                      "replied_on": day("2026-11-02")},
        "bram-okafor": {"name": "Bram Okafor", "company": "northwind ",
                        "requested_on": day("2026-11-20")},
        "cora-lindqvist": {"name": "Cora Lindqvist", "company": "Fjordline Health"},
    }, {
        "2026-11-10-ada-quill": {"contact": "ada-quill", "date": day("2026-11-10"),
                                 "format": "video", "duration": 45,
                                 "thanked_on": day("2026-11-11"), "body": "Notes.\n"},
        "2026-11-28-ada-quill": {"contact": "ada-quill", "date": day("2026-11-28"),
                                 "cancelled": True},
        "2026-11-30-ada-quill": {"contact": "ada-quill", "date": day("2026-11-30"),
                                 "body": "Notes.\n"},
        "2026-12-01-ada-quill": {"contact": "ada-quill", "date": "2026-12-01 09:30",
                                 "format": "phone"},
    })


def test_contacts_table(runner, small) -> None:
    result = listing(runner, "contacts", "--root", str(small), "--today", "2026-12-01")
    assert result.exit_code == 0
    assert result.output == """\
NAME            COMPANY           ROLE            STAGE          LAST
Ada Quill       Northwind         Staff Engineer  interviewed    2026-11-30
Bram Okafor     northwind         -               follow-up-due  2026-11-20
Cora Lindqvist  Fjordline Health  -               prospect       -
"""


def test_interviews_table_shows_status(runner, small) -> None:
    result = listing(runner, "interviews", "--root", str(small), "--today", "2026-12-01")
    assert result.output == """\
DATE              CONTACT    FORMAT  MIN  STATUS
2026-11-10        Ada Quill  video   45   thanked
2026-11-28        Ada Quill  -       -    cancelled
2026-11-30        Ada Quill  -       -    held
2026-12-01 09:30  Ada Quill  phone   -    scheduled
"""


def test_contacts_json(runner, small) -> None:
    result = listing(runner, "contacts", "--root", str(small), "--today", "2026-12-01",
                     "--format", "json")
    rows = json.loads(result.stdout)
    assert rows[0] == {
        "slug": "ada-quill", "name": "Ada Quill", "company": "Northwind",
        "role": "Staff Engineer", "stage": "interviewed", "path": "contacts/ada-quill.md",
        "last_interaction": "2026-11-30", "tags": ["Mentor", "data"], "private": False}
    assert rows[2]["last_interaction"] is None


def test_interviews_json(runner, small) -> None:
    result = listing(runner, "interviews", "--root", str(small), "--today", "2026-12-01",
                     "--format", "json")
    rows = json.loads(result.stdout)
    assert [row["status"] for row in rows] == ["thanked", "cancelled", "held", "scheduled"]
    assert rows[3] == {
        "slug": "2026-12-01-ada-quill", "date": "2026-12-01", "time": "09:30",
        "contact": "ada-quill", "name": "Ada Quill", "company": "Northwind",
        "stage": "interviewed", "format": "phone", "duration": None, "status": "scheduled",
        "thanked_on": None, "path": "interviews/2026-12-01-ada-quill.md", "private": False}


@pytest.mark.parametrize(("options", "slugs"), [
    (["--stage", "prospect"], ["cora-lindqvist"]),
    (["--stage", "declined"], []),
    (["--company", "NORTHWIND"], ["ada-quill", "bram-okafor"]),
    (["--company", "North"], []),
    (["--tag", "mentor"], ["ada-quill"]),
    (["--tag", " DATA "], ["ada-quill"]),
    (["--tag", "mentor", "--stage", "prospect"], []),
])
def test_contact_filters(runner, small, options, slugs) -> None:
    result = listing(runner, "contacts", "--root", str(small), "--today", "2026-12-01",
                     "--format", "json", *options)
    assert [row["slug"] for row in json.loads(result.stdout)] == slugs


def test_interview_filters_apply_to_their_contact(runner, small) -> None:
    result = listing(runner, "interviews", "--root", str(small), "--today", "2026-12-01",
                     "--company", "fjordline health")
    assert result.output == "No interviews match.\n"
    result = listing(runner, "interviews", "--root", str(small), "--today", "2026-12-01",
                     "--stage", "interviewed", "--format", "json")
    assert len(json.loads(result.stdout)) == 4


def test_interviews_are_listed_by_date_even_when_a_file_name_disagrees(runner, small) -> None:
    write_kb(small, interviews={"2026-11-01-ada-quill": {
        "contact": "ada-quill", "date": day("2026-11-29"), "body": "Notes.\n"}})
    result = listing(runner, "interviews", "--root", str(small), "--today", "2026-12-01",
                     "--format", "json")
    assert [row["slug"] for row in json.loads(result.stdout)] == [
        "2026-11-10-ada-quill", "2026-11-28-ada-quill", "2026-11-01-ada-quill",
        "2026-11-30-ada-quill", "2026-12-01-ada-quill"]


def test_stage_accepts_only_stage_names(runner, small) -> None:
    result = listing(runner, "contacts", "--root", str(small), "--stage", "interviwed")
    assert result.exit_code == 2
    assert "Invalid value for '--stage': 'interviwed' is not one of" in result.stderr


def test_kind_must_be_contacts_or_interviews(runner, small) -> None:
    result = listing(runner, "people", "--root", str(small))
    assert result.exit_code == 2


def test_list_leaves_out_a_broken_note_says_so_first_and_exits_1(runner, small) -> None:
    (small / "contacts" / "dev-raman.md").write_text("---\nname: Dev\nphone: 5550100\n---\n",
                                                     encoding="utf-8")
    result = listing(runner, "contacts", "--root", str(small), "--today", "2026-12-01",
                     "--format", "json")
    assert result.exit_code == 1
    assert [row["slug"] for row in json.loads(result.stdout)] == \
        ["ada-quill", "bram-okafor", "cora-lindqvist"]
    assert result.stderr.startswith("contacts/dev-raman.md:3: phone: '5550100' is read by YAML")
    assert result.stderr.endswith("Error: 1 file has errors; the list leaves out: "
                                  "contacts/dev-raman.md\n")
