"""``infoview build`` and ``infoview serve``: check the notes, then run MkDocs on them.

MkDocs reads the same ``mkdocs.yml`` a plain ``mkdocs build`` reads; the ``infoview``
plugin listed there adds the rendered pages. Here we only check first, hand the plugin
the knowledge base already loaded, and keep MkDocs' output to what the user needs.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import click
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from infoview_build.edit.files import claim_site_dir, fresh_site_dir, served_site_dir
from infoview_build.notes.checking import report_broken, require_valid
from infoview_build.notes.errors import InfoviewError, KnowledgeBaseInvalid
from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.notes.load import kind_of
from infoview_build.notes.terminal import printable, printable_lines
from infoview_build.site.plugin import NO_CACHE, InfoviewPlugin

CONFIG_NAME = "mkdocs.yml"
PERSONAL_DATA_NOTICE = (
    "Note: this site contains personal data (contact details and private notes); do not "
    "publish it as it is. Build it with --public to leave those out."
)


@dataclass(slots=True)
class Built:
    """What ``build`` made."""

    site_dir: Path
    pages: int
    """Markdown pages built (generated and hand-written)."""


class _EchoHandler(logging.Handler):
    """MkDocs' log records, shown as ``WARNING: message`` on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        prefix = "" if record.levelno < logging.WARNING else f"{record.levelname}: "
        click.echo(printable_lines(f"{prefix}{record.getMessage()}"), err=True)


