"""The build cache is invisible: after any edits, a build that reuses it is byte for byte
the site a clean build makes (the sitemap's dates aside), and it is really used."""

from __future__ import annotations

import random
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from infoview_build.cli import main
from infoview_build.edit.files import SITE_MARKER
from infoview_build.site import cache
from infoview_build.site.plugin import InfoviewPlugin

from conftest import EXAMPLE_DAY
from kb_notes import example_kb, tree

SITEMAPS = frozenset({"sitemap.xml", "sitemap.xml.gz"})
"""Left out of comparisons, with the site marker, which names the folder it stands in."""


_kb = example_kb


def _files(folder: Path) -> dict[str, bytes]:
    return tree(folder, SITEMAPS | {SITE_MARKER})


def _build(runner, root: Path, site: Path, *extra: str) -> dict[str, bytes]:
    result = runner.invoke(main, ["build", "--root", str(root), "--today", EXAMPLE_DAY,
                                  "--site-dir", str(site), *extra])
    assert result.exit_code == 0, result.output
    return _files(site)


KINDS = ["body", "name", "new contact", "delete interview", "settings", "docs page",
         "confirmed"]


def _edit(rng: random.Random, root: Path, step: int, kind: str) -> None:
    """One edit of a kind a person makes between two builds, on a random note."""
    contacts = sorted((root / "contacts").glob("*.md"))
    interviews = sorted((root / "interviews").glob("*.md"))
    if kind == "body":
        note = rng.choice(contacts + interviews)
        note.write_text(note.read_text(encoding="utf-8") + f"\nMore notes, step {step}.\n",
                        encoding="utf-8")
    elif kind == "name":
        note = rng.choice(contacts)
        text = note.read_text(encoding="utf-8")
        note.write_text(text.replace("\nname: ", f"\nname: Zed{step} ", 1), encoding="utf-8")
    elif kind == "new contact":
        (root / "contacts" / f"oona-vance-{step}.md").write_text(
            f"---\nname: Oona Vance {step}\ncompany: Emberline\nrequested_on: 2026-11-20\n"
            "tags: [design]\n---\n\n## Research\n\nLeads design at Emberline.\n",
            encoding="utf-8")
    elif kind == "delete interview" and interviews:
        rng.choice(interviews).unlink()
    elif kind == "settings":
        (root / "infoview.yml").write_text(f"thank_you_within_days: {rng.randint(1, 9)}\n"
                                           f"reconnect_after_days: {rng.randint(30, 120)}\n",
                                           encoding="utf-8")
    elif kind == "docs page":
        (root / "docs" / f"page-{step}.md").write_text(
            f"# Page {step}\n\nSee [the contacts](contacts/index.md).\n", encoding="utf-8")
    elif kind == "confirmed":
        note = rng.choice(interviews)
        text = note.read_text(encoding="utf-8")
        note.write_text(text.replace("confirmed: true", "confirmed: false"), encoding="utf-8")


def test_after_random_edits_a_cached_build_equals_a_clean_one(tmp_path, runner) -> None:
    root = _kb(tmp_path)
    rng = random.Random()
    kinds = rng.sample(KINDS, len(KINDS))
    done: list[str] = []
    for step in range(3):
        cached = _build(runner, root, tmp_path / "cached")
        clean = _build(runner, root, tmp_path / "clean", "--no-cache")
        assert cached.keys() == clean.keys(), done
        differ = [path for path in clean if cached[path] != clean[path]]
        assert differ == [], f"after {done}"
        for kind in kinds[2 * step: 2 * step + 2]:
            _edit(rng, root, step, kind)
            done.append(kind)


