"""``infoview serve``: the site kept in memory and rebuilt page by page as notes change.

The first build is an ordinary MkDocs build (with the build cache), the very site
``infoview build`` makes. The plugin keeps what MkDocs made of it: the files, the
navigation, the theme's environment, every page and its search entries. When notes
change, two steps follow, each ending with the browsers reloading:

1. **the notes' own pages** (``LiveSite.notes_changed``): the changed notes are read
   again, the pages of those notes are rendered and built, nothing else: the page being
   edited is current within a fraction of a second;
2. **the rest** (``LiveSite.finish``): every page is rendered again (that is only
   Markdown, without MkDocs); those whose Markdown or git history changed are built,
   then the search index is written once. A new change interrupts this step; it is
   taken up again after the new change's first step.

After the second step the site is byte for byte the one a clean build makes. Whatever
could change more than the pages that were built is a full build instead: mkdocs.yml,
infoview.yml, questions.yml, docs/, a note added, removed or renamed, a changed title or
tags on a tagged page (Material's tags index lists them), in a public site a note newly
left out or a change of the regions whose phone numbers are looked for (hand-written
pages are cleaned for them), a plugin or Markdown extension that infoview does not know
to be harmless.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.build import get_context
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel

from infoview_build.edit.files import replace_output
from infoview_build.notes.knowledge import CONFIG_FILE, FOLDERS, load_knowledge_base
from infoview_build.notes.questions import BANK_FILE
from infoview_build.plan.public import left_out, public_regions
from infoview_build.site.cache import markdown_settings
from infoview_build.site.convert import populate
from infoview_build.site.history import cached_changes, last_changes
from infoview_build.site.pages import SOURCE_KEY
from infoview_build.site.plugin import InfoviewPlugin
from infoview_build.site.redact_html import redact_text
from infoview_build.site.render import note_pages, render_site

log = logging.getLogger("mkdocs.plugins.infoview")

KNOWN_PLUGINS = frozenset({
    "material.plugins.search.plugin.SearchPlugin",
    "material.plugins.tags.plugin.TagsPlugin",
    "material.plugins.offline.plugin.OfflinePlugin",
    "infoview_build.site.plugin.InfoviewPlugin",
})
"""Plugins whose part in a page is known: with any other, every change is a full build."""
ROOT_FILES = frozenset({"mkdocs.yml", CONFIG_FILE, BANK_FILE})
"""Files at the knowledge base's root that the site is made from."""


class Rebuild(Exception):
    """The change reaches further than the pages at hand: build the whole site."""


