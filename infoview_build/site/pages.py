"""What every page producer shares: the ``Pages`` mapping and the escaping template engine.

A producer is a function ``(kb, today, public) -> {docs-relative path: Markdown}``; it
renders its templates of ``templates/site/`` through ``page``, whose every ``{{ value }}``
goes through ``escape.py`` unless it is already Markup.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Callable
from contextvars import ContextVar
from datetime import date, timedelta
from functools import cache, lru_cache

import jinja2
from markupsafe import Markup

from infoview_build.notes.model import KnowledgeBase
from infoview_build.plan.checklists import SUGGESTIONS, due_phrase
from infoview_build.site import escape, labels

Pages = dict[str, str]
_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
Producer = Callable[[KnowledgeBase, date, bool], Pages]

SOURCE_KEY = "infoview_source"
"""Front-matter key of a generated page naming the note it shows (for git history)."""


def _finalize(value: object) -> object:
    """Every ``{{ value }}`` is escaped unless it is already Markup, a number or a date."""
    kind = type(value)
    if kind is str:
        return escape.text(value)
    if kind is Markup or value is None or isinstance(value, int | date):
        return "" if value is None else value
    return escape.text(value)


# Characters YAML refuses to read even inside quotes (DEL, C1 controls, U+FFFE, U+FFFF):
# left in, they would make MkDocs drop the page's whole front matter.
_NOT_YAML_RE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _yaml_string(value: object) -> Markup:
    """A front-matter string: HTML-escaped (themes print titles and tags raw), JSON-quoted."""
    quoted = json.dumps(escape.attr(value), ensure_ascii=False)
    return Markup(_NOT_YAML_RE.sub(lambda m: f"\\u{ord(m[0]):04x}", quoted))


def _slug(value: str) -> Markup:
    """A slug for a link target: safe characters only, as loading guarantees."""
    if not _SLUG_RE.fullmatch(value):
        raise ValueError(f"not a slug: {value!r}")
    return Markup(value)


_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")


def nest_headings(body: str, top: int) -> Markup:
    """The user's Markdown ``body`` with its headings moved down, so that its highest one is
    at level ``top`` (at most 6): a note's own ``## Growth`` nests under the page's
    ``## Notes`` instead of standing beside it. Code blocks are left alone."""
    lines = body.strip().splitlines()
    fence = ""
    headings = []
    for number, line in enumerate(lines):
        opened = _FENCE_RE.match(line)
        if fence:
            if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened[1]
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            headings.append((number, heading))
    if headings:
        shift = max(top - min(len(h[2]) for _n, h in headings), 0)
        for number, heading in headings:
            level = min(len(heading[2]) + shift, 6)
            lines[number] = heading[1] + "#" * level + lines[number][heading.end():]
    return Markup("\n".join(lines))


DIRECTORY_URLS: ContextVar[bool] = ContextVar("directory_urls", default=False)
"""How the site addresses its pages: ``dir/page/`` (MkDocs' ``use_directory_urls: true``)
or ``dir/page.html`` (false). ``render_site`` sets it for the pages it renders."""


def page_url(path: str, directory_urls: bool) -> str:
    """The address of the page made of the docs-relative ``path`` (``a/b.md``), relative to
    the site's root, as MkDocs gives it."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def relative_url(source: str, target: str, directory_urls: bool) -> str:
    """The ``href`` that links the page ``source`` to the page ``target`` (both
    docs-relative ``.md`` paths; ``target`` may end in ``#anchor``): what MkDocs makes of a
    Markdown link, written out for an HTML block, where MkDocs leaves links as they are."""
    target, _, anchor = target.partition("#")
    here = page_url(source, directory_urls)
    folder, _, leaf = page_url(target, directory_urls).rpartition("/")
    up = _relative_folder(folder, posixpath.dirname(here))
    url = (leaf if up == "." else f"{up}/{leaf}") or "./"
    return f"{url}#{anchor}" if anchor else url


@lru_cache(maxsize=1024)  # a listing links to a few folders, tens of thousands of times
def _relative_folder(folder: str, start: str) -> str:
    return posixpath.relpath(folder or ".", start or ".")


FORESEEN_DAYS: ContextVar[int] = ContextVar("foreseen_days", default=7)
"""How many days past the build day the pages list every dated item of (the "coming up"
window, ``prep_window_days``): ``render_site`` sets it. Past that day a page read later
says it is out of date (``infoview-days.js``)."""


def _horizon(today: date) -> date:
    """``horizon(today)`` in a template: the last day whose dated items the pages know."""
    return today + timedelta(days=FORESEEN_DAYS.get())


_PAGE: ContextVar[str] = ContextVar("page")
"""The docs-relative path of the page ``page`` renders, when it was given one."""


def _href(target: str) -> Markup:
    """``href(target)`` in a template: the link from the page being rendered (the
    ``path`` given to ``page``) to the docs-relative page ``target``."""
    return Markup(html.escape(relative_url(_PAGE.get(), target, DIRECTORY_URLS.get())))


def _md_href(target: str) -> Markup:
    """``md_href(target)`` in a template: the docs-relative ``.md`` path of ``target`` from
    the page being rendered, for a Markdown link (MkDocs turns it into the address)."""
    here = posixpath.dirname(_PAGE.get())
    return Markup(html.escape(posixpath.relpath(target, here or ".")))


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("infoview_build", "templates/site"),
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = escape.cell
    env.filters["attr"] = escape.attr
    env.filters["link"] = escape.link
    env.filters["h"] = escape.html_text
    env.filters["markdown"] = lambda body: Markup(body.strip())
    env.filters["yaml"] = _yaml_string
    env.filters["slug"] = _slug
    env.filters["nested"] = nest_headings
    env.filters["stage"] = labels.stage_label
    env.filters["topic"] = labels.topic_label
    env.filters["command"] = labels.next_command
    env.filters["due"] = due_phrase
    env.filters["n"] = lambda count: Markup(f"{count:,}")
    env.globals["source_key"] = Markup(SOURCE_KEY)
    env.globals["href"] = _href
    env.globals["horizon"] = _horizon
    env.globals["suggestions"] = SUGGESTIONS
    env.globals["md_href"] = _md_href
    return env


@cache
def _template(name: str) -> jinja2.Template:
    return _environment().get_template(name)


def page(template: str, path: str = "", **values: object) -> str:
    """Render one template of ``templates/site/`` with the values escaped; ``path``: the
    docs-relative path of the page, which ``href`` links from."""
    token = _PAGE.set(path)
    try:
        return _template(template).render(**values)
    finally:
        _PAGE.reset(token)


def is_aggregate(path: str, meta: dict, generated: bool) -> bool:
    """Whether a page gathers what many notes say (dashboard, indexes, checklists, topic and
    question pages), rather than showing one note, one company or a hand-written page."""
    if not generated or meta.get(SOURCE_KEY):
        return False
    return not (path.startswith("companies/") and path != "companies/index.md")
