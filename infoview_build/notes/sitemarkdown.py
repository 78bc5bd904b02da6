"""Which Markdown the site renders with: the extensions listed in ``mkdocs.yml``.

A public build decides what is a heading (and so what is a private section) with the
same Python-Markdown extensions MkDocs renders the pages with; ``infoview export
--public`` reads them here from the knowledge base's ``mkdocs.yml``, and the MkDocs
plugin hands over the ones MkDocs loaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

BUILT_IN = ("toc", "tables", "fenced_code")
"""Extensions MkDocs always loads, whatever ``mkdocs.yml`` says."""
DEFAULT_EXTENSIONS = (*BUILT_IN, "attr_list", "md_in_html", "admonition",
                      "pymdownx.tasklist", "pymdownx.superfences")
"""Those of the ``mkdocs.yml`` that ``infoview init`` writes: used without one."""


@dataclass(frozen=True, slots=True)
class MarkdownSettings:
    """Python-Markdown extensions by name, with their settings."""

    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    configs: dict = field(default_factory=dict, compare=False, hash=False)
    """Settings by extension name, as ``mdx_configs`` in MkDocs."""
    key: str = ""
    """The settings as text: two settings are the same when their keys are."""

    @classmethod
    def of(cls, extensions, configs: dict | None = None) -> MarkdownSettings:
        names = tuple(dict.fromkeys([*BUILT_IN, *(str(e) for e in extensions)]))
        configs = dict(configs or {})
        return cls(names, configs, json.dumps(configs, sort_keys=True, default=repr))


def new_markdown(settings: MarkdownSettings):
    """A Python-Markdown renderer with ``settings``; with MkDocs' defaults when an extension
    cannot be loaded."""
    import markdown  # late: ``check`` never renders

    try:
        return markdown.Markdown(extensions=list(settings.extensions),
                                 extension_configs=settings.configs)
    except Exception:  # noqa: BLE001 - any extension's failure: read as MkDocs' defaults
        return markdown.Markdown(extensions=list(DEFAULT_EXTENSIONS))


class _Lenient(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` tags it does not know (``!ENV``, ``!!python/name:``) as null."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


def _site_config(root: Path) -> dict:
    """The knowledge base's ``mkdocs.yml``; empty when it has none or can't be read."""
    try:
        data = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"),  # noqa: S506
                         Loader=_Lenient)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


OFFLINE = ("offline", "material/offline")
"""Material's offline plugin, which turns ``use_directory_urls`` off (pages open from disk)."""


def site_directory_urls(root: Path) -> bool:
    """Whether the knowledge base's ``mkdocs.yml`` gives pages ``dir/page/`` addresses: as
    in MkDocs, unless ``use_directory_urls`` is false or Material's offline plugin is on."""
    data = _site_config(root)
    if data.get("use_directory_urls") is False:
        return False
    plugins = data.get("plugins")
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = [next(iter(p.items())) if isinstance(p, dict) and p else (p, None)
                   for p in plugins]
    else:
        entries = []
    for name, settings in entries:
        off = isinstance(settings, dict) and settings.get("enabled") is False
        if name in OFFLINE and not off:
            return False
    return True


def site_markdown(root: Path) -> MarkdownSettings:
    """The Markdown settings of the knowledge base's ``mkdocs.yml``; the defaults when it
    has none or can't be read."""
    listed = _site_config(root).get("markdown_extensions")
    if not isinstance(listed, list):
        return MarkdownSettings()
    names: list[str] = []
    configs: dict = {}
    for entry in listed:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict):
            for name, setting in entry.items():
                names.append(str(name))
                if isinstance(setting, dict):
                    configs[str(name)] = setting
    return MarkdownSettings.of(names, configs)
