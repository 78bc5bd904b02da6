"""Convert the pages' Markdown on every core before MkDocs walks them one by one.

Converting a page's Markdown to HTML is most of a cold build, and it is pure: the build
cache (``site.cache.render_page``) already keeps its result under a digest of what it
depends on. Here worker processes, forked from the build once the pages and navigation
are known, run for each page what MkDocs would run up to that point (``on_pre_page``,
reading, ``on_page_markdown``, converting, ``on_page_content``) and send back only what
the cache lacked: each page's HTML, and the search entries the search plugin would read
from it. MkDocs' own pass then finds every page converted already. Whatever a worker
could not do (a page with warnings, a worker that died) is simply done again by MkDocs,
in order, with its messages.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
from collections.abc import Callable

from infoview_build.notes.progress import Progress
from infoview_build.site.cache import SiteCache, digest, toc_tokens

WORKERS = 2
"""Processes converting pages (the machines infoview is measured on have two cores)."""
MIN_PAGES = 200
"""Fewer pages to convert than this: converted in the build's own process."""
CHUNK = 50
"""Pages a worker takes at a time."""
SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
"""What Material's search plugin removes from a page's HTML once it has read it."""

_job: tuple | None = None
"""What the forked workers convert: (cache, config, files, search index or None)."""


def search_key(page) -> str:
    """The digest of everything a page's search entries are made from."""
    return digest(page.url, page.title, page.content, toc_tokens(page.toc), page.meta)


def workers() -> int:
    """How many processes convert pages: none where processes cannot be forked."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return min(WORKERS, os.cpu_count() or 1)


def convert_pages(cache: SiteCache, config, files, todo: list, searched: dict[str, list],
                  search_index=None, unsearched: Callable[[object], bool] = bool) -> int:
    """Fill ``cache`` with the HTML of the pages of ``todo`` (files of documentation pages)
    and ``searched`` with their search entries in ``search_index``, by ``search_key``,
    except for pages that are ``unsearched``; in worker processes. Returns how many pages
    the workers converted."""
    global _job
    count = workers()
    converted = 0
    if count < 2 or len(todo) < MIN_PAGES:
        return converted
    chunks = [todo[start:start + CHUNK] for start in range(0, len(todo), CHUNK)]
    _job = (cache, config, files, search_index, unsearched, chunks)
    try:
        context = multiprocessing.get_context("fork")
        with Progress("Converting pages", len(todo)) as progress, \
                context.Pool(count) as pool:
            for done, html, entries in pool.imap_unordered(_convert, range(len(chunks))):
                for key, entry in html.items():
                    cache.put(cache.html, key, entry)
                searched.update(entries)
                converted += len(html)
                progress.advance(done)
    except Exception as exc:  # noqa: BLE001 - no processes to be had, a result that cannot
        # be sent back: MkDocs' own pass converts what is missing
        logging.getLogger("mkdocs.plugins.infoview").debug("pages converted in one "
                                                           "process: %s", exc)
    finally:
        _job = None
    return converted


def _convert(number: int) -> tuple[int, dict, dict]:
    """In a worker: convert one chunk of pages; the cache entries it made, and the pages'
    search entries."""
    from mkdocs.structure.pages import Page

    cache, config, files, search_index, unsearched, chunks = _job
    for name in ("mkdocs", "infoview", ""):  # MkDocs' own pass says what there is to say
        logger = logging.getLogger(name)
        logger.handlers = [logging.NullHandler()]
        logger.propagate = False
    cache.fresh = {}
    searched = {}
    for file in chunks[number]:
        page = file.page if file.page is not None else Page(None, file, config)
        try:
            page = populate(page, config, files)
        except Exception:  # noqa: BLE001 - MkDocs' own pass meets it again and says it
            continue
        if search_index is not None and not unsearched(page):
            index = type(search_index)(**search_index.config)
            index.add_entry_from_context(page)
            searched[search_key(page)] = index.entries
    fresh, cache.fresh = cache.fresh, None
    return len(chunks[number]), fresh, searched


def populate(page, config, files):
    """What MkDocs does to read and convert a page (its ``_populate_page``); the page."""
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page,
                                                        config=config, files=files)
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content, page=page,
                                                      config=config, files=files)
        return page
    finally:
        config._current_page = None
