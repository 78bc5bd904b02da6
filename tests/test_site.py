"""The site: pure rendering, escaping, the MkDocs adapter, git history, build and serve.

Golden files: tests/golden/site/ holds a few rendered pages of the example knowledge base
(``/`` in a page's path becomes ``__``). After a deliberate change, regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_site.py

and read the diff of tests/golden/site/ before committing it.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from infoview_build.cli import main
from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.notes.sitemarkdown import site_directory_urls
from infoview_build.site import escape, history, pages, render
from infoview_build.site.publish import PERSONAL_DATA_NOTICE
from infoview_build.site.render import render_site

from conftest import EXAMPLE_DAY, REPO, golden

GOLDEN = Path(__file__).parent / "golden" / "site"
DAY = date.fromisoformat(EXAMPLE_DAY)
GOLDEN_PAGES = [
    "index.md",
    "contacts/index.md",
    "contacts/ada-quill.md",
    "interviews/index.md",
    "interviews/2026-08-20-ada-quill.md",
    "checklists/index.md",
    "checklists/prep.md",
]
HOSTILE_CONTACT = """\
---
name: "<script>alert(1)</script>"
company: "A | B"
role: "*stars* [link](javascript:alert(2))"
location: "<img src=x onerror=alert(3)>"
tags: ["<img src=x onerror=alert(4)>", "a|b"]
found_via: "`code` ![img](http://evil.example/x.png) &amp; <b>x</b>"
why: "line\\n\\n# heading\\n| a | b |"
---
The body is the user's own Markdown: <b>bold</b> renders.
"""
HOSTILE_INTERVIEW = """\
---
contact: evil
date: 2026-11-01
place: "javascript:alert(5)"
goals: ["<script>alert(6)</script>"]
questions:
  - q: "x | y <svg onload=alert(7)>"
    topic: other
referrals: ["<script>alert(8)</script>"]
actions:
  - task: "[x](javascript:alert(9))"
