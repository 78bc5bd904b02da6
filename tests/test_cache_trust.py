"""A cache found in a knowledge base is untrusted: it came with a clone, or was edited.

Each cache file is sealed with a key from the user's own cache folder; one sealed with
another key, edited after sealing, or of an older layout is an empty cache, rebuilt. No
HTML from it enters a site, and no compiled template is ever read from a knowledge base.
"""

from __future__ import annotations

import marshal
import pickle
import stat
import time
import zlib
from pathlib import Path

import jinja2.bccache
from click.testing import CliRunner

from infoview_build.cli import main
from infoview_build.edit.cached import CHECK_CACHE
from infoview_build.notes import cache as notes_cache
from infoview_build.site import cache

from conftest import EXAMPLE_DAY
from kb_notes import example_kb

PLANTED = "PLANTED-BY-A-CLONE"
FOREIGN_KEY = b"k" * notes_cache.KEY_SIZE


class _Touch:
    """Unpickled, it creates the file ``path``: what a payload in a cache would do."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args])
    assert "Traceback" not in result.output and not isinstance(result.exception, KeyError)
    return result.exit_code, result.output


def _own_key() -> bytes:
    key = notes_cache.user_key()
    assert key is not None
    return key


def _write(root: Path, name: str, data: bytes, key: bytes | None) -> None:
    """Put ``data`` as the cache file ``name``: sealed with ``key``, or raw."""
    folder = root / notes_cache.CACHE_DIR
    (folder / name).write_bytes(data if key is None else notes_cache.seal(key, name, data))


def test_the_key_is_the_users_own_and_never_in_the_knowledge_base(tmp_path: Path,
                                                                  monkeypatch) -> None:
    root = example_kb(tmp_path)
    assert _invoke("check", "--root", str(root), "--today", EXAMPLE_DAY)[0] == 0
    home = notes_cache.cache_home()
    key = home / notes_cache.KEY_FILE
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert not [p for p in root.rglob("*") if p.name == notes_cache.KEY_FILE]
    # A cache folder of the user's inside the knowledge base: no key made or used there.
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "cachehome"))
    (root / notes_cache.CACHE_DIR / CHECK_CACHE).unlink()
    assert _invoke("check", "--root", str(root), "--today", EXAMPLE_DAY)[0] == 0
    assert not (root / "cachehome" / "infoview" / notes_cache.KEY_FILE).exists()
    assert not (root / notes_cache.CACHE_DIR / CHECK_CACHE).exists()


def test_a_cache_folder_that_is_a_link_is_never_written(tmp_path: Path) -> None:
    root = example_kb(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / notes_cache.CACHE_DIR).symlink_to(outside)
    assert _invoke("check", "--root", str(root), "--today", EXAMPLE_DAY)[0] == 0
    assert list(outside.iterdir()) == []


def _clean_memo(root: Path) -> bytes:
    """The check cache as this user's infoview wrote it, with every problem forgotten."""
    context, entries, cross = marshal.loads(notes_cache.read_cache(root, CHECK_CACHE))
    entries = {path: (key, record, []) for path, (key, record, _problems) in entries.items()}
    return marshal.dumps((context, entries, (cross[0], []) if cross else cross))


def test_a_check_cache_from_a_clone_or_edited_is_ignored(tmp_path: Path) -> None:
    root = example_kb(tmp_path)
    note = root / "contacts" / "ada-quill.md"
    note.write_text(note.read_text(encoding="utf-8").replace("name:", "name: ~\nnam:", 1),
                    encoding="utf-8")
    time.sleep(notes_cache.RACY_NS / 1e9 + 0.1)  # old enough to be remembered
    code, first = _invoke("check", "--root", str(root), "--today", EXAMPLE_DAY)
    assert code == 1 and "contacts/ada-quill.md" in first
    clean = _clean_memo(root)
    sealed = notes_cache.seal(_own_key(), CHECK_CACHE, clean)
    for planted in (notes_cache.seal(FOREIGN_KEY, CHECK_CACHE, clean),
                    sealed[:-1] + bytes([sealed[-1] ^ 1]), clean):
        (root / notes_cache.CACHE_DIR / CHECK_CACHE).write_bytes(planted)
        assert _invoke("check", "--root", str(root), "--today", EXAMPLE_DAY) == (1, first)
    # The same entries sealed with the user's key are used: the test reaches the cache.
    _write(root, CHECK_CACHE, clean, _own_key())
    assert _invoke("check", "--root", str(root), "--today", EXAMPLE_DAY)[0] == 0


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file()}


