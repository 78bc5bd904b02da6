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
from datetime import date
from pathlib import Path
from typing import NamedTuple
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
        _read_on_the_build_day(context)
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def _read_on_the_build_day(context) -> None:
    """Pages read on the day the example site is built show that day's view (a page read
    later says each item again for its reader's day: infoview-days.js)."""
    from datetime import datetime

    context.clock.set_system_time(datetime.fromisoformat(f"{EXAMPLE_DAY}T12:00:00"))


@pytest.fixture
def page(browser):
    """A fresh tab, read on the build day, that records every request it makes."""
    _read_on_the_build_day(browser)
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
    page.locator("input.md-search__input").fill("")
    results = _search(page, "Cora Lindqvist")  # her page first, not a list that names her
    assert _result_pages(results, site.as_uri() + "/")[0] == "contacts/cora-lindqvist.html"
    assert _foreign(page.requests) == []
    assert not [url for url in page.requests if "/pagefind/" in url]


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


def test_over_http_search_reads_pagefind_not_the_whole_index(page, server) -> None:
    page.goto(f"{server}/index.html")
    results = _search(page, "Northwind")
    assert any("Ada Quill" in text for text in results.all_inner_texts())
    assert any("/pagefind/fragment/" in url for url in page.requests)
    assert not [url for url in page.requests if "search_index" in url]
    page.goto(f"{server}/contacts/ada-quill.html")  # the next page searches as well
    results = _search(page, "Cora Lindqvist")
    assert urlsplit(results.first.locator("a").first.get_attribute("href")).path \
        .endswith("/contacts/cora-lindqvist.html")


def test_search_links_are_right_with_directory_addresses(browser, tmp_path_factory) -> None:
    root = tmp_path_factory.mktemp("kb-dirs")
    for name in ("contacts", "interviews", "docs"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("use_directory_urls: false",
                                                    "use_directory_urls: true")
                                     .replace("  - offline\n", ""), encoding="utf-8")
    from datetime import date

    site = build_site(root, date.fromisoformat(EXAMPLE_DAY)).site_dir
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    tab = browser.new_page()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        tab.goto(f"{base}/interviews/")
        results = _search(tab, "Ada Quill")
        href = results.first.locator("a").first.get_attribute("href")
        assert urlsplit(href).path == "/contacts/ada-quill/"
        results.first.locator("a").first.click()
        tab.wait_for_url("**/contacts/ada-quill/**")
        assert tab.locator("h1").first.inner_text().startswith("Ada Quill")
    finally:
        tab.close()
        httpd.shutdown()


def test_a_name_finds_the_contact_page_first(page, server) -> None:
    page.goto(f"{server}/index.html")
    results = _search(page, "Ada Quill")
    href = results.first.locator("a").first.get_attribute("href")
    assert urlsplit(href).path.endswith("/contacts/ada-quill.html")


# -- a page read on a later day (infoview-days.js) --------------------------------------

def _read_on(page, day: str, url: str) -> None:
    """Open ``url`` with the page's clock at noon of ``day``, the reader's own date."""
    from datetime import datetime

    page.clock.set_system_time(datetime.fromisoformat(f"{day}T12:00:00"))
    page.goto(url, wait_until="load")
    page.wait_for_function("document.body.dataset.infoviewReady === '1'")


def _group(page, name: str) -> list[str]:
    """The due phrase and text of each item shown under one of the dashboard's groups."""
    group = page.locator(f".infoview-group[data-group='{name}']")
    if not group.is_visible():
        return []
    return [text.split(" · ")[0] for text in group.locator("li:visible").all_inner_texts()]


def _todo_on(runner, day: str) -> dict[str, list[str]]:
    """What 'infoview todo' says on ``day`` of the example notes, as the dashboard groups
    it: each dated item as its due words and text."""
    from infoview_build.cli import main
    from infoview_build.plan.checklists import due_phrase  # the words of every view

    result = runner.invoke(main, ["todo", "--root", str(REPO), "--today", day,
                                  "--format", "json"])
    groups: dict[str, list[str]] = {"overdue": [], "due-today": [], "coming-week": []}
    for item in json.loads(result.stdout):
        if item["suggestion"]:
            continue
        ahead = (date.fromisoformat(item["due"]) - date.fromisoformat(day)).days
        name = "overdue" if ahead < 0 else "due-today" if ahead == 0 else "coming-week"
        words = due_phrase(_Due(item["checklist"], date.fromisoformat(item["due"])),
                           date.fromisoformat(day))
        groups[name].append(f"{words} {item['text']}")
    return {name: sorted(texts) for name, texts in groups.items()}


class _Due(NamedTuple):
    checklist: str
    due: date


@pytest.mark.parametrize("day", ["2026-12-02", "2026-12-03", "2026-12-04", "2026-12-06",
                                 "2026-12-08"])
