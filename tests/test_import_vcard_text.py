"""`infoview import vcard` keeps every word: commas that are no list, code pages declared
on another property or on none, UTF-16 and UTF-32 without a byte-order mark, and cards
with one bad line.

The byte patterns are those of the real files in tests/data/vcard-real/ (Outlook's
vCard 2.1 in a Windows code page with the charset only on the address label, KDE's and
XING's unescaped commas); the names are invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from infoview_build.cli import main

from conftest import REPO

REAL = REPO / "tests" / "data" / "vcard-real"
TODAY = "2026-12-01"


@pytest.fixture
def kb(tmp_path) -> Path:
    (tmp_path / "kb" / "contacts").mkdir(parents=True)
    return tmp_path / "kb"


def _import(runner, kb: Path, data: bytes | Path, name: str = "contacts.vcf"):
    if isinstance(data, Path):
        path = data
    else:
        path = kb.parent / name
        path.write_bytes(data)
    result = runner.invoke(main, ["import", "vcard", str(path), "--root", str(kb),
                                  "--today", TODAY])
    assert result.exit_code == 0, result.output
    return result.output


def _card(*lines: str, version: str = "3.0") -> str:
    return "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD", ""])


def _note(kb: Path, slug: str) -> str:
    return (kb / "contacts" / f"{slug}.md").read_text(encoding="utf-8")


def _field(kb: Path, slug: str, key: str):
    """A front-matter value of the note written, as YAML reads it back."""
    return yaml.safe_load(_note(kb, slug).split("---\n")[1]).get(key, "")


# -- commas that are no list ---------------------------------------------------------------


def test_unescaped_commas_in_text_values_are_kept(runner, kb) -> None:
    output = _import(runner, kb, _card(
        "FN:Quill, Ada", "N:Quill;Ada;;;",
        "TITLE:Director, Sales and Partnerships",
        "ORG:Northwind, Inc.;Sales, East",
        "ADR;TYPE=work:;Floor 2, Suite 5;12 Harbour Road;Lisbon;;1000-001;Portugal",
        "NOTE:17.02.2016, 19:18 - Fair - https://profiles.example.com/ada_quill",
        "NOTE:one\\, two, three").encode())
    assert output.endswith("contacts.vcf: 1 created, 0 skipped\n"), output
    assert _field(kb, "quill-ada", "name") == "Quill, Ada"
    assert _field(kb, "quill-ada", "role") == "Director, Sales and Partnerships"
    assert _field(kb, "quill-ada", "company") == "Northwind, Inc."
    body = _note(kb, "quill-ada").split("---\n", 2)[2]
    assert "17.02.2016, 19:18 - Fair - https://profiles.example.com/ada\\_quill" in body
    assert "one, two, three" in body
    assert "- Address: Floor 2, Suite 5, 12 Harbour Road, Lisbon, 1000-001, Portugal (work)" \
        in body


def test_kde_name_with_a_comma_is_kept_whole(runner, kb) -> None:
    _import(runner, kb, REAL / "kde-kcontacts" / "vcard5.vcf")
    assert _field(kb, "mustermann-heiko", "name") == "Mustermann, Heiko"
    assert "I'm a friendly note text,  \nplease copy me to your address book..." in \
        _note(kb, "mustermann-heiko")


def test_real_xing_and_iphone_cards_keep_their_commas(runner, kb) -> None:
    _import(runner, kb, REAL / "node-vcf" / "xing.vcf")
    assert "17.02.2016, 19:18 - XING - http://www.xing.com/profile/Hans-Peter-Mustermann" in \
        _note(kb, "hans-peter-mustermann")
    _import(runner, kb, REAL / "ez-vcard" / "John_Doe_GMAIL.vcf")  # FN with a bare comma
    assert _field(kb, "mr-john-richter-james-doe-sr", "name") == \
        "Mr. John Richter, James Doe Sr."


def test_lists_stay_lists(runner, kb) -> None:
    _import(runner, kb, _card("FN:Bram Okafor", "CATEGORIES:mentor,climate",
                              "NICKNAME:Bram,B").encode())
    assert _field(kb, "bram-okafor", "tags") == ["mentor", "climate"]
    assert "- Nickname: Bram\n- Nickname: B\n" in _note(kb, "bram-okafor")


def test_androids_custom_nickname_is_a_nickname(runner, kb) -> None:
    output = _import(runner, kb, _card(
        "FN:Bram Okafor", "X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Brammy;1;;;;;;;;;;;;;",
        "X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Cleo Marsh;14;;;;;;;;;;;;",
        version="2.1").encode())
    assert "- Nickname: Brammy\n" in _note(kb, "bram-okafor")
    assert output.endswith("left out: 1 X-ANDROID-CUSTOM field\n"), output


# -- code pages ------------------------------------------------------------------------------

GREEK = "Ιφιγένεια Λαμπράκου"
HEBREW = "אורנה שקדי"
UKRAINIAN = "Орися Левчук"
CITY = {"cp1253": "Αθήνα", "cp1255": "חיפה", "cp1251": "Львів"}


def _outlook(name: str, codec: str, declared: bool) -> bytes:
    """Outlook's vCard 2.1: the name in the system's code page, the charset (if at all)
    only on the quoted-printable address label."""
    city = CITY[codec].encode(codec)
    label = "".join(f"={b:02X}" for b in city)
    lines = [b"BEGIN:VCARD", b"VERSION:2.1", b"FN:" + name.encode(codec),
             b"ADR;WORK:;;;" + city + b";;;"]
    if declared:
        lines.append(f"LABEL;WORK;CHARSET=Windows-{codec[2:]};QUOTED-PRINTABLE:{label}"
                     .encode())
    return b"\r\n".join([*lines, b"END:VCARD", b""])


@pytest.mark.parametrize(("name", "codec"), [(GREEK, "cp1253"), (HEBREW, "cp1255"),
                                             (UKRAINIAN, "cp1251")])
def test_a_charset_declared_on_another_property_reads_the_name(runner, kb, name,
                                                               codec) -> None:
    output = _import(runner, kb, _outlook(name, codec, declared=True))
    assert output.endswith("contacts.vcf: 1 created, 0 skipped\n"), output
    (note,) = (kb / "contacts").iterdir()
    text = note.read_text(encoding="utf-8")
    assert f"name: {name}\n" in text
    assert f"location: {CITY[codec]}\n" in text


@pytest.mark.parametrize(("name", "codec"), [(GREEK, "cp1253"), (HEBREW, "cp1255"),
                                             (UKRAINIAN, "cp1251")])
def test_a_card_without_any_charset_is_guessed_and_said_so(runner, kb, name, codec) -> None:
    output = _import(runner, kb, _outlook(name, codec, declared=False))
    (note,) = (kb / "contacts").iterdir()
    assert f"name: {name}\n" in note.read_text(encoding="utf-8")
    assert output.endswith(
        f"contacts.vcf: 1 created, 0 skipped; code page guessed for 1 record: "
        f"contacts.vcf:1 ({codec})\n"), output
    assert f"note contacts.vcf:1 {name}: its text declares no charset and is not UTF-8; " \
           f"read as {codec}, a guess: check the name\n" in output


def test_real_windows_1252_cards_read_with_their_declared_and_unknown_charsets(runner,
                                                                               kb) -> None:
    output = _import(runner, kb, REAL / "folkerkinzel-vcards" / "German.vcf")
    assert _field(kb, "soren-tave-nusslebaum", "name") == "Sören Täve Nüßlebaum"
    assert "guessed" not in output
    (kb / "contacts" / "soren-tave-nusslebaum.md").unlink()
    # CHARSET=Murks names no charset: the card is read as a guess, which is said.
    output = _import(runner, kb, REAL / "folkerkinzel-vcards" / "Murks.vcf")
    assert _field(kb, "soren-tave-nusslebaum", "location") == "Mößlitz"
    assert output.endswith("code page guessed for 1 record: Murks.vcf:1 (cp1252)\n"), output


def test_utf8_cards_are_not_guessed_and_a_broken_utf8_value_keeps_the_rest(runner,
                                                                           kb) -> None:
    output = _import(runner, kb, REAL / "ez-vcard" / "John_Doe_ANDROID.vcf")
    assert "guessed" not in output
    assert "name: ÑÑÑÑ\n" in _note(kb, "nnnn")


def test_a_utf8_declaration_on_one_value_says_nothing_about_another(runner, kb) -> None:
    data = b"\r\n".join([b"BEGIN:VCARD", b"VERSION:2.1", "FN:Jörg Müller".encode("cp1252"),
                         b"NOTE;CHARSET=UTF-8:Gr\xc3\xbc\xc3\x9fe", b"END:VCARD", b""])
    output = _import(runner, kb, data)
    assert _field(kb, "jorg-muller", "name") == "Jörg Müller"
    assert "Grüße" in _note(kb, "jorg-muller")
    assert output.endswith("code page guessed for 1 record: contacts.vcf:1 (cp1252)\n")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16", "utf-32-le",
                                   "utf-32-be", "utf-32", "utf-8-sig"])
def test_wide_encodings_with_or_without_byte_order_mark(runner, kb, codec) -> None:
    data = (_card(f"FN:{GREEK}", "ORG:Northwind, Inc.") + _card("FN:Bram Okafor")).encode(codec)
    output = _import(runner, kb, data)
    assert output.endswith("contacts.vcf: 2 created, 0 skipped\n"), output
    assert _field(kb, "ifigeneia-lamprakoy", "name") == GREEK
    assert _field(kb, "ifigeneia-lamprakoy", "company") == "Northwind, Inc."


def test_real_utf16_file_without_byte_order_mark(runner, kb) -> None:
    output = _import(runner, kb, REAL / "roundcube" / "utf-16_sample.vcf")
    assert output.endswith("utf-16_sample.vcf: 1 created, 0 skipped\n"), output
    (note,) = (kb / "contacts").iterdir()
    assert "name: Ǽgean ĽdaMonté\n" in note.read_text(encoding="utf-8")


def test_real_windows_1252_name_with_its_charset(runner, kb) -> None:
    _import(runner, kb, REAL / "roundcube" / "johndoe.vcf")
    assert _field(kb, "john-doe", "name") == "John Doë"
    assert _field(kb, "john-doe", "email") == "roundcube@gmail.com"  # TYPE=pref first


# -- one bad line costs the line, not the card -------------------------------------------


def test_bad_lines_are_left_out_with_their_number_and_the_card_kept(runner, kb) -> None:
    data = _card(
        "FN:Conference Call",                      # line 3
        "# exported by a phone tool: version 2",   # 4: a comment
        "TEL;TYPE=work:+1 555 0100",
        "ADR;TYPE=work:;;12 Harbour Road;",        # 6: an address folded without a space
        "Lisbon;;1000;Portugal",                   # 7
        "AGENT:",                                  # 8: 2.1's card inside a card
        "BEGIN:VCARD",
        "FN:Cleo Marsh",
        "END:VCARD",
        "EMAIL;FOO=\"x:bram@example.com",          # 12: a quote never closed
        "NOTE:kept after all of that",
        version="2.1") + _card("FN:Bram Okafor")
    output = _import(runner, kb, data.encode())
    assert output == (
        "created contacts/cleo-marsh.md (contacts.vcf:9)\n"
        "created contacts/conference-call.md (contacts.vcf:1)\n"
        "created contacts/bram-okafor.md (contacts.vcf:15)\n"
        "note contacts.vcf:1 Conference Call: line 4 is not a vCard property (no property "
        "name in '# exported by a phone tool: version 2'); left out\n"
        "note contacts.vcf:1 Conference Call: line 7 is not a vCard property (no ':' in "
        "'Lisbon;;1000;Portugal'); left out\n"
        "note contacts.vcf:1 Conference Call: lines 9-11 are a card inside this card; "
        "read as a card of its own\n"
        "note contacts.vcf:1 Conference Call: line 12 is not a vCard property (no ':' in "
        "'EMAIL;FOO=\"x:bram@example.com'); left out\n"
        "contacts.vcf: 3 created, 0 skipped; left out: 1 agent, 3 unreadable lines\n")
    note = _note(kb, "conference-call")
    assert "phone: +1 555 0100\n" in note
    assert "kept after all of that" in note
    assert "- Address: 12 Harbour Road (work)" in note
    assert _field(kb, "cleo-marsh", "name") == "Cleo Marsh"


AOSP = REAL / "aosp-vcard"


def test_androids_own_broken_cards(runner, kb) -> None:
    output = _import(runner, kb, AOSP / "v21_invalid_comment_line.vcf")
    assert output.endswith("v21_invalid_comment_line.vcf: 1 created, 0 skipped; left out: "
                           "2 unreadable lines\n"), output
    assert "This is an (sharp ->#&lt;- sharp) example. This message must NOT be ignored." \
        in _note(kb, "conference-call")
    output = _import(runner, kb, AOSP / "v21_nest.vcf")
    assert output.endswith("v21_nest.vcf: 3 created, 0 skipped\n"), output
    assert _field(kb, "parent", "phone") == "1"
    assert _field(kb, "nest2", "name") == "nest2"
    # 2.1 continues a value after a backslash at the line's end.
    _import(runner, kb, AOSP / "v21_adr_multiple_line.vcf")
    assert "- Address: Hermann v. Brevern 9999999 Packstation 999, Hamburg, 99999, " \
           "Deutschland (home)" in _note(kb, "bogus")
    _import(runner, kb, AOSP / "v21_japanese_1.vcf")  # CHARSET=SHIFT_JIS
    assert _field(kb, "antengroido", "name") == "安藤ロイド"


def test_a_missing_end_costs_nothing_and_is_said(runner, kb) -> None:
    data = "BEGIN:VCARD\r\nFN:Ada Quill\r\n" + _card("FN:Bram Okafor") + \
        "BEGIN:VCARD\r\nFN:Cleo Marsh\r\nORG:Lum"
    output = _import(runner, kb, data.encode())
    assert output == (
        "created contacts/ada-quill.md (contacts.vcf:1)\n"
        "created contacts/bram-okafor.md (contacts.vcf:3)\n"
        "created contacts/cleo-marsh.md (contacts.vcf:7)\n"
        "note contacts.vcf:1 Ada Quill: no END:VCARD before the next card starts on line 3; "
        "read up to there\n"
        "note contacts.vcf:7 Cleo Marsh: no END:VCARD: the file ends inside this card on line "
        "9 (cut short?); read as far as it goes, check its last line\n"
        "contacts.vcf: 3 created, 0 skipped\n")
    assert _field(kb, "cleo-marsh", "company") == "Lum"


# -- chat addresses and printed addresses ----------------------------------------------------


def test_chat_addresses_joined_by_odd_characters_are_split(runner, kb) -> None:
    _import(runner, kb, _card("FN:Ada Quill",
                              "IMPP:aim:adaquill\ue000xmpp:ada@example.com",
                              "IMPP:xmpp:ada@example.com").encode())
    note = _note(kb, "ada-quill")
    assert "- Chat: aim:adaquill\n- Chat: xmpp:ada@example.com\n" in note
    assert note.count("xmpp:ada@example.com") == 1


def test_a_printed_address_shows_its_lines_not_backslashes(runner, kb) -> None:
    _import(runner, kb, _card("FN:Ada Quill",
                              "LABEL;TYPE=work:12 Harbour Road\\nLisbon\\, Portugal").encode())
    assert "- Address: 12 Harbour Road, Lisbon, Portugal (work)" in _note(kb, "ada-quill")
    (kb / "contacts" / "ada-quill.md").unlink()
    # vCard 4.0: the printed form is a parameter of ADR; it is no label of the address.
    _import(runner, kb, _card(
        'FN:Ada Quill', 'ADR;LABEL="12 Harbour Road\\nLisbon":;;12 Harbour Road;Lisbon;;;',
        version="4.0").encode())
    assert "- Address: 12 Harbour Road, Lisbon\n" in _note(kb, "ada-quill") or \
        _field(kb, "ada-quill", "location") == "Lisbon"
    assert "\\n" not in _note(kb, "ada-quill")
