"""The insight pages of the site: golden pages for the example, escaping, public builds.

The example's pages are compared with tests/golden/insights/{full,public}/, one file per
page. After a deliberate change, regenerate them with
``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_insight_pages.py`` and review
the diff before committing.
"""

from __future__ import annotations

import html
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import markdown
import pytest
from test_render_hostile import EXTENSIONS

from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.notes.questions import load_bank
from infoview_build.plan.public import public_view
from infoview_build.site.insight_pages import NAV_PAGES, insight_pages

from conftest import EXAMPLE_DAY, REPO, UPDATE_GOLDEN, golden

TODAY = date.fromisoformat(EXAMPLE_DAY)
GOLDEN = REPO / "tests" / "golden" / "insights"


def example_pages(public: bool) -> dict[str, str]:
    kb = load_knowledge_base(REPO, TODAY)
    return insight_pages(public_view(kb) if public else kb, TODAY, public,
                         bank=load_bank(REPO))


@pytest.mark.parametrize("variant", ["full", "public"])
def test_example_pages_match_golden_files(variant: str) -> None:
    pages = example_pages(variant == "public")
    folder = GOLDEN / variant
    if UPDATE_GOLDEN:
        shutil.rmtree(folder, ignore_errors=True)
        for path in pages:
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text("", encoding="utf-8")
    expected = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))
    assert sorted(pages) == expected
    for path, text in pages.items():
        golden(folder / path, text)


def test_every_index_page_is_made() -> None:
    pages = example_pages(False)
    assert set(NAV_PAGES) <= set(pages)
    assert {f"topics/{t}.md" for t in ("responsibilities", "history", "growth", "work-life",
                                       "culture")} <= set(pages)


def test_growth_page_answers_how_people_get_promoted() -> None:
    page = example_pages(True)["topics/growth.md"]
    sections = page.split("\n## ")[1:]
    promotions = [s for s in sections if "promot" in s.lower()]
    assert len(promotions) >= 3
    for section in promotions:  # attributed: who, role at company, and the interview
        assert re.search(r"\]\(\.\./contacts/[a-z0-9-]+\.md\), .+ at .+ · ", section)
        assert re.search(r"\]\(\.\./interviews/\d{4}-\d\d-\d\d-[a-z0-9-]+\.md\)", section)
    dates = re.findall(r"^## .* · (\d{4}-\d\d-\d\d)$", page, re.MULTILINE)
    assert dates == sorted(dates, reverse=True)


def test_public_pages_hold_nothing_private() -> None:
    kb = load_knowledge_base(REPO, TODAY)
    text = "\n".join(example_pages(True).values())
    for contact in kb.contacts.values():
        if contact.private:
            assert contact.name not in text
            assert contact.company not in text
        for secret in (contact.email, contact.phone):
            if secret:
                assert secret not in text
    assert "Kept private" not in text
    assert "Paz Moreno" in text  # a public contact whose interview is private stays
    assert "2026-06-15-paz-moreno" not in text


def test_svg_drawings_are_well_formed_and_link_to_contacts() -> None:
    pages = example_pages(False)
    for path in ("network.md", "timeline.md"):
        svg = re.search(r"<svg .*?</svg>", pages[path], re.DOTALL)[0]
        assert "\n\n" not in svg  # a blank line would end Markdown's raw HTML block
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
    links = re.findall(r'<a href="([^"]+)">', pages["network.md"])
    assert "contacts/ada-quill.html" in links
    assert len(links) == 8


HOSTILE = "<script>alert(1)</script> | *x* [y](javascript:z)"


def _built(page: str) -> str:
    """A page's Markdown as MkDocs turns it into HTML, with the example's extensions."""
    return markdown.Markdown(extensions=EXTENSIONS[0],
                             extension_configs=EXTENSIONS[1]).convert(page)


