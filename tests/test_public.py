"""A public view holds nothing private: no private notes, emails, phones or marked sections."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.plan.public import (
    EMAIL_TEXT,
    LINK_TEXT,
    PHONE_TEXT,
    left_out,
    public_body,
    public_view,
    redact,
    remove_links,
    strip_private_sections,
)

from conftest import EXAMPLE_DAY, REPO
from kb_notes import load, write_kb

TODAY = date.fromisoformat(EXAMPLE_DAY)


def test_emails_and_phone_numbers_are_redacted_from_text() -> None:
    text = ("Write to ada.quill+jobs@example.com or mailto:ada@example.org, call "
            "+1 555 0100, (555) 010-0100, 555-010-0100 or 555-0100.")
    assert redact(text) == (
        "Write to [email removed] or [email removed], call [phone removed], "
        "[phone removed], [phone removed] or [phone removed]."
    )


@pytest.mark.parametrize("phone", [
    "555 010 0100", "0171 123 4567", "020 7946 0958", "06 12 34 56 78", "06.12.34.56.78",
    "06-12-34-56-78", "+33 6 12 34 56 78", "+1 (555) 010-0100", "(555) 010 0100",
])
def test_phone_numbers_in_national_formats_are_redacted(phone: str) -> None:
    assert redact(f"Call {phone}, or not.") == f"Call {PHONE_TEXT}, or not."


def test_dates_years_and_amounts_are_not_mistaken_for_phones() -> None:
    text = ("Met on 2026-12-01 (01.12.2026) at 14:30; at Northwind 2019 - 2023; budget "
            "1,200,000 or 95 000; room 404; version 1.2.3; 10 20 30.")
    assert redact(text) == text


def test_private_heading_hides_its_section_only() -> None:
    body = ("## Growth\nPromotions are yearly.\n\n## Private notes\nSalary 95k.\n"
            "### Detail\nStill private.\n\n## Culture\nCalm.\n")
    expected = "## Growth\nPromotions are yearly.\n\n## Culture\nCalm.\n"
    assert strip_private_sections(body) == expected


def test_private_comment_markers_hide_what_they_enclose() -> None:
    body = "Open part.\n<!-- private -->\nSecret.\n<!-- /private -->\nOpen again.\n"
    assert strip_private_sections(body) == "Open part.\n\nOpen again.\n"


def test_an_unclosed_private_marker_hides_the_rest() -> None:
    assert strip_private_sections("Open.\n<!-- PRIVATE -->\nSecret\n") == "Open.\n"


def test_headings_inside_code_fences_are_not_markers() -> None:
    body = "```\n## Private\n```\nKept.\n"
    assert strip_private_sections(body) == body


def test_public_body_combines_both() -> None:
    assert public_body("## Private\nx@example.com\n## Notes\ncall +1 555 0100\n") == \
        "## Notes\ncall [phone removed]\n"


def test_public_view_of_the_example_drops_private_people_and_details() -> None:
    kb = load_knowledge_base(REPO, TODAY)
    private_contacts = {s for s, c in kb.contacts.items() if c.private}
    private_interviews = {s for s, i in kb.interviews.items()
                          if i.private or i.contact in private_contacts}
    assert private_contacts and private_interviews  # the example exercises both
    view = public_view(kb)
    assert not private_contacts & set(view.contacts)
    assert not private_interviews & set(view.interviews)
    assert all(c.email is None and c.phone is None for c in view.contacts.values())
    assert all(c.introduced_by in view.contacts or c.introduced_by is None
               for c in view.contacts.values())
    assert view.config.owner.email is None and view.config.owner.name is None
    # the full knowledge base is left as it was
    assert private_contacts <= set(kb.contacts)
    assert any(c.email for c in kb.contacts.values())


# -- links to left-out notes, text fields, bounded time ---------------------------------------

def test_links_to_left_out_notes_are_removed_with_their_text() -> None:
    body = ("See [Zed Ray](zed-ray.md), [notes](../contacts/zed-ray.md#growth), "
            "[talk](../interviews/2026-11-02-zed-ray.html), ![pic](zed-ray.md), "
            '<a href="zed-ray.md">Zed <b>Ray</b></a>, [Zed][z] and [z].\n\n'
            "Keep [Ada](ada-quill.md), [site](https://zed-ray.md.example.org/zed-ray.md).\n\n"
            "[z]: zed-ray.md\n")
    assert public_body(body, {"zed-ray", "2026-11-02-zed-ray"}) == (
        f"See {LINK_TEXT}, {LINK_TEXT}, {LINK_TEXT}, {LINK_TEXT}, {LINK_TEXT}, {LINK_TEXT} "
        f"and {LINK_TEXT}.\n\nKeep [Ada](ada-quill.md), "
        "[site](https://zed-ray.md.example.org/zed-ray.md).\n\n\n"
    )


def test_an_html_link_without_its_closing_tag_loses_the_tag() -> None:
    assert remove_links('A <a href="zed-ray.md">Zed and more', {"zed-ray"}) == \
        f"A {LINK_TEXT}Zed and more"


def test_left_out_notes_are_private_ones_and_interviews_of_private_contacts(tmp_path) -> None:
    write_kb(tmp_path, contacts={
        "ada": {"name": "Ada"}, "zed": {"name": "Zed", "private": True},
    }, interviews={
        "2026-11-01-ada": {"contact": "ada", "date": "2026-11-01", "private": True},
        "2026-11-02-ada": {"contact": "ada", "date": "2026-11-02"},
        "2026-11-03-zed": {"contact": "zed", "date": "2026-11-03"},
    })
    assert left_out(load(str(tmp_path), "2026-12-01")) == {
        "zed", "2026-11-01-ada", "2026-11-03-zed"}


def test_every_text_field_loses_emails_and_phones(tmp_path) -> None:
    write_kb(tmp_path, contacts={
        "ada": {"name": "Ada a@x.org", "role": "Lead, 555-0100", "company": "b@x.org",
                "industry": "c@x.org", "location": "+44 20 7946 0958", "tags": ["d@x.org"],
                "links": ["https://x.org/?m=e@x.org", "https://x.org/ada"]},
        "zed": {"name": "Zed Ray", "private": True},
    }, interviews={
        "2026-11-02-ada": {"contact": "ada", "date": "2026-11-02", "gift": "f@x.org",
                           "referrals": ["Bo g@x.org", "zed", " ZED RAY ", "Cy"]},
    })
    view = public_view(load(str(tmp_path), "2026-12-01"))
    ada = view.contacts["ada"]
    assert (ada.name, ada.role, ada.company, ada.industry, ada.location, ada.tags) == (
        f"Ada {EMAIL_TEXT}", f"Lead, {PHONE_TEXT}", EMAIL_TEXT, EMAIL_TEXT, PHONE_TEXT,
        [EMAIL_TEXT])
    assert ada.links == ["https://x.org/ada"]
    interview = view.interviews["2026-11-02-ada"]
    assert interview.gift == EMAIL_TEXT
    assert interview.referrals == [f"Bo {EMAIL_TEXT}", "Cy"]


@pytest.mark.parametrize("body", [
    "a" * 10_000_000, "1" * 10_000_000, "a@" * 5_000_000, "[a" * 5_000_000,
    '<a href="zed.md">' * 600_000, "<a " * 3_000_000, "[x](a" * 2_000_000,
    "## Private\n" * 900_000, "12 " * 3_000_000, "+1 ( " * 2_000_000,
], ids=["letters", "digits", "at-signs", "brackets", "open-anchors", "bare-anchors",
        "open-links", "private-headings", "digit-groups", "open-plus"])
def test_ten_megabytes_of_odd_text_are_cleaned_in_bounded_time(body: str) -> None:
    start = time.perf_counter()
    public_body(body, {"zed"})
    assert time.perf_counter() - start < 15  # linear: about 2 s; quadratic would be hours


_LOCAL = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,20}", fullmatch=True)
_DOMAIN = st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}(\.[a-z0-9][a-z0-9-]{0,10}){1,3}",
                        fullmatch=True)
_PHONE = st.from_regex(r"(\+\d{1,3} )?(\(\d{3}\) \d{3}-\d{4}|\d{3}-\d{3}-\d{4}|\d{3} \d{3} "
                       r"\d{4}|\d{2}( \d{2}){4}|\+\d{2} \d( \d{2}){4})", fullmatch=True)
_AROUND = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)


@settings(max_examples=300, deadline=None)
@given(before=_AROUND, local=_LOCAL, domain=_DOMAIN, phone=_PHONE, after=_AROUND)
# A phone number followed by '.0/0' once passed for a date (year 0000, month 0, day 0).
@example(before="", local="a", domain="b.co", phone="000 000 0000", after="0/0")
# '%00' read as an escaped character is no address character; as written, it is one.
@example(before="", local="0%00", domain="0.0", phone="000 000 0000", after="")
def test_any_email_or_phone_anywhere_in_text_is_removed(before: str, local: str, domain: str,
                                                        phone: str, after: str) -> None:
    email = f"{local}@{domain}"
    for text in (f"{before} {email} {after}", f"{before} {phone} {after}",
                 f"{before}\n{email}, {phone}.{after}"):
        cleaned = public_body(text)
        assert email not in cleaned and f"@{domain}" not in cleaned
        assert phone not in cleaned


def test_a_long_heading_line_is_read_in_linear_time() -> None:
    import time

    line = "## a" + " " * 200_000 + "b"
    start = time.process_time()
    assert strip_private_sections(line) == line
    assert time.process_time() - start < 5  # quadratic backtracking took minutes here


# -- phone numbers of every country, found by phonenumbers ------------------------------------

import re  # noqa: E402 - the sections below read as their own chapters

import phonenumbers  # noqa: E402
from phonenumbers import PhoneNumberFormat, PhoneNumberType  # noqa: E402

from infoview_build.plan.redaction import DEFAULT_REGIONS  # noqa: E402


@pytest.mark.parametrize("phone", [
    "07700 900123", "030 1234567", "03-1234-5679", "(11) 91234-5670", "06-12345671",
    "13800138001", "5550100102", "098765 43212", "(02) 9876 5433", "+44 (0)20 7946 0958",
    "０３-１２３４-５６７８", "555.010.0100", "+49 30 1234567", "tel:+1-555-010-0100",
])
def test_phone_numbers_in_national_formats_of_many_countries_are_redacted(phone: str) -> None:
    assert redact(f"Call {phone}, or not.") == (
        f"Call {'tel:' if phone.startswith('tel:') else ''}{PHONE_TEXT}, or not.")


def test_a_number_inside_a_link_is_redacted_and_the_link_dropped(tmp_path) -> None:
    assert redact("https://wa.me/447700900124") == f"https://wa.me/{PHONE_TEXT}"
    write_kb(tmp_path, contacts={"ada": {"name": "Ada", "links": [
        "https://wa.me/447700900124", "https://ada.example.org/2026/12/03"]}})
    assert public_view(load(str(tmp_path), "2026-12-01")).contacts["ada"].links == [
        "https://ada.example.org/2026/12/03"]


def test_a_dated_sentence_keeps_its_numbers() -> None:
    text = ("On 2026-12-03 at 14:30 (or 03.12.2026, 12/03/26, 2026-12-03T14:30:00) we spent "
            "$1,200, €95 000, 1 200 000 EUR or USD 12345678; 3 of 5 said yes; from 2019 - 2023 "
            "and 2019–2024; ISO 8601; room 404; 10 20 30; version 1.2.3.")
    assert redact(text) == text


_TYPES = [PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE,
          PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.VOIP]
_FORMATS = [PhoneNumberFormat.E164, PhoneNumberFormat.INTERNATIONAL,
            PhoneNumberFormat.NATIONAL, PhoneNumberFormat.RFC3966]
_PROSE = st.text(st.characters(exclude_categories=["Cs", "Nd", "No", "Nl"]), max_size=20)


@st.composite
def _phone_numbers(draw) -> tuple[str, str]:
    """A number valid in one of the default regions, as phonenumbers writes it: (text, digits)."""
    region = draw(st.sampled_from(DEFAULT_REGIONS))
    example = phonenumbers.example_number_for_type(region, draw(st.sampled_from(_TYPES)))
    if example is None:
        example = phonenumbers.example_number(region)
    national = str(example.national_number)
    tail = draw(st.integers(0, 999))  # other numbers of the same range, not only the example
    number = phonenumbers.parse(f"+{example.country_code}{national[:-3]}{tail:03d}"
                                if len(national) > 5 else f"+{example.country_code}{national}")
    if not phonenumbers.is_valid_number(number):
        number = example
    text = phonenumbers.format_number(number, draw(st.sampled_from(_FORMATS)))
    return text, str(number.national_number)


@settings(max_examples=400, deadline=None)
@given(phone=_phone_numbers(), before=_PROSE, after=_PROSE)
def test_any_number_phonenumbers_writes_for_twenty_regions_is_redacted(phone, before: str,
                                                                      after: str) -> None:
    text, digits = phone
    # "call … now": prose beside the number, never a currency sign (``¢ 512 345 000`` is an
    # amount, and amounts beside a currency keep their numbers)
    for written in (f"{before} call {text} now {after}", f"{before}\ncall {text}.\n{after}",
                    f"({text})"):
        for cleaned in (redact(written), public_body(f"## Notes\n\n{written}\n")):
            assert text not in cleaned
            assert digits not in re.sub(r"\D", "", cleaned)


def test_every_text_field_of_a_note_is_redacted_whatever_its_name(tmp_path) -> None:
    from dataclasses import fields

    write_kb(tmp_path, contacts={"ada": {"name": "Ada"}},
             interviews={"2026-11-02-ada": {"contact": "ada", "date": "2026-11-02"}})
    kb = load(str(tmp_path), "2026-12-01")
    phone = "07700 900123"
    contact, interview = kb.contacts["ada"], kb.interviews["2026-11-02-ada"]
    not_text = {"slug", "path", "contact", "introduced_by", "timezone", "format", "lines",
                "links", "email", "phone"}
    for record in (contact, interview):
        for field in fields(record):
            if field.name not in not_text and field.type in ("str", "str | None"):
                setattr(record, field.name, f"x {phone} y")
    view = public_view(kb)
    assert phone not in repr(view.contacts) + repr(view.interviews)
    assert view.contacts["ada"].name == f"x {PHONE_TEXT} y"


@pytest.mark.parametrize("email", [
    "josé@exemple.org", "用户@例子.中国", "ada%40example.org", "ada&#64;example.org",
    "ada&#x40;example&#46;org", "ada&commat;example.org", "ada&amp;#64;example.org",
    "&#97;&#100;&#97;&#64;&#101;&#120;&#46;&#111;&#114;&#103;", "ada＠example.org",
    "mailto:ada@[192.0.2.1]",
])
def test_emails_in_any_script_and_encoding_are_redacted(email: str) -> None:
    assert redact(f"Write to <{email}> today.") == f"Write to <{EMAIL_TEXT}> today."


def test_referrals_naming_a_private_contact_are_matched_however_spelt(tmp_path) -> None:
    write_kb(tmp_path, contacts={
        "ada": {"name": "Ada"}, "privatus": {"name": "Privatus Sécretname", "private": True},
    }, interviews={"2026-11-02-ada": {"contact": "ada", "date": "2026-11-02", "referrals": [
        "Privatus  Secretname", " PRIVATUS SÉCRETNAME ", "privatus-secretname", "Cy"]}})
    view = public_view(load(str(tmp_path), "2026-12-01"))
    assert view.interviews["2026-11-02-ada"].referrals == ["Cy"]


def test_topic_titles_aliases_and_the_question_bank_are_redacted(tmp_path) -> None:
    from infoview_build.plan.public import public_bank

    write_kb(tmp_path, contacts={"ada": {"name": "Ada"}}, config=(
        "topics:\n  - name: pay\n    title: Pay, ask 0161 496 0001\n"
        "    aliases: [comp x@example.org]\n"))
    view = public_view(load(str(tmp_path), "2026-12-01"))
    assert [(t.title, t.aliases) for t in view.config.topics] == [
        (f"Pay, ask {PHONE_TEXT}", [f"comp {EMAIL_TEXT}"])]
    assert public_bank({"growth": ["Call 0161 496 0000?"]}) == {
        "growth": [f"Call {PHONE_TEXT}?"]}


# -- private sections, as Python-Markdown reads headings ---------------------------------------

@pytest.mark.parametrize("section", [
    "##Private: pay", "## **Private** notes", "## _Private_", "Private\n-------",
    "Private\n=======", "   ## Private", "## <span>Private</span> talk", "## P&#114;ivate",
    "> ## Private", "#Private", "## Private ##", "## Private {: #pay }", "Para\nPrivate\n---",
])
def test_a_private_section_is_hidden_however_its_heading_is_written(section: str) -> None:
    body = f"Open.\n\n{section}\n\nSECRETWORD\n\n# Next\n\nKept.\n"
    cleaned = strip_private_sections(body)
    assert "SECRETWORD" not in cleaned and "Kept." in cleaned and "Open." in cleaned


def test_a_line_that_only_looks_like_a_fence_hides_nothing_and_shows_nothing() -> None:
    for fence in ("    ```", "   ```", "  ~~~"):
        body = f"Open.\n\n{fence}\n\n## Private\n\nSECRETWORD\n\n## Next\n\nKept.\n"
        cleaned = strip_private_sections(body)
        assert "SECRETWORD" not in cleaned and "Kept." in cleaned


def test_a_real_fence_keeps_its_heading_lookalikes_and_cannot_end_a_section() -> None:
    fenced = "~~~\n## Private\n~~~\nKept.\n"
    assert strip_private_sections(fenced) == fenced
    body = "## Private\n\nSECRET\n\n```\n# not a heading\n```\n\nSECRETTOO\n\n## Next\nKept.\n"
    assert strip_private_sections(body) == "## Next\nKept.\n"


def test_a_private_heading_in_raw_html_hides_the_whole_body() -> None:
    body = "Open.\n\n<h2 markdown>Private</h2>\n\nSECRETWORD\n"
    assert strip_private_sections(body) == ""


_FRAGMENTS = [
    "## Private", "##Private: x", "## **Private** y", "   ## Private", "### Private",
    "#Private", "Private\n---", "Private\n===", "> ## Private", "- ## Private",
    "## Growth", "# Title", "### Detail", "Growth\n---", "   ## Culture",
    "```", "    ```", "   ```", "~~~", "    code line", "> quoted", "- item", "1. item", "",
    "<div>", "</div>", "<!-- note -->", "    ## Private", "\t## Private", "* ## Private",
    "**Private**\n---", "Private:\n===", "!!! note\n    ## Private", "## `Private`",
]


def _private_words(root) -> set[str]:
    """Words Python-Markdown shows inside a private section of a rendered element tree."""
    events: list[tuple[int, str]] = []  # (heading level or 0 for text, text)

    def walk(element) -> None:
        if re.fullmatch(r"h[1-6]", str(element.tag)):
            events.append((int(element.tag[1]), "".join(element.itertext())))
            return
        events.append((0, element.text or ""))
        for child in element:
            walk(child)
            events.append((0, child.tail or ""))

    walk(root)
    hidden: set[str] = set()
    level = 0
    for heading, text in events:
        if heading:
            if level and heading <= level:
                level = 0
            if not level and re.sub(r"^[\W\d_]+", "", text).casefold().startswith("private"):
                level = heading
        if level:
            hidden.update(re.findall(r"W\d+X", text))
    return hidden


def _rendered_tree(text: str):
    """The element tree Python-Markdown renders ``text`` to, with the site's extensions."""
    import copy
    from xml.etree.ElementTree import Element

    import markdown
    from markdown.treeprocessors import Treeprocessor

    from infoview_build.notes.sitemarkdown import MarkdownSettings

    class Keep(Treeprocessor):
        def run(self, root):
            trees.append(copy.deepcopy(root))

    trees: list = []
    renderer = markdown.Markdown(extensions=list(MarkdownSettings().extensions))
    renderer.treeprocessors.register(Keep(renderer), "keep", -100)
    renderer.convert(text)
    return trees[0] if trees else Element("div")  # blank text: nothing rendered


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.tuples(st.sampled_from(_FRAGMENTS), st.sampled_from(["\n", "\n\n"])),
                      min_size=1, max_size=14))
def test_any_heading_python_markdown_reads_as_private_hides_its_section(parts) -> None:
    body = "".join(f"{fragment}{gap}W{index}X{gap}"  # a word after each fragment
                   for index, (fragment, gap) in enumerate(parts))
    hidden: set[str] = set()
    for shown in (body, body.strip()):  # as written, and as a page places it
        hidden |= _private_words(_rendered_tree(shown))
    cleaned = strip_private_sections(body)
    assert not hidden & set(re.findall(r"W\d+X", cleaned))
    assert not [h for h in _rendered_tree(cleaned).iter() if re.fullmatch(r"h[1-6]", str(h.tag))
                and re.sub(r"^[\W\d_]+", "", "".join(h.itertext())).casefold()
                .startswith("private")]
