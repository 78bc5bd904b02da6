"""A public site leaks no number, address or private name disguised from the reader's
eye: invisible characters inside (raw or as entities), odd separators between the digits,
a private contact's name written surname first. Each case is planted in a real
``build --public`` and looked for in every file, read the way a person would read it
(invisible characters and markup ignored, digits joined across what lies between them).
A private build of the same notes is the control."""

from __future__ import annotations

import re
import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from infoview_build.plan.redaction import redact
from infoview_build.site.publish import build_site

from conftest import REPO
from kb_notes import write_kb
from test_leak import _readings

TODAY = date(2026, 12, 1)

NUMBERS = {
    "zero-width space": "+1 415\u200b555\u200b0101",
    "soft hyphen": "+1 415\u00ad555\u00ad0102",
    "word joiner": "+1 415\u2060555\u20600103",
    "entity of a zero-width space": "+1 415&#8203;555&#8203;0106",
    "entity of a soft hyphen": "+1 415&shy;555&shy;0107",
    "hex entity of a word joiner": "415&#x2060;555&#x2060;0108",
    "bidi marks": "415\u200e555\u200f0109",
    "middle dot": "415·555·0104",
    "bullet": "415•555•0119",
    "underscore": "415_555_0105",
    "comma": "415,555,0114",
    "colon": "415:555:0112",
    "tilde": "415~555~0113",
    "bar": "415|555|0115",
    "semicolon": "415;555;0116",
    "asterisk": "415*555*0117",
    "plus": "415+555+0118",
    "equals": "415=555=0121",
    "caret": "415^555^0122",
    "hash": "415#555#0123",
    "mixed": "415·555•0124",
    "katakana dot": "415・555・0125",
    "ten digits, commas in thousands": "4,155,550,126",
}
EMAILS = {
    "zero-width space": ("zwsp\u200bleak@example.org", "zwspleak@example.org"),
    "soft hyphen in the domain": ("shyleak@exam\u00adple.org", "shyleak@example.org"),
    "word joiner before @": ("wjleak\u2060@example.org", "wjleak@example.org"),
    "entity of a zero-width space": ("entzw&#8203;leak@example.org", "entzwleak@example.org"),
    "entity of a soft hyphen": ("entshy&shy;leak@example.org", "entshyleak@example.org"),
}
PRIVATE_NAME = ("Zebulon", "Quartzfeld")
REFERRALS = ["Quartzfeld, Zebulon", "Zebulon Quartzfeld", "QUARTZFELD,\u200b ZEBULON",
             "quartzfeld zebulon", "Quartzféld;Zebulon", "Nilo Brask"]

_HIDDEN_RE = re.compile("[" + "".join(
    re.escape(chr(c)) for c in range(0x110000)
    if unicodedata.category(chr(c)) == "Cf") + "]")
_TAG_RE = re.compile(r"<[^<>]*>")
_BETWEEN_DIGITS_RE = re.compile(r"(?<=\d)[^\d\n]{1,3}(?=\d)")


def _digits(number: str) -> str:
    return "".join(re.findall(r"\d", re.sub(r"&[^;]*;", "", number)))


def _seen(data: bytes) -> list[str]:
    """Every way a reader may see a file: its readings without invisible characters or
    tags, and those with the digits of a number joined."""
    seen = []
    for reading in _readings(data):
        plain = _HIDDEN_RE.sub("", reading)
        seen += [plain.casefold(), _BETWEEN_DIGITS_RE.sub("", _TAG_RE.sub("", plain))]
    return seen


def _found(site: Path) -> dict[str, list[str]]:
    secrets = {f"number, {name}": _digits(number) for name, number in NUMBERS.items()}
    secrets |= {f"email, {name}": shown for name, (_, shown) in EMAILS.items()}
    secrets |= {f"private name, {word}": word.casefold() for word in PRIVATE_NAME}
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        seen = _seen(path.read_bytes())
        for name, secret in secrets.items():
            if any(secret in text for text in seen):
                found.setdefault(name, []).append(path.relative_to(site).as_posix())
    return found