def _planted_tables(root: Path) -> tuple[dict, dict]:
    """The site cache with every page's HTML and every finished page replaced."""
    engine, html, out = marshal.loads(notes_cache.read_cache(root, "site"))
    assert engine == cache.engine() and html and out
    html = {key: (f"<p>{PLANTED}</p>", *entry[1:]) for key, entry in html.items()}
    out = {key: (zlib.compress(f"<html>{PLANTED}</html>".encode()), entry[1])
           for key, entry in out.items()}
    return html, out


def test_a_site_cache_from_a_clone_or_edited_puts_nothing_in_the_site(tmp_path: Path) -> None:
    root = example_kb(tmp_path)
    site = tmp_path / "site"
    build = ("build", "--root", str(root), "--today", EXAMPLE_DAY, "--site-dir", str(site))
    assert _invoke(*build)[0] == 0
    html, out = _planted_tables(root)
    compiled = notes_cache.read_private(cache.TEMPLATES)
    assert compiled is not None
    code_keys = list(marshal.loads(compiled)[1])
    assert code_keys and not [p for p in (root / notes_cache.CACHE_DIR).iterdir()
                              if p.name == cache.TEMPLATES]
    ran = tmp_path / "payload-ran"
    payload = jinja2.bccache.bc_magic + pickle.dumps(_Touch(str(ran)))
    code = dict.fromkeys(code_keys, payload)
    engine = cache.engine()
    three = marshal.dumps((engine, html, out))
    four = marshal.dumps((engine, html, out, code))  # the layout that held compiled code
    sealed = notes_cache.seal(_own_key(), "site", three)
    plantings = {
        "sealed by another key": notes_cache.seal(FOREIGN_KEY, "site", three),
        "edited after sealing": sealed[:-3] + b"xyz",
        "compiled code, another key": notes_cache.seal(FOREIGN_KEY, "site", four),
        "the old layout": zlib.crc32(four).to_bytes(4, "big") + four,
    }
    for how, data in plantings.items():
        cache.SiteCache.memory.clear()
        (root / notes_cache.CACHE_DIR / "site").write_bytes(data)
        notes_cache.cache_home().joinpath(cache.TEMPLATES).write_bytes(
            notes_cache.seal(FOREIGN_KEY, cache.TEMPLATES, marshal.dumps((engine, code))))
        assert _invoke(*build)[0] == 0, how
        assert not [path for path, data in _site_files(site).items()
                    if PLANTED.encode() in data], how
        assert not ran.exists(), how
    # Sealed by the user's own key, the same tables are used: the test reaches the cache.
    cache.SiteCache.memory.clear()
    (root / notes_cache.CACHE_DIR / "site").write_bytes(sealed)
    assert _invoke(*build)[0] == 0
    assert [path for path, data in _site_files(site).items() if PLANTED.encode() in data]


def test_a_cache_file_is_read_only_when_sealed_by_the_users_key_for_its_name(
        tmp_path: Path) -> None:
    root = example_kb(tmp_path)
    (root / notes_cache.CACHE_DIR).mkdir()
    data = marshal.dumps(("anything", {}))
    sealed = notes_cache.seal(_own_key(), "history", data)
    for planted in (data, notes_cache.seal(FOREIGN_KEY, "history", data), sealed[:-1],
                    sealed[:20], b"", notes_cache.seal(_own_key(), "check", data)):
        _write(root, "history", planted, None)
        assert notes_cache.read_cache(root, "history") is None
    _write(root, "history", sealed, None)
    assert bytes(notes_cache.read_cache(root, "history")) == data
