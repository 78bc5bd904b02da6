"""``serve`` rebuilds page by page, and is never wrong for it: after any edits, once both
steps ran, the served folder is byte for byte the site a clean build makes (the sitemap's
dates aside); the first step builds only the edited notes' own pages."""

from __future__ import annotations

import gzip
import random
import re
import subprocess
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig

from infoview_build.cli import main
from infoview_build.site import live
from infoview_build.site.cache import SiteCache
from infoview_build.site.live import LiveSite, kind_of_change
from infoview_build.site.plugin import InfoviewPlugin

from conftest import EXAMPLE_DAY
from kb_notes import example_kb
from test_site_cache import KINDS, _edit, _files

NOTE_KINDS = {"body", "name", "new contact", "delete interview", "confirmed", "tags",
              "private", "moved"}
"""Edits of notes alone: the server hands these to step 1; the rest are full builds."""


@pytest.fixture
def fresh(monkeypatch):
    """No state of another test's serve: memos, last good pages, cache tables."""
    monkeypatch.setattr(InfoviewPlugin, "memos", {})
    monkeypatch.setattr(InfoviewPlugin, "last_good", {})
    monkeypatch.setattr(InfoviewPlugin, "serving", False)
    monkeypatch.setattr(SiteCache, "memory", {})
    monkeypatch.setenv("INFOVIEW_TODAY", EXAMPLE_DAY)
    for name in ("INFOVIEW_NO_CACHE", "INFOVIEW_PUBLIC"):
        monkeypatch.delenv(name, raising=False)


def _clean(runner, root: Path, site: Path, *extra: str) -> dict[str, bytes]:
    # MkDocs keeps one instance of each plugin with on_startup per process, and serve
    # keeps its state in them: the clean build gets instances of its own, as it would in
    # a process of its own.
    option = dict(MkDocsConfig._schema)["plugins"]
    kept, option.plugin_cache = option.plugin_cache, {}
    try:
        result = runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY,
                                      "--site-dir", str(site), "--no-cache", *extra])
    finally:
        option.plugin_cache = kept
    assert result.exit_code == 0, result.output
    return _files(site)


def _extra_edit(rng: random.Random, root: Path, step: int, kind: str) -> None:
    contacts = sorted((root / "contacts").glob("*.md"))
    note = rng.choice(contacts)
    text = note.read_text(encoding="utf-8")
    if kind == "tags":
        text = text.replace("\ntags: [", f"\ntags: [step{step}, ", 1) if "\ntags: [" in text \
            else text.replace("\nname: ", f"\ntags: [step{step}]\nname: ", 1)
    elif kind == "private":
        text = re.sub(r"\nprivate: [^\n]*", "", text, count=1)
        text = text.replace("\nname: ", "\nprivate: true\nname: ", 1)
    elif kind == "moved":  # a public site looks for the phone numbers of the new region
        text = re.sub(r"\nlocation: [^\n]*", "", text, count=1)
        text = text.replace("\nname: ", "\nlocation: Osaka, Japan\nname: ", 1)
    note.write_text(text, encoding="utf-8")


def _settle(site: LiveSite, kind: str) -> None:
    """What the server does after an edit of this kind: both steps."""
    if kind in NOTE_KINDS:
        site.notes_changed()
        assert site.finish() is not None
    else:
        site.build_all()
    assert not site.due


@pytest.mark.parametrize("public", [False, True])
def test_after_random_edits_the_served_site_equals_a_clean_build(tmp_path, runner, fresh,
                                                                 monkeypatch, public) -> None:
    root = example_kb(tmp_path)
    if public:
        monkeypatch.setenv("INFOVIEW_PUBLIC", "1")
    extra = ("--public",) if public else ()
    site = LiveSite(root / "mkdocs.yml", tmp_path / "served")
    site.start()
    rng = random.Random()
    # a random order of edits of every kind (a random few of them for a public site)
    kinds = rng.sample([*KINDS, "tags", "private", "moved", "body"],
                       5 if public else len(KINDS) + 4)
    done: list[str] = []
    for step, kind in enumerate(kinds):
        (_edit if kind in KINDS else _extra_edit)(rng, root, step, kind)
        done.append(kind)
        _settle(site, kind)
        served, clean = _files(tmp_path / "served"), _clean(runner, root, tmp_path / "clean",
                                                             *extra)
        assert served.keys() == clean.keys(), done
        assert [path for path in clean if served[path] != clean[path]] == [], done


