"""A real headless Chromium on the built example site (Debian's /usr/bin/chromium).

Playwright drives the browser it finds there; it never downloads one. Without a browser
these tests skip with a message, except when ``CI`` is set: then they fail, so CI can't
pass without running them. Every request the pages make is recorded: none may leave
localhost (or the disk, for the ``file://`` copy).
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from infoview_build.site.publish import build_site

from conftest import EXAMPLE_DAY, REPO

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("INFOVIEW_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _no_browser(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but the browser tests can't run: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kb")
    for name in ("contacts", "interviews", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    from datetime import date

    return build_site(root, date.fromisoformat(EXAMPLE_DAY)).site_dir


@pytest.fixture(scope="module")
def server(site):
    yield from _serve(site)


def _serve(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def paged_server(tmp_path_factory):
    """A site whose listings are cut into pages: the sizes of ``paging`` made small."""
    from datetime import date

    from test_paging import SMALL, TODAY, network

    from infoview_build.site import paging

    root = network(tmp_path_factory.mktemp("paged"), 40)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in SMALL.items():
            patch.setattr(paging, name, value)
        site = build_site(root, date.fromisoformat(TODAY)).site_dir
    yield from _serve(site)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("the playwright package is not installed (pip install -e '.[test]')")
    if not CHROMIUM.is_file():
        _no_browser(f"no browser at {CHROMIUM} (apt-get install chromium)")
    profile = tempfile.mkdtemp(prefix="infoview-chromium-")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser):
    """A fresh tab that records every request it makes."""
    tab = browser.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.on("pageerror", lambda error: tab.requests.append(f"pageerror: {error}"))
    yield tab
    tab.close()


def _foreign(urls: list[str]) -> list[str]:
    allowed = {"127.0.0.1", "localhost", ""}
    return [url for url in urls if url.startswith("pageerror")
            or (urlsplit(url).scheme not in ("data", "blob", "about", "file")
                and urlsplit(url).hostname not in allowed)]


def _search(page, words: str):
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(words, delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    # Material adds the results to the list a few at a time: read it once it stops growing
    count, stable = results.count(), 0
    while stable < 3:
        page.wait_for_timeout(150)
        count, stable = results.count(), (stable + 1 if results.count() == count else 0)
    return results


def test_dashboard_leads_with_what_to_do_and_fits_the_first_screen(page, server) -> None:
    page.goto(f"{server}/index.html")
    assert page.locator("h1").first.inner_text().startswith("Today, 2026-12-01")
    stages = page.locator(".infoview-pipeline li a")
    assert stages.count() == 8
    assert stages.first.inner_text() == "2 Prospect"
    assert stages.last.get_attribute("href") == "contacts/index.html#declined"
    assert page.locator("h2#interviews-ahead").count() == 1
    assert page.locator("article a[href$='contacts/cora-lindqvist.html']").count() == 1
    # the whole dashboard on a desktop's first screen, today's first tasks on a phone's
    bottom = page.locator(".infoview-pipeline").bounding_box()
    assert bottom["y"] + bottom["height"] <= 900
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    first = page.locator(".infoview-dashboard ul li").first.bounding_box()
    assert page.locator("h2#overdue").bounding_box()["y"] < first["y"]
    assert first["y"] + first["height"] <= 844
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_search_for_a_company_lists_its_contact(page, server) -> None:
    page.goto(f"{server}/index.html")
    results = _search(page, "Fjordline")
    # the company's own page (companies/fjordline-health) may come first
    assert any("Cora Lindqvist" in text for text in results.all_inner_texts()[:2])


def test_the_network_drawing_links_to_contacts_and_growth_is_searchable(page, server) -> None:
    page.goto(f"{server}/network.html")
    assert page.locator("svg a").count() == 8
    page.locator("svg a[href='contacts/bram-okafor.html']").click()
    page.wait_for_url("**/contacts/bram-okafor.html")
    results = _search(page, "Growth opportunities")
    assert any("Growth opportunities" in text for text in results.all_inner_texts())


def test_a_search_for_words_in_notes_finds_the_interview(page, server) -> None:
    page.goto(f"{server}/index.html")
    results = _search(page, "committee")
    assert any("Ada Quill" in text for text in results.all_inner_texts())


def test_a_contact_links_to_its_interview(page, server) -> None:
    page.goto(f"{server}/contacts/index.html")
    page.get_by_role("link", name="Ada Quill", exact=True).click()
    page.wait_for_url("**/contacts/ada-quill.html")
    page.get_by_role("link", name="2026-08-20").click()
    page.wait_for_url("**/interviews/2026-08-20-ada-quill.html")
    assert "Ada Quill" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Ada Quill").first.click()
    page.wait_for_url("**/contacts/ada-quill.html")


def test_no_request_leaves_localhost(page, server) -> None:
    for path in ("index.html", "contacts/ada-quill.html", "interviews/index.html",
                 "checklists/prep.html", "tags.html", "about.html"):
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
    _search(page, "Northwind")
    assert page.requests
    assert _foreign(page.requests) == []


def test_the_copy_on_disk_navigates_and_searches(page, site) -> None:
    page.goto((site / "index.html").as_uri())
    page.get_by_role("link", name="Contacts").first.click()
    page.wait_for_url("**/contacts/index.html")
    page.get_by_role("link", name="Cora Lindqvist", exact=True).click()
    page.wait_for_url("**/contacts/cora-lindqvist.html")
    assert page.locator("h1").inner_text().startswith("Cora Lindqvist")
    results = _search(page, "Northwind")
    assert any("Ada Quill" in text for text in results.all_inner_texts())
    page.locator("input.md-search__input").fill("")
    results = _search(page, "on-call")
    assert set(_result_pages(results, site.as_uri() + "/")) <= _pages_saying(site, "on-call")
    assert _foreign(page.requests) == []


# -- accessibility: axe-core on every kind of page, in both colour schemes ---------------

PAGE_TYPES = {
    "dashboard": "index.html",
    "contacts": "contacts/index.html",
    "contact": "contacts/ada-quill.html",
    "interviews": "interviews/index.html",
    "held interview": "interviews/2026-08-20-ada-quill.html",
    "upcoming interview": "interviews/2026-12-03-cora-lindqvist.html",
    "checklists": "checklists/index.html",
    "checklist": "checklists/prep.html",
    "tags": "tags.html",
    "topics": "topics/index.html",
    "topic": "topics/growth.html",
    "companies": "companies/index.html",
    "company": "companies/northwind.html",
    "network": "network.html",
    "questions": "questions.html",
    "timeline": "timeline.html",
    "hand-written": "guide.html",
    "field reference": "fields.html",
}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_script() -> str:
    from axe_playwright_python import sync_playwright as axe_module

    return (Path(axe_module.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def _serious_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 AA violations on the page, one line each."""
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})", WCAG_AA)
    return [f"{v['id']} ({v['impact']}): {node['target']}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")
            for node in v["nodes"][:5]]


