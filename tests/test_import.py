"""`infoview import linkedin|vcard`: rows become contacts, checked before any is written.

Golden files hold the `--dry-run` report (with each file's text) for every sample in
tests/data/interchange/. Regenerate them with `UPDATE_GOLDEN=1 make test` and review
the diff.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview_build.cli import main
from infoview_build.interchange import importing
from infoview_build.notes import validate
from infoview_build.notes.load import read_note

from conftest import REPO, golden

DATA = REPO / "tests" / "data" / "interchange"
GOLDEN = REPO / "tests" / "golden" / "interchange"
TODAY = "2026-12-01"

EXISTING = {
    "dev-raman.md": "---\nname: Dev Raman\nemail: DEV@example.com\n---\n",
    "hana-berg.md": "---\nname: Hana Berg\ncompany: Northwind\n---\n",
}
SAMPLES = [("linkedin", "Connections.csv"), ("linkedin", "Connections-old.csv"),
           ("vcard", "iphone.vcf"), ("vcard", "android.vcf"), ("vcard", "unicode.vcf")]


@pytest.fixture
def kb(tmp_path) -> Path:
    """A knowledge base holding Dev Raman (by email) and Hana Berg (by file name)."""
    (tmp_path / "contacts").mkdir()
    for name, text in EXISTING.items():
        (tmp_path / "contacts" / name).write_text(text, encoding="utf-8")
    return tmp_path


def _import(runner, kb: Path, kind: str, path: Path, *extra: str):
    return runner.invoke(main, ["import", kind, str(path), "--root", str(kb), "--today", TODAY,
                                *extra])


def _contacts(kb: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((kb / "contacts").glob("*"))}


@pytest.mark.parametrize(("kind", "name"), SAMPLES, ids=[n for _, n in SAMPLES])
def test_dry_run_shows_every_file_and_skip_and_writes_nothing(runner, kb, kind, name) -> None:
    result = _import(runner, kb, kind, DATA / name, "--dry-run")
    assert result.exit_code == 0, result.output
    golden(GOLDEN / f"{name}.txt", result.output)
    assert _contacts(kb).keys() == EXISTING.keys()


@pytest.mark.parametrize(("kind", "name"), SAMPLES, ids=[n for _, n in SAMPLES])
def test_import_writes_what_the_dry_run_showed_and_passes_check(runner, kb, kind, name) -> None:
    shown = _import(runner, kb, kind, DATA / name, "--dry-run").output
    result = _import(runner, kb, kind, DATA / name)
    assert result.exit_code == 0, result.output
    created = {k: v for k, v in _contacts(kb).items() if k not in EXISTING}
    for file_name, text in created.items():
        indented = "\n".join("    " + line if line else "" for line in text.rstrip().split("\n"))
        assert f"would create contacts/{file_name} " in shown
        assert indented in shown
    assert result.output.count("\ncreated ") + result.output.startswith("created ") == \
        len(created)
    check = runner.invoke(main, ["check", "--root", str(kb), "--today", TODAY])
    assert check.exit_code == 0, check.output
    assert check.output.endswith("no problems\n")


@pytest.mark.parametrize(("kind", "name"), SAMPLES, ids=[n for _, n in SAMPLES])
def test_importing_twice_skips_everyone_the_second_time(runner, kb, kind, name) -> None:
    _import(runner, kb, kind, DATA / name)
    before = _contacts(kb)
    again = _import(runner, kb, kind, DATA / name)
    assert again.exit_code == 0
    assert " 0 created, " in again.output
    assert _contacts(kb) == before


def test_linkedin_rows_become_contacts_with_how_they_were_found(runner, kb) -> None:
    _import(runner, kb, "linkedin", DATA / "Connections.csv")
    assert _contacts(kb)["ada-quill.md"] == (
        "---\nname: Ada Quill\nrole: Staff Engineer\ncompany: Northwind\n"
        "links: ['https://www.linkedin.com/in/ada-quill-7f3a21']\n"
        "found_via: LinkedIn connection since 2025-12-07\n---\n")


def test_text_that_yaml_would_misread_is_quoted(runner, kb) -> None:
    _import(runner, kb, "linkedin", DATA / "Connections.csv")
    text = _contacts(kb)["zoe-angstrom.md"]
    assert "name: Zoë Ångström\nrole: '1234'\ncompany: 'No'\n" in text


def test_same_name_is_the_same_person_even_with_another_profile(runner, kb) -> None:
    """As ``check`` warns about two contacts of one folded name, the import does not
    write the second Cleo Marsh; the reason names the row it matched."""
    result = _import(runner, kb, "linkedin", DATA / "Connections.csv")
    assert "company: Harbor Freight Analytics" in _contacts(kb)["cleo-marsh.md"]
    assert "cleo-marsh-2.md" not in _contacts(kb)
    assert "skipped Connections.csv:10 Cleo Marsh: the name Cleo Marsh is already in " \
           "Connections.csv:9\n" in result.output


def test_the_summary_counts_each_reason(runner, kb) -> None:
    result = _import(runner, kb, "linkedin", DATA / "Connections.csv")
    assert result.output.splitlines()[-1] == (
        "Connections.csv: 4 created, 5 skipped (3 already known, 1 invalid, 1 no name)")
    assert ("skipped Connections.csv:11 Dev Raman: the email dev@example.com is already in "
            "contacts/dev-raman.md") in result.output
    assert ("skipped Connections.csv:12 Ada Quill: the link "
            "https://linkedin.com/in/ada-quill-7f3a21 is already in Connections.csv:5"
            ) in result.output
    assert "skipped Connections.csv:13 Elif Sato: email: 'elif@' is not an email address" \
        in result.output
    assert "skipped Connections.csv:8: the name is empty" in result.output


def test_filters_pick_rows_by_company_and_position(runner, kb) -> None:
    result = _import(runner, kb, "linkedin", DATA / "Connections.csv",
                     "--filter-company", "northWIND", "--filter-position", "staff")
    assert result.exit_code == 0
    assert result.output == (
        "created contacts/ada-quill.md (Connections.csv:5)\n"
        "skipped Connections.csv:12 Ada Quill: the link https://linkedin.com/in/ada-quill-7f3a21"
        " is already in Connections.csv:5\n"
        "Connections.csv: 1 created, 8 skipped (1 already known, 7 filtered)\n")


def test_an_existing_file_name_is_never_overwritten(runner, kb) -> None:
    result = _import(runner, kb, "linkedin", DATA / "Connections-old.csv")
    assert "skipped Connections-old.csv:2 Hana Berg: contacts/hana-berg.md exists already" \
        in result.output
    assert _contacts(kb)["hana-berg.md"] == EXISTING["hana-berg.md"]


def test_vcard_fields_map_to_contact_keys(runner, kb) -> None:
    _import(runner, kb, "vcard", DATA / "iphone.vcf")
    assert _contacts(kb)["cora-lindqvist.md"] == (
        "---\nname: Cora Lindqvist\nrole: Head of Operations\ncompany: Brightline Robotics\n"
        "location: Göteborg, Sweden\nemail: cora@brightline.example\nphone: +46 555 010 203\n"
        "links: ['http://www.linkedin.com/in/coralindqvist', 'https://cora.example.org']\n"
        "tags: [robotics, operations]\n---\n\n"
        "Met at the Gothenburg robotics fair.  \nAsked about moving from analytics, into ops.\n"
        "\n- Email: cora.home@example.net (home)\n- Phone: +46 555 010 999 (work)\n"
        "\n## Private: personal details\n\n"
        "- Address: Lindholmspiren 5, Göteborg, 417 56, Sweden (work)\n")


def test_quoted_printable_android_card_is_decoded(runner, kb) -> None:
    _import(runner, kb, "vcard", DATA / "android.vcf")
    text = _contacts(kb)["jorg-muller.md"]
    assert "name: Jörg Müller\n" in text
    assert "company: Stadtwerke Grünau\n" in text
    assert "Kennt das Team für Netzplanung. Frag nach dem Wechsel aus der Forschung.\n" in text
    assert "myContacts" not in _contacts(kb)["lior-benn.md"]


# -- bad input: a clear message, exit 1, nothing written -----------------------------------

BAD = [
    ("linkedin", "no-header.csv", b"Name,Company\nAda Quill,Northwind\n",
     "Error: no-header.csv: no header line with 'First Name,Last Name' found in its first 50 "
     "lines; is this LinkedIn's Connections.csv? Expected columns: First Name,Last Name,URL,"
     "Email Address,Company,Position,Connected On. Other address books' CSV exports: "
     "'infoview import csv'\n"),
    ("linkedin", "open-quote.csv",
     b'First Name,Last Name,Company\nAda,Quill,Northwind\nBram,Okafor,"Lumen\n',
     "Error: open-quote.csv:3: not valid CSV (unexpected end of data); nothing was imported\n"),
    ("vcard", "not-vcard.vcf", b"name,email\nAda,ada@example.com\n",
     "Error: not-vcard.vcf:1: expected BEGIN:VCARD, found 'name,email'; is this a vCard "
     "file (.vcf)?\n"),
]


@pytest.mark.parametrize(("kind", "name", "data", "message"), BAD, ids=[b[1] for b in BAD])
def test_a_broken_file_is_refused_whole(runner, kb, kind, name, data, message) -> None:
    path = kb / name
    path.write_bytes(data)
    result = _import(runner, kb, kind, path)
    assert (result.exit_code, result.output) == (1, message)
    assert _contacts(kb).keys() == EXISTING.keys()


CUT_CARDS = [
    ("truncated.vcf",
     b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Quill\r\nEND:VCARD\r\n"
     b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bram Okafor\r\nORG:Lum",
     "note truncated.vcf:5 Bram Okafor: no END:VCARD: the file ends inside this card on line "
     "8 (cut short?); read as far as it goes, check its last line\n"),
    ("no-end.vcf",
     b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Quill\r\nEND:VCARD\r\n"
     b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bram Okafor\r\n"
     b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cleo Marsh\r\nEND:VCARD\r\n",
     "note no-end.vcf:5 Bram Okafor: no END:VCARD before the next card starts on line 8; "
     "read up to there\n"),
]


@pytest.mark.parametrize(("name", "data", "message"), CUT_CARDS, ids=[b[0] for b in CUT_CARDS])
def test_a_card_without_its_end_is_read_and_said_so(runner, kb, name, data, message):
    path = kb / name
    path.write_bytes(data)
    result = _import(runner, kb, "vcard", path)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"created contacts/ada-quill.md ({name}:1)\n"
                                    f"created contacts/bram-okafor.md ({name}:5)\n")
    assert message in result.output
    assert result.output.endswith(" 0 skipped\n")


def test_a_bad_line_is_left_out_and_its_card_kept(runner, kb) -> None:
    path = kb / "bad-line.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Quill\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bram Okafor\r\nthis line has no colon\r\n"
        b"ORG:Northwind\r\nEND:VCARD\r\n")
    result = _import(runner, kb, "vcard", path)
    assert (result.exit_code, result.output) == (0, (
        "created contacts/ada-quill.md (bad-line.vcf:1)\n"
        "created contacts/bram-okafor.md (bad-line.vcf:5)\n"
        "note bad-line.vcf:5 Bram Okafor: line 8 is not a vCard property (no ':' in 'this line "
        "has no colon'); left out\n"
        "bad-line.vcf: 2 created, 0 skipped; left out: 1 unreadable line\n"))
    assert "company: Northwind\n" in _contacts(kb)["bram-okafor.md"]


def test_a_missing_file_is_a_clear_error(runner, kb) -> None:
    result = _import(runner, kb, "vcard", kb / "nowhere.vcf")
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot read ")
    assert "nowhere.vcf: No such file or directory" in result.output


def test_a_folder_that_is_no_knowledge_base_is_refused(runner, tmp_path) -> None:
    result = _import(runner, tmp_path, "vcard", DATA / "iphone.vcf")
    assert result.exit_code == 1
    assert "no contacts/ or interviews/ folder in" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_name_taken_during_the_import_undoes_the_whole_import(runner, kb, monkeypatch):
    from infoview_build.edit.files import journal

    def racing(point, count=None):  # another program saves this note while files are staged
        if point == "staged" and count == 2:
            (kb / "contacts" / "zoe-angstrom.md").write_text("---\nname: Zoë Ångström\n---\n",
                                                            encoding="utf-8")

    monkeypatch.setattr(journal, "fault", racing)
    result = _import(runner, kb, "linkedin", DATA / "Connections.csv")
    assert result.exit_code == 1
    assert result.output.endswith("zoe-angstrom.md exists already; nothing was written; "
                                  "the import was undone, no file was written\n")
    assert set(_contacts(kb)) == {*EXISTING, "zoe-angstrom.md"}
    assert not [p for p in (kb / "contacts").iterdir() if p.name.startswith(".")]


def test_a_full_disk_undoes_the_whole_import(runner, kb, monkeypatch) -> None:
    import os

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = _import(runner, kb, "linkedin", DATA / "Connections.csv")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot write {kb / 'contacts'}/")
    assert result.output.endswith(": the disk is full; nothing was written; the import was "
                                  "undone, no file was written\n")
    assert sorted(p.name for p in (kb / "contacts").iterdir()) == sorted(EXISTING)  # no temps


def test_import_into_the_example_knowledge_base_keeps_it_clean(runner, tmp_path) -> None:
    root = tmp_path / "kb"
    for folder in ("contacts", "interviews"):
        shutil.copytree(REPO / folder, root / folder)
    for kind, name in SAMPLES:
        assert _import(runner, root, kind, DATA / name).exit_code == 0
    check = runner.invoke(main, ["check", "--root", str(root), "--today", TODAY])
    assert check.exit_code == 0, check.output


def test_five_hundred_rows_import_and_pass_check(runner, tmp_path) -> None:
    """The bench's export, imported whole; its speed is measured by bench/import_speed.py,
    not here, where a busy machine would make a time limit flaky."""
    sys.path.insert(0, str(REPO / "bench"))
    from import_speed import connections

    source = tmp_path / "Connections.csv"
    source.write_text(connections(500), encoding="utf-8")
    (tmp_path / "kb" / "contacts").mkdir(parents=True)
    result = _import(runner, tmp_path / "kb", "linkedin", source)
    assert result.output.splitlines()[-1] == "Connections.csv: 500 created, 0 skipped"
    check = runner.invoke(main, ["check", "--root", str(tmp_path / "kb"), "--today", TODAY])
    assert (check.exit_code, check.output) == (0, "500 files checked: no problems\n")


# -- hostile input: never a traceback ------------------------------------------------------

_VCARD_LINES = st.sampled_from([
    "BEGIN:VCARD", "END:VCARD", "VERSION:3.0", "VERSION:2.1", "FN:", "FN:Ada Quill", "N:;;;;",
    "N:Quill;Ada", "ORG:", "ORG:;;", "TITLE:", "EMAIL:", "EMAIL:not-an-email", "TEL:",
    "TEL;VALUE=uri:tel:", "URL:javascript:alert(1)", "item1.URL:https://x.example",
    "CATEGORIES:", "CATEGORIES:,,", "NOTE;ENCODING=QUOTED-PRINTABLE:=C3=", "NOTE:a\\nb",
    "PHOTO;ENCODING=b:!!!", " folded", "X-:", ":", ";;;", "BDAY:1990-02-30", "FN;CHARSET=KOI8:x",
])


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_VCARD_LINES, max_size=12))
def test_any_vcard_is_imported_or_refused_without_a_traceback(runner, tmp_path, lines) -> None:
    root = tmp_path / "kb"
    shutil.rmtree(root, ignore_errors=True)
    (root / "contacts").mkdir(parents=True)
    path = tmp_path / "any.vcf"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    result = _import(runner, root, "vcard", path)
    assert result.exit_code in (0, 1), result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    if result.exit_code == 1:
        assert not list((root / "contacts").iterdir())
    else:
        check = runner.invoke(main, ["check", "--root", str(root), "--today", TODAY])
        assert check.exit_code == 0, check.output


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from('ab,"\n\r é=@-:0'), max_size=80))
def test_any_csv_rows_are_imported_or_refused_without_a_traceback(runner, tmp_path, rows) -> None:
    root = tmp_path / "kb"
    shutil.rmtree(root, ignore_errors=True)
    (root / "contacts").mkdir(parents=True)
    path = tmp_path / "any.csv"
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                    + rows, encoding="utf-8")
    result = _import(runner, root, "linkedin", path)
    assert result.exit_code in (0, 1), result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    if result.exit_code == 0:
        check = runner.invoke(main, ["check", "--root", str(root), "--today", TODAY])
        assert check.exit_code == 0, check.output


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=20).map(importing.clean).filter(bool), min_size=1,
                max_size=3))
def test_written_values_read_back_as_the_same_text(values) -> None:
    text = f"---\nrole: {importing.yaml_value(values[0])}\n" \
           f"tags: {importing.yaml_value(values)}\n---\n"
    note = read_note("contacts/x.md", text.encode("utf-8"))
    assert note.data is not None, (text, note.problems)
    record, problems = validate.contact(note, "x", date(2026, 12, 1))
    assert [p.message for p in problems if p.field != "name"] == []
    assert note.data["role"][0] == values[0]
    assert [item[0] for item in note.data["tags"]] == values


def test_linkedin_emoji_dates_and_scheme_less_profiles(runner, kb) -> None:
    (kb / "contacts" / "rob-vantwerp.md").write_text("---\nname: Rob Vantwerp\n---\n",
                                                     encoding="utf-8")
    path = kb / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Mira,Quillfeather 🍀,www.linkedin.com/in/miraq,,Northwind,Analyst,05/14/23\n"
        "Rob,Vantwerp🔸,linkedin.com/in/robv,,Lumen,PM,14 May 2023\n"
        "🇵🇹 Tiago,Reis ✨,https://www.linkedin.com/in/treis,,Calder,CTO,\n", encoding="utf-8")
    result = _import(runner, kb, "linkedin", path)
    assert result.output == (
        "created contacts/mira-quillfeather.md (Connections.csv:2)\n"
        "created contacts/tiago-reis.md (Connections.csv:4)\n"
        "note Connections.csv:2 Mira Quillfeather: Connected On '05/14/23' is not a date this "
        "import reads (07 Dec 2025 or 2025-12-07); found_via has no date\n"
        "skipped Connections.csv:3 Rob Vantwerp: contacts/rob-vantwerp.md exists already\n"
        "Connections.csv: 2 created, 1 skipped (1 already known); left out: 1 unreadable date\n")
    assert _contacts(kb)["mira-quillfeather.md"] == (
        "---\nname: Mira Quillfeather\nrole: Analyst\ncompany: Northwind\n"
        "links: ['https://www.linkedin.com/in/miraq']\nfound_via: LinkedIn connection\n---\n")
    assert "name: Tiago Reis\n" in _contacts(kb)["tiago-reis.md"]


def test_update_leaves_out_a_value_check_would_refuse_and_says_why(runner, kb) -> None:
    (kb / "contacts" / "elif-sato.md").write_text("---\nname: Elif Sato\n---\n",
                                                  encoding="utf-8")
    path = kb / "Connections.csv"
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                    "Elif,Sato,linkedin.com/in/elif-sato,elif@,Calder,Partner,15 May 2018\n",
                    encoding="utf-8")
    result = _import(runner, kb, "linkedin", path, "--update")
    assert result.output == (
        "added role, company, links, found_via to contacts/elif-sato.md (Connections.csv:2); "
        "email: 'elif@' is not an email address\n"
        "Connections.csv: 0 created, 1 updated, 0 skipped\n")
    assert _contacts(kb)["elif-sato.md"] == (
        "---\nname: Elif Sato\nrole: Partner\ncompany: Calder\n"
        "links: ['https://linkedin.com/in/elif-sato']\n"
        "found_via: LinkedIn connection since 2018-05-15\n---\n")
