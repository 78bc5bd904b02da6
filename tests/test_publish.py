"""`infoview publish`: the public site to a branch or a folder, and what is new first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from infoview_build.cli import main
from infoview_build.site.published import MANIFEST, parse_manifest

from kb_notes import write_kb
from test_leak import NEVER_SHOWN, SECRETS, _found, _write_planted

TODAY = "2026-12-08"
MKDOCS = "site_name: Notes\nplugins:\n  - infoview\n  - search\ntheme:\n  name: material\n"


def git(cwd: Path, *args: str, check: bool = True) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Tester", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "Tester", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True,
                          env=env, check=False)
    if check:
        assert done.returncode == 0, done.stderr
    return done.stdout


def small_kb(root: Path) -> Path:
    write_kb(root, contacts={
        "ada-quill": {"name": "Ada Quill", "company": "Northwind", "role": "Staff Engineer",
                      "email": "ada.quill@example.org", "phone": "+1 415 555 0101",
                      "body": "Ada leads the data platform team.\n"},
        "bram-okafor": {"name": "Bram Okafor", "company": "Tailspin",
                        "body": "Bram moved from support to product.\n"},
    })
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# My notes\n", encoding="utf-8")
    return root


def repo_with_remote(tmp_path: Path) -> tuple[Path, Path]:
    root = small_kb(tmp_path / "kb")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "notes")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    return root, remote


def publish(runner, root: Path, *args: str):
    return runner.invoke(main, ["publish", "--root", str(root), "--today", TODAY, *args])


def files_of(repo: Path, ref: str) -> dict[str, bytes]:
    names = git(repo, "ls-tree", "-r", "--name-only", ref).splitlines()
    return {name: subprocess.run(["git", "-C", str(repo), "cat-file", "blob", f"{ref}:{name}"],
                                 capture_output=True, check=True).stdout for name in names}


def state(root: Path) -> tuple[str, str, str, str]:
    """What a publish must never change: the branch, HEAD, the index and the worktree."""
    return (git(root, "rev-parse", "HEAD"), git(root, "symbolic-ref", "HEAD"),
            git(root, "ls-files", "--stage"), git(root, "status", "--porcelain"))


def test_publish_push_leaves_the_public_site_on_the_remote_branch(tmp_path, runner) -> None:
    root, remote = repo_with_remote(tmp_path)
    before = state(root)
    result = publish(runner, root, "--push", "--yes")
    assert result.exit_code == 0, result.output
    assert "Published" in result.output and "pushed to origin" in result.output
    assert state(root) == before
    site = files_of(remote, "gh-pages")
    assert "index.html" in site and ".nojekyll" in site and MANIFEST in site
    assert not any(name.endswith(".infoview-site") for name in site)
    everything = b"\n".join(site.values())
    for secret in (b"ada.quill@example.org", b"555 0101", b"5550101"):
        assert secret not in everything
    assert b"Ada Quill" in site["contacts/ada-quill/index.html"] or any(
        b"Ada Quill" in body for name, body in site.items() if "ada-quill" in name)
    manifest = json.loads(site[MANIFEST])
    assert str(tmp_path) not in site[MANIFEST].decode()
    assert "index.html" in manifest["pages"]


def test_a_second_publish_after_one_note_changed_commits_only_the_affected_pages(
        tmp_path, runner) -> None:
    root, remote = repo_with_remote(tmp_path)
    assert publish(runner, root, "--push", "--yes").exit_code == 0
    first = git(remote, "rev-parse", "gh-pages").strip()
    note = root / "contacts" / "bram-okafor.md"
    note.write_text(note.read_text().replace("to product", "to product design"))
    result = publish(runner, root, "--push", "--yes")
    assert result.exit_code == 0, result.output
    assert "~ contacts/bram-okafor/index.html" in result.output
    second = git(remote, "rev-parse", "gh-pages").strip()
    assert git(remote, "rev-list", "--count", f"{first}..{second}").strip() == "1"
    assert git(remote, "rev-parse", f"{second}^").strip() == first
    changed = set(git(remote, "diff", "--name-only", first, second).splitlines())
    assert "contacts/bram-okafor/index.html" in changed
    assert MANIFEST in changed
    assert "contacts/ada-quill/index.html" not in changed
    assert "index.html" not in changed
    again = publish(runner, root, "--push", "--yes")
    assert again.exit_code == 0 and "Nothing changed since the last publish" in again.output
    assert git(remote, "rev-parse", "gh-pages").strip() == second


def test_dry_run_names_a_new_person_and_a_page_made_private(tmp_path, runner) -> None:
    root, _ = repo_with_remote(tmp_path)
    assert publish(runner, root, "--yes").exit_code == 0
    tip = git(root, "rev-parse", "gh-pages")
    write_kb(root, contacts={"cleo-marsh": {"name": "Cleo Marsh", "company": "Fabrikam"}})
    note = root / "contacts" / "bram-okafor.md"
    note.write_text(note.read_text().replace("company: Tailspin",
                                             "company: Tailspin\nprivate: true"))
    result = publish(runner, root, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Cleo Marsh (on " in result.output
    assert "Fabrikam (on " in result.output
    assert "- contacts/bram-okafor/index.html" in result.output
    assert "+ contacts/cleo-marsh/index.html" in result.output
    assert "Dry run: nothing was published" in result.output
    assert git(root, "rev-parse", "gh-pages") == tip


def test_a_private_name_on_a_public_page_is_flagged(tmp_path, runner) -> None:
    root = small_kb(tmp_path / "kb")
    write_kb(root, contacts={"zeb-quartzfeld": {"name": "Zebulon Quartzfeld", "private": True}})
    (root / "docs" / "index.md").write_text("# My notes\n\nLunch with Quartzfeld, Zebulon.\n")
    result = publish(runner, root, "--to", str(tmp_path / "out"), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "WARNING: 1 of the names only private notes hold appears" in result.output
    assert "! Zebulon Quartzfeld (on index.html)" in result.output


def test_without_a_terminal_something_new_needs_yes(tmp_path, runner) -> None:
    root, _ = repo_with_remote(tmp_path)
    result = publish(runner, root)
    assert result.exit_code == 1
    assert "run again with --yes" in result.output
    assert git(root, "rev-parse", "--verify", "-q", "gh-pages", check=False) == ""


def test_publish_to_a_folder_and_again(tmp_path, runner) -> None:
    root = small_kb(tmp_path / "kb")
    out = tmp_path / "public"
    result = publish(runner, root, "--to", str(out), "--yes")
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file() and (out / MANIFEST).is_file()
    assert not (out / ".infoview-site").exists()
    assert parse_manifest((out / MANIFEST).read_bytes()) is not None
    result = publish(runner, root, "--to", str(out), "--yes")
    assert result.exit_code == 0 and "Nothing new" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb", "public"]


@pytest.mark.parametrize("planted", ["a-file.txt", "index.html"])
def test_a_folder_that_is_not_an_earlier_publish_is_refused(tmp_path, runner, planted) -> None:
    root = small_kb(tmp_path / "kb")
    out = tmp_path / "public"
    out.mkdir()
    (out / planted).write_text("mine")
    result = publish(runner, root, "--to", str(out), "--yes")
    assert result.exit_code == 1
    assert result.output.startswith("Error: refusing to publish into")
    assert [p.name for p in out.iterdir()] == [planted]


@pytest.mark.parametrize("target", ["kb", "kb/contacts", "."])
def test_publishing_over_the_notes_is_refused(tmp_path, runner, target) -> None:
    root = small_kb(tmp_path / "kb")
    result = publish(runner, root, "--to", str(tmp_path / target), "--yes")
    assert result.exit_code == 1 and "refusing to publish into" in result.output
    assert (root / "contacts" / "ada-quill.md").is_file()


@pytest.mark.parametrize("damage", [b"", b"{", b"[]", b'{"infoview": 1, "pages": [1]}',
                                    b'{"infoview": 1, "pages": {"a": 2}, "terms": []}',
                                    b"\xff\xfe", b"[" * 100_000])
def test_a_damaged_record_counts_as_no_earlier_publish(tmp_path, runner, damage) -> None:
    root = small_kb(tmp_path / "kb")
    out = tmp_path / "public"
    assert publish(runner, root, "--to", str(out), "--yes").exit_code == 0
    (out / MANIFEST).write_bytes(damage)
    result = publish(runner, root, "--to", str(out), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "(first publish)" in result.output


def test_not_a_repository_is_one_error(tmp_path, runner) -> None:
    root = small_kb(tmp_path / "kb")
    result = publish(runner, root, "--yes")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "not in a git repository" in result.output
    assert result.output.count("\n") == 1


def test_a_checked_out_gh_pages_worktree_is_refused(tmp_path, runner) -> None:
    root, _ = repo_with_remote(tmp_path)
    git(root, "branch", "gh-pages")
    other = tmp_path / "pages"
    git(root, "worktree", "add", "-q", str(other), "gh-pages")
    (other / "stray.txt").write_text("draft")
    result = publish(runner, root, "--yes")
    assert result.exit_code == 1
    assert "checked out in" in result.output and "uncommitted changes" in result.output
    assert "nothing was published" in result.output


def test_a_refused_push_publishes_nothing(tmp_path, runner) -> None:
    root, remote = repo_with_remote(tmp_path)
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pushes are closed today' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = publish(runner, root, "--push", "--yes")
    assert result.exit_code == 1
    assert "origin refused the push" in result.output and "nothing was published" in result.output
    assert git(root, "rev-parse", "--verify", "-q", "gh-pages", check=False) == ""
    assert git(remote, "rev-parse", "--verify", "-q", "gh-pages", check=False) == ""


def test_a_build_with_errors_publishes_nothing(tmp_path, runner) -> None:
    root, _ = repo_with_remote(tmp_path)
    (root / "contacts" / "broken.md").write_text("---\nname: [\n---\n")
    result = publish(runner, root, "--yes")
    assert result.exit_code == 1
    assert git(root, "rev-parse", "--verify", "-q", "gh-pages", check=False) == ""


def test_publish_never_carries_a_planted_secret(tmp_path, runner) -> None:
    root = tmp_path / "planted"
    root.mkdir()
    _write_planted(root)
    git(root, "init", "-q", "-b", "main")
    result = publish(runner, root, "--yes")
    assert result.exit_code == 0, result.output
    published = tmp_path / "published"
    for name, body in files_of(root, "gh-pages").items():
        (published / name).parent.mkdir(parents=True, exist_ok=True)
        (published / name).write_bytes(body)
    leaked = _found(published)
    assert not leaked, leaked
    assert set(SECRETS) - NEVER_SHOWN  # the planted notes do hold secrets


def test_init_writes_a_valid_pages_workflow_whose_steps_run(tmp_path, runner) -> None:
    assert runner.invoke(main, ["init", str(tmp_path / "kb"), "--example",
                                "--today", TODAY]).exit_code == 0
    workflow = tmp_path / "kb" / ".github" / "workflows" / "infoview.yml"
    checked = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                              "vendor.github-workflows", str(workflow)],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    jobs = yaml.safe_load(workflow.read_text())["jobs"]
    uses = [step.get("uses", "") for job in jobs.values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    runs = [step["run"] for step in jobs["build"]["steps"] if "run" in step]
    assert runs[0].startswith("python -m pip install")
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "INFOVIEW_TODAY": TODAY}
    syntax = subprocess.run(["bash", "-n", "-c", runs[0]], capture_output=True, check=False)
    assert syntax.returncode == 0
    for command in runs[1:]:
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", command], cwd=tmp_path / "kb",
                              env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "kb" / "public" / "index.html").is_file()
