"""Shared fixtures: the repository root, the example's day, a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_DAY = "2026-12-01"
"""The day the example knowledge base is written for."""
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"
"""Run ``UPDATE_GOLDEN=1 make test`` to rewrite golden files, then review the diff."""


@pytest.fixture(autouse=True, scope="session")
def user_cache_home(tmp_path_factory) -> Path:
    """The user's own cache folder (the key that seals caches, compiled templates): one
    for the test session, never the real ``~/.cache``; subprocesses inherit it."""
    folder = tmp_path_factory.mktemp("user-cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def golden(path: Path, actual: str) -> None:
    """Assert ``actual`` equals the file, or rewrite the file when updating goldens."""
    if UPDATE_GOLDEN:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")
