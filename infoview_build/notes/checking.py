"""What ``infoview check`` reports, and the guard every other command puts first."""

from __future__ import annotations

import click

from infoview_build.notes.errors import KnowledgeBaseInvalid
from infoview_build.notes.model import KnowledgeBase


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def summary(kb: KnowledgeBase) -> str:
    """``12 files checked: 2 errors, 1 warning``."""
    errors, warnings = len(kb.errors), len(kb.warnings)
    head = f"{_count(kb.files_checked, 'file')} checked"
    if not errors and not warnings:
        return f"{head}: no problems"
    return f"{head}: {_count(errors, 'error')}, {_count(warnings, 'warning')}"


def check_report(kb: KnowledgeBase, strict: bool) -> tuple[list[str], str, bool]:
    """The problem lines, the summary, and whether the check failed."""
    failed = bool(kb.errors) or (strict and bool(kb.warnings))
    return [p.format() for p in kb.problems], summary(kb), failed


def require_valid(kb: KnowledgeBase) -> KnowledgeBase:
    """Show the errors on stderr and stop (exit 1) when the knowledge base has any."""
    if kb.errors:
        for problem in kb.errors:
            click.echo(problem.format(), err=True)
        raise KnowledgeBaseInvalid(len(kb.errors))
    return kb