def test_front_matter_values_are_escaped_everywhere(tmp_path: Path) -> None:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "interviews").mkdir()
    (tmp_path / "contacts" / "eve.md").write_text(
        f"---\nname: '{HOSTILE}'\nrole: '{HOSTILE}'\ncompany: '{HOSTILE}'\n---\n",
        encoding="utf-8")
    (tmp_path / "contacts" / "bob.md").write_text(
        "---\nname: Bob\nintroduced_by: eve\nrequested_on: 2026-11-01\n---\n", encoding="utf-8")
    (tmp_path / "interviews" / "2026-11-02-eve.md").write_text(
        f"---\ncontact: eve\ndate: 2026-11-02\nreferrals: ['{HOSTILE}']\nquestions:\n"
        f"  - q: '{HOSTILE}'\n    asked: false\n---\n\n## Culture\n\nCalm.\n",
        encoding="utf-8")
    kb = load_knowledge_base(tmp_path, TODAY)
    assert not kb.errors, kb.errors
    pages = insight_pages(kb, TODAY, False)
    for path, text in pages.items():
        assert "<script" not in text, path
        # as the site shows it: listings are HTML blocks, where Markdown means nothing
        built = _built(text.split("\n---\n", 1)[1])  # the title: a JSON-quoted YAML string
        assert "<script" not in built, path
        assert not re.search(r"""href=["']?javascript""", built, re.IGNORECASE), path
        assert "<em>x</em>" not in built, path
    for path in ("topics/culture.md", "questions.md", "companies/index.md"):
        shown = html.unescape(re.sub(r"<[^>]*>", "", _built(pages[path])))
        assert HOSTILE in shown, path
    svg = re.search(r"<svg .*?</svg>", pages["network.md"], re.DOTALL)[0]
    ET.fromstring(svg)
    table_rows = [line for line in pages["companies/index.md"].splitlines()
                  if line.startswith("| [")]
    assert [row.count(" | ") for row in table_rows] == [3]


