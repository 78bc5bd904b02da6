"""The MkDocs adapter: adds the rendered pages to the build, in memory.

Registered as the ``infoview`` plugin (``plugins: [infoview]`` in ``mkdocs.yml``), so a
plain ``mkdocs build`` or ``mkdocs serve`` works as well as ``infoview build``. The
pages are added with ``File.generated``: nothing is ever written into ``docs/``,
``contacts/`` or ``interviews/``, so serving never triggers a rebuild loop.
"""

from __future__ import annotations

import functools
import logging
import os
from datetime import date
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader
from markupsafe import Markup
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config as PluginConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from infoview_build.edit.files import claim_site_dir
from infoview_build.notes.cache import NoteMemo
from infoview_build.notes.checking import valid_part
from infoview_build.notes.errors import InfoviewError
from infoview_build.notes.knowledge import CONFIG_FILE, FOLDERS, load_knowledge_base
from infoview_build.notes.model import KnowledgeBase
from infoview_build.notes.progress import Progress
from infoview_build.notes.questions import BANK_FILE
from infoview_build.notes.sitemarkdown import MarkdownSettings
from infoview_build.plan.public import (
    DEFAULT_REGIONS,
    left_out,
    public_body,
    public_regions,
    redact,
)
from infoview_build.site.accessible import label_task_checkboxes
from infoview_build.site.cache import (
    Bytecode,
    SiteCache,
    markdown_settings,
    page_key,
    render_page,
    site_settings,
    theme_is_pure,
)
from infoview_build.site.convert import SEARCH_ATTRIBUTES, convert_pages, search_key
from infoview_build.site.history import cached_changes, last_changes
from infoview_build.site.insight_pages import NAV_PAGES as INSIGHT_PAGES
from infoview_build.site.pagefind import SearchPages
from infoview_build.site.pages import SOURCE_KEY, is_aggregate
from infoview_build.site.redact_html import public_refusal, redact_site
from infoview_build.site.render import render_site

log = logging.getLogger("mkdocs.plugins.infoview")
notice = logging.getLogger("infoview.site")
"""Warnings about a deliberate choice of the user (a page of docs/ that replaces a generated
one): shown as warnings, but outside MkDocs' logger, whose warnings make --strict refuse."""

NAV_PAGES = ("index.md", "contacts/index.md", "interviews/index.md", "checklists/index.md",
             "tags.md")
"""Generated pages that belong in the sidebar; every other generated page stays out of it
(Material copies the sidebar into every page: a sidebar of all notes makes builds
quadratic)."""


ASSETS = {name: f"assets/infoview/{name}" for name in (
    "infoview.css", "infoview.js", "infoview-days.js", "infoview-iframe-worker.js",
    "infoview-pagefind-worker.js")}
"""Files of the package copied into every site, by their name in ``data/``."""
DATA = Path(__file__).parent.parent / "data"
FINISHED = "infoview-finished-page.html"
"""The template of a page taken whole from the build cache."""
NO_CACHE = "INFOVIEW_NO_CACHE"
"""Set to ``1``: build without reading or writing the build cache (``--no-cache``)."""
ASSET_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".bmp",  # images
    ".css", ".js", ".mjs",                                                     # style, script
    ".woff", ".woff2", ".ttf", ".otf", ".eot",                                 # fonts
})
"""Files of ``docs/`` other than pages that a public build publishes: what a page needs to
show. Any other file (``notes.txt``, ``cv.pdf``, ``contacts.csv``) could hold anything and
is left out of a public site."""
CONFIG_TEXT = ("site_name", "site_description", "site_author", "copyright", "extra")
"""Settings of ``mkdocs.yml`` that reach every page: cleaned of emails and phone numbers
in a public build."""


class InfoviewConfig(PluginConfig):
    root = opt.Optional(opt.Type(str))
    """Knowledge-base folder; default: the folder holding mkdocs.yml."""
    today = opt.Optional(opt.Type(str))
    """YYYY-MM-DD; default: $INFOVIEW_TODAY, else the system date."""
    public = opt.Type(bool, default=False)