def _started(tmp_path: Path) -> tuple[Path, LiveSite]:
    """The example knowledge base, served (its first build done) into ``served/``."""
    root = example_kb(tmp_path)
    site = LiveSite(root / "mkdocs.yml", tmp_path / "served")
    site.start()
    return root, site


def _count_writes(monkeypatch) -> list[str]:
    written: list[str] = []
    original = live._write

    def write(page, *args) -> None:
        written.append(page.file.src_uri)
        original(page, *args)

    monkeypatch.setattr(live, "_write", write)
    return written


def pagefind_text(site: Path) -> str:
    """The text of every page in the site's Pagefind index (its pieces are gzipped)."""
    return "\n".join(gzip.decompress(path.read_bytes()).decode()
                     for path in sorted((site / "pagefind" / "fragment").iterdir()))


def test_step_one_builds_only_the_edited_notes_own_pages(tmp_path, runner, fresh,
                                                         monkeypatch) -> None:
    root, site = _started(tmp_path)
    written = _count_writes(monkeypatch)
    note = root / "interviews" / "2026-08-20-ada-quill.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nThe word XYZZY.\n",
                    encoding="utf-8")
    assert site.notes_changed() is True
    assert written == ["interviews/2026-08-20-ada-quill.md"]  # its contact's page as it was
    page = (tmp_path / "served" / "interviews" / "2026-08-20-ada-quill.html").read_text()
    assert "XYZZY" in page
    index = tmp_path / "served" / "search" / "search_index.json"
    assert "XYZZY" not in index.read_text()  # step 2 writes the index once
    assert site.finish() is False  # no other page shows the words: no second reload
    assert written == ["interviews/2026-08-20-ada-quill.md"]
    assert "XYZZY" in index.read_text()
    assert "XYZZY" in (tmp_path / "served" / "search" / "search_index.js").read_text()
    assert "XYZZY" in pagefind_text(tmp_path / "served")  # what over http searches
    assert _files(tmp_path / "served") == _clean(runner, root, tmp_path / "clean")


def test_an_unchanged_save_builds_nothing(tmp_path, fresh, monkeypatch) -> None:
    root, site = _started(tmp_path)
    written = _count_writes(monkeypatch)
    note = root / "contacts" / "ada-quill.md"
    note.write_text(note.read_text(encoding="utf-8"), encoding="utf-8")
    assert site.notes_changed() is False
    assert site.finish() is False
    assert written == []


def test_an_interrupted_second_step_is_finished_later(tmp_path, runner, fresh,
                                                       monkeypatch) -> None:
    root, site = _started(tmp_path)
    written = _count_writes(monkeypatch)
    for name in ("ada-quill", "bram-okafor"):  # roles reach the listings: many pages
        note = root / "contacts" / f"{name}.md"
        note.write_text(note.read_text(encoding="utf-8").replace("\nrole: ", "\nrole: Zed ", 1),
                        encoding="utf-8")
    assert site.notes_changed() is True
    before = len(written)
    calls = iter([False, True])  # one page, then a newer change arrives
    assert site.finish(interrupted=lambda: next(calls, True)) is None
    assert len(written) == before + 1
    assert site.due
    note = root / "contacts" / "ada-quill.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nLater words.\n", encoding="utf-8")
    site.notes_changed()
    assert site.finish() is True
    assert _files(tmp_path / "served") == _clean(runner, root, tmp_path / "clean")


def test_a_note_with_errors_keeps_the_site_and_its_fix_is_built(tmp_path, runner, fresh,
                                                               caplog) -> None:
    root, site = _started(tmp_path)
    before = _files(tmp_path / "served")
    note = root / "contacts" / "ada-quill.md"
    good = note.read_text(encoding="utf-8")
    note.write_text(good.replace("\nname: ", "\nemial: x\nname: ", 1), encoding="utf-8")
    site.notes_changed()
    site.finish()
    assert "unknown field 'emial'" in caplog.text
    assert _files(tmp_path / "served") == before
    note.write_text(good.replace("Staff Engineer", "Principal Engineer"), encoding="utf-8")
    site.notes_changed()
    site.finish()
    assert _files(tmp_path / "served") == _clean(runner, root, tmp_path / "clean")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c",
                    "user.email=test@example.invalid", *args], check=True, capture_output=True)


