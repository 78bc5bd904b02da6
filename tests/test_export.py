"""`infoview export ics|json|csv` on the example knowledge base (today = 2026-12-01).

Golden files live in tests/golden/interchange/; regenerate them with
`UPDATE_GOLDEN=1 make test` and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date, datetime, timedelta
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
        ("move-on-hana-berg@infoview", date(2026, 11, 23)),
        ("schedule-gus-whitfield@infoview", date(2026, 11, 26)),
        ("follow-up-ivo-petrak@infoview", date(2026, 11, 27)),
        ("action-2026-11-24-bram-okafor-1@infoview", date(2026, 11, 28)),
        ("thank-you-2026-11-27-dev-raman@infoview", date(2026, 11, 28)),
        ("referral-2026-11-24-bram-okafor-lena-marsh@infoview", date(2026, 12, 1)),
        ("thank-you-2026-11-30-elif-sato@infoview", date(2026, 12, 1)),
        ("prep-2026-12-03-cora-lindqvist@infoview", date(2026, 12, 3)),
        # Known since the follow-up and the request went out.
        ("move-on-kira-moss@infoview", date(2026, 12, 3)),
        ("follow-up-jun-alvarez@infoview", date(2026, 12, 4)),
        ("action-2026-11-24-bram-okafor-2@infoview", date(2026, 12, 5)),
        ("prep-2026-12-07-opal-reyes@infoview", date(2026, 12, 7)),
        ("action-2026-11-27-dev-raman-1@infoview", date(2026, 12, 10)),
        # Known once the interviews of the coming week are held (prep_window_days ahead).
        ("thank-you-2026-12-03-cora-lindqvist@infoview", date(2026, 12, 4)),
        ("thank-you-2026-12-07-opal-reyes@infoview", date(2026, 12, 8)),
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

    text = _export(runner, "ics")
    calendar = vobject.readOne(text)
    events = calendar.contents["vevent"]
    assert len(events) == len(_events(text)) == 17
    assert len({e.uid.value for e in events}) == 17
    items = [e for e in events if not e.uid.value.startswith("interview-")]
    for event in items:
        assert event.dtstart.value == event.dtend.value - timedelta(days=1)
        (alarm,) = event.contents["valarm"]
        assert alarm.trigger.value == timedelta(hours=9)
        assert int(event.sequence.value) > 0


def test_every_dated_to_do_is_an_all_day_event_on_its_due_day_with_a_morning_alarm(
        runner) -> None:
    # todo lists a week ahead by default; the calendar holds every item known today, and
    # those known by the end of the coming week (prep_window_days), as 'todo' says then.
    def todo(day: str) -> list[dict]:
        return [i for i in json.loads(runner.invoke(main, [
            "todo", "--root", str(REPO), "--today", day, "--days", "366", "--format", "json",
        ]).stdout) if not i["suggestion"]]

    dated = todo("2026-12-01") + [i for i in todo("2026-12-08")
                                  if i["visible_from"] > "2026-12-01"]
    events = [e for e in _events(_export(runner, "ics"))
              if not str(e["UID"]).startswith("interview-")]
    assert {i["checklist"] for i in dated} == {"schedule", "follow-up", "thank-you", "prep",
                                                "referral", "action"}
    assert len(events) == len(dated)
    by_text = {str(e["DESCRIPTION"]).split("\n\n")[0]: e for e in events}
    for item in dated:
        event = by_text[item["text"]]
        due = date.fromisoformat(item["due"])
        # On its due day, also when that has passed: the same event whatever the day.
        assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (due, due + timedelta(1))
        assert f"Due {item['due']}" in str(event["DESCRIPTION"])
        assert str(event["SUMMARY"]).endswith(item["text"])
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("TRIGGER") == timedelta(hours=9)  # 09:00 on the day
        assert str(alarm["ACTION"]) == "DISPLAY"


def test_an_item_ahead_is_in_the_calendar_before_it_is_due(runner) -> None:
    events = {str(e["UID"]): e for e in _events(_export(runner, "ics"))}
    ahead = events["action-2026-11-27-dev-raman-1@infoview"]
    assert ahead.decoded("DTSTART") == date(2026, 12, 10)


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
    # Its preparation (known from 2026-12-02, a week before) goes with it.
    assert full - public == {"interview-2026-12-09-ada-quill@infoview",
                             "prep-2026-12-09-ada-quill@infoview"}


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


def _without_stamps(ics: str) -> str:
    return "".join(line for line in ics.splitlines(keepends=True)
                   if not line.startswith("DTSTAMP:"))


def test_unchanged_notes_give_the_same_calendar_but_for_the_export_time(runner, tmp_path):
    (tmp_path / "kb").mkdir()
    root = _small_kb(tmp_path / "kb")
    morning = _ics_at(runner, root, EXPORTED_AT)
    noon = _ics_at(runner, root, EXPORTED_AT + 4 * 3600)
    assert "DTSTAMP:20261201T080000Z" in morning and "DTSTAMP:20261201T120000Z" in noon
    assert morning != noon
    assert _without_stamps(morning) == _without_stamps(noon)
    # Nor does it depend on the files' age: a copy made later is the same calendar.
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, copy_function=shutil.copy)
    assert _without_stamps(_ics_at(runner, copy, EXPORTED_AT)) == _without_stamps(morning)


def test_an_event_is_the_same_whatever_day_it_is_exported_on(runner) -> None:
    def events(day: str, epoch: int) -> dict[str, str]:
        ics = _ics_at(runner, REPO, epoch, today=day)
        return {str(e["UID"]): _without_stamps(e.to_ical().decode()) for e in _events(ics)}

    monday = events("2026-12-01", EXPORTED_AT)
    friday = events("2026-12-04", EXPORTED_AT + 3 * 86400)
    common = monday.keys() & friday.keys()
    assert len(common) >= 12
    assert {uid: monday[uid] for uid in common} == {uid: friday[uid] for uid in common}
    # What the days between settled leaves (Cora Lindqvist's interview and prep list).
    assert monday.keys() - friday.keys() == {"interview-2026-12-03-cora-lindqvist@infoview",
                                             "prep-2026-12-03-cora-lindqvist@infoview"}


def _sequences(runner, root: Path) -> dict[str, int]:
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in _events(_ics_at(runner, root, EXPORTED_AT))}


@pytest.mark.parametrize(("uid", "path", "old", "new"), [
    ("interview-2026-12-09-ada-quill@infoview", "interviews/2026-12-09-ada-quill.md",
     "16:00", "17:00"),
    ("interview-2026-12-09-ada-quill@infoview", "interviews/2026-12-09-ada-quill.md",
     "duration: 20\n", "duration: 20\nconfirmed: true\nplace: Room 4\n"),
    ("interview-2026-12-09-ada-quill@infoview", "interviews/2026-12-09-ada-quill.md",
     "duration: 20\n", "duration: 20\ncancelled: true\n"),
    ("follow-up-bo-lind@infoview", "contacts/bo-lind.md",
     "requested_on: 2026-11-20\n", "requested_on: 2026-11-20\nemail: bo@example.com\n"),
])
def test_a_changed_event_is_a_newer_revision_even_in_the_same_second(
        runner, tmp_path, uid, path, old, new) -> None:
    root = _small_kb(tmp_path)
    (root / "contacts" / "bo-lind.md").write_text(
        "---\nname: Bo Lind\nrequested_on: 2026-11-20\n---\n")
    before = _sequences(runner, root)
    note = root / path
    note.write_text(note.read_text().replace(old, new, 1))
    after = _sequences(runner, root)  # the same pinned export time: no help from the clock
    assert after[uid] > before[uid]
    assert {k: v for k, v in after.items() if k != uid and "ada-quill" not in k} == \
        {k: v for k, v in before.items() if k != uid and "ada-quill" not in k}


def test_recording_a_step_is_a_newer_revision_of_what_follows_it(runner, tmp_path) -> None:
    root = _small_kb(tmp_path)
    contact = root / "contacts" / "ada-quill.md"
    before = _sequences(runner, root)
    contact.write_text(contact.read_text().replace("---\n", "---\nemail: ada@example.com\n", 1))
    after = _sequences(runner, root)
    # Her interview's description names her email: a newer revision.
    uid = "interview-2026-12-09-ada-quill@infoview"
    assert after[uid] > before[uid]
    bo = root / "contacts" / "bo-lind.md"
    bo.write_text("---\nname: Bo Lind\nrequested_on: 2026-11-01\n---\n")
    assert "follow-up-bo-lind@infoview" in _sequences(runner, root)
    bo.write_text("---\nname: Bo Lind\nrequested_on: 2026-11-01\nfollowed_up_on: 2026-11-10\n"
                  "---\n")
    # The follow-up sent, the item is another one: treat the silence as a no.
    assert {k for k in _sequences(runner, root) if "bo-lind" in k} == {"move-on-bo-lind@infoview"}


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
