"""A public view holds nothing private: no private notes, emails, phones or marked sections."""

from __future__ import annotations

from datetime import date

from infoview_build.knowledge import load_knowledge_base
from infoview_build.public import public_body, public_view, redact, strip_private_sections

from conftest import EXAMPLE_DAY, REPO

TODAY = date.fromisoformat(EXAMPLE_DAY)


def test_emails_and_phone_numbers_are_redacted_from_text() -> None:
    text = ("Write to ada.quill+jobs@example.com or mailto:ada@example.org, call "
            "+1 555 0100, (555) 010-0100, 555-010-0100 or 555-0100.")
    assert redact(text) == (
        "Write to [email removed] or [email removed], call [phone removed], "
        "[phone removed], [phone removed] or [phone removed]."
    )


def test_dates_years_and_amounts_are_not_mistaken_for_phones() -> None:
    text = "Met on 2026-12-01; at Northwind 2019 - 2023; budget 1,200,000; room 404."
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
