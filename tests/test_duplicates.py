"""Two notes for one person: ``check`` warns, ``new contact`` refuses unless ``--force``.

The warnings themselves are pinned by tests/golden/check/look-alike-contacts/.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from infoview_build.cli import main
from infoview_build.notes.identity import fold_link, fold_name

from kb_notes import write_kb


@pytest.mark.parametrize(("a", "b"), [
    ("Ada Quill", "ada quill"), ("José Núñez", "jose nunez"), ("  Ada\t Quill ", "Ada Quill"),
    ("Zoë Ångström", "ZOE ANGSTROM"), ("Ａｄａ Quill", "Ada Quill"),
])
def test_names_match_once_case_accents_and_spacing_are_folded(a, b) -> None:
    assert fold_name(a) == fold_name(b)


@pytest.mark.parametrize(("a", "b"), [("Ada Quill", "Ada Quills"), ("Ada Quill", "AdaQuill"),
                                      ("Ada Quill", "Ada-Quill")])
def test_names_that_differ_in_letters_do_not_match(a, b) -> None:
    assert fold_name(a) != fold_name(b)


@pytest.mark.parametrize(("a", "b", "same"), [
    ("https://www.linkedin.com/in/ada/", "http://LinkedIn.com/in/ada?trk=x#top", True),
    ("https://linkedin.com/in/ada", "https://linkedin.com/in/adam", False),
    ("https://ada.example.com", "https://ada.example.com/", True),
    ("https://example.com/a", "https://example.org/a", False),
])
def test_profile_links_match_without_scheme_www_slash_or_query(a, b, same) -> None:
    assert (fold_link(a) == fold_link(b)) is same


def test_a_link_without_a_host_identifies_no_one() -> None:
    assert fold_link("not a url") is None


def new(root, *args: str):
    return CliRunner().invoke(main, ["new", "contact", *args, "--root", str(root)])


@pytest.fixture
def kb(tmp_path):
    return write_kb(tmp_path, {"jose-nunez": {"name": "José Núñez",
                                              "email": "Jose@Example.com"}})


@pytest.mark.parametrize(("args", "name", "reason"), [
    (["jose nunez", "--slug", "jn"], "jose nunez", "same name"),
    (["Joe N", "--email", "jose@example.COM"], "Joe N", "same email"),
    (["JOSÉ  NÚÑEZ", "--slug", "jose-2", "--email", "jose@example.com"], "JOSÉ NÚÑEZ",
     "same email and name"),
])
def test_new_contact_refuses_someone_already_there(kb, args, name, reason) -> None:
    before = sorted(p.name for p in (kb / "contacts").iterdir())
    result = new(kb, *args)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: contacts/jose-nunez.md looks like the same person "
                             f"({reason}); nothing was written — add --force if {name} "
                             "is someone else\n")
    assert sorted(p.name for p in (kb / "contacts").iterdir()) == before


def test_force_writes_the_look_alike_and_check_then_warns(kb) -> None:
    result = new(kb, "Jose Nunez", "--slug", "jose-nunez-2", "--force")
    assert result.exit_code == 0, result.output
    assert (kb / "contacts" / "jose-nunez-2.md").is_file()
    check = CliRunner().invoke(main, ["check", "--root", str(kb), "--today", "2026-12-01"])
    assert check.exit_code == 0
    assert ("contacts/jose-nunez-2.md:2: name: warning: looks like the same person as "
            "contacts/jose-nunez.md (same name)") in check.stdout
    strict = CliRunner().invoke(main, ["check", "--root", str(kb), "--today", "2026-12-01",
                                       "--strict"])
    assert strict.exit_code == 1


def test_someone_else_is_written_without_force(kb) -> None:
    assert new(kb, "José Núñez Ortiz", "--email", "jno@example.com").exit_code == 0


@pytest.mark.parametrize(("ref", "suggested"), [
    ("priya-natarajan", "infoview new contact 'Priya Natarajan'"),
    ("Priya Natarajan", "infoview new contact 'Priya Natarajan'"),
    ("contacts/priya-natarajan.md", "infoview new contact 'Priya Natarajan'"),
])
def test_an_unknown_introducer_suggests_a_name_not_a_slug(tmp_path, ref, suggested) -> None:
    write_kb(tmp_path, {"zed-young": {"name": "Zed Young"}})
    result = new(tmp_path, "Bob Stone", "--introduced-by", ref)
    assert result.exit_code == 1
    assert result.stderr.endswith(f"add them first: {suggested}\n")
    assert not (tmp_path / "contacts" / "bob-stone.md").exists()


def test_a_taken_slug_asks_for_force_only_when_the_person_looks_the_same(kb) -> None:
    result = new(kb, "José-Núñez")  # slug jose-nunez, but another name
    assert result.stderr == ("Error: contacts/jose-nunez.md exists already; nothing was "
                             "written — if this is someone else, add --slug jose-nunez-2\n")


def test_namesakes_each_with_their_own_email_or_link_are_two_people(tmp_path) -> None:
    write_kb(tmp_path, {
        "cleo-marsh": {"name": "Cleo Marsh", "links": ["https://example.com/in/cleo-a"]},
        "cleo-marsh-2": {"name": "Cleo Marsh", "email": "cleo@example.org"},
        "cleo-marsh-3": {"name": "Cleo  Marsh"},
    })
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path), "--today",
                                       "2026-12-01"])
    # Only the note with nothing to tell it apart is a look-alike, of both others.
    assert [line.split(": warning: ")[1].split(" (")[0] for line in result.stdout.splitlines()
            if ": warning: " in line] == [
        "looks like the same person as contacts/cleo-marsh-3.md",  # said on cleo-marsh-2
        "looks like the same person as contacts/cleo-marsh-2.md",  # said on cleo-marsh-3
        "looks like the same person as contacts/cleo-marsh.md",
        "looks like the same person as contacts/cleo-marsh-3.md"]  # said on cleo-marsh
    # With an email of their own, a new namesake clashes only with the note that has none.
    refused = new(tmp_path, "Cleo Marsh", "--slug", "cleo-4", "--email", "cleo4@example.com")
    assert refused.stderr.startswith("Error: contacts/cleo-marsh-3.md looks like the same")


def test_emoji_in_a_name_is_folded_away() -> None:
    assert fold_name("Rob Vantwerp🔸") == fold_name("rob  vantwerp") == "rob vantwerp"
    assert fold_name("🇵🇹 Tiago Reis ✨") == fold_name("Tiago Reis")


def test_a_company_homepage_is_no_profile_link(tmp_path) -> None:
    root = write_kb(tmp_path, {
        "ada-quill": {"name": "Ada Quill", "links": ["https://www.northwind.example/"]},
        "bram-okafor": {"name": "Bram Okafor", "links": ["http://northwind.example"]},
    })
    check = CliRunner().invoke(main, ["check", "--root", str(root), "--today", "2026-12-01"])
    assert (check.exit_code, check.stdout) == (0, "2 files checked: no problems\n")
