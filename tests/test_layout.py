"""The package reads as its pipeline: imports between subpackages point one way only.

``cli`` → (``lsp``, ``interchange``, ``site``) → ``edit`` → ``plan`` → ``notes``. Every import
counts, lazy ones inside functions included; the scan reads the source with ``ast``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "infoview_build"
NAME = "infoview_build"

ALLOWED: dict[str, set[str]] = {
    "notes": set(),
    "plan": {"notes"},
    "edit": {"plan", "notes"},
    "site": {"edit", "plan", "notes"},
    "interchange": {"edit", "plan", "notes"},
    "lsp": {"plan", "notes"},
    "cli": {"lsp", "interchange", "site", "edit", "plan", "notes"},
}
"""Which subpackages each one may import (besides itself). ``site`` and ``interchange``
write files only through ``edit.files``."""

TOP_LEVEL = {"__init__", "__main__"}
"""Modules directly in the package: the version, and ``python -m infoview_build``."""


def module_name(path: Path, package: Path = PACKAGE) -> str:
    """``infoview_build/site/render.py`` → ``infoview_build.site.render``."""
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, package: Path = PACKAGE) -> list[tuple[int, str]]:
    """``(line, module)`` for every import of the package in ``path``, lazy ones included."""
    own = module_name(path, package).split(".")
    if path.name != "__init__.py":
        own = own[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(own[: len(own) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # ``from infoview_build.site import render`` imports the module ``render``
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names
                      if (package.parent / f"{target}.{alias.name}".replace(".", "/")
                          ).with_suffix(".py").exists()
                      or (package.parent / f"{target}.{alias.name}".replace(".", "/")).is_dir()]
    return [(line, name) for line, name in found
            if name == package.name or name.startswith(package.name + ".")]


def layer(module: str) -> str:
    """The subpackage a module belongs to (``infoview_build.site.render`` → ``site``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def violations(package: Path = PACKAGE) -> list[str]:
    """Every import against the arrows, as ``path:line: a -> b``."""
    found = []
    for path in sorted(package.rglob("*.py")):
        source = module_name(path, package)
        here = layer(source)
        for line, target in imports_of(path, package):
            there = layer(target)
            if there in ("", here) or there in TOP_LEVEL:
                continue
            if here in ("", *TOP_LEVEL):
                allowed = {"cli"} if path.stem == "__main__" else set()
            else:
                allowed = ALLOWED.get(here, set())
            if there not in allowed:
                rel = path.relative_to(package.parent)
                found.append(f"{rel}:{line}: {here or path.stem} -> {there}")
    return sorted(set(found))


def module_cycles(package: Path = PACKAGE) -> list[list[str]]:
    """Cycles in the module import graph (lazy imports included)."""
    modules = {module_name(p, package): p for p in package.rglob("*.py")}
    graph = {name: sorted({t for _line, t in imports_of(path, package)
                           if t in modules and t != name
                           and not name.startswith(t + ".")})  # a package's own __init__
             for name, path in modules.items()}
    cycles, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    return cycles


def test_every_subpackage_is_known_and_says_what_it_is() -> None:
    subpackages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert subpackages <= set(ALLOWED)
    for name in subpackages:
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text()))
        assert doc and "import" in doc, f"{name}/__init__.py says what it may import"


def test_imports_follow_the_arrows() -> None:
    assert violations() == []


def test_no_import_cycles() -> None:
    assert module_cycles() == []


def test_no_module_is_more_than_about_500_lines() -> None:
    long = [f"{p.relative_to(PACKAGE)}: {n}" for p in sorted(PACKAGE.rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 560]
    assert long == []


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / NAME
    for rel, text in {"__init__.py": "", **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(root).parents:
            (root / parent / "__init__.py").touch()
        path.write_text(text)
    return root


@pytest.mark.parametrize("code", [
    "from infoview_build.site import render",
    "from infoview_build.site.render import render_site",
    "import infoview_build.site.render",
    "def f():\n    from infoview_build.site import render\n",
    "from ..site import render",
])
def test_the_scan_sees_an_import_against_the_arrows(tmp_path: Path, code: str) -> None:
    root = _package(tmp_path, {"plan/stages.py": code, "site/render.py": ""})
    assert violations(root) == [f"{NAME}/plan/stages.py:{code.count(chr(10)) and 2 or 1}: "
                                "plan -> site"]


def test_the_scan_allows_imports_along_the_arrows(tmp_path: Path) -> None:
    root = _package(tmp_path, {"site/render.py": "from infoview_build.plan import stages\n"
                                                  "from infoview_build.notes.model import X\n",
                               "plan/stages.py": "", "notes/model.py": ""})
    assert violations(root) == []


def test_the_scan_finds_a_cycle_through_a_lazy_import(tmp_path: Path) -> None:
    root = _package(tmp_path, {
        "site/render.py": "from infoview_build.site.pages import page\n",
        "site/pages.py": "def f():\n    from infoview_build.site import render\n",
    })
    assert module_cycles(root) == [[f"{NAME}.site.pages", f"{NAME}.site.render",
                                    f"{NAME}.site.pages"]]