@pytest.mark.parametrize(("width", "scheme"), [(1280, "default"), (1280, "slate"),
                                               (390, "default")])
def test_every_page_type_passes_axe_core(browser, server, width, scheme) -> None:
    assert _axe_problems(browser, server, PAGE_TYPES, width, scheme) == {}


PAGED_TYPES = {
    "dashboard with more than it shows": "index.html",
    "contacts with prospects by letter": "contacts/index.html",
    "prospects of one letter": "contacts/prospects/a.html",
    "a stage, page 2": "contacts/stage/to-schedule/2.html",
    "checklist, page 2": "checklists/action/2.html",
    "topic quoting the first": "topics/growth.html",
    "topic, page 2": "topics/growth/2.html",
    "past interviews, page 2": "interviews/past/2.html",
    "questions of a topic": "questions/topics/growth.html",
    "companies, page 2": "companies/index/2.html",
}


@pytest.mark.parametrize("width", [1280, 390])
def test_the_pages_of_long_lists_pass_axe_core(browser, paged_server, width) -> None:
    assert _axe_problems(browser, paged_server, PAGED_TYPES, width, "default") == {}


def _axe_problems(browser, server: str, pages: dict[str, str], width: int,
                  scheme: str) -> dict[str, list[str]]:
    """Each page's serious axe-core violations, and whether it is wider than the screen."""
    tab = browser.new_page()
    try:
        tab.set_viewport_size({"width": width, "height": 900})
        index = 1 if scheme == "slate" else 0
        # Material keeps the chosen scheme here; set it before any page script runs.
        palette = {"index": index, "color": {"media": "", "scheme": scheme,
                                             "primary": "custom", "accent": "custom"}}
        tab.add_init_script(f"localStorage.setItem('/.__palette', '{json.dumps(palette)}')")
        tab.add_init_script(_axe_script())
        found = {}
        for kind, path in pages.items():
            tab.goto(f"{server}/{path}", wait_until="load")
            # infoview.js has made the wide tables focusable (after Material drew them)
            tab.wait_for_function("document.body.dataset.infoviewReady === '1'")
            assert tab.evaluate("document.body.dataset.mdColorScheme") == scheme
            problems = _serious_violations(tab)
            if tab.evaluate("document.documentElement.scrollWidth") > width:
                problems.append("the page is wider than the screen")
            if problems:
                found[kind] = problems
        return found
    finally:
        tab.close()


