"""The site's build cache: what MkDocs made of each page last time, to make it again for free.

Two steps of a page's build are costly and depend on little: converting its Markdown to
HTML, and putting that HTML in the theme (with the search plugin reading it). Each is
remembered under a digest of everything it depends on:

- the HTML under the page's Markdown, its path and address, the Markdown settings, and
  the versions of the program and of MkDocs, Material, Python-Markdown and its extensions;
  the pages its links point to are looked up again before the HTML is reused;
- the finished page under its HTML, title, table of contents, front matter, neighbours,
  and a digest of the whole site's settings and navigation.

The cache is one file in ``.infoview-cache/``, sealed with the user's key (see
``notes.cache``); a missing, broken, foreign or edited file is an empty cache, so no HTML
enters a site unless this user's infoview made it. The theme's templates compiled by Jinja
are code: they are kept in the user's own cache folder, never in a knowledge base. Entries
not used by a build are dropped when it is saved.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import sys
import zlib
from functools import cache
from pathlib import Path

import jinja2
import jinja2.bccache

from infoview_build.edit.files import save_cache, save_private
from infoview_build.notes.cache import (
    CACHE_DIR,
    file_identity,
    program,
    read_cache,
    read_private,
)

log = logging.getLogger("mkdocs.plugins.infoview")
TEMPLATES = "templates"
"""The file of compiled theme templates in the user's own cache folder."""


@cache
def engine() -> str:
    """The versions of everything that turns a page's Markdown into the finished page."""
    import jinja2
    import markdown
    import material
    import mkdocs
    import pymdownx

    return " ".join((program(), sys.version, mkdocs.__version__, material.__version__,
                     markdown.__version__, pymdownx.__version__, jinja2.__version__))


