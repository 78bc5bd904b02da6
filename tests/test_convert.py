"""Pages converted by worker processes make the very site one process makes, and a long
build shows how far it is on a terminal only."""

from __future__ import annotations

import io
from pathlib import Path

from infoview_build.cli import main
from infoview_build.edit.files import SITE_MARKER
from infoview_build.notes import progress
from infoview_build.notes.progress import Progress
from infoview_build.site import convert, plugin

from conftest import EXAMPLE_DAY
from kb_notes import example_kb, tree


def _build(runner, root: Path, site: Path) -> tuple[dict[str, bytes], str]:
    result = runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY,
                                  "--site-dir", str(site), "--no-cache"])
    assert result.exit_code == 0, result.output
    return tree(site, {"sitemap.xml", "sitemap.xml.gz", SITE_MARKER}), result.output


def test_pages_converted_by_workers_make_the_same_site(tmp_path, runner, monkeypatch) -> None:
    root = example_kb(tmp_path)
    # A page with a broken link: its warning is said once, by MkDocs' own pass.
    (root / "docs" / "broken.md").write_text("# Broken\n\n[gone](nowhere.md)\n",
                                             encoding="utf-8")
    monkeypatch.setattr(convert, "MIN_PAGES", 10**9)
    alone, said_alone = _build(runner, root, tmp_path / "alone")
    converted = []
    real = plugin.convert_pages
    monkeypatch.setattr(plugin, "convert_pages",
                        lambda *args: converted.append(real(*args)) or converted[-1])
    monkeypatch.setattr(convert, "MIN_PAGES", 1)
    monkeypatch.setattr(convert, "CHUNK", 3)
    workers, said = _build(runner, root, tmp_path / "workers")
    assert workers == alone
    assert said.count("nowhere.md") == said_alone.count("nowhere.md") == 1
    if convert.workers() == 2:
        assert converted and converted[0] > 20  # the workers did convert the pages


class _Terminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_shows_on_a_terminal_after_a_while_and_is_wiped(monkeypatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    terminal = _Terminal(tty=True)
    with Progress("Building pages", 3000, terminal) as shown:
        shown.advance(100)
        assert terminal.getvalue() == ""  # a quick build says nothing
        clock[0] += 2.5
        shown.advance(900)
        assert terminal.getvalue().endswith("Building pages: 1,000 of 3,000")
    assert terminal.getvalue().endswith("\r")
    assert terminal.getvalue().rsplit("\r", 2)[-2].strip() == ""


def test_progress_is_quiet_when_not_a_terminal(monkeypatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    pipe = _Terminal(tty=False)
    with Progress("Building pages", 10, pipe) as shown:
        clock[0] += 60
        shown.advance(10)
    assert pipe.getvalue() == ""


def test_progress_counts_each_item_and_wipes_its_line(monkeypatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    terminal = _Terminal(tty=True)
    shown = Progress("Importing rows", 3, terminal)
    seen = []
    for item in shown.each(["a", "b", "c"]):
        seen.append(item)
        clock[0] += 1.5
    assert seen == ["a", "b", "c"]
    assert "Importing rows: 3 of 3" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r")