class InfoviewPlugin(BasePlugin[InfoviewConfig]):
    """Renders the knowledge base and hands the pages to MkDocs."""

    supports_multiple_instances = False
    serving: bool = False
    """Whether MkDocs runs ``serve`` (set by on_startup, read by later instances)."""
    served: bool = False
    """Whether ``serve`` has built the site once in this process."""
    last_good: dict[str, tuple[dict[str, str], dict, frozenset[str]]] = {}
    """The pages, history and left-out slugs of the last build without errors, by root:
    what ``serve`` keeps showing while a note has errors."""

    def __init__(self) -> None:
        self.preloaded: tuple[KnowledgeBase, date] | None = None
        """Set by ``infoview build``: the knowledge base it already loaded and checked."""
        self.site_claimed = False
        """Set by ``infoview build``, which checked the site folder and builds into a
        fresh one beside it."""
        self.pages: dict[str, str] = {}
        self.history: dict = {}
        self.page_count = 0
        self.public = False
        self.hidden: frozenset[str] = frozenset()
        """Public builds: slugs of the notes left out, whose links leave docs/ pages too."""
        self.regions: tuple[str, ...] = DEFAULT_REGIONS
        """Public builds: the regions whose phone numbers pages of docs/ are read for."""
        self.markdown = MarkdownSettings()
        """How MkDocs reads Markdown here (its extensions): what a heading is."""
        self.dropped: list[str] = []
        """Public builds: files of docs/ left out of the site, as docs-relative paths."""
        self.cached = True
        """Whether to use the build cache (``infoview build --no-cache`` sets it False)."""
        self.cache: SiteCache | None = None
        """The build cache, kept on disk (None: ``--no-cache``)."""
        self.converting: SiteCache | None = None
        """Where pages' HTML is kept for this build: the build cache, or with ``--no-cache``
        one for this build alone (the worker processes that convert pages fill it)."""
        self.presearched: dict[str, list] = {}
        """Search entries the worker processes read from pages, by ``search_key``."""
        self.lunr_index = None
        """The search plugin's index, when its entries are followed page by page."""
        self.progress: Progress | None = None
        self.search_pages: SearchPages | None = None
        """The pages given to Pagefind (when the site has a search box), in a scratch
        folder, kept until the next build or MkDocs' end (``serve`` indexes them again
        after each change)."""
        """Pages put in the theme and written, shown on a terminal in a long build."""
        self.markdown_settings: str | None = None
        self.nav = None
        self.finished: dict[str, tuple[str, tuple | None]] = {}
        """Each page's cache key and, when the cache held it, its finished page."""
        self.searched: dict[str, list] = {}
        """The search entries of each page, by its path in docs/."""
        self.kb: KnowledgeBase | None = None
        """The notes the pages were rendered from (None: the last good pages were kept)."""
        self.env = None
        self.files: Files | None = None
        self.site: str | None = None
        """A digest of what every finished page depends on, when finished pages are cached."""
        self.search_hooked = False

    memos: dict[str, NoteMemo] = {}
    """The notes read by the last build, by root: a rebuild of ``serve`` reads only the
    notes whose files changed."""

    @classmethod
    def memo(cls, root: Path) -> NoteMemo:
        return cls.memos.setdefault(str(Path(root).resolve()), NoteMemo())

    def root(self, config) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        return (base / self.config.root) if self.config.root else base

    def today(self) -> date:
        value = self.config.today or os.environ.get("INFOVIEW_TODAY")
        if not value:
            return date.today()
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise PluginError(f"infoview: today: '{value}' is not a YYYY-MM-DD date") from exc

    @event_priority(-100)  # after Material's offline plugin, which adds a shim from a CDN
    def on_config(self, config):
        self.public = self.config.public or os.environ.get("INFOVIEW_PUBLIC") == "1"
        self.markdown = MarkdownSettings.of(config.markdown_extensions, config.mdx_configs)
        if self.public:
            refusal = public_refusal(config.markdown_extensions)
            if refusal:
                raise PluginError(refusal)
            for key in CONFIG_TEXT:
                if isinstance(config[key], dict):  # extra: changed in place, as MkDocs made it
                    config[key].update(_redacted(dict(config[key])))
                else:
                    config[key] = _redacted(config[key])
        # Our own copy of the shim that lets search run from disk: no third-party request.
        polyfills = [url for url in config.extra.get("polyfills", [])
                     if "unpkg.com/iframe-worker" not in str(url)]
        config.extra["polyfills"] = [*polyfills, ASSETS["infoview-iframe-worker.js"]]
        config.extra_css.append(ASSETS["infoview.css"])
        # Last: our tags listing layout (``tags.md`` asks for it) and nothing the theme has.
        config.theme.dirs.append(str(DATA / "theme"))
        config.extra_javascript.append(ASSETS["infoview.js"])
        config.extra_javascript.append(ASSETS["infoview-days.js"])
        self._hook_search(config)
        if config.nav is None:
            config.nav = [*NAV_PAGES, {"Insights": list(INSIGHT_PAGES)}]
            docs = Path(config.docs_dir)
            if docs.is_dir():
                config.nav += sorted(
                    p.relative_to(docs).as_posix() for p in docs.glob("*.md")
                    if p.name not in NAV_PAGES
                )
        return config

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # MkDocs keeps this plugin for every later build of the process, but loads a fresh
        # one for each `mkdocs.yml` it reads anew: remember on the class.
        InfoviewPlugin.serving = command == "serve"
        InfoviewPlugin.served = False

    def on_pre_build(self, config) -> None:
        # Before MkDocs empties the site folder: a note with errors stops `mkdocs build`;
        # while serving, the pages of the last good build are built again instead (the
        # live-reload server hangs on a failed build), and the errors are shown.
        root = self.root(config)
        # MkDocs empties the site folder right after this event: refuse a folder that
        # infoview did not make (someone's notes, their home) before anything is deleted.
        # MkDocs keeps one plugin across builds in a process: the flag holds for one build.
        claimed, self.site_claimed = self.site_claimed, False
        try:
            if not claimed:
                claim_site_dir(Path(config.site_dir), root, public=self.public)
        except InfoviewError as exc:
            raise PluginError(exc.format_message()) from exc
        # MkDocs keeps a plugin with on_startup for every build of the process (each
        # rebuild of serve, each test): nothing of the last build may leak into this one.
        self.cache, self.nav, self.finished, self.searched = None, None, {}, {}
        self.presearched = {}
        name = "site-public" if self.public else "site"
        if self.cached and os.environ.get(NO_CACHE) != "1":
            self.cache = SiteCache(root, name)
        self.converting = self.cache or SiteCache(root, name, read=False)
        self.markdown_settings = markdown_settings(config)
        if self.preloaded is not None:
            kb, today = self.preloaded
            self.preloaded = None
        else:
            today = self.today()
            kb = load_knowledge_base(root, today, memo=None if self.cache is None
                                     else self.memo(root))
            if kb.errors:
                for problem in kb.errors:
                    log.error(problem.format())
                noun = "error" if len(kb.errors) == 1 else "errors"
                message = f"infoview: the knowledge base has {len(kb.errors)} {noun}"
                if not self.serving:
                    raise PluginError(f"{message}; the site was not built")
                last = InfoviewPlugin.last_good.get(str(root))
                if last:
                    log.error("%s; still showing the last good version of the notes", message)
                    self.pages, self.history, self.hidden = last
                    self.kb = None
                    return
                # Nothing good to fall back on (the server is starting): the notes without
                # errors are worth seeing meanwhile.
                log.error("%s; showing the notes without errors", message)
                kb = valid_part(kb)[0]
        self.hidden = frozenset()
        if self.public:
            self.hidden = left_out(kb)
            self.regions = public_regions(kb)
        self.pages = render_site(kb, today, public=self.public, markdown=self.markdown,
                                 directory_urls=config.use_directory_urls)
        self.kb = kb
        self.history = cached_changes(kb.root) if self.cache is not None \
            else last_changes(kb.root)
        if self.serving and not kb.errors:
            InfoviewPlugin.last_good[str(root)] = (self.pages, self.history, self.hidden)

    def on_files(self, files: Files, config) -> Files:
        _drop_links_outside(files, Path(config.docs_dir), self.root(config))
        self.dropped = _drop_other_files(files, Path(config.docs_dir)) if self.public else []
        for path in self.dropped:
            log.info("infoview: docs/%s left out of the public site (not a page or an "
                     "image, style sheet, script or font)", path)
        own = {file.src_uri for file in files}  # one lookup set: Files re-indexes on append
        for path, markdown in self.pages.items():
            if path in own:
                # A warning, not an info line: a docs/index.md silently hiding the
                # dashboard looks like a broken build.
                notice.warning("infoview: docs/%s replaces the generated page of the same "
                               "name; rename or remove it to see infoview's page", path)
                continue
            file = File.generated(config, path, content=markdown)
            if path not in NAV_PAGES and path not in INSIGHT_PAGES:
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
        for name, path in ASSETS.items():
            files.append(File.generated(config, path, abs_src_path=str(DATA / name)))
        self.page_count = len(files.documentation_pages())
        self.files = files
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if self.converting is not None:
            # The last step before MkDocs converts the page: let the cache convert it.
            page.render = functools.partial(render_page, self.converting,
                                            self.markdown_settings, page)
        return self._markdown(markdown, page)

    def _markdown(self, markdown: str, page) -> str:
        source = page.meta.get(SOURCE_KEY)
        if self.public and page.file.generated_by is None:
            # a hand-written page of docs/: cleaned as a note's body is, its front matter too
            page.meta = {key: _redacted(value, self.regions) for key, value in page.meta.items()}
            return public_body(markdown, self.hidden, self.regions, self.markdown)
        if not source:
            return markdown
        change = self.history.get(source)
        if change is not None:
            note = f"Note last changed on {change.day} (commit `{change.commit}`)."
        else:
            note = "No git history for this note yet."
        return f"{markdown}\n\n---\n\n<small>{note} Source: `{source}`</small>\n"

    def on_page_content(self, html: str, page, config, files) -> str:
        return label_task_checkboxes(html)

    @event_priority(-100)  # the navigation as other plugins leave it
    def on_nav(self, nav, config, files):
        self.nav = nav
        cache = self.converting
        pages = files.documentation_pages()
        # Most pages to convert (a cold build, new Markdown settings): on every core.
        if cache is not None and self.markdown_settings is not None \
                and len(cache.html) < len(pages) * 0.9:
            convert_pages(cache, config, files, pages, self.presearched,
                          self.lunr_index, self.gathers)
        return nav

    def on_env(self, env, config, files):
        # Every page is converted (tags listings included): what the theme would make of
        # each is known now. A page found in the cache gets a template that prints it.
        self.env, self.files, self.site = env, files, None
        if self.search_pages is not None:  # serve's last build's
            self.search_pages.close()
            self.search_pages = None
        if self.lunr_index is not None:
            self.search_pages = SearchPages(
                str(config.theme.get("language") or "en"),
                self.regions if self.public else None)
        self.progress = Progress("Building pages", len(files.documentation_pages()))
        if self.cache is None or not theme_is_pure(config, self):
            return env  # another plugin takes part in finishing pages: made afresh
        self.site = site_settings(config, self.nav, self.public) + str(self.search_hooked)
        env.loader = ChoiceLoader([DictLoader({FINISHED: "{{ infoview_finished_page }}"}),
                                   env.loader])
        env.bytecode_cache = Bytecode(self.cache)
        self.look_up_finished(file.page for file in files.documentation_pages())
        return env

    def look_up_finished(self, pages) -> None:
        """Note each page's cache key and, if the cache holds it, its finished page (which
        a template then prints as it is)."""
        if self.site is None or self.cache is None:
            return
        for page in pages:
            if page is None:
                continue
            key = page_key(self.site, page)
            entry = self.cache.finished(key)
            self.finished[page.file.src_uri] = (key, entry)
            if entry is not None:
                page.meta["template"] = FINISHED

    def on_page_context(self, context, page, config, nav):
        found = self.finished.get(page.file.src_uri)
        if found is not None and found[1] is not None:
            context["infoview_finished_page"] = Markup(found[1][0])
        return context

    def on_post_page(self, output: str, page, config) -> str:
        if self.progress is not None:
            self.progress.advance()
        if self.search_pages is not None and output.strip() \
                and not (page.meta.get("search") or {}).get("exclude"):
            self.search_pages.add(page.file.dest_uri, str(page.title or ""),
                                  None if self.gathers(page) else page.content)
        found = self.finished.get(page.file.src_uri)
        if self.cache is not None and found is not None and found[1] is None:
            self.cache.keep_finished(found[0], output, self.searched.get(page.file.src_uri))
        return output

    @event_priority(-200)  # after the search and offline plugins wrote the search index
    def on_post_build(self, config) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        if self.public:
            # The site as a reader sees it: a number split by emphasis or a link, in a
            # title of the navigation or an anchor, is read whole and hidden.
            redact_site(config.site_dir, self.regions)
        self.index_search(config.site_dir)
        if self.cache is not None:
            # serve's first build made most pages: on disk for the next start; later
            # rebuilds stay in memory, written when serve stops
            self.cache.save(disk=not self.serving or not InfoviewPlugin.served)
            InfoviewPlugin.served = InfoviewPlugin.served or self.serving

    def on_build_error(self, error) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        if self.search_pages is not None:  # the pages' text, in a scratch folder: not kept
            self.search_pages.close()
            self.search_pages = None

    def index_search(self, site_dir: str) -> None:
        """Pagefind's index of the pages given so far, in the site."""
        if self.search_pages is None or self.lunr_index is None:
            return
        settings = {key: self.lunr_index.config.get(key)
                    for key in ("lang", "separator", "pipeline", "fields")}
        try:
            self.search_pages.index(site_dir, settings)
        except InfoviewError as exc:
            raise PluginError(exc.format_message()) from exc

    def on_shutdown(self) -> None:
        if self.search_pages is not None:
            self.search_pages.close()
            self.search_pages = None
        if self.cache is not None and self.serving:
            self.cache.write()

    def _hook_search(self, config) -> None:
        """Let Material's search index take a cached page's entries instead of reading its
        HTML again, and note the entries of every other page."""
        self.search_hooked, self.lunr_index = False, None
        handlers = config.plugins.events["page_context"]
        for number, handler in enumerate(handlers):
            index = getattr(getattr(handler, "__self__", None), "search_index", None)
            if isinstance(getattr(index, "entries", None), list):
                handlers[number] = functools.partial(self._search_page, handler, index)
                self.search_hooked, self.lunr_index = True, index

    def gathers(self, page) -> bool:
        """Whether a page gathers what many notes say (see ``pages.is_aggregate``)."""
        return is_aggregate(page.file.src_uri, page.meta, page.file.src_uri in self.pages)

    def _search_page(self, handler, index, context, *, page, config, nav):
        found = self.finished.get(page.file.src_uri)
        if found is not None and found[1] is not None:
            index.entries.extend(found[1][1])  # the index only reads its entries
            self.searched[page.file.src_uri] = found[1][1]
            return context
        entries = self.presearched.pop(search_key(page), None)
        if self.gathers(page) and not (page.meta.get("search") or {}).get("exclude"):
            # Pages that gather what the notes say (dashboard, lists, checklists, topics):
            # found by their title; their text would only repeat the notes, at a third of
            # the index's size.
            entries = [{"location": page.url, "title": str(page.title or ""), "text": ""}]
        if entries is not None:
            index.entries.extend(entries)  # read by a worker process
            self.searched[page.file.src_uri] = entries
            page.content = SEARCH_ATTRIBUTES.sub("", page.content)
            return context
        before = len(index.entries)
        result = handler(context, page=page, config=config, nav=nav)
        self.searched[page.file.src_uri] = index.entries[before:]
        return result

    def on_serve(self, server, config, builder):
        root = self.root(config)
        for folder in FOLDERS:
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        for name in (CONFIG_FILE, BANK_FILE):
            if (root / name).is_file():
                server.watch(str(root / name))
        return server


