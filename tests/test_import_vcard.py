"""`infoview import vcard` on what phones and mail programs really write.

Every file under tests/data/vcard-real/ (test fixtures of public parser projects; see its
README) is imported; then the cases of real exports that used to refuse a whole file,
lose links, or let a note's HTML into the site, one test each.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from pathlib import Path

import pytest

from infoview_build.cli import main

from conftest import REPO

REAL = REPO / "tests" / "data" / "vcard-real"
REAL_FILES = sorted(REAL.rglob("*.vcf"))
CUT_SHORT = {"Cropped_2_1.vcf"}
"""Real files that end inside a card: that card is read as far as it goes, and said so."""
TODAY = "2026-12-01"


@pytest.fixture
def kb(tmp_path) -> Path:
    (tmp_path / "kb" / "contacts").mkdir(parents=True)
    return tmp_path / "kb"


def _import(runner, kb: Path, path: Path, *extra: str):
    return runner.invoke(main, ["import", "vcard", str(path), "--root", str(kb), "--today",
                                TODAY, *extra])


def _vcf(tmp_path: Path, data: bytes, name: str = "contacts.vcf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _card(*lines: str, end: str = "\r\n") -> bytes:
    return end.join(["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD"]).encode() + \
        end.encode()


def _contact(kb: Path, slug: str) -> str:
    return (kb / "contacts" / f"{slug}.md").read_text(encoding="utf-8")


def _check_clean(runner, kb: Path) -> None:
    check = runner.invoke(main, ["check", "--root", str(kb), "--today", TODAY])
    assert check.exit_code == 0, check.output
    assert check.output.endswith("no problems\n"), check.output


def test_the_real_files_are_all_here() -> None:
    assert len(REAL_FILES) >= 25
    assert (REAL / "README.md").is_file()


@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
def test_every_real_file_imports_each_named_card_and_passes_check(runner, kb, path) -> None:
    result = _import(runner, kb, path)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 0, result.output
    if path.name in CUT_SHORT:
        assert "the file ends inside this card on line" in result.output
    # No card is lost (a line may be: "left out: 2 unreadable lines").
    assert not re.search(r"\d unreadable[,)]", result.output.splitlines()[-1]), result.output
    summary = re.search(r": (\d+) created, (\d+) skipped", result.output.splitlines()[-1])
    named = len(re.findall(r"(?m)^(?:FN|N)[;:][^\r\n]*[^\s;:]",
                           path.read_text("utf-8", "replace")))
    assert int(summary[1]) >= 1 or named == 0, result.output
    _check_clean(runner, kb)


def test_all_real_files_into_one_knowledge_base_stay_clean(runner, kb) -> None:
    for path in REAL_FILES:
        assert _import(runner, kb, path).exit_code == 0, path
    _check_clean(runner, kb)


def test_real_files_keep_what_a_user_expects(runner, tmp_path) -> None:
    def imported(name: str, slug: str) -> str:
        kb = tmp_path / name.replace("/", "-")
        (kb / "contacts").mkdir(parents=True)
        assert _import(runner, kb, REAL / name).exit_code == 0
        return _contact(kb, slug)

    outlook = imported("ez-vcard/outlook-2003.vcf", "john-doe-iii")
    assert "company: Company, The\n" in outlook  # ORG with a comma, from Outlook 2003
    assert "- Nickname: Joey\n" in outlook
    assert "## Private: personal details\n\n- Birthday: 1980-03-21\n" in outlook
    assert "This is the note field!!  \nSecond line\n\nThird line is empty\n" in outlook
    gmail = imported("ez-vcard/gmail-single.vcf", "greg-dartmouth")
    assert "links: ['http://TheProfile.com']\n" in gmail  # URL:http\\://… from Gmail
    iphone = imported("ez-vcard/John_Doe_IPHONE.vcf", "mr-john-richter-james-doe-sr")
    assert "links: ['http://www.ibm.com']\n" in iphone  # iPhone, photo with a bad line
    lotus = imported("ez-vcard/John_Doe_LOTUS_NOTES.vcf", "mr-doe-john-i-johny")
    assert "email: john.doe@ibm.com\n" in lotus  # PROFILE:VCard used to refuse the file
    android = imported("ez-vcard/John_Doe_ANDROID.vcf", "n-n-n-n-n")
    assert "name: Ñ Ñ Ñ Ñ Ñ\n" in android  # quoted-printable UTF-8


# -- a whole phone ------------------------------------------------------------------------


def test_a_whole_phone_export_with_photos_imports_every_card_with_a_name(runner, kb,
                                                                          tmp_path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from import_speed import phone_export

    result = _import(runner, kb, _vcf(tmp_path, phone_export(300)))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "contacts.vcf: 301 created, 1 skipped (1 no name); "
        "left out: 300 photos, 1 unreadable line")
    # One bad line costs that line, not the card.
    assert "note contacts.vcf:106 Broken Card: line 109 is not a vCard property (no ':' in " \
           "'this line has no colon'); left out\n" in result.output
    assert "skipped contacts.vcf:174: the card has no name (FN or N); it holds " \
           "nameless@example.com\n" in result.output
    assert len(list((kb / "contacts").iterdir())) == 301
    _check_clean(runner, kb)


def test_a_card_cut_short_is_read_as_far_as_it_goes_and_said_so(runner, kb,
                                                                 tmp_path) -> None:
    data = _card("FN:Ada Quill") + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bram Okafor\r\n" + \
        _card("FN:Cleo Marsh") + b"BEGIN:VCARD\r\nFN:Dev Raman\r\nORG:Lum"
    result = _import(runner, kb, _vcf(tmp_path, data))
    assert result.exit_code == 0, result.output
    assert "note contacts.vcf:5 Bram Okafor: no END:VCARD before the next card starts on " \
           "line 8; read up to there\n" in result.output
    assert "note contacts.vcf:12 Dev Raman: no END:VCARD: the file ends inside this card on " \
           "line 14 (cut short?); read as far as it goes, check its last line\n" \
        in result.output
    assert sorted(p.name for p in (kb / "contacts").iterdir()) == [
        "ada-quill.md", "bram-okafor.md", "cleo-marsh.md", "dev-raman.md"]


# -- what exporters write -----------------------------------------------------------------


def test_escaped_colons_of_google_and_apple_keep_links_and_notes(runner, kb,
                                                                 tmp_path) -> None:
    data = _card("FN:Ada Quill", "item1.URL:http\\://ada.example.org/about",
                 "item1.X-ABLabel:_$!<HomePage>!$_",
                 "X-SOCIALPROFILE;type=linkedin:http\\://www.linkedin.com/in/ada-quill",
                 "URL:www.quill.example", "NOTE:Favorite Color\\: Blue\\nTea\\, not coffee")
    assert _import(runner, kb, _vcf(tmp_path, data)).exit_code == 0
    assert _contact(kb, "ada-quill") == (
        "---\nname: Ada Quill\nlinks: ['http://www.linkedin.com/in/ada-quill', "
        "'http://ada.example.org/about', 'https://www.quill.example']\n---\n\n"
        "Favorite Color: Blue  \nTea, not coffee\n")


def test_org_with_a_comma_is_kept_whole(runner, kb, tmp_path) -> None:
    data = _card("FN:Ada Quill", "ORG:Stripe, Inc.;Payments") + \
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Okafor;Bram\r\nORG:Lumen, Health\r\nEND:VCARD\r\n"
    result = _import(runner, kb, _vcf(tmp_path, data))
    assert result.exit_code == 0, result.output
    assert "company: Stripe, Inc.\n" in _contact(kb, "ada-quill")
    assert "company: Lumen, Health\n" in _contact(kb, "bram-okafor")


def test_outlook_quoted_printable_latin1_is_decoded(runner, kb, tmp_path) -> None:
    data = (b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
            b"N;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:N=FA=F1ez;Jos=E9\r\n"
            b"FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Jos=E9 N=FA=F1ez\r\n"
            b"ORG;CHARSET=ISO-8859-1:Caf\xe9 M\xfcller\r\n"
            b"NOTE;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:Gr=FC=DFe=0D=0Aaus M=\r\n=FCnchen\r\n"
            b"END:VCARD\r\n")
    result = _import(runner, kb, _vcf(tmp_path, data))
    assert result.exit_code == 0, result.output
    assert _contact(kb, "jose-nunez") == (
        "---\nname: José Núñez\ncompany: Café Müller\n---\n\nGrüße  \naus München\n")


def test_a_fold_inside_a_utf8_character_is_joined_before_decoding(runner, kb,
                                                                  tmp_path) -> None:
    note = "Zoë Ångström-Łukasiewicz".encode()
    cut = note.index("Å".encode()) + 1  # between the two bytes of Å, as Nextcloud folds
    data = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + note[:cut] + b"\r\n " + note[cut:]
            + b"\r\nEND:VCARD\r\n")
    result = _import(runner, kb, _vcf(tmp_path, data))
    assert result.exit_code == 0, result.output
    assert "name: Zoë Ångström-Łukasiewicz\n" in _contact(kb, "zoe-angstrom-lukasiewicz")


def test_cr_cr_lf_line_endings_are_read(runner, kb, tmp_path) -> None:
    data = _card("FN:Ada Quill", "EMAIL:ada@example.com", "PHOTO;ENCODING=b:AAAA",
                 "NOTE:first line", end="\r\r\n")
    result = _import(runner, kb, _vcf(tmp_path, data))
    assert result.exit_code == 0, result.output
    assert _contact(kb, "ada-quill") == \
        "---\nname: Ada Quill\nemail: ada@example.com\n---\n\nfirst line\n"


def test_lotus_profile_and_kde_property_names_do_not_break_a_card(runner, kb,
                                                                  tmp_path) -> None:
    data = _card("PROFILE:VCard", "FN:Ada Quill", "X-messaging/aim-All:adaq",
                 "X-KADDRESSBOOK-X-IMAddress:ada", "LOGO;ENCODING=b:!!!", "SOUND:x",
                 "KEY;ENCODING=b:not base64")
    result = _import(runner, kb, _vcf(tmp_path, data))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == \
        "contacts.vcf: 1 created, 0 skipped; left out: 1 key, 1 logo, 1 sound"


def test_every_email_phone_birthday_and_nickname_is_kept(runner, kb, tmp_path) -> None:
    data = _card("FN:Ada Quill", "NICKNAME:Ada Q", "BDAY:19850412",
                 "EMAIL;TYPE=HOME:ada@home.example", "EMAIL;TYPE=WORK,PREF:ada@work.example",
                 "TEL;TYPE=CELL:+1 555 0100", "TEL;TYPE=WORK;TYPE=PREF:+1 555 0199",
                 "URL:ftp://files.example/ada", "ADR;TYPE=WORK:;;1 Main St;Lisbon;;;Portugal")
    assert _import(runner, kb, _vcf(tmp_path, data)).exit_code == 0
    assert _contact(kb, "ada-quill") == (
        "---\nname: Ada Quill\nlocation: Lisbon, Portugal\nemail: ada@work.example\n"
        "phone: +1 555 0199\n---\n\n"
        "- Nickname: Ada Q\n- Email: ada@home.example (home)\n"
        "- Phone: +1 555 0100 (cell)\n- Link: ftp://files.example/ada\n\n"
        "## Private: personal details\n\n"
        "- Birthday: 1985-04-12\n- Address: 1 Main St, Lisbon, Portugal (work)\n")


def test_an_unreadable_birthday_is_kept_as_text_and_reported(runner, kb, tmp_path) -> None:
    result = _import(runner, kb, _vcf(tmp_path, _card("FN:Ada Quill", "BDAY:1990-02-30")))
    assert "note contacts.vcf:1 Ada Quill: the birthday '1990-02-30' is not a date; kept " \
           "as text\n" in result.output
    assert "- Birthday: 1990-02-30\n" in _contact(kb, "ada-quill")


# -- who is already known ------------------------------------------------------------------


def test_colleagues_sharing_a_company_homepage_are_two_people(runner, kb, tmp_path) -> None:
    data = _card("FN:Ada Quill", "ORG:Northwind", "URL:https://www.northwind.example/") + \
        _card("FN:Bram Okafor", "ORG:Northwind", "URL:https://northwind.example")
    result = _import(runner, kb, _vcf(tmp_path, data))
    assert result.output.splitlines()[-1] == "contacts.vcf: 2 created, 0 skipped"
    _check_clean(runner, kb)  # and check does not call them look-alikes either


def test_same_person_by_email_profile_or_folded_name_is_skipped(runner, kb, tmp_path) -> None:
    (kb / "contacts" / "rob-vantwerp.md").write_text(
        "---\nname: Rob Vantwerp\nemail: rob@example.com\n"
        "links: ['https://www.linkedin.com/in/robv']\n---\n", encoding="utf-8")
    (kb / "contacts" / "zoe-angstrom.md").write_text("---\nname: Zoë Ångström\n---\n",
                                                     encoding="utf-8")
    data = _card("FN:Robert V.", "EMAIL:ROB@example.com") + \
        _card("FN:R. Vantwerp", "URL:linkedin.com/in/robv/") + \
        _card("FN:  zoe   ANGSTROM ✨") + \
        _card("FN:Rob Vantwerp🔸")
    result = _import(runner, kb, _vcf(tmp_path, data))
    assert result.output == (
        "skipped contacts.vcf:1 Robert V.: the email ROB@example.com is already in "
        "contacts/rob-vantwerp.md\n"
        "skipped contacts.vcf:6 R. Vantwerp: the link https://linkedin.com/in/robv/ is "
        "already in contacts/rob-vantwerp.md\n"
        "skipped contacts.vcf:11 zoe ANGSTROM: contacts/zoe-angstrom.md exists already\n"
        "skipped contacts.vcf:15 Rob Vantwerp: contacts/rob-vantwerp.md exists already\n"
        "contacts.vcf: 0 created, 4 skipped (4 already known)\n")


def test_same_name_with_different_emails_is_still_one_person(runner, kb, tmp_path) -> None:
    data = _card("FN:Cleo Marsh", "EMAIL:cleo@harbor.example") + \
        _card("FN:CLEO  MARSH", "EMAIL:cleo@wren.example")
    result = _import(runner, kb, _vcf(tmp_path, data))
    assert "skipped contacts.vcf:6 CLEO MARSH: the name CLEO MARSH is already in " \
           "contacts.vcf:1\n" in result.output
    assert sorted(p.name for p in (kb / "contacts").iterdir()) == ["cleo-marsh.md"]


# -- text from the file is text -------------------------------------------------------------

PAYLOADS = ("<script>alert('x')</script>", "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))", "![p](https://tracker.example/p.png)",
            "{: onclick=alert(1) }", "&lt;b&gt;", "<!-- private -->")


def test_script_and_event_handler_payloads_show_as_words_in_the_site(runner, kb,
                                                                     tmp_path) -> None:
    payload = " ".join(PAYLOADS)
    data = _card(f"FN:Ada {PAYLOADS[0]}", f"ORG:{PAYLOADS[1]}", f"TITLE:{PAYLOADS[2]}",
                 f"NICKNAME:{PAYLOADS[1]}", f"EMAIL:{PAYLOADS[1]}",
                 f"TEL:{PAYLOADS[0]}", f"URL:{PAYLOADS[2]}", f"CATEGORIES:{PAYLOADS[1]}",
                 f"ADR:;;;{PAYLOADS[0]};;;{PAYLOADS[1]}", f"BDAY:{PAYLOADS[1]}",
                 f"ROLE:{PAYLOADS[0]}", f"IMPP:{PAYLOADS[1]}", f"ANNIVERSARY:{PAYLOADS[2]}",
                 f"RELATED;TYPE={PAYLOADS[0]}:{PAYLOADS[2]}",
                 f"item1.X-ABRELATEDNAMES:{PAYLOADS[1]}", f"item1.X-ABLabel:{PAYLOADS[2]}",
                 "NOTE:" + payload + "\\n# heading\\n- [ ] task\\n!!! note\\n    code")
    result = _import(runner, kb, _vcf(tmp_path, data))
    assert result.exit_code == 0, result.output
    shutil.copytree(REPO / "docs", kb / "docs")
    shutil.copy(REPO / "mkdocs.yml", kb / "mkdocs.yml")
    for public in ((), ("--public",)):
        site = tmp_path / f"site{len(public)}"
        built = runner.invoke(main, ["build", "--root", str(kb), "--today", TODAY,
                                     "--site-dir", str(site), *public])
        assert built.exit_code == 0, built.output
        (page,) = (site / "contacts").glob("ada-*.html")
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "onerror=alert" not in text.replace(
            "onerror=alert(1)&gt;", "")
        assert "<img src=x" not in text and 'href="javascript' not in text
        assert "tracker.example/p.png\"" not in text
        body = text.split('id="research-notes"', 1)[1].split(" Source: <code>", 1)[0]
        for block in ("<h1", "<input", "admonition", "<pre", "<code"):
            assert block not in body, block
        if not public:
            shown = html.unescape(re.sub(r"<[^>]+>", "", text))
            for one in PAYLOADS:
                assert one in shown, one


def test_text_outside_any_card_is_reported_and_the_cards_imported(runner, kb,
                                                                  tmp_path) -> None:
    data = b"BEGN:VCARD\r\nFN:Ada Quill\r\nEND:VCARD\r\n" + _card("FN:Bram Okafor") + \
        b"trailing junk\r\n"
    result = _import(runner, kb, _vcf(tmp_path, data))
    # Property lines up to an END:VCARD are a card whose BEGIN:VCARD line is damaged.
    assert result.output == (
        "created contacts/ada-quill.md (contacts.vcf:1)\n"
        "created contacts/bram-okafor.md (contacts.vcf:4)\n"
        "note contacts.vcf:1 Ada Quill: no BEGIN:VCARD before line 1; read as a card up to "
        "the END:VCARD on line 3\n"
        "skipped contacts.vcf:8: line 8 is outside any card (no BEGIN:VCARD before them); "
        "left out\n"
        "contacts.vcf: 2 created, 1 skipped (1 unreadable); left out: 1 BEGN field\n")


# -- --update --------------------------------------------------------------------------------

CORA = ("---\nname: Cora Lindqvist\nemail: cora@brightline.example\n# met at the fair\n"
        "company:\n---\n\nMy own notes.\n")


def test_update_fills_in_only_what_a_contact_lacks_one_line_each(runner, kb) -> None:
    (kb / "contacts" / "cora-lindqvist.md").write_text(CORA, encoding="utf-8")
    source = REPO / "tests" / "data" / "interchange" / "iphone.vcf"
    shown = _import(runner, kb, source, "--update", "--dry-run")
    assert (kb / "contacts" / "cora-lindqvist.md").read_text(encoding="utf-8") == CORA
    result = _import(runner, kb, source, "--update")
    assert result.exit_code == 0, result.output
    assert "added role, company, location, phone, links, tags to contacts/cora-lindqvist.md " \
           "(iphone.vcf:1)\n" in result.output
    assert result.output.endswith("iphone.vcf: 1 created, 1 updated, 0 skipped; "
                                  "left out: 1 photo\n")
    assert "    role: Head of Operations\n" in shown.output
    assert _contact(kb, "cora-lindqvist") == (
        "---\nname: Cora Lindqvist\nemail: cora@brightline.example\n# met at the fair\n"
        "company: Brightline Robotics\nrole: Head of Operations\n"
        "location: Göteborg, Sweden\nphone: +46 555 010 203\n"
        "links: ['http://www.linkedin.com/in/coralindqvist', 'https://cora.example.org']\n"
        "tags: [robotics, operations]\n---\n\nMy own notes.\n")
    again = _import(runner, kb, source, "--update")
    assert "skipped iphone.vcf:1 Cora Lindqvist: the email cora@brightline.example is " \
           "already in contacts/cora-lindqvist.md; it has every field this row has\n" \
           in again.output
    _check_clean(runner, kb)


def test_update_never_changes_a_value(runner, kb, tmp_path) -> None:
    (kb / "contacts" / "ada-quill.md").write_text(
        "---\nname: Ada Quill\ncompany: Northwind\nphone: '+1 555 0100'\n---\n",
        encoding="utf-8")
    data = _card("FN:Ada Quill", "ORG:Lumen", "TEL:+1 555 0199", "EMAIL:ada@")
    result = _import(runner, kb, _vcf(tmp_path, data), "--update")
    assert result.output == (
        "skipped contacts.vcf:1 Ada Quill: contacts/ada-quill.md exists already; it has "
        "every field this row has\n"
        "contacts.vcf: 0 created, 1 skipped (1 already known)\n")
    assert _contact(kb, "ada-quill") == \
        "---\nname: Ada Quill\ncompany: Northwind\nphone: '+1 555 0100'\n---\n"