def test_the_dashboard_read_on_a_later_day_shows_what_todo_says_that_day(
        page, server, runner, day) -> None:
    """Built on 2026-12-01, read on ``day`` up to the build's horizon (prep_window_days):
    the same items under the same groups, in the same words, as 'infoview todo' that day,
    also those known only after the build day (a thank-you note once Cora Lindqvist's
    interview on 2026-12-03 is held)."""
    _read_on(page, day, f"{server}/index.html")
    assert page.locator("h1").first.inner_text().startswith(f"Today, {day}")
    shown = {name: sorted(_group(page, name)) for name in ("overdue", "due-today",
                                                             "coming-week")}
    assert shown == _todo_on(runner, day)
    counts = page.locator(".infoview-counts").inner_text()
    assert counts.startswith(f"{len(shown['overdue'])} overdue, {len(shown['due-today'])} "
                             f"due today, {len(shown['coming-week'])} in the coming week")
    for name, texts in shown.items():  # an empty group is hidden with its heading
        assert page.locator(f"#{name}").is_visible() == bool(texts)
    assert page.locator(".infoview-stale").count() == 0  # within what the build foresaw
    assert _foreign(page.requests) == []


def test_the_dashboard_read_days_later_drops_what_is_past(page, server) -> None:
    _read_on(page, "2026-12-04", f"{server}/index.html")
    # Cora Lindqvist's interview was on 2026-12-03: her prep list and the interview are
    # gone, and the thank-you note for it is due today.
    assert page.locator("text=Prepare for the interview with Cora").is_hidden()
    assert "due today Send Cora Lindqvist a thank-you note for the interview on 2026-12-03" \
        in _group(page, "due-today")
    ahead = page.locator("li[data-day]:visible").all_inner_texts()
    assert len(ahead) == 1 and "Opal Reyes" in ahead[0]
    cora = "Send Cora Lindqvist a thank-you note"
    for day, shown in (("2026-12-01", False), ("2026-12-03", True)):
        _read_on(page, day, f"{server}/checklists/thank-you.html")
        assert page.get_by_text(cora).is_visible() is shown, day


def test_on_the_day_of_an_interview_the_dashboard_says_today(page, server) -> None:
    _read_on(page, "2026-12-07", f"{server}/index.html")
    assert _group(page, "due-today")[0].startswith(
        "due today Prepare for the interview with Opal Reyes")
    (opal,) = page.locator("li[data-day]:visible").all_inner_texts()
    assert "2026-12-07 09:30 today" in opal


def test_past_the_last_day_the_build_foresaw_every_dated_page_says_when_it_was_built(
        page, site) -> None:
    for path in ("index.html", "checklists/thank-you.html", "contacts/index.html",
                 "contacts/ivo-petrak.html"):
        _read_on(page, "2026-12-10", (site / path).as_uri())  # from disk: file://
        note = page.locator(".infoview-stale")
        assert note.inner_text() == \
            "Built on 2026-12-01 — run infoview build for newer items.", path
    _read_on(page, "2026-12-10", (site / "checklists/thank-you.html").as_uri())
    assert "As of 2026-12-10." in page.locator("article").inner_text()
    assert page.locator(".infoview-due").first.inner_text() == "12 days overdue"
    _read_on(page, "2026-12-10", (site / "contacts/ivo-petrak.html").as_uri())
    assert page.locator(".infoview-due").first.inner_text() == "13 days overdue"
    assert _foreign(page.requests) == []


def test_without_the_script_or_on_the_build_day_the_page_is_the_build_days_view(
        page, server) -> None:
    _read_on(page, "2026-12-01", f"{server}/index.html")
    on_the_day = page.locator(".infoview-dashboard").inner_text()
    page.route("**/infoview-days.js", lambda route: route.abort())
    _read_on(page, "2026-12-20", f"{server}/index.html")
    assert page.locator(".infoview-dashboard").inner_text() == on_the_day
    assert page.locator("h1").first.inner_text().startswith("Today, 2026-12-01")
    assert page.locator(".infoview-counts").inner_text().startswith(
        "5 overdue, 2 due today, 5 in the coming week")
    assert page.locator(".infoview-stale").count() == 0


def test_a_dashboard_read_later_passes_axe_core(browser, server) -> None:
    from datetime import datetime

    tab = browser.new_page()
    try:
        tab.add_init_script(_axe_script())
        for day in ("2026-12-04", "2026-12-10"):
            tab.clock.set_system_time(datetime.fromisoformat(f"{day}T12:00:00"))
            for path in ("index.html", "checklists/prep.html", "contacts/ada-quill.html"):
                tab.goto(f"{server}/{path}", wait_until="load")
                tab.wait_for_function("document.body.dataset.infoviewReady === '1'")
                assert _serious_violations(tab) == [], (day, path)
    finally:
        tab.close()
        _read_on_the_build_day(browser)