@contextlib.contextmanager
def _mkdocs_logging(level: int) -> Iterator[None]:
    """MkDocs' messages and infoview's own site warnings, shown through ``_EchoHandler``."""
    handler = _EchoHandler(level)
    loggers = [logging.getLogger(name) for name in ("mkdocs", "infoview")]
    saved = [(logger.level, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False
    try:
        yield
    finally:
        for logger, (old_level, propagate) in zip(loggers, saved, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(old_level)
            logger.propagate = propagate


def _config_file(root: Path) -> Path:
    path = root / CONFIG_NAME
    if not path.is_file():
        raise InfoviewError(f"no {CONFIG_NAME} in {root}: the site needs one "
                            "('infoview init DIR' writes a knowledge base with one)")
    return path


def _plugin(config) -> InfoviewPlugin:
    for plugin in config.plugins.values():
        if isinstance(plugin, InfoviewPlugin):
            return plugin
    raise InfoviewError(f"{config.config_file_path} does not list the infoview plugin: "
                        "add '- infoview' under 'plugins:'")


def _checked(root: Path, today: date, strict: bool):
    kb = require_valid(load_knowledge_base(root, today))
    if strict and kb.warnings:
        for problem in kb.warnings:
            click.echo(problem.format(), err=True)
        raise KnowledgeBaseInvalid(len(kb.warnings))
    return kb


def build_site(root: Path, today: date, site_dir: Path | None = None, strict: bool = False,
               public: bool = False, cached: bool = True) -> Built:
    """Check every note, refuse on errors, then build the site with MkDocs."""
    root = Path(root)
    config_file = _config_file(root)
    kb = _checked(root, today, strict)
    options = {"strict": strict}
    if site_dir is not None:
        options["site_dir"] = str(Path(site_dir).expanduser().resolve())
    with _mkdocs_logging(logging.WARNING):
        try:
            config = load_config(str(config_file), **options)
            plugin = _plugin(config)
            site = Path(config.site_dir)
            claim_site_dir(site, root, mark=False)
            refuse_odd_files(Path(config.docs_dir))
            plugin.config.public = plugin.config.public or public
            plugin.preloaded = (kb, today)
            plugin.cached = cached
            if not plugin.config.public:
                click.echo(PERSONAL_DATA_NOTICE, err=True)
            # Built beside the site and swapped in whole: a failed build keeps the last one.
            public = plugin.config.public or os.environ.get("INFOVIEW_PUBLIC") == "1"
            with fresh_site_dir(site, root, public=public) as fresh:
                config.site_dir = str(fresh)
                plugin.site_claimed = True
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    mkdocs_build(config)
                finally:
                    # a build that stopped before the plugin read it (a setting refused):
                    # the plugin, kept by MkDocs for the process, must not skip the next check
                    plugin.site_claimed = False
                    config.plugins.on_shutdown()
            for path in plugin.dropped:
                click.echo(f"Left out of the public site: docs/{printable(path)} (not a page, "
                           "image, style sheet, script or font)", err=True)
        except MkDocsException as exc:
            raise InfoviewError(f"the site was not built: {exc.format_message()}") from exc
    return Built(site, plugin.page_count)


def refuse_odd_files(docs: Path) -> None:
    """Stop before MkDocs opens a FIFO or device in ``docs/`` (it would wait forever)."""
    for folder, subfolders, names in os.walk(docs):
        subfolders.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            try:
                mode = os.stat(path).st_mode
            except OSError:
                continue  # a dangling link: MkDocs skips it with a warning
            if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
                raise InfoviewError(f"{path} is {kind_of(mode)}, not a file; remove it from "
                                    "docs/ (nothing was built)")


def serve_site(root: Path, today: date, dev_addr: str | None = None,
               public: bool = False, cached: bool = True, feeds: dict | None = None) -> None:
    """Serve the site, rebuilt when a note or page changes; notes with errors are named
    and left out. ``feeds``: files made afresh at each request (``server.Feed``)."""
    root = Path(root)
    config_file = _config_file(root)
    # A half-saved note must not keep the site from starting: it is named here and left
    # out of the pages until it is fixed. The first build reads again only what changed
    # since this load.
    report_broken(load_knowledge_base(root, today, memo=InfoviewPlugin.memo(root)),
                  "the site")
    # A full rebuild loads a fresh plugin from mkdocs.yml: the day and the public flag
    # reach it through the environment.
    os.environ["INFOVIEW_TODAY"] = today.isoformat()
    if not cached:
        os.environ[NO_CACHE] = "1"
    if public:
        os.environ["INFOVIEW_PUBLIC"] = "1"
    else:
        click.echo(PERSONAL_DATA_NOTICE, err=True)
    with _mkdocs_logging(logging.INFO):
        try:
            serve_live(config_file, root, dev_addr, feeds=feeds)
        except MkDocsException as exc:
            raise InfoviewError(f"the site could not be served: {exc.format_message()}") from exc


def serve_live(config_file: Path, root: Path, dev_addr: str | None,
               feeds: dict | None = None) -> None:
    """MkDocs' ``serve``, with infoview's server: the same pages as ``infoview build``
    (in a temporary folder), rebuilt page by page as notes change."""
    from infoview_build.site.live import LiveSite
    from infoview_build.site.server import LiveServer

    with served_site_dir() as site_dir:
        site = LiveSite(config_file, site_dir, **({"dev_addr": dev_addr} if dev_addr else {}))
        config = site.load_config()
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            host, port = config.dev_addr
            server = LiveServer(site, root, Path(config.docs_dir), feeds, host=host,
                                port=port, mount_path=urlsplit(config.site_url or "/").path)
            try:
                server.listen()  # a busy port is said before a long first build
            except OSError as exc:
                raise InfoviewError(f"cannot serve on {host}:{port}: "
                                    f"{exc.strerror or exc}") from None
            server.error_handler = functools.partial(_error_page, site_dir)
            site.build_all(config)
            server.watch(config.docs_dir)
            server.watch(config.config_file_path)
            server = config.plugins.on_serve(server, config=config, builder=site.build_all)
            for item in config.watch:
                server.watch(item)
            try:
                server.serve()
            except KeyboardInterrupt:
                logging.getLogger("mkdocs").info("Shutting down...")
            finally:
                server.shutdown()
        finally:
            config.plugins.on_shutdown()


def _error_page(site_dir: Path, code: int) -> bytes | None:
    """The site's own 404 (or 500) page, as MkDocs' server shows it."""
    try:
        return (site_dir / f"{code}.html").read_bytes() if code in (404, 500) else None
    except OSError:
        return None