class LiveSite:
    """The served site: a full build once, then page by page."""

    def __init__(self, config_file: Path, site_dir: Path, **options) -> None:
        self.config_file = Path(config_file)
        self.site_dir = Path(site_dir)
        self.options = options
        self.config = None
        self.plugin: InfoviewPlugin | None = None
        self.built: dict[str, str] = {}
        """The Markdown each generated page was last built from, by path in docs/."""
        self.stale: set[str] = set()
        """Pages to build again whatever their Markdown (their history changed)."""
        self.index_stale = False
        """Whether pages changed since the search index was written."""
        self.due = False
        """Whether step 2 has work left."""
        self._held = _Held()
        self.written = 0
        """Pages written so far (a full build counts as one)."""
        self.before_full_build: Callable[[], None] = lambda: None
        """Called before a full build empties the site folder (the server then holds
        requests until it is done)."""

    @property
    def root(self) -> Path:
        return self.plugin.root(self.config)

    def load_config(self):
        return load_config(str(self.config_file), site_dir=str(self.site_dir), **self.options)

    def start(self):
        """The first build, as ``mkdocs serve`` starts (its plugins told they serve);
        returns the settings it was made with."""
        config = self.load_config()
        config.plugins.on_startup(command="serve", dirty=False)
        self.build_all(config)
        return config

    # -- full builds ------------------------------------------------------------------------

    def build_all(self, config=None) -> None:
        """Build the whole site as MkDocs does; remember what it was made of."""
        self.before_full_build()
        log.info("Building documentation...")
        self.written += 1
        old = self.plugin
        self.plugin, self.built, self.due = None, {}, False
        config = config or self.load_config()
        mkdocs_build(config)
        self.config = config
        self.plugin = next(p for p in config.plugins.values() if isinstance(p, InfoviewPlugin))
        if old is not None and old is not self.plugin and old.search_pages is not None:
            old.search_pages.close()  # a new mkdocs.yml, new plugins: the old scratch goes
        self.built = dict(self.plugin.pages)
        self.stale, self.index_stale = set(), False
        if self.plugin.cache is not None:
            # What pages become between two builds is not kept: a long session of edits
            # would grow the cache without end (the next build keeps what it uses).
            self.plugin.cache.adding = False

    def stepwise(self) -> bool:
        """Whether the last full build can be changed page by page."""
        plugin, config = self.plugin, self.config
        if plugin is None or plugin.kb is None or plugin.files is None or plugin.env is None:
            return False
        for owner in config.plugins.values():
            if f"{type(owner).__module__}.{type(owner).__qualname__}" not in KNOWN_PLUGINS:
                return False
        if self._search() is None and any(hasattr(owner, "search_index")
                                          for owner in config.plugins.values()):
            return False  # a search plugin whose entries the plugin could not follow
        return markdown_settings(config) is not None

    # -- step 1 ---------------------------------------------------------------------------

    def notes_changed(self) -> bool:
        """Step 1 after notes changed: read them again and build their own pages. Returns
        whether step 2 has work to do. A change beyond that is a full build."""
        if not self.stepwise():
            self.build_all()
            return False
        plugin = self.plugin
        root, today = self.root, plugin.today()
        kb = load_knowledge_base(root, today, memo=plugin.memo(root))
        if kb.errors:
            for problem in kb.errors:
                log.error(problem.format())
            noun = "error" if len(kb.errors) == 1 else "errors"
            log.error("infoview: the knowledge base has %d %s; still showing the last good "
                      "version of the notes", len(kb.errors), noun)
            return self.due
        old = plugin.kb
        if kb.contacts.keys() != old.contacts.keys() \
                or kb.interviews.keys() != old.interviews.keys() \
                or (plugin.public and (left_out(kb) != plugin.hidden
                                       or public_regions(kb) != plugin.regions)):
            self.build_all()
            return False
        contacts = {s for s, c in kb.contacts.items() if c != old.contacts[s]}
        interviews = {s for s, i in kb.interviews.items() if i != old.interviews[s]}
        if not contacts and not interviews:
            return self.due
        plugin.kb = kb
        self.due = True  # from now on, even if this step fails half way (a full disk)
        for slug in interviews:  # a contact's page lists its interviews
            contacts.update({kb.interviews[slug].contact, old.interviews[slug].contact})
        started, written = time.perf_counter(), self.written
        pages = note_pages(kb, today, contacts & kb.contacts.keys(), interviews,
                           public=plugin.public, markdown=plugin.markdown,
                           directory_urls=self.config.use_directory_urls)
        # A link to a page that step 2 finds new (a new company's) is no broken link:
        # MkDocs' warnings about these pages wait for step 2 to know.
        _PAGES_LOG.addFilter(self._held)
        try:
            self._build_pages({path: text for path, text in pages.items()
                               if self.built.get(path) != text})
        except Rebuild:
            self.build_all()
            return False
        finally:
            _PAGES_LOG.removeFilter(self._held)
        _said("the changed notes' pages", self.written - written, started)
        return True

    # -- step 2 ---------------------------------------------------------------------------

    def finish(self, interrupted: Callable[[], bool] = lambda: False) -> bool | None:
        """Step 2: build every page whose Markdown or history changed, then the search
        index. Returns whether any page was written (browsers then reload; the index alone
        is read at the next page), or None when ``interrupted()`` said to stop (the work
        left stays due)."""
        if not self.due:
            return False
        plugin = self.plugin
        started, written = time.perf_counter(), self.written
        pages = render_site(plugin.kb, plugin.today(), public=plugin.public,
                            markdown=plugin.markdown,
                            directory_urls=self.config.use_directory_urls)
        if pages.keys() != self.built.keys():
            self._held.records.clear()
            self.build_all()
            return True
        for record in self._held.records:
            _PAGES_LOG.handle(record)
        self._held.records.clear()
        history = cached_changes(self.root) if plugin.cache is not None \
            else last_changes(self.root)
        if history != plugin.history:
            changed = {source for source in history.keys() | plugin.history.keys()
                       if history.get(source) != plugin.history.get(source)}
            self.stale.update(path for path, page in self._pages().items()
                              if page.meta.get(SOURCE_KEY) in changed)
            plugin.history = history
        todo = {path: text for path, text in pages.items()
                if text != self.built[path] or path in self.stale}
        try:
            for path in sorted(todo):
                if interrupted():
                    return None
                self._build_pages({path: todo[path]})
        except Rebuild:
            self.build_all()
            return True
        plugin.pages = pages
        if plugin.serving and not plugin.kb.errors:
            InfoviewPlugin.last_good[str(self.root)] = (pages, plugin.history, plugin.hidden)
        if self.index_stale:
            self._write_search_index()
        _said("the rest of the site", self.written - written, started)
        self.due = False
        return self.written > written

    # -- building pages -------------------------------------------------------------------

    def _pages(self) -> dict:
        """The generated pages of the last full build, by path in docs/."""
        return {file.src_uri: file.page for file in self.plugin.files.documentation_pages()
                if file.generated_by is not None and file.page is not None}

    def _build_pages(self, markdown: dict[str, str]) -> None:
        """Convert, theme and write the given generated pages from their new Markdown."""
        if not markdown:
            return
        config, plugin = self.config, self.plugin
        files = plugin.files
        pages = []
        for path, text in markdown.items():
            file = files.get_file_from_path(path)
            if file is None or file.generated_by is None or file.page is None:
                # a page of docs/ stands in for it: nothing of ours to build
                self.built[path] = text
                continue
            page = file.page
            before = (page.title, page.meta.get("tags"))
            file.content_string = text
            populate(page, config, files)
            if (page.title != before[0] and (before[1] or page.meta.get("tags"))) \
                    or page.meta.get("tags") != before[1]:
                raise Rebuild  # Material's tags index lists the page by title and tags
            pages.append((path, page))
        plugin.look_up_finished(page for _path, page in pages)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        regions = plugin.regions if plugin.public else None
        for path, page in pages:
            _write(page, config, doc_files, plugin.nav, plugin.env, regions)
            self.built[path] = markdown[path]  # only once written: a failed write is redone
            self.stale.discard(path)
            self.index_stale = True
            self.written += 1

    def _search(self):
        """The search plugin's index, when the plugin followed each page's entries."""
        for owner in self.config.plugins.values():
            index = getattr(owner, "search_index", None)
            if index is not None and self.plugin.search_hooked:
                return owner
        return None

    def _write_search_index(self) -> None:
        """The search index (and the offline plugin's copy), as their plugins write them."""
        search = self._search()
        if search is None:
            self.index_stale = False
            return
        doc_files = self.plugin.files.documentation_pages(inclusion=InclusionLevel.is_included)
        search.search_index.entries = [entry for file in doc_files
                                       for entry in self.plugin.searched.get(file.src_uri, ())]
        data = search.search_index.generate_search_index(None).encode("utf-8")
        if self.plugin.public:  # cleaned as the plugin cleans a public build's index
            data = redact_text("search_index.json", data, self.plugin.regions) or data
        folder = Path(self.config.site_dir) / "search"
        replace_output(folder / "search_index.json", data)
        if any(type(owner).__name__ == "OfflinePlugin" and owner.config.enabled
               for owner in self.config.plugins.values()):
            replace_output(folder / "search_index.js", b"var __index = " + data)
        try:
            self.plugin.index_search(self.config.site_dir)  # Pagefind's, over http
        except PluginError as exc:
            log.error("%s", exc)
        self.index_stale = False


