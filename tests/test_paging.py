"""Pages stay small as the network grows (DESIGN.md §5): every listing shows its first items
and links to pages of the rest, and every note stays reachable from the indexes.

The sizes of ``site/paging.py`` are shrunk here, so that a knowledge base of a few dozen
notes is cut the way ten thousand notes are: a page's size then depends on those sizes,
not on how many notes there are.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from infoview_build.cli import main
from infoview_build.site import paging
from infoview_build.site.pages import page_url
from infoview_build.site.render import render_site

from conftest import REPO
from kb_notes import load, write_kb

TODAY = "2026-12-01"
DAY = date.fromisoformat(TODAY)
SMALL = {"SHOWN": 2, "INDEX_SHOWN": 3, "PAGE_ROWS": 4, "PAGE_ITEMS": 3, "QUOTED": 2}
LETTERS = "abcdefg"


@pytest.fixture(autouse=True)
def small_pages(monkeypatch) -> None:
    for name, value in SMALL.items():
        monkeypatch.setattr(paging, name, value)


def network(root: Path, people: int, hostile: bool = False) -> Path:
    """``people`` contacts: a third never asked (prospects, each at a company of their own),
    a third to schedule, a third interviewed twice (notes under topics, questions,
    referrals and actions)."""
    contacts, interviews = {}, {}
    for n in range(people):
        slug = f"{LETTERS[n % len(LETTERS)]}-person-{n}"
        fields = {"name": f"{LETTERS[n % len(LETTERS)].upper()} Person {n}",
                  "role": "Staff Engineer"}
        if n % 3 == 0:
            fields["company"] = f"Shop {n}"
            contacts[slug] = fields
            continue
        fields["company"] = f"Firm {n % 5}"
        fields["requested_on"] = (DAY - timedelta(days=60 + n % 20)).isoformat()
        fields["replied_on"] = (DAY - timedelta(days=55 - n % 50)).isoformat()
        contacts[slug] = fields
        if n % 3 == 1:  # replied, not yet met: to schedule
            continue
        for held in (1, 2):
            day = DAY - timedelta(days=held * 10 + n % 7)
            interviews[f"{day.isoformat()}-{slug}"] = {
                "contact": slug, "date": day.isoformat(), "duration": 30,
                "questions": [{"q": f"How did you grow, {n}?", "topic": "growth",
                               "asked": True},
                              {"q": "What is a typical week?", "topic": "responsibilities"}],
                "referrals": [f"Someone Else {n}"],
                "actions": [{"task": f"Read the book {n} suggested"}],
                "body": f"## Growth\n\nPromotions come with scope, said {n}.\n\n"
                        f"## Culture\n\nWritten reviews, said {n}.\n",
            }
    if hostile:
        contacts["x-script"] = {"name": "<script>alert(1)</script>",
                                "company": "<b>Bold</b> & Co"}
    return write_kb(root, contacts, interviews)


def pages_of(root: Path, directory_urls: bool = False) -> dict[str, str]:
    return render_site(load(root, TODAY), DAY, directory_urls=directory_urls)


def is_note(path: str) -> bool:
    return bool(re.fullmatch(r"(contacts|interviews)/[a-z0-9-]+\.md", path)) \
        and not path.endswith("/index.md")


def links(source: str, text: str, directory_urls: bool, known: set[str]) -> set[str]:
    """The generated pages that ``text`` (the page ``source``) links to, by docs path."""
    by_url = {page_url(path, directory_urls): path for path in known}
    found = set()
    here = posixpath.dirname(page_url(source, directory_urls))
    for href in re.findall(r'href="([^"#]*)', text):
        if href and not re.match(r"[a-z]+:", href):
            url = posixpath.normpath(posixpath.join(here, href))
            url = url + "/" if href.endswith("/") else url
            found.add(by_url.get(url.removeprefix("./"), by_url.get(url)))
    for target in re.findall(r"\]\(([^)#\s]+\.md)", text):  # Markdown links: docs paths
        found.add(posixpath.normpath(posixpath.join(posixpath.dirname(source), target)))
    return found - {None}


# -- cutting a list ---------------------------------------------------------------------

def test_a_list_is_cut_into_pages_that_know_their_neighbours() -> None:
    series = paging.cut("checklists/action.md", list(range(10)), 4)
    assert [pager.path for pager, _chunk in series] == [
        "checklists/action.md", "checklists/action/2.md", "checklists/action/3.md"]
    assert [list(chunk) for _pager, chunk in series] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    middle = series[1][0]
    assert (middle.start, middle.end, middle.total) == (4, 8, 10)
    assert (middle.previous, middle.next) == ("checklists/action.md", "checklists/action/3.md")


def test_a_short_list_is_one_page_and_the_first_page_may_hold_fewer() -> None:
    [(pager, chunk)] = paging.cut("topics/growth.md", [], 4)
    assert (pager.path, list(chunk), pager.next) == ("topics/growth.md", [], None)
    series = paging.cut("topics/growth.md", list(range(7)), 4, head=2)
    assert [len(chunk) for _pager, chunk in series] == [2, 4, 1]


# -- the site ---------------------------------------------------------------------------

@pytest.mark.parametrize("directory_urls", [False, True])
def test_every_note_is_reachable_from_the_indexes(tmp_path, directory_urls) -> None:
    pages = pages_of(network(tmp_path, 40), directory_urls)
    known = set(pages)
    seen, todo = set(), ["index.md", "contacts/index.md", "interviews/index.md"]
    while todo:  # the listings only: a note's own page must not be the way to another note
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        if not is_note(path):
            todo += links(path, pages[path], directory_urls, known)
    notes = {path for path in pages if is_note(path)}
    assert notes - seen == set()
    assert len(notes) > 60


def test_no_generated_page_grows_with_the_notes(tmp_path) -> None:
    small = pages_of(network(tmp_path / "small", 30))
    large = pages_of(network(tmp_path / "large", 90))
    assert len(large) > len(small) + 100  # the rest is on pages of its own

    def biggest(pages: dict[str, str]) -> int:
        return max(len(text) for path, text in pages.items() if not is_note(path))

    assert biggest(large) < biggest(small) * 1.15, max(
        (len(t), p) for p, t in large.items() if not is_note(p))


def test_listings_show_their_first_items_and_count_the_rest(tmp_path) -> None:
    pages = pages_of(network(tmp_path, 40))
    dashboard = pages["index.md"]
    for section in re.findall(r'<h2 id="(?:overdue|due-today|coming-week)".*?</ul>', dashboard,
                              re.S):
        assert section.count("<li>") <= SMALL["SHOWN"]
    more = re.search(r"And (\d+) more: (.*?) \(oldest first\)", dashboard)
    assert more, dashboard
    assert int(more[1]) == sum(int(n) for n in re.findall(r">(\d+) in ", more[2]))
    checklist = pages["checklists/action.md"]
    assert checklist.count('<li class="task-list-item">') == SMALL["PAGE_ITEMS"]
    assert "Items 1–3 of 26" in checklist
    topic = pages["topics/growth.md"]
    assert topic.count('class="infoview-excerpt"') == SMALL["QUOTED"]
    assert 'href="growth/2.html"' in topic
    assert pages["interviews/index.md"].count("<tr>") <= 2 * (SMALL["INDEX_SHOWN"] + 1)
    assert "All 26 past interviews" in pages["interviews/index.md"]


def test_every_page_of_the_rest_links_back_and_to_the_others(tmp_path) -> None:
    pages = pages_of(network(tmp_path, 40))
    known = set(pages)
    rest = [path for path in pages if re.search(r"/\d+\.md$", path)]
    assert {"checklists/action/9.md", "topics/growth/7.md", "interviews/past/7.md",
            "questions/topics/growth/4.md", "contacts/stage/to-schedule/4.md"} <= set(rest)
    for path in rest:
        first = path.rsplit("/", 1)[0] + ".md"
        assert first in pages, path
        number = int(path.rsplit("/", 1)[1].removesuffix(".md"))
        targets = links(path, pages[path], False, known)
        previous = first if number == 2 else f"{first.removesuffix('.md')}/{number - 1}.md"
        assert {first, previous} <= targets, path
        assert f'<strong aria-current="page">{number}</strong>' in pages[path]
        assert "exclude: true" in pages[path].split("---")[1]  # the rest stays out of search


def test_the_contacts_index_puts_people_in_touch_first_and_groups_prospects(tmp_path) -> None:
    pages = pages_of(network(tmp_path, 40))
    index = pages["contacts/index.md"]
    assert index.index("## To schedule") < index.index("## Prospect (14)")
    prospects = index[index.index("## Prospect"):]
    assert "contacts/a-person" not in prospects and "a-person" not in prospects
    letters = re.findall(r'href="prospects/([a-z0-9-]+)\.html"><strong>([A-Z0-9-]+)</strong> '
                         r"<small>(\d+)</small>", prospects)
    assert sum(int(n) for _f, _l, n in letters) == 14
    assert [(file, shown) for file, shown, _n in letters] == [(c, c.upper()) for c in LETTERS]
    shown = {slug for path in pages if path.startswith("contacts/prospects/")
             for slug in re.findall(r'href="\.\./([a-z0-9-]+)\.html"', pages[path])}
    assert shown == {f"{LETTERS[n % 7]}-person-{n}" for n in range(0, 40, 3)}
    assert "Most of them work at" in prospects


def test_values_on_the_pages_of_the_rest_are_escaped(tmp_path) -> None:
    pages = pages_of(network(tmp_path, 40, hostile=True))
    letter = pages["contacts/prospects/x.md"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in letter
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in letter
    for path, text in pages.items():
        assert "<script>" not in text and "<b>Bold" not in text, path


def test_paged_output_is_deterministic(tmp_path) -> None:
    root = network(tmp_path, 40)
    assert pages_of(root) == pages_of(root)


@pytest.mark.parametrize("directory_urls", [False, True])
def test_the_built_pages_of_the_rest_link_to_pages_that_exist(tmp_path, runner,
                                                              directory_urls) -> None:
    root = network(tmp_path / "kb", 24)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if directory_urls:  # as a user may set it (the offline plugin turns it off)
        config = config.replace("use_directory_urls: false", "use_directory_urls: true")
        config = config.replace("  - offline\n", "")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO / "docs", root / "docs")
    result = runner.invoke(main, ["build", "--root", str(root), "--today", TODAY, "--strict"])
    assert result.exit_code == 0, result.output
    site = root / "site"
    built = [p for p in site.rglob("*.html")
             if re.fullmatch(r"(.+/\d+(/index)?|contacts/(stage|prospects)/.*)\.html",
                             p.relative_to(site).as_posix())]
    assert len(built) > 20
    for page in built:
        for href in re.findall(r'<a href="([^"#]+)', page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", href):
                continue
            target = (page.parent / href).resolve()
            target = target / "index.html" if target.is_dir() else target
            assert target.is_file(), (page, href)


def test_the_tags_page_lists_at_most_fifty_pages_under_a_tag(tmp_path, runner) -> None:
    root = write_kb(tmp_path / "kb", {f"p-{n}": {"name": f"P {n}", "tags": ["analytics"]}
                                      for n in range(55)})
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    result = runner.invoke(main, ["build", "--root", str(root), "--today", TODAY])
    assert result.exit_code == 0, result.output
    tags = (root / "site" / "tags.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<a href="contacts/p-\d+\.html">', tags)) == 50
    assert "And 5 more: search for the tag to find them all." in tags
    assert 'class="md-tag' in tags  # the tag itself, as Material draws it


def test_a_large_referral_network_is_listed_in_part_and_not_drawn(tmp_path) -> None:
    def chain(root: Path, people: int) -> dict[str, str]:
        contacts = {f"p-{n}": {"name": f"P {n}", **({"introduced_by": f"p-{n - 1}"} if n else {})}
                    for n in range(people)}
        return pages_of(write_kb(root, contacts))

    small = chain(tmp_path / "small", 4)["network.md"]
    assert "<svg" in small and "more:" not in small
    large = chain(tmp_path / "large", 30)["network.md"]
    assert "<svg" not in large
    assert "The drawing is left out: 30 people" in large
    assert large.count("](contacts/p-") <= SMALL["PAGE_ROWS"] + SMALL["INDEX_SHOWN"]
    assert "And 26 more: the [contacts index](contacts/index.md) lists everyone." in large
    assert len(chain(tmp_path / "larger", 60)["network.md"]) < len(large) * 1.05
