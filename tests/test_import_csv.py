"""`infoview import csv`: Google Contacts (both layouts), Outlook, Thunderbird and LinkedIn
exports recognised by their header and mapped as a vCard is; anything else refused.

tests/data/csv-real/ holds Thunderbird's own test exports; tests/data/csv-own/ holds
files written here with the exact headers of the other programs' exports (their READMEs
say where each comes from).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from infoview_build.cli import main

from conftest import REPO

DATA = REPO / "tests" / "data"
OWN = DATA / "csv-own"
THUNDERBIRD = DATA / "csv-real" / "thunderbird"
ROUNDCUBE = DATA / "csv-real" / "roundcube"
TODAY = "2026-12-01"


@pytest.fixture
def kb(tmp_path) -> Path:
    (tmp_path / "kb" / "contacts").mkdir(parents=True)
    return tmp_path / "kb"


def _import(runner, kb: Path, path: Path, *extra: str, kind: str = "csv"):
    return runner.invoke(main, ["import", kind, str(path), "--root", str(kb), "--today",
                                TODAY, *extra])


def _note(kb: Path, slug: str) -> tuple[dict, str]:
    text = (kb / "contacts" / f"{slug}.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _check_clean(runner, kb: Path) -> None:
    check = runner.invoke(main, ["check", "--root", str(kb), "--today", TODAY])
    assert check.exit_code == 0, check.output


def test_google_current_layout(runner, kb) -> None:
    result = _import(runner, kb, OWN / "google-contacts.csv")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "google-contacts.csv: Google Contacts (current layout) export"
    assert lines[-1] == ("google-contacts.csv: 2 created, 1 skipped (1 no name); left out: "
                         "1 custom field, 1 photo")
    fields, body = _note(kb, "ada-quill")
    assert fields == {
        "name": "Ada Quill", "role": "Staff Engineer, Routing", "company": "Northwind, Inc.",
        "location": "Lisbon, Portugal", "email": "ada@northwind.example",
        "phone": "+351 555 0101",
        "links": ["https://www.linkedin.com/in/ada-quill-example",
                  "https://adaquill.example.org"],
        "tags": ["Mentors"]}
    assert body == (
        "\nMet at the Lisbon meetup.  \nAsk about &lt;routing> & \\*maps\\*.\n\n"
        "- Department: Platform\n- Nickname: Ace\n"
        "- Email: ada.quill@example.com (work)\n- Email: ada.home@example.org (home)\n"
        "- Phone: +351 555 0199 (work)\n\n"
        "## Private: personal details\n\n"
        "- Birthday: 1988-03-21\n- Related: Bram Okafor (spouse)\n"
        "- Anniversary: 2015-06-20\n"
        "- Address: 12 Harbour Road, Lisbon, 1000-001, Portugal (work)\n")
    fields, body = _note(kb, "lucja-wisniewska-phd")
    assert fields["name"] == "Łucja Wiśniewska PhD"
    assert "- Birthday: --11-02" in body
    _check_clean(runner, kb)


def test_google_older_layout(runner, kb) -> None:
    result = _import(runner, kb, OWN / "google-contacts-old.csv")
    assert result.output.splitlines()[0] == \
        "google-contacts-old.csv: Google Contacts (older layout) export"
    assert result.output.endswith(
        "google-contacts-old.csv: 1 created, 0 skipped; left out: 1 gender\n")
    fields, body = _note(kb, "cleo-marsh")
    assert fields == {
        "name": "Cleo Marsh", "role": "Senior Product Manager", "company": "Bluefield Labs",
        "location": "Rotterdam, Netherlands", "email": "cleo@bluefield.example",
        "phone": "+31 555 0103", "links": ["http://cleomarsh.example.net"],
        "tags": ["Climate"]}
    assert "- Phone: +31 555 0104 (Mobile)" in body
    assert "- Chat: cleo.marsh.example (Skype)" in body
    assert "Prefers email, calls after 3pm." in body


@pytest.mark.parametrize("name", ["outlook.csv", "outlook-excel-cp1252.csv"])
def test_outlook_also_after_excel_in_windows_1252_with_semicolons(runner, kb, name) -> None:
    result = _import(runner, kb, OWN / name)
    assert result.exit_code == 0, result.output
    note = "; read as Windows-1252 (the file is not UTF-8)" if "cp1252" in name else ""
    assert result.output.splitlines()[0] == f"{name}: Outlook export{note}"
    # Outlook's defaults (0/0/00, Unspecified, Normal, False) are no values.
    assert result.output.endswith(f"{name}: 2 created, 0 skipped\n")
    fields, body = _note(kb, "dev-raman")
    assert fields == {
        "name": "Dev Raman", "role": "Engineering Manager", "company": "Cobalt & Pine",
        "location": "Toronto, Canada", "email": "dev.raman@example.com",
        "phone": "+1 555 0113", "links": ["https://www.cobaltpine.example/dev"],
        "tags": ["Fintech", "Mentors"]}
    assert "- Email: dev@cobaltpine.example\n- Phone: +1-919-555-0103 (work)\n" in body
    assert "- Birthday: 1985-07-14\n- Related: Mara Voss (spouse)\n" in body
    assert "- Address: 1 King St W, Toronto, ON M5H 1A1, Canada (work)" in body
    fields, _ = _note(kb, "dr-jorg-muller")
    assert (fields["name"], fields["company"], fields["location"]) == (
        "Dr. Jörg Müller", "Stadtwerke Grünau", "München, Deutschland")
    _check_clean(runner, kb)


def test_thunderbirds_own_test_exports(runner, kb) -> None:
    result = _import(runner, kb, THUNDERBIRD / "export.csv")
    assert result.output == (
        "export.csv: Thunderbird export\n"
        "created contacts/contact-number-one.md (export.csv:2)\n"
        "created contacts/contact-number-two.md (export.csv:3)\n"
        "export.csv: 2 created, 0 skipped; left out: 1 custom field\n")
    fields, body = _note(kb, "contact-number-two")
    assert fields == {"name": "contact number two", "role": '"worker"'}
    # "contact2@invalid" is no address the validator takes: kept in the body, not lost.
    assert body == "\nhere's some unicode text…\n\n- Email: contact2@invalid\n"
    for name in ("basic_csv_addressbook.csv", "csv_semicolon.csv"):
        shutil.rmtree(kb / "contacts")
        (kb / "contacts").mkdir()
        result = _import(runner, kb, THUNDERBIRD / name)
        assert result.output.endswith(f"{name}: 2 created, 0 skipped\n"), result.output
        assert _note(kb, "jane-doe")[0] == {"name": "Jane Doe", "email": "jane@doe.invalid"}


def test_roundcubes_gmail_and_thunderbird_samples(runner, kb) -> None:
    result = _import(runner, kb, ROUNDCUBE / "gmail.csv")
    assert result.output.splitlines()[0] == "gmail.csv: Google Contacts (older layout) export"
    assert result.output.endswith("gmail.csv: 1 created, 0 skipped\n"), result.output
    fields, body = _note(kb, "prefix-firstname-middle-lastname-suffix")
    assert fields == {
        "name": "Prefix Firstname Middle Lastname Suffix", "role": "jobtitle",
        "company": "company", "location": "home_city, home_country", "email": "home@aaa.pl",
        "phone": "mainphone",  # the first phone that is no pager or fax
        "links": ["https://test.com", "https://home.page.com"], "tags": ["Test"]}
    assert body.startswith('\nnote"note\n\n- Nickname: nick\n- Email: work@email.pl (Work)\n'
                           "- Email: unknown@email.com\n- Email: other@email.com (Other)\n")
    assert "- Phone: pager (Pager)" in body and "- Phone: workfax (Work Fax)" in body
    assert "- Related: spouse (Spouse)" in body
    assert "- Address: home\\_pobox, home\\_street, home\\_city, home\\_state, home\\_zip, " \
           "home\\_country (Home)" in body
    result = _import(runner, kb, ROUNDCUBE / "tb_plain.csv")
    assert result.output.endswith("tb_plain.csv: 1 created, 0 skipped\n"), result.output
    fields, body = _note(kb, "displayname")
    assert fields == {
        "name": "Displayname", "role": "title", "company": "Organization",
        "location": "Wcity, Poland", "email": "test@domain.tld", "phone": "mobile",
        "links": ["http://page.com", "http://webpage.tld"]}
    assert "- Birthday: 1970-11-15\n" in body
    assert "- Address: Addr work, Wcity, Wstate 33-333, Poland (work)\n" in body


@pytest.mark.parametrize(("name", "note"), [
    ("Connections-excel.csv", ""),
    ("Connections-cp1252.csv", "; read as Windows-1252 (the file is not UTF-8)")])
def test_linkedin_after_excel_by_either_command(runner, kb, name, note) -> None:
    result = _import(runner, kb, OWN / name)
    assert result.output.splitlines()[0] == f"{name}: LinkedIn Connections.csv export{note}"
    assert result.output.endswith(f"{name}: 2 created, 0 skipped\n")
    assert _note(kb, "zoe-angstrom")[0] == {
        "name": "Zoë Ångström", "role": "Data Analyst, Growth", "company": "Tessellate",
        "links": ["https://www.linkedin.com/in/zoe-angstrom-example"],
        "found_via": "LinkedIn connection since 2025-12-07"}
    shutil.rmtree(kb / "contacts")
    (kb / "contacts").mkdir()
    again = _import(runner, kb, OWN / name, kind="linkedin")
    assert again.output.endswith(f"{name}: 2 created, 0 skipped\n"), again.output
    assert _note(kb, "paz-moreno")[0]["email"] == "paz@example.org"


@pytest.mark.parametrize(("name", "title"), [
    ("google-contacts.csv", "Google Contacts (current layout)"),
    ("google-contacts-old.csv", "Google Contacts (older layout)"),
    ("outlook.csv", "Outlook")])
def test_import_linkedin_refuses_other_address_books(runner, kb, name, title) -> None:
    result = _import(runner, kb, OWN / name, kind="linkedin")
    assert (result.exit_code, result.output) == (1, (
        f"Error: {name}: this is a CSV export of {title}, not LinkedIn's Connections.csv; "
        f"import it with 'infoview import csv {name}'\n"))
    assert not list((kb / "contacts").iterdir())


def test_import_linkedin_refuses_thunderbird_too(runner, kb) -> None:
    result = _import(runner, kb, THUNDERBIRD / "export.csv", kind="linkedin")
    assert result.exit_code == 1
    assert "this is a CSV export of Thunderbird, not LinkedIn's" in result.output


def test_an_unknown_header_is_refused_with_the_layouts_known(runner, kb, tmp_path) -> None:
    path = tmp_path / "crm.csv"
    path.write_text("Full name;Mail;Mobile\nAda Quill;ada@example.com;+351 555 0101\n")
    result = _import(runner, kb, path)
    assert (result.exit_code, result.output) == (1, (
        "Error: crm.csv:1: no known address-book header (found 'Full name;Mail;Mobile'); "
        "'import csv' reads the CSV exports of Google Contacts (current layout), Google "
        "Contacts (older layout), Thunderbird, Outlook, LinkedIn Connections.csv. Export "
        "the contacts as vCard (.vcf) and use 'infoview import vcard' instead\n"))
    assert not list((kb / "contacts").iterdir())


def test_update_dry_run_and_duplicates_work_as_for_vcards(runner, kb) -> None:
    (kb / "contacts" / "ada-quill.md").write_text(
        "---\nname: Ada Quill\nemail: ada.quill@example.com\n---\n\nMy notes.\n")
    dry = _import(runner, kb, OWN / "google-contacts.csv", "--update", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "would add role, company, location, phone, links, tags to contacts/ada-quill.md " \
           "(google-contacts.csv:2)" in dry.output
    assert (kb / "contacts" / "ada-quill.md").read_text().endswith("My notes.\n")
    assert not (kb / "contacts" / "lucja-wisniewska-phd.md").exists()
    plain = _import(runner, kb, OWN / "google-contacts.csv")
    assert "skipped google-contacts.csv:2 Ada Quill: the email ada.quill@example.com is " \
           "already in contacts/ada-quill.md" in plain.output
    assert plain.output.endswith(
        "google-contacts.csv: 1 created, 2 skipped (1 already known, 1 no name)\n")


def test_a_broken_row_refuses_the_file_and_writes_nothing(runner, kb, tmp_path) -> None:
    path = tmp_path / "google.csv"
    path.write_text("First Name,Last Name,E-mail 1 - Value\nAda,Quill,ada@example.com\n"
                    'Bram,Okafor,"bram@example.com\n')
    result = _import(runner, kb, path)
    assert (result.exit_code, result.output) == (
        1, "Error: google.csv:3: not valid CSV (unexpected end of data); nothing was "
           "imported\n")
    assert not list((kb / "contacts").iterdir())


def test_notes_and_names_are_text_not_markup(runner, kb, tmp_path) -> None:
    path = tmp_path / "google.csv"
    path.write_text('First Name,Last Name,Notes,E-mail 1 - Value\n'
                    'Ada,Quill,"<script>alert(1)</script>\n# not a heading\n[x](javascript:1)",'
                    'ada@example.com\n')
    result = _import(runner, kb, path)
    assert result.exit_code == 0, result.output
    _, body = _note(kb, "ada-quill")
    assert body == "\n&lt;script>alert(1)&lt;/script>  \n\\# not a heading  \n" \
                   "\\[x\\](javascript:1)\n"