def _said(what: str, count: int, started: float) -> None:
    log.info("Updated %s: %d %s in %.2f s", what, count, "page" if count == 1 else "pages",
             time.perf_counter() - started)


_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")
"""Where MkDocs says that a page links to a page that is not there."""


class _Held(logging.Filter):
    """Keeps the records it is given from being shown, until they are handled again."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def filter(self, record: logging.LogRecord) -> bool:
        self.records.append(record)
        return False


def _write(page, config, doc_files, nav, env, regions: tuple[str, ...] | None) -> None:
    """What MkDocs does to put a page in the theme and write it (its ``_build_page``),
    the file replaced at once: the server may be sending it meanwhile. With ``regions``
    (a public site), cleaned as the plugin cleans a public build."""
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = template.render(context)
        output = config.plugins.on_post_page(output, page=page, config=config)
    finally:
        page.active = False
        config._current_page = None
    if output.strip():
        data = output.encode("utf-8", errors="xmlcharrefreplace")
        path = Path(page.file.abs_dest_path)
        if regions is not None:
            data = redact_text(path.name, data, regions) or data
        replace_output(path, data)


def kind_of_change(root: Path, docs: Path, path: str) -> str | None:
    """What a changed file is to the site: ``"note"``, ``"site"`` (anything else it is
    made from: a full build), or None (nothing it reads: an editor's swap file)."""
    changed = Path(path)
    for folder in FOLDERS:
        if changed.is_relative_to(root / folder):
            return "note" if changed.suffix == ".md" else None
    if changed.is_relative_to(docs):
        return "site"
    if changed.parent == root:
        return "site" if changed.name in ROOT_FILES or changed.name in FOLDERS else None
    return "site"

