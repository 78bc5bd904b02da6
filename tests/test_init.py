"""infoview init: a knowledge base that checks at once, and never overwrites a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from infoview_build.cli import main
from infoview_build.edit.scaffold import plan
from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.notes.model import STAGES
from infoview_build.plan.stages import stages

from conftest import REPO

TODAY = date(2026, 12, 1)
SCAFFOLD_FILES = [
    ".github/workflows/infoview.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "contacts/.gitkeep",
    "docs/about.md",
    "docs/fields.md",
    "docs/guide.md",
    "infoview.yml",
    "interviews/.gitkeep",
    "mkdocs.yml",
]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def listing(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and ".git" not in p.relative_to(root).parts)


def test_init_writes_the_scaffold_and_a_git_repository(tmp_path):
    target = tmp_path / "kb"
    result = run("init", str(target))
    assert result.exit_code == 0, result.output
    assert listing(target) == SCAFFOLD_FILES
    assert (target / ".git").is_dir()
    assert f"created  {target / 'mkdocs.yml'}" in result.stdout
    assert "git:     made a new git repository" in result.stdout
    assert "infoview draft request ada-quill" in result.stdout


def test_new_knowledge_base_checks_clean(tmp_path):
    run("init", str(tmp_path / "kb"))
    result = run("check", "--root", str(tmp_path / "kb"), "--strict")
    assert result.exit_code == 0
    assert result.stdout == "1 file checked: no problems\n"


def test_init_inside_a_repository_makes_no_second_one(tmp_path):
    assert run("init", str(tmp_path)).exit_code == 0
    result = run("init", str(tmp_path / "nested"))
    assert result.exit_code == 0
    assert not (tmp_path / "nested" / ".git").exists()
    assert "git:     already inside a git repository" in result.stdout


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run("init", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path} is not empty (notes.txt); nothing was "
                                    "written")
    assert listing(tmp_path) == ["notes.txt"]


def test_init_accepts_a_folder_with_only_git(tmp_path):
    (tmp_path / ".git").mkdir()
    assert run("init", str(tmp_path)).exit_code == 0
    assert listing(tmp_path) == SCAFFOLD_FILES


def test_init_refuses_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    result = run("init", str(tmp_path / "f"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'f'} is a file, not a folder\n"


def test_force_adds_missing_files_and_keeps_existing_ones(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n")
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "x.md").write_text("---\nname: X\n---\n")
    result = run("init", str(tmp_path), "--force")
    assert result.exit_code == 0
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: Mine\n"
    assert f"kept     {tmp_path / 'mkdocs.yml'} (it exists)" in result.stdout
    assert "contacts/.gitkeep" not in listing(tmp_path)  # the folder has a note already
    assert "docs/guide.md" in listing(tmp_path)


def test_example_shows_every_stage_and_checks_clean(tmp_path):
    result = run("init", str(tmp_path / "kb"), "--example", "--today", TODAY.isoformat())
    assert result.exit_code == 0
    check = run("check", "--root", str(tmp_path / "kb"), "--today", TODAY.isoformat(),
                "--strict")
    assert check.exit_code == 0, check.output
    kb = load_knowledge_base(tmp_path / "kb", TODAY)
    assert sorted(set(stages(kb, TODAY).values())) == sorted(STAGES)


@pytest.mark.parametrize("today", [date(2026, 1, 1), date(2027, 6, 30), date(2028, 2, 29)])
def test_example_dates_follow_today(tmp_path, today):
    result = run("init", str(tmp_path / "kb"), "--example", "--today", today.isoformat())
    assert result.exit_code == 0
    soon = date.fromordinal(today.toordinal() + 3)
    assert (tmp_path / "kb" / "interviews" / f"{soon}-cora-lindqvist.md").is_file()
    kb = load_knowledge_base(tmp_path / "kb", today)
    assert kb.problems == []
    assert sorted(set(stages(kb, today).values())) == sorted(STAGES)


def test_init_mkdocs_uses_the_infoview_plugin():
    text = plan(TODAY, example=False)["mkdocs.yml"]
    config = yaml.safe_load(text)
    names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert names == ["search", "tags", "offline", "infoview"]
    assert config["theme"]["name"] == "material"
    # a word in quotes is found, and a hyphenated word stays whole, so "on-call" finds the
    # notes that say it first (infoview's search worker indexes its parts as well)
    separator = config["plugins"][0]["search"]["separator"]
    assert separator.startswith('[\\s,:!=') and "\\-" not in separator
    assert separator == yaml.safe_load((REPO / "mkdocs.yml").read_text())["plugins"][0][
        "search"]["separator"]


def test_repository_guide_is_the_one_init_writes():
    assert (REPO / "docs" / "guide.md").read_text() == plan(TODAY, example=False)["docs/guide.md"]


def test_pre_commit_hook_runs_check_and_site_is_ignored():
    files = plan(TODAY, example=False)
    hooks = yaml.safe_load(files[".pre-commit-config.yaml"])["repos"][0]["hooks"]
    assert [(h["id"], h["entry"], h["pass_filenames"]) for h in hooks] == [
        ("infoview-check", "infoview check", False)]
    assert "/site/\n" in files[".gitignore"]
    assert "/.infoview-cache/\n" in files[".gitignore"]


def test_without_git_the_knowledge_base_is_still_made(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    result = run("init", str(tmp_path / "kb"))
    assert result.exit_code == 0
    assert "git:     git is not installed: no repository was made" in result.stdout
    assert not (tmp_path / "kb" / ".git").exists()


def test_init_writes_the_field_reference_the_guide_links(tmp_path):
    assert run("init", str(tmp_path / "kb"), "--today", TODAY.isoformat()).exit_code == 0
    written = (tmp_path / "kb" / "docs" / "fields.md").read_text(encoding="utf-8")
    assert written == (REPO / "docs" / "fields.md").read_text(encoding="utf-8")
    assert "](fields.md)" in (tmp_path / "kb" / "docs" / "guide.md").read_text(encoding="utf-8")


def test_the_guides_interview_note_checks_clean_and_uses_every_part(tmp_path):
    guide = (REPO / "docs" / "guide.md").read_text(encoding="utf-8")
    note = guide.split("```text\n", 1)[1].split("```\n", 1)[0]
    for key in ("questions:", "topic:", "asked: true", "referrals:", "actions:",
                "## Takeaways"):
        assert key in note
    (tmp_path / "contacts").mkdir()
    (tmp_path / "interviews").mkdir()
    for slug, name in (("ada-quill", "Ada Quill"), ("bram-okafor", "Bram Okafor")):
        (tmp_path / "contacts" / f"{slug}.md").write_text(f"---\nname: {name}\n---\n")
    (tmp_path / "interviews" / "2026-12-08-ada-quill.md").write_text(note, encoding="utf-8")
    kb = load_knowledge_base(tmp_path, date(2026, 12, 9))
    assert [p.format() for p in kb.problems] == []
    interview = kb.interviews["2026-12-08-ada-quill"]
    assert interview.referrals == ["bram-okafor", "Cleo Marsh"]
    assert [q.asked for q in interview.questions] == [True, True, True]