def test_public_site_build_has_the_insight_pages_searchable_and_nothing_private(
        tmp_path: Path, runner) -> None:
    from infoview_build.cli import main

    site = tmp_path / "site"
    result = runner.invoke(main, ["build", "--root", str(REPO), "--today", EXAMPLE_DAY,
                                  "--public", "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    for page in ("topics/growth.html", "companies/northwind.html", "network.html",
                 "questions.html", "timeline.html"):
        assert (site / page).is_file()
        assert f'"location":"{page}"' in index.replace(" ", "")
    network = (site / "network.html").read_text(encoding="utf-8")
    assert '<a href="contacts/bram-okafor.html">' in network
    assert (site / "contacts" / "bram-okafor.html").is_file()
    kb = load_knowledge_base(REPO, TODAY)
    hidden = [c.name for c in kb.contacts.values() if c.private]
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert not [name for name in hidden if name in text], path


def test_a_long_chain_of_introductions_is_drawn_and_listed_without_deep_nesting(
        tmp_path: Path) -> None:
    (tmp_path / "contacts").mkdir()
    for n in range(40):
        introduced = f"introduced_by: p{n - 1}\n" if n else ""
        (tmp_path / "contacts" / f"p{n}.md").write_text(
            f"---\nname: Person {n}\n{introduced}---\n", encoding="utf-8")
    kb = load_knowledge_base(tmp_path, TODAY)
    page = insight_pages(kb, TODAY, False)["network.md"]
    assert "**Reach: 39 of 40 contacts (98%)**" in page
    items = [line for line in page.splitlines() if line.lstrip().startswith("- [Person")]
    assert len(items) == 40
    assert max(len(line) - len(line.lstrip()) for line in items) == 4 * 12
    assert items[-1].endswith("· Prospect · via Person 38")
    assert len(re.findall(r"<a href=", page)) == 40


def test_interview_page_lists_the_prepared_questions_left_unasked() -> None:
    from infoview_build.site.render import render_site

    pages = render_site(load_knowledge_base(REPO, TODAY), TODAY)
    bram = pages["interviews/2026-11-24-bram-okafor.md"]
    assert ("10 of 13 asked; the 2 not asked are worth keeping for a follow-up or the next "
            "conversation. 1 is not marked as asked or not yet: mark it in the note.") in bram
    assert "- [ ] What would you do differently if you switched again?\n" in bram
    assert "- [ ] What do you look for when you hire a PM?\n" in bram
    assert "- [x] Who else should I talk to?\n" in bram
    upcoming = pages["interviews/2026-12-07-opal-reyes.md"]
    assert "not asked" not in upcoming and "not marked as asked" not in upcoming
    assert "- [ ]" not in upcoming.split("## Questions")[1]  # nothing to tick before it


def test_company_page_quotes_what_its_people_said_about_culture() -> None:
    page = example_pages(False)["companies/northwind.md"]
    assert "| [Ada Quill](../contacts/ada-quill.md) | Staff Engineer | Interviewed | 1 |" in page
    assert "| [Opal Reyes](../contacts/opal-reyes.md) | Product Manager | Scheduled | 0 |" in page
    culture = page.split("## What they said about its culture", 1)[1]
    assert "### Ada Quill · 2026-08-20" in culture
    assert "Written culture: decisions are made in documents" in culture


def test_contact_pages_link_to_their_company_page() -> None:
    from infoview_build.site.render import render_site

    pages = render_site(load_knowledge_base(REPO, TODAY), TODAY)
    assert ("\nDesign Lead at [Harbor &#124; Kiln Studio](../companies/harbor-kiln-studio.md)"
            ' · <span class="infoview-stage">Interviewed</span>') in pages["contacts/elif-sato.md"]
    assert "companies/harbor-kiln-studio.md" in pages


def test_questions_page_names_the_bank_questions_never_asked(tmp_path: Path) -> None:
    kb = load_knowledge_base(REPO, TODAY)
    bank = {"growth": ["How do people get promoted at Calder", "Where next?"],
            "closing": ["Is there anything else you would like to share?"]}
    page = insight_pages(kb, TODAY, False, bank=bank)["questions.md"]
    never = page.split("## Bank questions never asked", 1)[1]
    assert never == ("\n\n2 of the 3 questions of the question bank have been asked; "
                     "the 1 never asked, by topic:\n\n**Growth opportunities**\n\n"
                     "- Where next?\n\n")
    assert "No question bank was found" in insight_pages(kb, TODAY, False)["questions.md"]
    bank["closing"].append("What should I have asked?")
    page = insight_pages(kb, TODAY, False, bank=bank)["questions.md"]
    assert "\n\n2 of the 4 questions of the question bank have been asked; the 2 never" in page
    del bank["growth"]
    page = insight_pages(kb, TODAY, False, bank=bank)["questions.md"]
    assert "\n\n1 of the 2 questions of the question bank has been asked; the 1 never" in page


def _keys(fields) -> set[str]:
    return {f.key for f in fields} | {k for f in fields for k in _keys(f.fields)}


def test_hints_speak_in_words_not_in_file_syntax(tmp_path: Path) -> None:
    """What a page tells its reader to do names no front-matter key and no Markdown syntax
    (`introduced_by`, `## `): commands (`infoview …`), their options and `infoview.yml`
    may be shown."""
    from infoview_build.notes.fields import CONFIG_FIELDS, CONTACT_FIELDS, INTERVIEW_FIELDS

    keys = _keys(CONTACT_FIELDS + INTERVIEW_FIELDS + CONFIG_FIELDS)
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "ana-lee.md").write_text("---\nname: Ana Lee\n---\n",
                                                      encoding="utf-8")
    alone = insight_pages(load_knowledge_base(tmp_path, TODAY), TODAY, False)
    assert "Nobody has introduced" in alone["network.md"]  # the empty states are checked too
    assert re.search(r"“promotions”\s\(case and punctuation", alone["topics/growth.md"])
    found = []
    for path, page in [*example_pages(False).items(), *alone.items()]:
        text = page.split("\n---\n", 1)[1]
        # the notes' own words, quoted on topic and company pages, are the owner's business
        text = re.sub(r'<div class="infoview-excerpt".*?\n</div>', "", text, flags=re.DOTALL)
        for code in re.findall(r"`([^`\n]+)`|<code>(.*?)</code>", text):
            shown = "".join(code)
            if not shown.startswith(("infoview ", "--")) and shown != "infoview.yml":
                found.append(f"{path}: `{shown}`")
        found += [f"{path}: {key}" for key in sorted(keys)
                  if "_" in key and re.search(rf"\b{key}\b", text)]
    assert found == []
