"""Quick fixes for the problems whose hint already says the fix.

``check`` hints "did you mean 'email'?", "put it in quotes: …" and "add 'name: …'";
each becomes one edit here: the key or value replaced by the suggestion, the value put in
double quotes, or the missing key written under the opening ``---``.
"""

from __future__ import annotations

import re

from lsprotocol import types

from infoview_build.lsp.locate import Span
from infoview_build.notes.model import Problem
from infoview_build.notes.yamltext import guess_missing, quoted

_MEAN_RE = re.compile(r"did you mean '(.+)'\?")
_MISSING_RE = re.compile(r"required field '([^'.]+)' is missing")


def quick_fix(problem: Problem, span: Span, diagnostic: types.Diagnostic, lines: list[str],
              folder: str, slug: str, uri: str, to_client) -> types.CodeAction | None:
    """The one fix for ``problem``, or None when its hint names none."""
    if match := _MEAN_RE.fullmatch(problem.hint):
        title, text, preferred = f"Change to '{match[1]}'", match[1], True
        where = span
    elif problem.hint.startswith("put it in quotes"):
        written = _text(lines, span)
        title, text, preferred = f"Put {written} in quotes", quoted(written), True
        where = span
    elif (match := _MISSING_RE.fullmatch(problem.message)) and problem.field == match[1]:
        value = guess_missing(match[1], folder, slug)
        text = f"{match[1]}: {value}".rstrip() + "\n"
        title, preferred = f"Add '{text.strip()}'", False
        where = (1, 0, 1, 0)
    else:
        return None
    edit_range = types.Range(to_client(where[0], where[1]), to_client(where[2], where[3]))
    return types.CodeAction(
        title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
        is_preferred=preferred,
        edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(edit_range, text)]}))


def _text(lines: list[str], span: Span) -> str:
    line, start, end_line, end = span
    if line == end_line:
        return lines[line][start:end]
    return "\n".join([lines[line][start:], *lines[line + 1:end_line], lines[end_line][:end]])