def test_a_commit_reaches_the_pages_at_the_next_change(tmp_path, runner, fresh) -> None:
    root = example_kb(tmp_path)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "First notes")
    site = LiveSite(root / "mkdocs.yml", tmp_path / "served")
    site.start()
    note = root / "contacts" / "bram-okafor.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nCommitted words.\n",
                    encoding="utf-8")
    _git(root, "commit", "-qam", "More on Bram")
    other = root / "contacts" / "ada-quill.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nUncommitted words.\n",
                     encoding="utf-8")
    site.notes_changed()
    site.finish()
    assert _files(tmp_path / "served") == _clean(runner, root, tmp_path / "clean")


@pytest.mark.parametrize(("path", "kind"), [
    ("contacts/ada-quill.md", "note"),
    ("interviews/sub/2026-01-01-x.md", "note"),
    ("contacts/.ada-quill.md.swp", None),
    ("contacts/4913", None),
    ("docs/guide.md", "site"),
    ("docs/img/photo.png", "site"),
    ("mkdocs.yml", "site"),
    ("infoview.yml", "site"),
    ("questions.yml", "site"),
    (".infoview.lock", None),
    ("overrides/main.html", "site"),
])
def test_each_changed_file_is_a_note_the_whole_site_or_nothing(tmp_path, path, kind) -> None:
    root = tmp_path / "kb"
    assert kind_of_change(root, root / "docs", str(root / path)) == kind


def test_serve_on_a_busy_port_says_so_before_building(tmp_path, runner, fresh) -> None:
    import socket

    root = example_kb(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(main, ["serve", "--root", str(root), "--today", EXAMPLE_DAY,
                                      "--dev-addr", f"127.0.0.1:{port}"])
    assert result.exit_code == 1
    assert f"Error: cannot serve on 127.0.0.1:{port}: Address already in use" in result.output
    assert "Building documentation" not in result.output
    assert "Traceback" not in result.output


def test_with_directory_addresses_the_served_site_equals_a_clean_build(tmp_path, runner,
                                                                       fresh) -> None:
    root = example_kb(tmp_path)
    settings = root / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("use_directory_urls: false", "use_directory_urls: true")
                        .replace("  - offline\n", ""), encoding="utf-8")
    site = LiveSite(settings, tmp_path / "served")
    site.start()
    note = root / "contacts" / "ada-quill.md"
    note.write_text(note.read_text(encoding="utf-8").replace("\nrole: ", "\nrole: Zed ", 1),
                    encoding="utf-8")
    site.notes_changed()
    assert site.finish() is True
    served = _files(tmp_path / "served")
    assert "contacts/ada-quill/index.html" in served
    assert served == _clean(runner, root, tmp_path / "clean")


def test_edits_while_serving_do_not_grow_the_cache(tmp_path, fresh) -> None:
    root, site = _started(tmp_path)
    cache = site.plugin.cache
    sizes = (len(cache.html), len(cache.out))
    note = root / "contacts" / "ada-quill.md"
    for step in range(3):
        note.write_text(note.read_text(encoding="utf-8") + f"\nStep {step}.\n",
                        encoding="utf-8")
        assert site.notes_changed() is True
        site.finish()
        assert f"Step {step}." in (tmp_path / "served/contacts/ada-quill.html").read_text()
    assert (len(cache.html), len(cache.out)) == sizes


def test_a_public_site_is_cleaned_anew_when_a_contact_moves(tmp_path, runner, fresh,
                                                           monkeypatch) -> None:
    monkeypatch.setenv("INFOVIEW_PUBLIC", "1")
    root = example_kb(tmp_path)
    (root / "docs" / "numbers.md").write_text(
        "# Numbers\n\nThe Osaka office: 06-6345-6789.\n", encoding="utf-8")
    site = LiveSite(root / "mkdocs.yml", tmp_path / "served")
    site.start()
    # the regions a public site reads numbers for change: a full build (whether or not
    # this page's number needed the new region)
    _extra_edit(random.Random(0), root, 0, "moved")
    site.notes_changed()
    site.finish()
    assert _files(tmp_path / "served") == _clean(runner, root, tmp_path / "clean", "--public")