def digest(*parts: object) -> str:
    """A digest of ``parts``: strings as they are (pages are long: no JSON escaping), other
    values as JSON, or by ``repr`` where JSON cannot show them; each part marked with its
    kind and length, so that no two different lists of parts can run together."""
    sha = hashlib.sha256()
    for part in parts:
        kind = b"s"
        if not isinstance(part, str):
            kind = b"j"
            part = json.dumps(part, sort_keys=True, default=repr, ensure_ascii=False)
        data = part.encode("utf-8", "surrogatepass")
        sha.update(kind + len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()


class SiteCache:
    """The HTML (``html``), finished pages (``out``) and compiled theme templates (``code``)
    of the last builds, by digest."""

    memory: dict[str, tuple] = {}
    """The tables last saved, by file, with the file's identity then: ``serve`` builds
    again and again in one process and need not read them back."""

    def __init__(self, root: Path, name: str, read: bool = True) -> None:
        """With ``read=False``, an empty cache for this build alone (``--no-cache``)."""
        self.path = Path(root) / CACHE_DIR / name
        self.html: dict[str, tuple] = {}
        self.out: dict[str, tuple] = {}
        self.code: dict[str, bytes] = {}
        self.compiled: set[str] = set()
        """The keys of ``code`` as last read or written."""
        self.used: set[str] = set()
        self.added = False
        self.adding = True
        """Whether ``put`` keeps what it is given (``serve`` stops it after a build)."""
        self.fresh: dict[str, tuple] | None = None
        """When set, also gets every HTML entry put (a worker process sends them back)."""
        if not read:
            return
        remembered = SiteCache.memory.get(str(self.path))
        if remembered is not None and remembered[0] == file_identity(str(self.path)):
            self.html, self.out, self.code = remembered[1]
            self.compiled = set(self.code)
            return
        self.code = _load(read_private(TEMPLATES), 1) or {}
        self.compiled = set(self.code)
        # written without fsync: a crash may leave any bytes, which the seal refuses
        stored = _load(read_cache(root, name), 2)
        if stored is not None:
            self.html, self.out = stored

    def get(self, table: dict, key: str):
        entry = table.get(key)
        if entry is not None:
            self.used.add(key)
        return entry

    def put(self, table: dict, key: str, entry) -> None:
        if not self.adding:
            return
        table[key] = entry
        if self.fresh is not None and table is self.html:
            self.fresh[key] = entry
        self.used.add(key)
        self.added = True

    def finished(self, key: str) -> tuple[str, list | None] | None:
        """A finished page and its search entries."""
        entry = self.get(self.out, key)
        return None if entry is None else (zlib.decompress(entry[0]).decode(), entry[1])

    def keep_finished(self, key: str, output: str, search: list | None) -> None:
        # Most of a finished page is the theme's, the same on every page: it packs tightly.
        self.put(self.out, key, (zlib.compress(output.encode(), 1), search))

    def save(self, disk: bool = True) -> None:
        """Keep the entries this build used or made; write them if anything changed, or
        with ``disk=False`` keep them for the next build of this process only."""
        tables = (self.html, self.out, self.code)
        if not self.added and all(table.keys() <= self.used for table in tables):
            return
        self.html, self.out, self.code = ({k: v for k, v in table.items() if k in self.used}
                                          for table in tables)
        self.used, self.added = set(), False
        if disk:
            self.write()
        else:
            # remembered with the file as it is now: another process writing it wins
            SiteCache.memory[str(self.path)] = (file_identity(str(self.path)),
                                                (self.html, self.out, self.code))

    def write(self) -> None:
        """Write every entry to the cache file (and remember it for this process); the
        compiled templates go to the user's own cache folder."""
        save_cache(self.path.parent.parent, self.path.name,
                   marshal.dumps((engine(), self.html, self.out)), sync=False)
        if set(self.code) != self.compiled:
            save_private(TEMPLATES, marshal.dumps((engine(), self.code)))
            self.compiled = set(self.code)
        SiteCache.memory[str(self.path)] = (file_identity(str(self.path)),
                                            (self.html, self.out, self.code))


def _load(data: memoryview | None, size: int) -> tuple | None:
    """The tables of a sealed cache file made by this very program; None otherwise."""
    if data is None:
        return None
    try:
        stored = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    if not isinstance(stored, tuple) or len(stored) != size + 1 or stored[0] != engine() \
            or not all(isinstance(table, dict) for table in stored[1:]):
        return None
    return stored[1:] if size > 1 else stored[1]


class Bytecode(jinja2.BytecodeCache):
    """The theme's templates, compiled once: Jinja compiles them again for every build."""

    def __init__(self, cache: SiteCache) -> None:
        self.cache = cache

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.cache.get(self.cache.code, bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # refused by Jinja if the source changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.cache.put(self.cache.code, bucket.key, bucket.bytecode_to_string())


class _Lookups:
    """``Files`` as the page's Markdown sees it, noting each page its links looked up."""

    def __init__(self, files) -> None:
        self._files = files
        self.seen: dict[str, str | None] = {}

    def get_file_from_path(self, path: str):
        found = self._files.get_file_from_path(path)
        self.seen[path] = found.url if found is not None else None
        return found

    def __getattr__(self, name: str):
        return getattr(self._files, name)


class _Records(logging.Filter):
    """Counts every record of a page's conversion; lets through those at ``shown`` or
    above (what the logger would have made without the cache asking for more)."""

    def __init__(self, shown: int) -> None:
        super().__init__()
        self.shown = shown
        self.count = 0

    def filter(self, record: logging.LogRecord) -> bool:
        self.count += 1
        return record.levelno >= self.shown


_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")
"""Where MkDocs reports a page's broken links while converting it."""


def toc_tokens(items) -> list[dict]:
    return [{"level": i.level, "id": i.id, "name": i.title, "children": toc_tokens(i.children)}
            for i in items]


def render_page(cache: SiteCache, settings: str | None, page, config, files) -> None:
    """``page.render(config, files)``, or what it made last time for the same Markdown,
    address and settings, when the pages its links point to are where they were."""
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import get_toc

    if settings is None:
        Page.render(page, config, files)
        return
    # `build` shows warnings and `serve` information too: a page is cached only if its
    # conversion said nothing even at INFO, so both find the same pages in the cache.
    shown = _PAGES_LOG.getEffectiveLevel()
    heard = min(shown, logging.INFO)
    key = digest(settings, heard, page.file.src_uri, page.url, page.markdown)
    entry = cache.get(cache.html, key)
    if entry is not None and all(
        (found.url if (found := files.get_file_from_path(path)) is not None else None) == url
        for path, url in entry[5].items()
    ):
        page.content, tokens, page._title_from_render, anchors, links, _seen = entry
        page.toc = get_toc(tokens)
        page.present_anchor_ids = set(anchors)
        if links is not None:
            page.links_to_anchors = {(page.file if path == page.file.src_uri
                                      else files.get_file_from_path(path)): dict(targets)
                                     for path, targets in links.items()}
        return
    lookups, records, level = _Lookups(files), _Records(shown), _PAGES_LOG.level
    _PAGES_LOG.setLevel(heard)
    _PAGES_LOG.addFilter(records)
    try:
        Page.render(page, config, lookups)
    finally:
        _PAGES_LOG.removeFilter(records)
        _PAGES_LOG.setLevel(level)
    if records.count:
        return  # its warnings must show again next time: converted again next time
    links = page.links_to_anchors
    cache.put(cache.html, key, (
        page.content, toc_tokens(page.toc), page._title_from_render,
        sorted(page.present_anchor_ids or ()),
        None if links is None else {f.src_uri: dict(t) for f, t in links.items()},
        lookups.seen,
    ))


PURE_EXTENSIONS = frozenset({
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code",
    "footnotes", "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists",
    "smarty", "tables", "toc", "wikilinks",
    "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.caret", "pymdownx.critic",
    "pymdownx.details", "pymdownx.emoji", "pymdownx.escapeall", "pymdownx.extra",
    "pymdownx.fancylists", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys",
    "pymdownx.magiclink", "pymdownx.mark", "pymdownx.progressbar", "pymdownx.saneheaders",
    "pymdownx.smartsymbols", "pymdownx.striphtml", "pymdownx.superfences",
    "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde",
})
"""Markdown extensions whose HTML depends on the page's Markdown and their settings alone.
Others may read files (``pymdownx.snippets``) or run code: with one of them in
``mkdocs.yml``, every page is converted afresh."""


def markdown_settings(config) -> str | None:
    """A digest of what, besides a page's Markdown, decides its HTML; None when an
    extension may depend on more than that."""
    for extension in config.markdown_extensions:
        if not isinstance(extension, str) or \
                extension.removeprefix("markdown.extensions.") not in PURE_EXTENSIONS:
            return None
    return digest(engine(), config.markdown_extensions, config.mdx_configs,
                  config.use_directory_urls, str(config.validation))


KNOWN_PLUGINS = ("material.plugins.search.plugin.SearchPlugin",
                 "material.plugins.tags.plugin.TagsPlugin")
"""Plugins known to change a finished page only through what the page key holds (its
front matter, its HTML) or through hooks the cache takes care of (search)."""


def theme_is_pure(config, own: object) -> bool:
    """Whether a finished page depends only on what ``page_key`` holds: no plugin but
    ours and the known ones changes the theme's environment, a page's context or a
    finished page."""
    for event in ("env", "page_context", "post_page"):
        for handler in config.plugins.events[event]:
            owner = getattr(getattr(handler, "func", handler), "__self__", None)
            kind = f"{type(owner).__module__}.{type(owner).__qualname__}"
            if owner is not own and (event == "post_page" or kind not in KNOWN_PLUGINS):
                return False
    return True


def _nav_shape(items) -> list:
    return [(type(i).__name__, i.title, getattr(i, "url", None),
             _nav_shape(getattr(i, "children", None) or [])) for i in items]


def site_settings(config, nav, public: bool) -> str:
    """A digest of what every finished page depends on: settings, theme, navigation."""
    overrides = []
    custom = config.theme.custom_dir
    if custom and Path(custom).is_dir():
        overrides = sorted((p.as_posix(), file_identity(str(p))) for p in Path(custom).rglob("*"))
    try:
        settings = Path(config.config_file_path).read_bytes().hex()
    except (OSError, TypeError):
        settings = None
    return digest(engine(), settings, public, overrides, _nav_shape(nav.items),
                  config.extra, config.extra_css, config.extra_javascript, config.site_url,
                  config.site_name, config.theme.name, config.theme.dirs)


def _link(page) -> tuple | None:
    return None if page is None else (page.url, page.title)


def page_key(site: str, page) -> str:
    """The digest a finished page is remembered by."""
    return digest(site, page.file.src_uri, page.url, page.title, page.content,
                  toc_tokens(page.toc), page.meta, page.canonical_url, page.edit_url,
                  page.is_homepage, _link(page.previous_page), _link(page.next_page),
                  [a.title for a in page.ancestors], page.file.inclusion.name)
