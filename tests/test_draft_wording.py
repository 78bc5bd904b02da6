"""Drafts that read right: imported ``found_via``, articles, one length, takeaways kept
out of the letter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from infoview_build.cli import main
from infoview_build.edit.wording import how_found, with_article

TODAY = "2026-12-10"


def make(root: Path, contact: str, config: str = "") -> Path:
    (root / "contacts").mkdir(parents=True)
    (root / "interviews").mkdir()
    (root / "infoview.yml").write_text("owner:\n  name: Robin Vega\n  email: robin@example.com\n"
                                       + config)
    (root / "contacts" / "ada-quill.md").write_text(contact)
    return root


def draft(root: Path, *args: str):
    return CliRunner().invoke(main, ["draft", *args, "--root", str(root), "--today", TODAY])


@pytest.mark.parametrize(("found_via", "sentence"), [
    ("LinkedIn connection since 2024-03-14", "We are connected on LinkedIn."),
    ("LinkedIn connection", "We are connected on LinkedIn."),
    ("a mutual connection", "I came across your name through a mutual connection."),
    ("her talk at the meetup", "I came across your talk at the meetup."),
])
def test_found_via_becomes_a_sentence(found_via, sentence):
    assert how_found(found_via) == sentence


@pytest.mark.parametrize(("role", "written"), [
    ("UX Researcher", "a UX Researcher"), ("Engineer", "an Engineer"), ("SRE", "an SRE"),
    ("Staff Engineer", "a Staff Engineer"), ("Engineering Manager", "an Engineering Manager"),
    ("User Researcher", "a User Researcher"), ("Head of Data", "Head of Data"),
    ("CTO", "CTO"), ("MBA student", "an MBA student"), ("an Intern", "an Intern"),
])
def test_a_role_gets_the_article_it_is_said_with(role, written):
    assert with_article(role) == written


def test_an_imported_contact_gets_a_request_that_reads_right(tmp_path):
    root = make(tmp_path, "---\nname: Ada Quill\nrole: UX Researcher\ncompany: Northwind\n"
                "found_via: LinkedIn connection since 2024-03-14\nwhy: I am curious\n---\n")
    result = draft(root, "request", "ada")
    assert result.exit_code == 0, result.output
    assert "\nWe are connected on LinkedIn. I am writing to ask whether you would have 20 " \
           "minutes to tell me about your work as a UX Researcher at Northwind.\n" in result.stdout


def test_the_follow_up_asks_for_the_length_the_request_asked_for(tmp_path):
    root = make(tmp_path, "---\nname: Ada Quill\nrequested_on: 2026-11-30\nwhy: I am curious\n"
                "found_via: her blog\n---\n", config="request_minutes: 30\n")
    request = draft(root, "request", "ada-quill").stdout
    follow_up = draft(root, "follow-up", "ada-quill").stdout
    asked = re.findall(r"(\d+) minutes", request)
    assert asked == ["30"] and re.findall(r"(\d+) minutes", follow_up) == asked
    assert re.findall(r"(\d+) minutes", draft(root, "follow-up", "ada-quill", "--minutes",
                                              "15").stdout) == ["15"]


def test_the_thank_you_lists_takeaways_for_the_writer_not_in_the_letter(tmp_path):
    root = make(tmp_path, "---\nname: Ada Quill\n---\n")
    (root / "interviews" / "2026-12-01-ada-quill.md").write_text(
        "---\ncontact: ada-quill\ndate: 2026-12-01\n---\n## Takeaways\n\n"
        "- She thinks I should keep a log of my impact.\n- Design docs carry over.\n")
    result = draft(root, "thank-you", "ada")
    assert result.exit_code == 0, result.output
    letter, notes = result.stdout.split("----- for you, not for the letter: delete from here "
                                        "-----\n")
    assert "She thinks" not in letter and "Design docs" not in letter
    assert "[one or two things they told you that you will act on, in your own words: see " \
           "the points to mention below]" in letter
    assert notes == ("Points to mention (your notes from the interview):\n"
                     "- She thinks I should keep a log of my impact.\n"
                     "- Design docs carry over.\n")
