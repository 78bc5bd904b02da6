"""`infoview import vcard`: what has no field of its own (roles, chat and street addresses,
anniversaries and other dates, related people) reaches the note, and whatever is still
left out is counted in the summary by kind. Real exports from tests/data/vcard-real/."""

from __future__ import annotations

from pathlib import Path

from infoview_build.cli import main
from infoview_build.plan.public import public_body

from conftest import REPO

REAL = REPO / "tests" / "data" / "vcard-real"
TODAY = "2026-12-01"


def _import(runner, tmp_path: Path, source: Path) -> tuple[str, Path]:
    kb = tmp_path / "kb"
    (kb / "contacts").mkdir(parents=True, exist_ok=True)
    result = runner.invoke(main, ["import", "vcard", str(source), "--root", str(kb),
                                  "--today", TODAY])
    assert result.exit_code == 0, result.output
    check = runner.invoke(main, ["check", "--root", str(kb), "--today", TODAY])
    assert check.output.endswith("no problems\n"), check.output
    return result.output, kb


def _note(kb: Path, slug: str) -> str:
    return (kb / "contacts" / f"{slug}.md").read_text(encoding="utf-8")


def _card(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "contacts.vcf"
    path.write_text("\r\n".join(["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD", ""]),
                    encoding="utf-8")
    return path


def test_gmail_keeps_chat_addresses_dates_and_related_names(runner, tmp_path) -> None:
    output, kb = _import(runner, tmp_path, REAL / "ez-vcard" / "gmail-single2.vcf")
    assert output.splitlines()[-1] == \
        "gmail-single2.vcf: 1 created, 0 skipped; left out: 1 phonetic name"
    note = _note(kb, "vcard-test")
    private = note.split("## Private: personal details\n\n", 1)[1]
    for line in ("- Chat: IM3 (AIM)", "- Chat: IM5 (Skype)", "- Chat: IM9 (Jabber)",
                 "- Address: 113 Main St, NY, New York 10011 (work)",
                 "- Address: 115 Main St, NY, New York 10011 (CustomAddressCategory)",
                 "- Anniversary: 1930-03-20", "- Date: 1776-07-04",
                 "- Date: 2000-09-12 (CustomDateCategory)", "- Related: Name1",
                 "- Related: Name2 (Spouse)", "- Related: Name16 (CustomRelationCategory)"):
        assert f"{line}\n" in private, line
    # An X-ABLabel on its own line names its phone, as it does its address.
    assert "- Phone: 5555551121 (CustomePhoneCategory)\n" in note


def test_outlook_role_im_address_anniversary_and_people(runner, tmp_path) -> None:
    output, kb = _import(runner, tmp_path, REAL / "ez-vcard" / "outlook-2007.vcf")
    assert output.splitlines()[-1] == \
        "outlook-2007.vcf: 1 created, 0 skipped; left out: 1 calendar address, 1 key, 1 photo"
    note = _note(kb, "mr-tobin-marlowe-jr")
    assert "role: TheJobTitle\n" in note
    public, private = note.split("## Private: personal details\n\n", 1)
    assert "- Role: TheProfession\n" in public
    assert private == (
        "- Birthday: 1922-03-10\n- Chat: im@aim.com\n"
        "- Address: TheOffice, 222 Broadway, New York, NY 99999, USA (work)\n"
        "- Anniversary: 2012-08-01\n- Related: TheManagerName (manager)\n"
        "- Related: TheAssistantName (assistant)\n- Related: TheSpouse (spouse)\n")


def test_fullcontact_services_and_encoded_relations(runner, tmp_path) -> None:
    output, kb = _import(runner, tmp_path, REAL / "ez-vcard" / "fullcontact.vcf")
    assert output.splitlines()[-1] == \
        "fullcontact.vcf: 1 created, 0 skipped; left out: 1 gender, 3 photos"
    note = _note(kb, "prefix-firstname-middlename-lastname-suffix")
    for line in ("- Chat: skype:skype (Skype)", "- Chat: xmpp:jabber (Jabber)",
                 "- Anniversary: 2016-08-02", "- Date: 2016-08-04 (CustomTYPE)",
                 "- Related: Fiance (Fiancé)", "- Related: Manager (Manager)",
                 "- Address: WorkExtended, WorkStreet, WorkCity, WorkState WorkPostal, "
                 "WorkCountry (work)"):
        assert f"{line}\n" in note, line


def test_rfc6350_and_lotus_count_what_has_no_place(runner, tmp_path) -> None:
    output, kb = _import(runner, tmp_path, REAL / "ez-vcard" / "rfc6350-example.vcf")
    assert output.splitlines()[-1] == (
        "rfc6350-example.vcf: 1 created, 0 skipped; left out: 1 gender, 1 key, 2 languages, "
        "1 map position, 1 time zone")
    assert "- Anniversary: 2009-08-08\n" in _note(kb, "simon-perreault")
    assert "- Address: Suite D2-630, 2875 Laurier, Quebec, QC G1V 2M2, Canada (work)\n" in \
        _note(kb, "simon-perreault")
    output, kb = _import(runner, tmp_path / "lotus", REAL / "ez-vcard" /
                         "John_Doe_LOTUS_NOTES.vcf")
    assert output.splitlines()[-1] == (
        "John_Doe_LOTUS_NOTES.vcf: 1 created, 0 skipped; left out: 1 X-LONG-STRING field, "
        "1 map position, 1 photo, 1 time zone")


def test_role_and_title_both_kept(runner, tmp_path) -> None:
    _, kb = _import(runner, tmp_path, REAL / "node-vcf" / "empty-lines.vcf")
    (path,) = (kb / "contacts").glob("*.md")
    note = path.read_text(encoding="utf-8")
    assert "role: Redaktion & Gestaltung\n" in note
    assert "- Role: Kommunikation\n" in note


def test_role_fills_an_empty_role_and_odd_properties_are_counted(runner, tmp_path) -> None:
    output, kb = _import(runner, tmp_path, _card(
        tmp_path, "FN:Ada Quill", "ROLE:Staff Engineer", "REV:2026-01-01T00:00:00Z",
        "UID:abc", "PRODID:-//Example//EN", "X-ABUID:1", "X-FOO-BAR:kept nowhere",
        "RELATED;TYPE=friend:urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        "RELATED;TYPE=friend;VALUE=text:Bram Okafor", "X-SKYPE:ada.q",
        "LABEL:1 Harbour Road\\nPortsmouth", "item2.X-ABDATE:2019-05-04",
        "item2.X-ABLabel:First met"))
    assert output.splitlines()[-1] == ("contacts.vcf: 1 created, 0 skipped; left out: "
                                       "1 X-FOO-BAR field, 1 related person given by an id")
    note = _note(kb, "ada-quill")
    assert "role: Staff Engineer\n" in note and "- Role:" not in note
    assert note.endswith(
        "## Private: personal details\n\n- Chat: ada.q (Skype)\n"
        "- Address: 1 Harbour Road, Portsmouth\n- Date: 2019-05-04 (First met)\n"
        "- Related: Bram Okafor (friend)\n")


def test_a_printed_label_beside_its_address_is_not_counted(runner, tmp_path) -> None:
    output, kb = _import(runner, tmp_path, _card(
        tmp_path, "FN:Ada Quill", "ADR;TYPE=home:;;1 Harbour Road;Portsmouth;;PO1 2AB;UK",
        "LABEL;TYPE=home:1 Harbour Road\\nPortsmouth PO1 2AB\\nUK"))
    assert output.splitlines()[-1] == "contacts.vcf: 1 created, 0 skipped"
    assert "- Address: 1 Harbour Road, Portsmouth, PO1 2AB, UK (home)\n" in \
        _note(kb, "ada-quill")


def test_personal_details_stay_out_of_a_public_page(runner, tmp_path) -> None:
    _, kb = _import(runner, tmp_path, REAL / "ez-vcard" / "outlook-2007.vcf")
    note = _note(kb, "mr-tobin-marlowe-jr")
    body = note.split("---\n", 2)[2]
    shown = public_body(body)
    assert "- Role: TheProfession" in shown and "Toby" in shown
    for secret in ("222 Broadway", "TheSpouse", "im@aim.com", "1922-03-10", "2012-08-01"):
        assert secret in body and secret not in shown, secret
