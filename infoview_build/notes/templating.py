"""Jinja2 over the package's template files, with a knowledge base's own files first."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2
import jinja2.sandbox
import yaml

from infoview_build.notes.validate import yaml_reading

PACKAGE_TEMPLATES = Path(str(resources.files("infoview_build").joinpath("templates")))
"""The folder of template files that ship with the package."""


def _finalize(value):
    # A missing value prints as nothing, never as the word "None".
    return "" if value is None else value


def yaml_scalar(value) -> str:
    """``value`` as a one-line YAML scalar, quoted only when YAML would misread it."""
    # Quote whatever 'check' would read as a date, number or yes/no, even where PyYAML's
    # own resolver is less eager (``2026-12-03 14:30`` without seconds).
    style = "'" if isinstance(value, str) and yaml_reading(value) else None
    text = yaml.safe_dump(value, default_style=style, default_flow_style=True,
                          allow_unicode=True, width=10**6)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def environment(folder: str, override: Path | None = None) -> jinja2.Environment:
    """Templates from ``templates/<folder>/``, looked up in ``override`` first when given."""
    paths = [str(PACKAGE_TEMPLATES / folder)]
    if override is not None:
        paths.insert(0, str(override))
    # Sandboxed: a knowledge base's own templates may come with a clone, and a plain Jinja
    # template reaches Python's globals (``cycler.__init__.__globals__.os``).
    env = jinja2.sandbox.SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(paths),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=_finalize,
    )
    env.filters["yaml"] = yaml_scalar
    return env


def render(env: jinja2.Environment, template: str, /, **context) -> str:
    """Render one template; a broken override is the user's error, not a traceback."""
    from infoview_build.notes.errors import InfoviewError

    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or template
        line = getattr(exc, "lineno", None)
        at = f"{where}:{line}" if line else where
        raise InfoviewError(f"template {at}: {exc.message or exc}") from None