def _plant(root: Path) -> None:
    lines = "\n\n".join(f"Call {number} ({name})." for name, number in NUMBERS.items())
    mails = "\n\n".join(f"Write to {written}." for written, _ in EMAILS.values())
    write_kb(root, contacts={
        "zebulon-quartzfeld": {"name": " ".join(PRIVATE_NAME), "private": True},
        "ada-quill": {
            "name": "Ada Quill", "company": "Northwind",
            "role": f"Staff Engineer, desk {NUMBERS['zero-width space']}",
            "why": f"platform work; {NUMBERS['middle dot']}, "
                   f"{EMAILS['soft hyphen in the domain'][0]}",
            "body": f"PUBLICBODYWORD.\n\n{lines}\n\n{mails}\n",
        },
    }, interviews={
        "2026-11-20-ada-quill": {
            "contact": "ada-quill", "date": "2026-11-20",
            "goals": [f"text {NUMBERS['colon']}"],
            "referrals": REFERRALS,
            "body": "## Takeaways\n\nGood talk.\n",
        },
    })
    shutil.copytree(REPO / "docs", root / "docs")
    (root / "docs" / "about.md").write_text(
        f"# About\n\n{lines}\n\n{mails}\n", encoding="utf-8")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("disguised")
    _plant(root)
    return root


def test_the_private_build_shows_every_disguised_secret(planted: Path) -> None:
    site = planted.parent / (planted.name + "-private-site")
    build_site(planted, TODAY, site)
    found = _found(site)
    every = {f"number, {n}" for n in NUMBERS} | {f"email, {n}" for n in EMAILS} \
        | {f"private name, {w}" for w in PRIVATE_NAME}
    assert every - set(found) == set()


def test_the_public_build_shows_none_of_them(planted: Path) -> None:
    site = planted.parent / (planted.name + "-public-site")
    build_site(planted, TODAY, site, strict=True, public=True)
    assert _found(site) == {}
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "PUBLICBODYWORD" in index
    assert "Nilo Brask" in index  # a referral to no private contact stays
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "Nilo Brask" in pages


@pytest.mark.parametrize("name", NUMBERS)
def test_each_disguised_number_is_hidden_in_text(name: str) -> None:
    number = NUMBERS[name]
    assert redact(f"Call {number} today.") == "Call [phone removed] today."


@pytest.mark.parametrize("name", EMAILS)
def test_each_disguised_address_is_hidden_in_text(name: str) -> None:
    written, _ = EMAILS[name]
    assert redact(f"Write to {written} today.") == "Write to [email removed] today."


@pytest.mark.parametrize("text", [
    "Met on 2026-12-01 at 14:30 - 15:45; budget 1,200,000 users; version 1.2.3; 10 20 30.",
    "| 2019 | 12 | 5 | 300 |", "Scores: 3, 5, 7, 9, 11, 13.", "Ratio 16:9, room 404.",
    "infoview serve --dev-addr 127.0.0.1:8001, then http://127.0.0.1:8000/calendar.ics",
])
def test_what_only_looks_like_a_joined_number_stays(text: str) -> None:
    assert redact(text) == text


def test_every_format_character_is_invisible_to_the_finder() -> None:
    from infoview_build.plan.redaction import INVISIBLE

    pattern = re.compile(f"[{INVISIBLE}]")
    assert [hex(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"
            and not pattern.match(chr(c))] == []


def test_a_private_name_is_known_in_any_order_and_dress() -> None:
    from infoview_build.plan.public import person_keys

    private = person_keys("Zebulon Quartzfeld") | person_keys("zebulon-quartzfeld")
    for referral in REFERRALS[:-1]:
        assert person_keys(referral) & private, referral
    assert not person_keys("Nilo Brask") & private
    assert not person_keys("Zebulon") & private
