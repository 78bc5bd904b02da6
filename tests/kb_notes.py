"""Small knowledge bases written into tmp_path, one note per keyword, for rule-edge tests."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import yaml

from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.notes.model import KnowledgeBase

from conftest import REPO


def day(text: str) -> date:
    return date.fromisoformat(text)


def write_kb(root: Path, contacts: dict[str, dict] | None = None,
             interviews: dict[str, dict] | None = None, config: str | None = None) -> Path:
    """Notes from front-matter dicts (a ``body`` key becomes the body); ``config``: infoview.yml."""
    for folder, notes in (("contacts", contacts or {}), ("interviews", interviews or {})):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for slug, fields in notes.items():
            fields = dict(fields)
            body = fields.pop("body", "")
            front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True)
            (root / folder / f"{slug}.md").write_text(f"---\n{front}---\n{body}",
                                                      encoding="utf-8")
    if config is not None:
        (root / "infoview.yml").write_text(config, encoding="utf-8")
    return root


def example_kb(tmp_path: Path) -> Path:
    """A copy of the repository's example knowledge base, with its site settings."""
    root = tmp_path / "kb"
    for name in ("contacts", "interviews", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def tree(folder: Path, skip: frozenset[str] = frozenset()) -> dict[str, bytes]:
    """Every file under ``folder`` (but those named in ``skip``): path → bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in skip}


def load(root: Path, today: str) -> KnowledgeBase:
    """Load ``root`` for ``today`` and insist it is clean, so a test cannot pass on bad notes."""
    kb = load_knowledge_base(root, day(today))
    assert not kb.errors, [p.format() for p in kb.errors]
    return kb