def test_a_step_that_fails_half_way_is_made_good_by_the_next(tmp_path, runner, fresh,
                                                               monkeypatch) -> None:
    root, site = _started(tmp_path)
    original = live._write

    def full_disk(*args) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(live, "_write", full_disk)
    note = root / "contacts" / "ada-quill.md"
    note.write_text(note.read_text(encoding="utf-8").replace("\nrole: ", "\nrole: Zed ", 1),
                    encoding="utf-8")
    with pytest.raises(OSError):
        site.notes_changed()
    monkeypatch.setattr(live, "_write", original)
    assert site.notes_changed() is True  # no note changed since: the failed work is due
    site.finish()
    assert _files(tmp_path / "served") == _clean(runner, root, tmp_path / "clean")


def test_a_note_reached_through_a_link_is_a_note_to_the_server(tmp_path) -> None:
    from infoview_build.site.server import LiveServer

    root = example_kb(tmp_path)
    (tmp_path / "link").symlink_to(root)
    site = LiveSite(tmp_path / "link" / "mkdocs.yml", tmp_path / "served")
    server = LiveServer(site, tmp_path / "link", tmp_path / "link" / "docs",
                        host="127.0.0.1", port=0)
    try:
        server._note([str(tmp_path / "link" / "contacts" / "ada-quill.md")])
        assert (server._want_rebuild, server.site_changed) == (True, False)
        server._note([str(tmp_path / "link" / "docs" / "guide.md")])
        assert server.site_changed
    finally:
        server.server_close()


def test_without_inotify_the_server_polls_and_says_so(tmp_path, monkeypatch, caplog) -> None:
    import time

    from infoview_build.site.server import LiveServer

    root = example_kb(tmp_path)
    server = LiveServer(LiveSite(root / "mkdocs.yml", tmp_path / "served"), root,
                        root / "docs", host="127.0.0.1", port=0)
    server.watch(str(root / "contacts"))

    def refused() -> None:
        raise OSError(24, "inotify instance limit reached")

    monkeypatch.setattr(server.observer, "start", refused)
    try:
        server.start_watching()
        assert "Polling for changes" in caplog.text
        time.sleep(0.6)  # the first look at the files
        note = root / "contacts" / "ada-quill.md"
        note.write_text(note.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
        end = time.monotonic() + 10
        while not server._want_rebuild and time.monotonic() < end:
            time.sleep(0.1)
        assert (server._want_rebuild, server.site_changed) == (True, False)
    finally:
        server.observer.stop()
        server.server_close()


def test_the_server_makes_a_feed_afresh_at_each_request(tmp_path) -> None:
    from infoview_build.site.server import LiveServer

    root = example_kb(tmp_path)
    made = iter([("text/calendar; charset=utf-8", b"BEGIN:VCALENDAR\r\n"), None])
    server = LiveServer(LiveSite(root / "mkdocs.yml", tmp_path / "served"), root,
                        root / "docs", {"calendar.ics": lambda: next(made)},
                        host="127.0.0.1", port=0)
    answers = []

    def get(path: str) -> bytes:
        body = server._serve_request({"PATH_INFO": path},
                                     lambda status, headers: answers.append((status, headers)))
        return b"".join(body or [])

    try:
        assert get("/calendar.ics") == b"BEGIN:VCALENDAR\r\n"
        assert answers[-1][0] == "200 OK"
        assert ("Content-Type", "text/calendar; charset=utf-8") in answers[-1][1]
        # While the notes have errors, the app is told to come back (it keeps its copy).
        assert b"errors" in get("/calendar.ics")
        assert answers[-1][0] == "503 Service Unavailable"
    finally:
        server.server_close()


def test_serve_right_after_build_converts_no_page(tmp_path, runner, fresh, monkeypatch) -> None:
    import logging

    from mkdocs.structure.pages import Page

    root = example_kb(tmp_path)
    result = runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY,
                                  "--site-dir", str(tmp_path / "built")])
    assert result.exit_code == 0, result.output
    monkeypatch.setattr(SiteCache, "memory", {})  # read from the file the build wrote
    converted = []
    real = Page.render
    monkeypatch.setattr(Page, "render", lambda page, *args: converted.append(page.file.src_uri)
                        or real(page, *args))
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.INFO)  # as serve shows MkDocs' messages (build: warnings)
    try:
        LiveSite(root / "mkdocs.yml", tmp_path / "served").start()
    finally:
        mkdocs_log.setLevel(level)
    assert converted == []