def test_an_unchanged_site_is_made_from_the_cache(tmp_path, runner, monkeypatch) -> None:
    root = _kb(tmp_path)
    first = _build(runner, root, tmp_path / "site")
    made: list[str] = []
    original = cache.SiteCache.put
    def put(self, table, key, entry) -> None:
        if table is not self.code:  # a template first needed now (the cached page's) is fine
            made.append(key)
        original(self, table, key, entry)

    monkeypatch.setattr(cache.SiteCache, "put", put)
    assert _build(runner, root, tmp_path / "site") == first
    assert made == []
    note = root / "contacts" / "ada-quill.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    _build(runner, root, tmp_path / "site")
    assert 1 <= len(made) <= 6  # the page's HTML and finished page, and what lists it


def test_a_broken_cache_is_an_empty_one(tmp_path, runner) -> None:
    root = _kb(tmp_path)
    first = _build(runner, root, tmp_path / "site")
    stored = root / ".infoview-cache" / "site"
    cache.SiteCache.memory.clear()
    for junk in (b"\x00\x00\x00\x00garbage", stored.read_bytes()[:-10]):
        stored.write_bytes(junk)
        assert _build(runner, root, tmp_path / "site") == first


def _serve_build(root: Path, site: Path, cached: bool, monkeypatch) -> dict[str, bytes]:
    """One rebuild as `infoview serve` makes it: the same process, MkDocs' serve settings."""
    monkeypatch.setenv("INFOVIEW_TODAY", EXAMPLE_DAY)
    if cached:
        monkeypatch.delenv("INFOVIEW_NO_CACHE", raising=False)
    else:
        monkeypatch.setenv("INFOVIEW_NO_CACHE", "1")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.site_url = "http://127.0.0.1:8000/"
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(config, serve_url=config.site_url)
    return _files(site)


def test_after_random_edits_a_served_site_equals_a_clean_one(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(InfoviewPlugin, "serving", False)
    monkeypatch.setattr(InfoviewPlugin, "memos", {})
    root = _kb(tmp_path)
    rng = random.Random()
    kinds = rng.sample(KINDS, len(KINDS))
    done: list[str] = []
    for step in range(3):
        served = _serve_build(root, tmp_path / "served", True, monkeypatch)
        clean = _serve_build(root, tmp_path / "clean", False, monkeypatch)
        assert served.keys() == clean.keys(), done
        assert [path for path in clean if served[path] != clean[path]] == [], f"after {done}"
        for kind in kinds[2 * step: 2 * step + 2]:
            _edit(rng, root, step, kind)
            done.append(kind)


def test_a_markdown_extension_that_reads_files_is_never_cached_stale(tmp_path, runner) -> None:
    root = _kb(tmp_path)
    settings = root / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8")
                        + f"  - pymdownx.snippets:\n      base_path: ['{root / 'docs'}']\n",
                        encoding="utf-8")
    (root / "docs" / "included.txt").write_text("First version.\n", encoding="utf-8")
    (root / "docs" / "with-snippet.md").write_text("# Snippet\n\n--8<-- \"included.txt\"\n",
                                                   encoding="utf-8")
    assert "First version." in _build(runner, root, tmp_path / "site")["with-snippet.html"] \
        .decode()
    (root / "docs" / "included.txt").write_text("Second version.\n", encoding="utf-8")
    assert "Second version." in _build(runner, root, tmp_path / "site")["with-snippet.html"] \
        .decode()


def test_a_plugin_that_changes_pages_in_their_context_is_never_cached_stale(tmp_path,
                                                                            runner) -> None:
    root = _kb(tmp_path)
    (root / "hook.py").write_text(
        "from pathlib import Path\n\n\n"
        "def on_page_context(context, page, config, nav):\n"
        "    stamp = Path(config.config_file_path).parent / 'stamp.txt'\n"
        "    page.content += stamp.read_text()\n", encoding="utf-8")
    settings = root / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "hooks:\n  - hook.py\n",
                        encoding="utf-8")
    (root / "stamp.txt").write_text("<p>Stamp one.</p>", encoding="utf-8")
    assert b"Stamp one." in _build(runner, root, tmp_path / "site")["index.html"]
    (root / "stamp.txt").write_text("<p>Stamp two.</p>", encoding="utf-8")
    assert b"Stamp two." in _build(runner, root, tmp_path / "site")["index.html"]