def _drop_links_outside(files: Files, docs: Path, root: Path) -> None:
    """Leave out each file of docs/ that is a symbolic link to a place outside the
    knowledge base: the notes refuse such links, and the site must not publish them."""
    base = root.resolve()
    docs = docs.resolve()
    for file in list(files):
        source = Path(file.abs_src_path or "")
        if file.abs_src_path and source.is_relative_to(docs) \
                and not source.resolve().is_relative_to(base):
            log.warning("infoview: docs/%s is a link to a place outside the knowledge base; "
                        "left out of the site", file.src_uri)
            files.remove(file)


def _drop_other_files(files: Files, docs: Path) -> list[str]:
    """Leave out each file of docs/ that is neither a page nor an asset a page shows
    (``ASSET_SUFFIXES``); the docs-relative paths of those left out, sorted."""
    docs = docs.resolve()
    dropped = []
    for file in list(files):
        if file.generated_by is not None or file.is_documentation_page() \
                or Path(file.src_uri).suffix.lower() in ASSET_SUFFIXES:
            continue
        if file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(docs):
            files.remove(file)
            dropped.append(file.src_uri)
    return sorted(dropped)


def _redacted(value: object, regions: tuple[str, ...] = DEFAULT_REGIONS) -> object:
    """A setting or front-matter value without emails or phone numbers, however nested."""
    if isinstance(value, str):
        return redact(value, regions)
    if isinstance(value, list):
        return [_redacted(item, regions) for item in value]
    if isinstance(value, dict):
        return {key: _redacted(item, regions) for key, item in value.items()}
    return value
