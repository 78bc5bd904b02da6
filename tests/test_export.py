"""`infoview export ics|json|csv` on the example knowledge base (today = 2026-12-01).

Golden files live in tests/golden/interchange/; regenerate them with
`UPDATE_GOLDEN=1 make test` and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar

from infoview_build.cli import main
from infoview_build.notes.knowledge import load_knowledge_base

from conftest import EXAMPLE_DAY, REPO, UPDATE_GOLDEN, golden

GOLDEN = REPO / "tests" / "golden" / "interchange"
ROOT = ["--root", str(REPO), "--today", EXAMPLE_DAY]
EXPORTED_AT = 1796112000
"""2026-12-01 08:00 UTC: the export time of every calendar here (``SOURCE_DATE_EPOCH``)."""


@pytest.fixture(autouse=True)
def _pinned_export_time(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EXPORTED_AT))


def _export(runner, *args: str):
    result = runner.invoke(main, ["export", *args, *ROOT])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")  # .output turns the CRLF that RFC 5545 needs into LF


def _events(ics: str) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


def _golden_bytes(path: Path, actual: str) -> None:
    """Like ``golden``, byte for byte: CRLF line ends are part of iCalendar and CSV."""
    data = actual.encode("utf-8")
    if UPDATE_GOLDEN:
        path.write_bytes(data)
    assert data == path.read_bytes()


def test_ics_matches_golden(runner) -> None:
    _golden_bytes(GOLDEN / "example.ics", _export(runner, "ics"))


def test_ics_parses_back_with_exactly_the_expected_events(runner) -> None:
    events = _events(_export(runner, "ics"))
    found = {(str(e["UID"]), e.decoded("DTSTART")) for e in events}
    assert found == {
        ("interview-2026-12-03-cora-lindqvist@infoview", datetime(2026, 12, 3, 14, 30)),
        ("interview-2026-12-07-opal-reyes@infoview", datetime(2026, 12, 7, 9, 30)),
        ("schedule-gus-whitfield@infoview", date(2026, 12, 1)),
        ("follow-up-hana-berg@infoview", date(2026, 12, 1)),
        ("follow-up-ivo-petrak@infoview", date(2026, 12, 1)),
        ("thank-you-2026-11-27-dev-raman@infoview", date(2026, 12, 1)),
        ("thank-you-2026-11-30-elif-sato@infoview", date(2026, 12, 1)),
    }
    interview = next(e for e in events if str(e["UID"]).startswith("interview-2026-12-03"))
    assert str(interview["SUMMARY"]) == \
        "Informational interview: Cora Lindqvist (Fjordline Health)"
    assert interview.decoded("DURATION").total_seconds() == 45 * 60
    assert str(interview["LOCATION"]) == "https://meet.example.com/cora-lindqvist"
    (alarm,) = interview.walk("VALARM")
    assert alarm.decoded("TRIGGER").total_seconds() == -3600
    assert not Calendar.from_ical(_export(runner, "ics")).walk("VTODO")


def test_ics_uids_are_stable_from_day_to_day(runner) -> None:
    first = {str(e["UID"]) for e in _events(_export(runner, "ics"))}
    later = runner.invoke(main, ["export", "ics", "--root", str(REPO), "--today", "2026-12-02"])
    assert first & {str(e["UID"]) for e in _events(later.stdout_bytes.decode())} >= {
        "interview-2026-12-03-cora-lindqvist@infoview", "follow-up-ivo-petrak@infoview"}


def test_public_ics_has_no_private_note_email_or_phone(runner) -> None:
    full = _export(runner, "ics")
    public = _export(runner, "ics", "--public")
    assert "opal.reyes@example.com" in full.replace("\r\n ", "")
    unfolded = public.replace("\r\n ", "")
    for text in ("@example.com", "+351 555", "Mara Voss", "mara-voss"):
        assert text not in unfolded
    assert len(_events(public)) == len(_events(full))


def _small_kb(tmp_path: Path) -> Path:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "interviews").mkdir()
    (tmp_path / "contacts" / "ada-quill.md").write_text(
        "---\nname: Ada Quill\nrequested_on: 2026-11-01\nreplied_on: 2026-11-02\n---\n")
    (tmp_path / "interviews" / "2026-12-05-ada-quill.md").write_text(
        "---\ncontact: ada-quill\ndate: 2026-12-05\ncancelled: true\n---\n")
    (tmp_path / "interviews" / "2026-12-09-ada-quill.md").write_text(
        "---\ncontact: ada-quill\ndate: 2026-12-09 16:00 +01:00\nduration: 20\n---\n")
    return tmp_path


def test_cancelled_interview_is_exported_as_cancelled_and_offsets_become_utc(runner, tmp_path):
    root = _small_kb(tmp_path)
    result = runner.invoke(main, ["export", "ics", "--root", str(root), "--today", "2026-12-01"])
    events = {str(e["UID"]): e for e in _events(result.stdout_bytes.decode())}
    cancelled = events["interview-2026-12-05-ada-quill@infoview"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled.decoded("DTSTART") == date(2026, 12, 5)
    timed = events["interview-2026-12-09-ada-quill@infoview"]
    assert "DTSTART:20261209T150000Z\r\n" in result.stdout_bytes.decode()
    assert timed.decoded("DURATION").total_seconds() == 20 * 60


@pytest.mark.parametrize("table", ["contacts", "interviews"])
def test_csv_matches_golden(runner, table) -> None:
    _golden_bytes(GOLDEN / f"example-{table}.csv", _export(runner, "csv", "--table", table))


def test_json_matches_golden(runner) -> None:
    golden(GOLDEN / "example.json", _export(runner, "json"))


def test_json_has_every_note_with_its_stage(runner) -> None:
    data = json.loads(_export(runner, "json"))
    assert len(data["contacts"]) == len(list((REPO / "contacts").glob("*.md")))
    assert len(data["interviews"]) == len(list((REPO / "interviews").glob("*.md")))
    stages = {c["slug"]: c["stage"] for c in data["contacts"]}
    assert stages["ivo-petrak"] == "follow-up-due"
    assert stages["cora-lindqvist"] == "scheduled"
    status = {i["slug"]: i["status"] for i in data["interviews"]}
    assert status["2026-12-03-cora-lindqvist"] == "scheduled"
    assert status["2026-06-15-paz-moreno"] == "thanked"


def _write_back(data: dict, root: Path) -> None:
    """Notes made from the export alone: the same front matter and body."""
    for folder, extra in (("contacts", ("slug", "path", "stage", "body")),
                          ("interviews", ("slug", "path", "status", "contact_stage", "body"))):
        (root / folder).mkdir(parents=True)
        for record in data[folder]:
            front = {k: v for k, v in record.items() if k not in extra and v not in (None, [])}
            for item in front.get("questions", []):
                for key in [k for k, v in item.items() if v is None]:
                    del item[key]
            text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + \
                "---\n" + record["body"]
            (root / record["path"]).write_text(text, encoding="utf-8")


def test_json_round_trips_every_field(runner, tmp_path) -> None:
    data = json.loads(_export(runner, "json"))
    _write_back(data, tmp_path)
    original = load_knowledge_base(REPO, date(2026, 12, 1))
    copy = load_knowledge_base(tmp_path, date(2026, 12, 1))
    assert not copy.errors
    for kind in ("contacts", "interviews"):
        before, after = getattr(original, kind), getattr(copy, kind)
        assert before.keys() == after.keys()
        for slug in before:
            before[slug].lines = after[slug].lines = {}
            assert before[slug] == after[slug]


def test_public_json_leaves_out_private_notes_and_contact_details(runner) -> None:
    data = json.loads(_export(runner, "json", "--public"))
    assert "mara-voss" not in {c["slug"] for c in data["contacts"]}
    assert "2026-06-15-paz-moreno" not in {i["slug"] for i in data["interviews"]}
    assert {c["email"] for c in data["contacts"]} == {None}
    assert {c["phone"] for c in data["contacts"]} == {None}


def test_csv_cells_that_a_spreadsheet_would_run_are_defused(runner, tmp_path) -> None:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "ada-quill.md").write_text(
        '---\nname: "=HYPERLINK(\\"https://evil.example\\")"\nphone: "+351 555 0101"\n'
        "company: \"-2+3+cmd|' /C calc'!A0\"\nrole: '@SUM(A1)'\n---\n")
    result = runner.invoke(main, ["export", "csv", "--root", str(tmp_path)])
    assert "'=HYPERLINK" in result.output
    assert ",'@SUM(A1)," in result.output
    assert ",'-2+3+cmd|' /C calc'!A0," in result.output
    # Excel reads +1-919-676-9515 as a sum: a phone number is defused too.
    assert ",'+351 555 0101," in result.output


def test_csv_list_cells_get_one_apostrophe_at_their_start_only(runner, tmp_path) -> None:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "ada-quill.md").write_text(
        "---\nname: Ada Quill\nphone: +1-919-555-0101\ntags: ['=1+1', '@home', '-x']\n"
        "links: [https://ada.example, https://b.example]\n---\n")
    result = runner.invoke(main, ["export", "csv", "--root", str(tmp_path), "--no-bom"])
    assert result.exit_code == 0, result.output
    row = dict(zip(*csv.reader(io.StringIO(result.output)), strict=True))
    assert row["phone"] == "'+1-919-555-0101"
    assert row["tags"] == "'=1+1; @home; -x"
    assert row["links"] == "https://ada.example; https://b.example"
    assert row["name"] == "Ada Quill"


def test_output_file_is_written_and_notes_folders_are_refused(runner, tmp_path) -> None:
    out = tmp_path / "calendar.ics"
    result = runner.invoke(main, ["export", "ics", *ROOT, "-o", str(out)])
    assert (result.exit_code, result.output) == (0, f"wrote {out}\n")
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    root = tmp_path / "kb"
    shutil.copytree(REPO / "contacts", root / "contacts")
    bad = runner.invoke(main, ["export", "json", "--root", str(root), "--today", EXAMPLE_DAY,
                               "-o", str(root / "contacts" / "all.json")])
    assert bad.exit_code == 1
    assert "refusing to write" in bad.output
    assert not (root / "contacts" / "all.json").exists()


def test_export_refuses_a_knowledge_base_with_errors(runner, tmp_path) -> None:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "ada-quill.md").write_text("---\nname: No\n---\n")
    result = runner.invoke(main, ["export", "json", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "Error: the knowledge base has 1 error" in result.output


def test_ics_also_parses_with_a_second_independent_reader(runner) -> None:
    import vobject

    calendar = vobject.readOne(_export(runner, "ics"))
    assert len(calendar.contents["vevent"]) == 7


def test_ics_items_have_the_due_day_and_overdue_flag_of_todo(runner) -> None:
    todo = json.loads(runner.invoke(main, ["todo", "--root", str(REPO), "--today", "2026-12-01",
                                           "--format", "json"]).stdout)
    events = {str(e["UID"]): e for e in _events(_export(runner, "ics"))}
    for item in todo:
        if item["checklist"] not in ("schedule", "follow-up", "thank-you"):
            continue
        key = item["interview"] if item["checklist"] == "thank-you" else item["contact"]
        event = events[f"{item['checklist']}-{key}@infoview"]
        due = date.fromisoformat(item["due"])
        # On its due day, or today once that has passed: never on a day already gone.
        assert event.decoded("DTSTART") == max(due, date(2026, 12, 1))
        description = str(event["DESCRIPTION"])
        assert (" overdue as of 2026-12-01 (due " in description) is item["overdue"]
        assert f"due {item['due']}" in description


def test_public_ics_asks_for_no_work_the_private_notes_already_did(runner, tmp_path) -> None:
    root = tmp_path / "kb"
    (root / "contacts").mkdir(parents=True)
    (root / "interviews").mkdir()
    (root / "contacts" / "ada-quill.md").write_text(
        "---\nname: Ada Quill\nreplied_on: 2026-11-20\n---\n", encoding="utf-8")
    (root / "interviews" / "2026-11-25-ada-quill.md").write_text(
        "---\ncontact: ada-quill\ndate: 2026-11-25\nthanked_on: 2026-11-25\nprivate: true\n"
        "---\n", encoding="utf-8")
    args = ["export", "ics", "--root", str(root), "--today", "2026-12-01"]
    for extra in ([], ["--public"]):
        result = runner.invoke(main, [*args, *extra])
        assert result.exit_code == 0, result.output
        assert "schedule-ada-quill" not in result.stdout


def test_public_ics_leaves_out_a_private_upcoming_interview(runner, tmp_path) -> None:
    root = _small_kb(tmp_path)
    (root / "interviews" / "2026-12-09-ada-quill.md").write_text(
        "---\ncontact: ada-quill\ndate: 2026-12-09 16:00 +01:00\nprivate: true\n---\n")
    args = ["export", "ics", "--root", str(root), "--today", "2026-12-01"]
    full = {str(e["UID"]) for e in _events(runner.invoke(main, args).stdout_bytes.decode())}
    public = {str(e["UID"]) for e in _events(
        runner.invoke(main, [*args, "--public"]).stdout_bytes.decode())}
    assert "interview-2026-12-09-ada-quill@infoview" in full
    assert full - public == {"interview-2026-12-09-ada-quill@infoview"}


def test_public_json_stage_does_not_give_away_a_private_interview(runner, tmp_path) -> None:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "interviews").mkdir()
    (tmp_path / "contacts" / "ada-quill.md").write_text(
        "---\nname: Ada Quill\nrequested_on: 2026-11-01\nreplied_on: 2026-11-02\n---\n")
    (tmp_path / "interviews" / "2026-11-20-ada-quill.md").write_text(
        "---\ncontact: ada-quill\ndate: 2026-11-20\nprivate: true\n---\nNotes.\n")
    day = ["--root", str(tmp_path), "--today", EXAMPLE_DAY]
    full = json.loads(runner.invoke(main, ["export", "json", *day]).stdout)
    public = json.loads(runner.invoke(main, ["export", "json", "--public", *day]).stdout)
    assert full["contacts"][0]["stage"] == "interviewed"
    assert public["contacts"][0]["stage"] == "to-schedule"
    assert public["interviews"] == []


# -- revisions, reminders, byte-order mark ------------------------------------------------


def _ics_at(runner, root: Path, epoch: int, today: str = "2026-12-01") -> str:
    result = runner.invoke(main, ["export", "ics", "--root", str(root), "--today", today],
                           env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode()


def test_ics_stamp_is_the_export_time_and_a_later_export_same_day_is_a_newer_revision(
        runner, tmp_path) -> None:
    root = _small_kb(tmp_path)
    morning = {str(e["UID"]): e for e in _events(_ics_at(runner, root, EXPORTED_AT))}
    path = root / "interviews" / "2026-12-09-ada-quill.md"
    path.write_text(path.read_text().replace("16:00", "17:00"))
    noon = {str(e["UID"]): e for e in _events(_ics_at(runner, root, EXPORTED_AT + 4 * 3600))}
    uid = "interview-2026-12-09-ada-quill@infoview"
    assert morning[uid].decoded("DTSTAMP") == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert noon[uid].decoded("DTSTAMP") == datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert int(noon[uid]["SEQUENCE"]) > int(morning[uid]["SEQUENCE"])
    for event in noon.values():  # every event: a changed follow-up is newer too
        assert int(event["SEQUENCE"]) == int(morning[str(event["UID"])]["SEQUENCE"]) + 4 * 3600


def test_a_bad_source_date_epoch_is_one_error_line(runner, tmp_path) -> None:
    result = runner.invoke(main, ["export", "ics", "--root", str(_small_kb(tmp_path))],
                           env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert (result.exit_code, result.output) == (
        1, "Error: SOURCE_DATE_EPOCH is 'yesterday'; it must be a whole number of seconds "
           "since 1970 (or unset)\n")


def test_cancelled_interviews_have_no_reminder_and_date_only_ones_remind_that_morning(
        runner, tmp_path) -> None:
    root = _small_kb(tmp_path)
    (root / "interviews" / "2026-12-11-ada-quill.md").write_text(
        "---\ncontact: ada-quill\ndate: 2026-12-11\n---\n")
    events = {str(e["UID"]): e for e in _events(_ics_at(runner, root, EXPORTED_AT))}
    assert events["interview-2026-12-05-ada-quill@infoview"].walk("VALARM") == []
    (morning,) = events["interview-2026-12-11-ada-quill@infoview"].walk("VALARM")
    assert morning.decoded("TRIGGER") == timedelta(hours=9)
    assert str(morning["DESCRIPTION"]) == "Today: informational interview with Ada Quill"
    (hour,) = events["interview-2026-12-09-ada-quill@infoview"].walk("VALARM")
    assert hour.decoded("TRIGGER") == timedelta(hours=-1)


def test_csv_starts_with_a_byte_order_mark_unless_told_not_to(runner, tmp_path) -> None:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "zoe.md").write_text("---\nname: Zoë Ångström\n---\n",
                                                  encoding="utf-8")
    args = ["export", "csv", "--root", str(tmp_path), "--today", "2026-12-01"]
    excel = runner.invoke(main, args).stdout_bytes
    script = runner.invoke(main, [*args, "--no-bom"]).stdout_bytes
    assert excel.startswith(b"\xef\xbb\xbfslug,path,stage,name,")
    assert script.startswith(b"slug,path,stage,name,")
    assert excel == b"\xef\xbb\xbf" + script
    assert "Zoë Ångström".encode() in script
    out = tmp_path / "contacts.csv"
    runner.invoke(main, [*args, "-o", str(out)])
    assert out.read_bytes() == excel
