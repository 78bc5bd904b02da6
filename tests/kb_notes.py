"""Small knowledge bases written into tmp_path, one note per keyword, for rule-edge tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.notes.model import KnowledgeBase


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


def load(root: Path, today: str) -> KnowledgeBase:
    """Load ``root`` for ``today`` and insist it is clean, so a test cannot pass on bad notes."""
    kb = load_knowledge_base(root, day(today))
    assert not kb.errors, [p.format() for p in kb.errors]
    return kb
