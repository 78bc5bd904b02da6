"""``infoview init``: a new knowledge base that checks and builds at once."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from infoview_build import __version__
from infoview_build.edit import files
from infoview_build.notes import schema, templating
from infoview_build.notes.errors import InfoviewError
from infoview_build.notes.knowledge import FOLDERS

WORKFLOW = ".github/workflows/infoview.yml"
"""Publishes the public site to GitHub Pages on every push (``infoview publish``'s CI way)."""
SCAFFOLD = {
    "mkdocs.yml": "mkdocs.yml",
    "infoview.yml": "infoview.yml",
    "docs/about.md": "docs/about.md",
    "docs/guide.md": "docs/guide.md",
    # Stored without the dot: package-data globs skip hidden files.
    ".gitignore": "gitignore",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    WORKFLOW: "github-workflow.yml",
}
"""Path in the new knowledge base → template under ``templates/init/``."""
KEEP = ".gitkeep"
"""Keeps the empty note folders in git; the loader skips names that start with a dot."""
_DATE_LINE = re.compile(r"^date: (\d{4}-\d{2}-\d{2})", re.MULTILINE)


@dataclass(slots=True)
class Scaffolded:
    """What ``init`` did."""

    root: Path
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Files that existed already and were left alone (with ``--force``)."""
    git: str = ""
    """What happened about git, in a few words."""


def plan(today: date, example: bool) -> dict[str, str]:
    """Every file of a new knowledge base, path → text, before anything is written."""
    env = templating.environment("init")
    planned = {path: templating.render(env, name, example=example, version=__version__)
               for path, name in SCAFFOLD.items()}
    planned["docs/fields.md"] = schema.markdown()  # the guide links it
    if example:
        planned |= example_notes(today)
    for folder in FOLDERS:
        if not any(path.startswith(folder + "/") for path in planned):
            planned[f"{folder}/{KEEP}"] = ""
    return dict(sorted(planned.items()))


def example_notes(today: date) -> dict[str, str]:
    """The invented example, its dates counted from ``today`` so every stage shows."""
    env = templating.environment("example")

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    notes = {}
    for name in sorted(env.list_templates()):
        text = templating.render(env, name, day=day)
        folder, _, file_name = name.partition("/")
        if folder == "interviews":
            file_name = f"{_DATE_LINE.search(text)[1]}-{file_name}"
        notes[f"{folder}/{file_name}"] = text
    return notes


def init(target: Path, today: date, *, example: bool = False, force: bool = False) -> Scaffolded:
    """Create a knowledge base in ``target``; with ``force``, add only what is missing."""
    if target.exists() and not target.is_dir():
        raise InfoviewError(f"{target} is a file, not a folder")
    crowd = sorted(p.name for p in target.iterdir() if p.name != ".git") \
        if target.is_dir() else []
    if crowd and not force:
        shown = ", ".join(crowd[:3]) + (" …" if len(crowd) > 3 else "")
        raise InfoviewError(f"{target} is not empty ({shown}); nothing was written — use "
                            "--force to add only the missing files (existing ones are kept)")
    planned = plan(today, example)
    done = Scaffolded(target)
    for rel, text in planned.items():
        path = target / rel
        if rel.endswith(KEEP) and path.parent.is_dir() and any(path.parent.iterdir()):
            continue
        if path.exists() or path.is_symlink():
            done.kept.append(rel)
            continue
        files.write_new(path, text)
        done.created.append(rel)
    done.git = _git_init(target)
    return done


def _git_init(target: Path) -> str:
    git = shutil.which("git")
    if git is None:
        return "git is not installed: no repository was made"
    inside = subprocess.run([git, "-C", str(target), "rev-parse", "--is-inside-work-tree"],
                            capture_output=True, text=True, check=False)
    if inside.returncode == 0:
        return "already inside a git repository"
    made = subprocess.run([git, "init", "--quiet", str(target)], capture_output=True, text=True,
                          check=False)
    if made.returncode != 0:
        return f"git init failed: {made.stderr.strip() or made.returncode}"
    return "made a new git repository"
