"""Every file infoview writes goes through ``edit/files/`` (temporary file, then rename).

A scan of the package's source: no module outside ``edit/files/`` may open a file for writing or
call a writing, renaming or removing function itself. MkDocs writes the site (into a
folder ``files.claim_site_dir`` has checked first); that is not our code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "infoview_build"
HELPER = "edit/files/"
WRITING_METHODS = {"write_text", "write_bytes", "touch", "unlink", "rename", "replace",
                   "rmdir", "symlink_to", "hardlink_to"}
WRITING_FUNCTIONS = {("os", "replace"), ("os", "rename"), ("os", "remove"), ("os", "unlink"),
                     ("os", "link"), ("shutil", "copy"), ("shutil", "copyfile"),
                     ("shutil", "copy2"), ("shutil", "move"), ("shutil", "rmtree"),
                     ("shutil", "copytree")}


def _writes(path: Path) -> list[str]:
    """``line: call`` for every call in ``path`` that writes, renames or removes a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            mode = node.args[1] if len(node.args) > 1 else next(
                (k.value for k in node.keywords if k.arg == "mode"), None)
            reads = mode is None or (isinstance(mode, ast.Constant)
                                     and set(str(mode.value)) <= set("rbt"))
            if not reads:
                found.append(f"{node.lineno}: open(…, {ast.unparse(mode)})")
        elif isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else ""
            if (owner, func.attr) in WRITING_FUNCTIONS:
                found.append(f"{node.lineno}: {owner}.{func.attr}")
            elif func.attr in WRITING_METHODS and owner not in {"files", "dataclasses"} \
                    and not (func.attr == "replace" and len(node.args) != 1):
                # (a path's replace takes one argument; a string's, two)
                found.append(f"{node.lineno}: .{func.attr}")
    return found


@pytest.mark.parametrize("module", sorted(p.relative_to(PACKAGE).as_posix()
                                          for p in PACKAGE.rglob("*.py")
                                          if not p.relative_to(PACKAGE).as_posix()
                                          .startswith(HELPER)))
def test_only_the_helper_writes_files(module: str) -> None:
    assert _writes(PACKAGE / module) == []


def test_the_scan_finds_writes() -> None:
    assert _writes(PACKAGE / HELPER / "durable.py")  # it would see a write elsewhere too


@pytest.mark.parametrize("code", ['Path("x").write_text("y")', 'open(path, "w")',
                                  'open(path, mode="ab")', "os.replace(a, b)",
                                  "target.replace(other)", "shutil.rmtree(site)"])
def test_the_scan_sees_each_kind_of_write(tmp_path: Path, code: str) -> None:
    (tmp_path / "m.py").write_text(code + "\n")
    assert len(_writes(tmp_path / "m.py")) == 1
    (tmp_path / "ok.py").write_text('open(path).read()\ntext.replace("a", "b")\n')
    assert _writes(tmp_path / "ok.py") == []
