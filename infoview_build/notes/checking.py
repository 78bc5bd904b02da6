"""What ``infoview check`` reports, and the guard every other command puts first."""

from __future__ import annotations

from dataclasses import replace

import click

from infoview_build.notes.errors import KnowledgeBaseInvalid
from infoview_build.notes.knowledge import CONFIG_FILE
from infoview_build.notes.model import KnowledgeBase
from infoview_build.notes.terminal import printable


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


def valid_part(kb: KnowledgeBase) -> tuple[KnowledgeBase, list[str], list[str]]:
    """``kb`` without the notes that have errors; the paths of the files with errors; the
    paths of the interviews left out because their contact has errors.

    What the valid notes say is still worth seeing while one note is half-saved: a broken
    note is left out whole rather than read in part, so nothing it says can mislead, and an
    interview goes with its contact, so that what is left holds together as a valid
    knowledge base does.
    """
    broken = sorted({p.path for p in kb.errors})
    if not broken:
        return kb, [], []
    gone = set(broken)
    contacts = {s: c for s, c in kb.contacts.items() if c.path not in gone}
    contacts = {s: c if c.introduced_by in (None, *contacts) else replace(c, introduced_by=None)
                for s, c in contacts.items()}
    interviews = {s: i for s, i in kb.interviews.items() if i.path not in gone}
    orphans = sorted(i.path for i in interviews.values() if i.contact not in contacts)
    interviews = {s: i for s, i in interviews.items() if i.contact in contacts}
    valid = replace(kb, contacts=contacts, interviews=interviews, _by_contact=None, derived={})
    return valid, broken, orphans


def report_broken(kb: KnowledgeBase, what: str) -> KnowledgeBase:
    """Show every error and what ``what`` leaves out, on stderr, before the output; return
    the knowledge base of the valid notes."""
    valid, broken, orphans = valid_part(kb)
    if not broken:
        return valid
    for problem in kb.errors:
        click.echo(problem.format(), err=True)
    said = []
    if CONFIG_FILE in broken:
        said.append(f"{CONFIG_FILE} has errors: the settings in error keep their defaults")
    notes = [path for path in broken if path != CONFIG_FILE]
    if notes:
        noun = "file has" if len(notes) == 1 else "files have"
        also = f"; and, as their contact has errors, {', '.join(orphans)}" if orphans else ""
        said.append(f"{len(notes)} {noun} errors; {what} leaves out: {', '.join(notes)}{also}")
    for line in said:
        click.echo(f"Error: {printable(line)}", err=True)
    return valid