---
Notes.
"""


@pytest.fixture(scope="module")
def example_pages() -> dict[str, str]:
    return render_site(load_knowledge_base(REPO, DAY), DAY)


def _copy_example(target: Path) -> Path:
    """The example knowledge base, with its site settings, in a folder of its own."""
    for name in ("contacts", "interviews", "docs"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def _hostile_kb(target: Path) -> Path:
    _copy_example(target)
    (target / "contacts" / "evil.md").write_text(HOSTILE_CONTACT, encoding="utf-8")
    (target / "interviews" / "2026-11-01-evil.md").write_text(HOSTILE_INTERVIEW,
                                                               encoding="utf-8")
    return target


# -- render: a pure function of the notes and the day --------------------------------------

@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_example_pages_match_golden(example_pages, page) -> None:
    golden(GOLDEN / page.replace("/", "__"), example_pages[page])


def test_every_note_becomes_a_page(example_pages) -> None:
    kb = load_knowledge_base(REPO, DAY)
    for slug in kb.contacts:
        assert f"contacts/{slug}.md" in example_pages
    for slug in kb.interviews:
        assert f"interviews/{slug}.md" in example_pages
    assert {"index.md", "contacts/index.md", "interviews/index.md", "checklists/index.md",
            "tags.md"} <= example_pages.keys()


def test_rendering_is_deterministic_and_includes_the_insight_pages(example_pages) -> None:
    again = render_site(load_knowledge_base(REPO, DAY), DAY)
    assert again == example_pages
    assert list(again) == sorted(again)
    assert {"topics/index.md", "topics/growth.md", "companies/index.md",
            "companies/northwind.md", "network.md", "questions.md",
            "timeline.md"} <= again.keys()


def test_a_producer_is_one_line_and_may_not_overwrite(monkeypatch) -> None:
    kb = load_knowledge_base(REPO, DAY)
    monkeypatch.setattr(render, "PRODUCERS",
                        [*render.PRODUCERS, lambda kb, today, public: {"extra.md": "# Extra\n"}])
    assert render_site(kb, DAY)["extra.md"] == "# Extra\n"
    monkeypatch.setattr(render, "PRODUCERS",
                        [*render.PRODUCERS, lambda kb, today, public: {"index.md": ""}])
    with pytest.raises(ValueError, match="index.md"):
        render_site(kb, DAY)


def test_pages_link_contact_interview_and_checklist(example_pages) -> None:
    contact = example_pages["contacts/bram-okafor.md"]
    assert "(../interviews/2026-11-24-bram-okafor.md)" in contact
    assert "(../checklists/action.md)" in contact
    interview = example_pages["interviews/2026-11-24-bram-okafor.md"]
    assert "(../contacts/bram-okafor.md)" in interview
    # the checklists are HTML blocks: their links are the pages' final addresses
    assert 'href="../interviews/2026-11-24-bram-okafor.html"' in \
        example_pages["checklists/action.md"]


# -- escaping ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "<script>alert(1)</script>", "A | B", "*stars*", "[link](javascript:alert(1))",
    "`tick`", "_under_", "# heading", "1. list", "- item", "a\n\nb", "&amp;", "\\|",
])
def test_escaped_text_has_no_markup_characters(value) -> None:
    escaped = str(escape.text(value))
    assert not re.search(r"[<>|*\[\]()`_#\\\n]", escaped.replace("&#", ""))
    assert "\n" not in escaped


def test_links_only_for_safe_schemes() -> None:
    assert str(escape.link("javascript:alert(1)")) == str(escape.text("javascript:alert(1)"))
    assert str(escape.link('https://x.example/"><b>')).startswith(
        '<a href="https://x.example/&quot;&gt;&lt;b&gt;"')


def test_hostile_values_render_as_text_in_the_built_site(tmp_path, runner) -> None:
    root = _hostile_kb(tmp_path / "kb")
    result = runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY])
    assert result.exit_code == 0, result.output
    site = root / "site"
    html = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert not re.search(r"<script>alert|<img src=x|<svg onload|href=\"javascript:", html)
    page = (site / "contacts" / "evil.html").read_text(encoding="utf-8")
    # no value breaks out of its cell: every row of the details has its label and one value
    table = page.split("<table>")[1].split("</table>")[0]
    rows = table.split("<tr>")[1:]
    assert len(rows) == 4  # location, found via, why, tags
    for row in rows:
        assert row.count('<th scope="row">') == 1 and row.count("<td>") == 1, row
    assert "A &#124; B" in page
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; - infoview example</title>" in page
    assert "<b>bold</b>" in page  # the body is the user's Markdown and renders


# -- links of the HTML blocks: the site's final addresses, for either URL style ------------

@pytest.mark.parametrize(("source", "target", "files", "directories"), [
    ("checklists/action.md", "interviews/x.md", "../interviews/x.html", "../../interviews/x/"),
    ("index.md", "contacts/index.md#to-schedule", "contacts/index.html#to-schedule",
     "contacts/#to-schedule"),
    ("contacts/index.md", "contacts/ada.md", "ada.html", "ada/"),
    ("checklists/action.md", "checklists/index.md", "index.html", "../"),
    ("questions.md", "interviews/x.md", "interviews/x.html", "../interviews/x/"),
    ("index.md", "index.md", "index.html", "./"),
])
def test_html_links_are_what_mkdocs_makes_of_a_markdown_link(source, target, files,
                                                              directories) -> None:
    assert pages.relative_url(source, target, False) == files
    assert pages.relative_url(source, target, True) == directories


@pytest.mark.parametrize(("config", "directories"), [
    ("", True),
    ("use_directory_urls: false\n", False),
    ("use_directory_urls: true\nplugins: [search, offline]\n", False),  # offline turns it off
    ("plugins:\n  - offline:\n      enabled: false\n", True),
    ("plugins:\n  search: {}\n  offline: {}\n", False),
])
def test_the_url_style_is_read_from_mkdocs_yml(tmp_path, config, directories) -> None:
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert site_directory_urls(tmp_path) is directories


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and not re.match(r"[a-z]+:|#", href):
            self.hrefs.append(href.split("#")[0])


@pytest.mark.parametrize("directories", [False, True])
def test_every_link_of_the_listings_leads_to_a_page(tmp_path, runner, directories) -> None:
    root = _copy_example(tmp_path / "kb")
    if directories:  # as a user may set it (without the offline plugin, which turns it off)
        config = (root / "mkdocs.yml").read_text(encoding="utf-8")
        config = config.replace("use_directory_urls: false", "use_directory_urls: true")
        (root / "mkdocs.yml").write_text(config.replace("  - offline\n", ""), encoding="utf-8")
    result = runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY])
    assert result.exit_code == 0, result.output
    site = root / "site"
    def built(name: str) -> Path:
        if not directories or name.endswith("index"):
            return site / f"{name}.html"
        return site / name / "index.html"

    checked = 0
    for name in ("index", "contacts/index", "interviews/index", "checklists/action",
                 "checklists/prep", "questions", "topics/culture"):
        page = built(name)
        links = _Links()
        links.feed(page.read_text(encoding="utf-8"))
        assert links.hrefs, page
        for href in links.hrefs:
            target = (page.parent / href).resolve()
            target = target / "index.html" if target.is_dir() else target
            assert target.is_file(), (name, href)
            checked += 1
    assert checked > 100
    action = built("checklists/action").read_text(encoding="utf-8")
    interview = "../../interviews/2026-11-24-bram-okafor/" if directories else \
        "../interviews/2026-11-24-bram-okafor.html"
    assert f'href="{interview}"' in action


# -- the MkDocs adapter ---------------------------------------------------------------------

def test_build_prints_where_the_site_is_and_how_many_pages(tmp_path, runner) -> None:
    root = _copy_example(tmp_path / "kb")
    site = tmp_path / "out"
    result = runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY,
                                  "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    pages = len(list((REPO / "docs").glob("*.md"))) + len(
        render_site(load_knowledge_base(root, date.fromisoformat(EXAMPLE_DAY)),
                    date.fromisoformat(EXAMPLE_DAY)))
    assert result.stdout == f"Built {pages} pages: open {site / 'index.html'}\n"
    assert result.stderr == PERSONAL_DATA_NOTICE + "\n"
    for page in ("index.html", "about.html", "tags.html", "contacts/ada-quill.html",
                 "interviews/2026-08-20-ada-quill.html", "checklists/prep.html",
                 "search/search_index.js"):
        assert (site / page).is_file(), page
    assert not (root / "docs" / "index.md").exists()  # nothing written into docs/
    written = sorted(p.name for p in (root / "docs").iterdir())
    assert written == sorted(p.name for p in (REPO / "docs").iterdir())


def test_build_refuses_on_errors_and_lists_them(tmp_path, runner) -> None:
    root = _copy_example(tmp_path / "kb")
    (root / "contacts" / "broken.md").write_text("---\nemial: x\n---\n", encoding="utf-8")
    result = runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY])
    assert result.exit_code == 1
    assert "contacts/broken.md:2: emial: unknown field 'emial'" in result.output
    assert result.output.endswith("Error: the knowledge base has 2 errors; fix them and run "
                                  "again\n")
    assert not (root / "site").exists()


def test_build_needs_mkdocs_yml_with_the_plugin(tmp_path, runner) -> None:
    root = _copy_example(tmp_path / "kb")
    (root / "mkdocs.yml").unlink()
    result = runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY])
    assert result.exit_code == 1
    assert "Error: no mkdocs.yml in" in result.output
    (root / "mkdocs.yml").write_text("site_name: x\ntheme: {name: material}\n", encoding="utf-8")
    result = runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY])
    assert result.exit_code == 1
    assert "does not list the infoview plugin" in result.output


def test_plain_mkdocs_build_works_on_the_same_config(tmp_path) -> None:
    root = _copy_example(tmp_path / "kb")
    env = {**os.environ, "INFOVIEW_TODAY": EXAMPLE_DAY, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"],
                          cwd=root, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (root / "site" / "contacts" / "ada-quill.html").is_file()


def test_the_site_loads_nothing_from_another_host_and_nav_stays_small(tmp_path, runner) -> None:
    root = _copy_example(tmp_path / "kb")
    assert runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY]
                         ).exit_code == 0
    site = root / "site"
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        loads = re.findall(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=\"(//|https?:)",
                           text)
        assert not loads, page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    # the sidebar holds index pages only: a contact's page doesn't list the others
    ada = (site / "contacts" / "ada-quill.html").read_text(encoding="utf-8")
    assert "mara-voss.html" not in ada


# -- git history --------------------------------------------------------------------------

def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_DATE": "2026-11-15T12:00:00Z",
                        "GIT_COMMITTER_DATE": "2026-11-15T12:00:00Z"})


def test_pages_show_when_the_note_last_changed_in_git(tmp_path, runner, monkeypatch) -> None:
    root = _copy_example(tmp_path / "kb")
    _git(root, "init", "-q")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@example.com", "add", ".")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "notes")
    (root / "contacts" / "new-person.md").write_text("---\nname: New Person\n---\n",
                                                     encoding="utf-8")
    calls = []
    real_run = subprocess.run
    monkeypatch.setattr(history.subprocess, "run",
                        lambda cmd, **kw: calls.append(cmd) or real_run(cmd, **kw))
    assert runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY]
                         ).exit_code == 0
    assert [c[3] for c in calls if c[0] == "git"] == ["rev-parse", "log"]  # one log for all
    ada = (root / "site" / "contacts" / "ada-quill.html").read_text(encoding="utf-8")
    assert re.search(r"Note last changed on 2026-11-15 \(commit <code>[0-9a-f]{7,}</code>\)", ada)
    new = (root / "site" / "contacts" / "new-person.html").read_text(encoding="utf-8")
    assert "No git history for this note yet." in new


def test_history_is_read_again_only_for_new_commits(tmp_path, monkeypatch) -> None:
    root = _copy_example(tmp_path / "kb")
    user = ("-c", "user.name=T", "-c", "user.email=t@example.com")
    _git(root, "init", "-q")
    _git(root, *user, "add", ".")
    _git(root, *user, "commit", "-qm", "notes")
    calls = []
    real_run = subprocess.run
    monkeypatch.setattr(history.subprocess, "run",
                        lambda cmd, **kw: calls.append(cmd[3]) or real_run(cmd, **kw))
    assert history.cached_changes(root) == history.last_changes(root)
    calls.clear()
    assert history.cached_changes(root) == history.last_changes(root)
    assert calls == ["rev-parse", "log"]  # the second log is last_changes' own
    note = root / "contacts" / "ada-quill.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(root), *user, "commit", "-qam", "more"], check=True)
    calls.clear()
    assert history.cached_changes(root) == history.last_changes(root)
    assert calls[:3] == ["rev-parse", "merge-base", "log"]
    before = history.cached_changes(root)["contacts/ada-quill.md"]
    subprocess.run(["git", "-C", str(root), *user, "commit", "-q", "--amend", "-m", "again",
                    "--date", "2020-01-01T00:00:00Z"], check=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": "2020-01-02T00:00:00Z"})
    rewritten = history.cached_changes(root)
    assert rewritten == history.last_changes(root)
    assert rewritten["contacts/ada-quill.md"] != before


def test_history_outside_git_is_empty(tmp_path) -> None:
    (tmp_path / "contacts").mkdir()
    assert history.last_changes(tmp_path) == {}


def test_history_keeps_the_newest_change_of_each_path() -> None:
    log = "\x1eaaa1111 1763208000\n\ncontacts/a.md\n\x1ebbb2222 1700000000\n\ncontacts/a.md\n" \
          "contacts/b.md\n"
    changes = history.parse_log(log)
    assert changes["contacts/a.md"] == history.Change("aaa1111", "2025-11-15")
    assert changes["contacts/b.md"].commit == "bbb2222"


# -- serve --------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds: float = 30) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def test_serve_rebuilds_on_a_note_change_and_keeps_the_last_good_site(tmp_path) -> None:
    root = _copy_example(tmp_path / "kb")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/contacts/ada-quill.html"
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "infoview"), "serve", "--root", str(root),
             "--today", EXAMPLE_DAY, "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT)
    try:
        assert _wait_for(lambda: "Staff Engineer" in _get(url)), log.read_text()
        note = root / "contacts" / "ada-quill.md"
        note.write_text(note.read_text().replace("Staff Engineer", "Principal Engineer"))
        assert _wait_for(lambda: "Principal Engineer" in _get(url)), log.read_text()
        # the second step: the list of contacts shows the new role too
        index = f"http://127.0.0.1:{port}/contacts/index.html"
        assert _wait_for(lambda: "Principal Engineer" in _get(index)), log.read_text()
        # the calendar a local calendar app subscribes to, made from the notes as they are
        calendar = f"http://127.0.0.1:{port}/calendar.ics"
        assert "UID:interview-2026-12-03-cora-lindqvist@infoview" in _get(calendar)
        note.write_text(note.read_text().replace("name: Ada Quill", "emial: x"))
        assert _wait_for(lambda: "unknown field 'emial'" in log.read_text()), log.read_text()
        assert "Principal Engineer" in _get(url)  # the last good site is still served
        with pytest.raises(urllib.error.HTTPError, match="503"):  # no calendar of half notes
            _get(calendar)
        builds = log.read_text().count("Building documentation")
        time.sleep(3)
        assert log.read_text().count("Building documentation") == builds  # no rebuild loop
        assert "Traceback" not in log.read_text()
    finally:
        server.terminate()
        server.wait(10)


def test_public_build_leaves_out_emails_and_phones(tmp_path, runner) -> None:
    root = _copy_example(tmp_path / "kb")
    result = runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY,
                                  "--public"])
    assert result.exit_code == 0, result.output
    site = root / "site"
    everything = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                           for p in site.rglob("*") if p.suffix in (".html", ".json", ".js"))
    assert "ada.quill@example.com" not in everything
    assert "555 0101" not in everything
    assert "Staff Engineer" in everything


def test_a_page_of_docs_that_replaces_a_generated_one_is_a_warning(tmp_path, runner) -> None:
    root = _copy_example(tmp_path / "kb")
    (root / "docs" / "index.md").write_text("# My own home page\n", encoding="utf-8")
    result = runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY,
                                  "--strict"])
    # a deliberate replacement: said loudly, but --strict still builds
    assert result.exit_code == 0, result.output
    assert ("WARNING: infoview: docs/index.md replaces the generated page of the same name"
            in result.stderr)
    assert "My own home page" in (root / "site" / "index.html").read_text(encoding="utf-8")
