"""A knowledge base's own question bank and templates, checked like notes (``path:line``).

``check`` reports them with the notes, so a clean ``check`` means ``new interview``,
``draft`` and ``build`` will not stop on them.
"""

from __future__ import annotations

import os
from pathlib import Path

from infoview_build.notes.errors import reason
from infoview_build.notes.load import decode, read_regular
from infoview_build.notes.model import Problem
from infoview_build.notes.questions import read_bank

TEMPLATES = "templates"
"""The folder of a knowledge base whose files replace the package's email drafts."""


def problems(root: Path) -> list[Problem]:
    """Every problem of ``questions.yml`` and of the files in ``templates/``."""
    return read_bank(root)[1] + template_problems(root)


def template_problems(root: Path) -> list[Problem]:
    folder = root / TEMPLATES
    if not os.path.lexists(folder):
        return []
    if not folder.is_dir():
        return [Problem(TEMPLATES, 1, "-", "templates must be a folder of draft templates")]
    import jinja2  # only for knowledge bases that have templates of their own

    from infoview_build.notes.templating import PACKAGE_TEMPLATES

    known = sorted(p.name for p in (PACKAGE_TEMPLATES / "drafts").iterdir())
    env = jinja2.Environment()
    found = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        rel = f"{TEMPLATES}/{entry.name}"
        if entry.name.startswith("."):
            continue
        if entry.name not in known:
            found.append(Problem(rel, 1, "-", "not a template infoview uses; ignored", "warning",
                                 "the draft templates are " + ", ".join(known)))
            continue
        try:
            text, problem = decode(read_regular(entry.path))
        except OSError as exc:
            found.append(Problem(rel, 1, "-", f"cannot read the file: {reason(exc)}"))
            continue
        if problem:
            line, field, message, hint = problem
            found.append(Problem(rel, line, field, message, hint=hint))
            continue
        try:
            env.parse(text)
        except jinja2.TemplateSyntaxError as exc:
            found.append(Problem(rel, exc.lineno or 1, "-", f"template syntax: {exc.message}",
                                 hint="compare with the package's own template of that name"))
    return found
