"""``infoview publish``: the public site (never the private one) to a git branch or a folder.

The site is built with ``--public`` into a private temporary folder, read back to list
what becomes public for the first time, then either committed to a branch of the
knowledge base's own repository (git plumbing with a temporary index: the working tree,
the index and ``HEAD`` are never touched) or put in place of a folder's old copy.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from infoview_build.edit.files import (
    copy_site_into,
    drop_site_marker,
    replace_output,
    scratch_folder,
)
from infoview_build.notes.cache import CACHE_DIR
from infoview_build.notes.errors import InfoviewError
from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.notes.load import read_regular
from infoview_build.site.published import (
    MANIFEST,
    Changes,
    Reading,
    compare,
    parse_manifest,
    read_site,
)

NO_JEKYLL = ".nojekyll"
"""Tells GitHub Pages to serve the files as they are (MkDocs' folders start with ``_``
nowhere, but Jekyll would also drop dot-files)."""
_IDENTITY = {"GIT_AUTHOR_NAME": "infoview", "GIT_AUTHOR_EMAIL": "infoview@localhost",
             "GIT_COMMITTER_NAME": "infoview", "GIT_COMMITTER_EMAIL": "infoview@localhost"}
_NOTHING = "nothing was published"


@dataclass(slots=True)
class Target:
    """Where a publish goes: a branch (with its remote when pushing) or a folder."""

    branch: str | None = None
    remote: str | None = None
    folder: Path | None = None

    def describe(self) -> str:
        if self.folder is not None:
            return f"folder {self.folder}"
        pushed = f", pushed to {self.remote}" if self.remote else ""
        return f"branch {self.branch}{pushed}"


@dataclass(slots=True)
class Outcome:
    """What a publish did."""

    changes: Changes
    pages: int
    published: bool
    commit: str | None = None


@contextlib.contextmanager
def built_public_site(root: Path, today: date, cached: bool) -> Iterator[Path]:
    """The public site, built into a temporary folder only this user can read."""
    from infoview_build.site.publish import build_site

    with scratch_folder("infoview-publish-") as scratch:
        site = scratch / "site"
        build_site(root, today, site, public=True, cached=cached)
        drop_site_marker(site)
        yield site


def publish(root: Path, today: date, target: Target, *, dry_run: bool, cached: bool,
            confirm: Callable[[Changes], bool], report: Callable[[Changes, int], None]
            ) -> Outcome:
    """Build the public site, report what is new, and (unless ``dry_run`` or refused by
    ``confirm``) publish it to ``target``."""
    root = Path(root)
    repo = None
    if target.branch is not None:
        repo = _repository(root)
        _refuse_checked_out(repo, target.branch)
    else:
        _check_folder(target.folder, root)
    kb = load_knowledge_base(root, today)
    with built_public_site(root, today, cached) as site:
        reading = read_site(site, kb)
        if repo is not None:
            parent = _parent(repo, target)
            earlier = _git_file(repo, parent, MANIFEST) if parent else None
        else:
            earlier = _folder_manifest(target.folder)
        changes = compare(reading, parse_manifest(earlier))
        report(changes, len(reading.pages))
        if dry_run or not confirm(changes):
            return Outcome(changes, len(reading.pages), False)
        replace_output(site / MANIFEST, reading.manifest().encode("utf-8"))
        if repo is not None:
            commit = _commit(repo, site, target, parent, reading)
            return Outcome(changes, len(reading.pages), commit is not None, commit)
        _replace(site, target.folder)
        return Outcome(changes, len(reading.pages), True)


# --- a branch -----------------------------------------------------------------------


def _git(repo: Path, *args: str, env: dict[str, str] | None = None, check: bool = True
         ) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True,
                              env={**os.environ, **(env or {})}, check=False)
    except FileNotFoundError:
        raise InfoviewError(f"publishing to a branch needs git, which was not found; "
                            f"{_NOTHING} (publish to a folder with --to DIR)") from None
    if check and done.returncode != 0:
        raise InfoviewError(f"git {args[0]} failed: {_last_line(done.stderr)}; {_NOTHING}")
    return done


def _last_line(raw: bytes) -> str:
    lines = [line.strip() for line in raw.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line and not line.startswith("hint:")]
    return lines[-1] if lines else "no message"


def _repository(root: Path) -> Path:
    done = _git(root, "rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise InfoviewError(f"{root} is not in a git repository, so there is no branch to "
                            f"publish to; {_NOTHING} (run 'git init' there, or publish to a "
                            "folder with --to DIR)")
    return Path(done.stdout.decode().strip())


def _refuse_checked_out(repo: Path, branch: str) -> None:
    if _git(repo, "check-ref-format", f"refs/heads/{branch}", check=False).returncode != 0:
        raise InfoviewError(f"{branch!r} is not a valid branch name; {_NOTHING}")
    listing = _git(repo, "worktree", "list", "--porcelain").stdout.decode("utf-8", "replace")
    for block in listing.split("\n\n"):
        fields = dict(line.partition(" ")[::2] for line in block.splitlines())
        if fields.get("branch") != f"refs/heads/{branch}":
            continue
        where = fields.get("worktree", "?")
        dirty = _git(Path(where), "status", "--porcelain", check=False).stdout.strip()
        state = "has uncommitted changes and " if dirty else ""
        raise InfoviewError(f"branch {branch} is checked out in {where}, which {state}would "
                            f"change under you; switch that worktree to another branch first; "
                            f"{_NOTHING}")


def _tip(repo: Path, ref: str) -> str | None:
    done = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    return done.stdout.decode().strip() or None if done.returncode == 0 else None


def _parent(repo: Path, target: Target) -> str | None:
    """The commit a new publish follows: the branch, else (a fresh clone) its remote copy."""
    tip = _tip(repo, f"refs/heads/{target.branch}")
    if tip is None and target.remote:
        tip = _tip(repo, f"refs/remotes/{target.remote}/{target.branch}")
    return tip


def _git_file(repo: Path, commit: str, name: str) -> bytes | None:
    done = _git(repo, "cat-file", "blob", f"{commit}:{name}", check=False)
    return done.stdout if done.returncode == 0 else None


def _commit(repo: Path, site: Path, target: Target, parent: str | None,
            reading: Reading) -> str | None:
    """One commit holding exactly ``site`` on ``target.branch``, pushed if asked; None
    when the site is the same as the last one published."""
    replace_output(site / NO_JEKYLL, b"")
    git_dir = Path(_git(repo, "rev-parse", "--absolute-git-dir").stdout.decode().strip())
    with tempfile.TemporaryDirectory(prefix="infoview-index-") as scratch:
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        _git(site, f"--git-dir={git_dir}", f"--work-tree={site}", "add", "--all", "--force",
             ".", env=env)
        tree = _git(repo, "write-tree", env=env).stdout.decode().strip()
    if parent and _git(repo, "rev-parse", f"{parent}^{{tree}}").stdout.decode().strip() == tree:
        return None
    message = f"infoview publish: {len(reading.pages)} pages"
    identity = {} if _has_identity(repo) else _IDENTITY
    commit = _git(repo, "commit-tree", tree, *(["-p", parent] if parent else []), "-m",
                  message, env=identity).stdout.decode().strip()
    ref = f"refs/heads/{target.branch}"
    old = _tip(repo, ref)
    _git(repo, "update-ref", "-m", "infoview publish", ref, commit, old or "0" * len(commit))
    if target.remote:
        pushed = _git(repo, "push", "--quiet", target.remote, f"{ref}:{ref}", check=False)
        if pushed.returncode != 0:
            if old:
                _git(repo, "update-ref", "-m", "infoview publish: push refused", ref, old, commit)
            else:
                _git(repo, "update-ref", "-d", ref, commit)
            raise InfoviewError(f"{target.remote} refused the push: "
                                f"{_last_line(pushed.stderr)}; {_NOTHING} (branch "
                                f"{target.branch} is as it was)")
    return commit


def _has_identity(repo: Path) -> bool:
    return all(_git(repo, "config", key, check=False).returncode == 0
               for key in ("user.name", "user.email"))


# --- a folder -----------------------------------------------------------------------


def _check_folder(folder: Path | None, root: Path) -> None:
    """Refuse a folder that holds the notes or anything a publish did not put there."""
    assert folder is not None
    where = folder.expanduser().resolve()
    base = root.resolve()
    kept = [base / name for name in ("contacts", "interviews", "docs", CACHE_DIR)]
    if (where in (base, Path.home().resolve(), Path(where.anchor))
            or base.is_relative_to(where) or any(where.is_relative_to(k) for k in kept)):
        raise InfoviewError(f"refusing to publish into {folder}: it holds your notes or "
                            f"contains the knowledge base; {_NOTHING}")
    if where.exists() and not where.is_dir():
        raise InfoviewError(f"refusing to publish into {folder}: it is a file; {_NOTHING}")
    if where.is_dir() and any(where.iterdir()) and _folder_manifest(where) is None:
        raise InfoviewError(f"refusing to publish into {folder}: it is not empty and holds "
                            f"no earlier publish ({MANIFEST}); empty it or choose another "
                            f"folder; {_NOTHING}")


def _folder_manifest(folder: Path | None) -> bytes | None:
    try:
        return read_regular(Path(folder).expanduser() / MANIFEST)
    except (OSError, TypeError):
        return None


def _replace(site: Path, folder: Path | None) -> None:
    assert folder is not None
    copy_site_into(site, folder.expanduser().resolve(), folder)
