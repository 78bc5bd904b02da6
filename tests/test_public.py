"""A public view holds nothing private: no private notes, emails, phones or marked sections."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given, settings
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