def test_every_table_header_names_its_column_or_row(browser, server) -> None:
    """No empty header cell (a contact's details once had an empty header row that a
    screen reader announced as blank column headers): axe-core's table rules, any impact."""
    tab = browser.new_page()
    try:
        tab.add_init_script(_axe_script())
        found = {}
        for kind, path in PAGE_TYPES.items():
            tab.goto(f"{server}/{path}", wait_until="load")
            results = tab.evaluate(
                "rules => axe.run(document, {runOnly: {type: 'rule', values: rules},"
                " resultTypes: ['violations']})",
                ["empty-table-header", "th-has-data-cells", "td-has-header", "scope-attr-valid"])
            if results["violations"]:
                found[kind] = [f"{v['id']}: {n['target']}" for v in results["violations"]
                               for n in v["nodes"][:3]]
        assert found == {}
        tab.goto(f"{server}/contacts/bram-okafor.html")
        details = tab.locator("#details + table th[scope=row], #details + * th[scope=row]")
        assert details.all_inner_texts()[:2] == ["Email", "Phone"]
        assert tab.get_by_role("rowheader", name="Introduced by").count() == 1
    finally:
        tab.close()


# -- search ---------------------------------------------------------------------------

def _result_pages(results, root: str) -> list[str]:
    """The page of each search result, as a path below the site's ``root`` URL."""
    # read at once: Material may render more results meanwhile (one item at a time, an
    # item may be gone before it is read)
    urls = results.evaluate_all("items => items.map(item => item.querySelector('a').href)")
    assert all(url.startswith(root) for url in urls), urls
    return [urlsplit(url[len(root):]).path for url in urls]


def _pages_saying(site: Path, words: str) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")
            if words in html.unescape(p.read_text(encoding="utf-8")).lower()}


def test_a_word_in_quotes_is_found(page, server) -> None:
    page.goto(f"{server}/index.html")
    results = _search(page, "utilisation")
    assert "Paz Moreno" in results.first.inner_text()


def test_a_hyphenated_word_finds_the_notes_that_say_it_and_its_parts_find_them_too(
        page, server, site) -> None:
    # lunr reads "on-call" as "on" (a stop word) and "call": the notes that merely said
    # "call" or "called" once ranked above Dev Raman's interview about being on call
    saying = _pages_saying(site, "on-call")
    assert "interviews/2026-11-27-dev-raman.html" in saying
    page.goto(f"{server}/index.html")
    results = _search(page, "on-call")
    found = _result_pages(results, f"{server}/")
    assert found[0] in saying and set(found) <= saying, found
    assert "interviews/2026-11-27-dev-raman.html" in found
    page.locator("input.md-search__input").fill("")
    results = _search(page, "call")
    assert "interviews/2026-11-27-dev-raman.html" in _result_pages(results, f"{server}/")


def test_a_name_finds_the_contact_page_first(page, server) -> None:
    page.goto(f"{server}/index.html")
    results = _search(page, "Ada Quill")
    href = results.first.locator("a").first.get_attribute("href")
    assert urlsplit(href).path.endswith("/contacts/ada-quill.html")
