"""Markdown links to notes that move, pointed at their new file names.

A link is what the site's Markdown (Python-Markdown, with the extensions of
``mkdocs.yml``) reads as one: an inline link or image, ``[text](target "title")``, or a
reference definition, ``[label]: target``; its target plain, between angle brackets
(``<my notes/ada-quill.md>``) or percent-encoded (``ada%2Dquill.md``). Text that only
looks like a link, in a code span or a code block, is left as written. Each candidate
target is swapped for a unique word, the text is rendered once, and only the words found
in a link's address (or in a reference definition) are real links.
"""

from __future__ import annotations

import posixpath
import re
import secrets
from functools import lru_cache
from urllib.parse import unquote

from infoview_build.notes.sitemarkdown import MarkdownSettings, new_markdown

# The target of an inline link or image, ``](target "title")``, or of a reference
# definition, ``[label]: target``: between angle brackets (spaces allowed), or up to a space.
_INLINE = re.compile(r"\]\(\s*(?:<([^<>\n]*)>|([^()\s<>]+))")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(?:<([^<>\n]*)>|([^\s<>]+))")
_ADDRESS = re.compile(r"""(?:href|src)\s*=\s*["']([^"']*)["']""")


def mentions(text: str, names: list[str]) -> bool:
    """Whether ``text`` may link to a file of ``names``, as written or percent-encoded."""
    decoded = unquote(text) if "%" in text else text
    return any(name in text or name in decoded for name in names)


@lru_cache(maxsize=8)
def _renderer(settings: MarkdownSettings):
    """One renderer per setting, made once (loading extensions takes time)."""
    return new_markdown(settings)


def _candidates(lines: list[list[str]], here: str, pages: dict[str, str]
                ) -> list[tuple[int, int, int, str]]:
    """``(line, start, end, new target)`` of every target that leads to a moved page."""
    found: dict[tuple[int, int], tuple[int, int, int, str]] = {}
    for index, (content, _end) in enumerate(lines):
        if "](" not in content and "]:" not in content:
            continue
        for match in [*_INLINE.finditer(content), *_DEFINITION.finditer(content)]:
            group = 1 if match.group(1) is not None else 2
            start, end = match.span(group)
            new = _new_target(content[start:end], here, pages)
            if new is not None:
                found[(index, start)] = (index, start, end, new)
    return list(found.values())


def _new_target(target: str, here: str, pages: dict[str, str]) -> str | None:
    """``target`` pointed at its page's new file name, or None when it leads elsewhere."""
    path = re.split(r"[#?]", target.strip(), maxsplit=1)[0]
    if not path or "://" in path or path.startswith(("/", "mailto:")):
        return None
    plain = unquote(path)
    name = pages.get(posixpath.normpath(posixpath.join(here, plain)))
    if name is None:
        return None
    cut = path.rfind("/") + 1
    folder = path[:cut] if unquote(path[cut:]) == posixpath.basename(plain) else \
        posixpath.dirname(plain) + "/" * bool(posixpath.dirname(plain))
    start = target.index(path)
    return target[:start] + folder + name + target[start + len(path):]


def _real(lines: list[list[str]], found: list[tuple[int, int, int, str]],
          settings: MarkdownSettings) -> set[int]:
    """Which of ``found`` the site's Markdown reads as links (by their index)."""
    nonce = f"z{secrets.token_hex(6)}"
    copy = [content for content, _end in lines]
    for number, (index, start, end, _new) in sorted(enumerate(found),
                                                    key=lambda item: -item[1][1]):
        content = copy[index]
        copy[index] = f"{content[:start]}{nonce}n{number}q{content[end:]}"
    renderer = _renderer(settings)
    renderer.reset()
    html = renderer.convert("\n".join(copy))
    addresses = [m.group(1) for m in _ADDRESS.finditer(html)]
    addresses += [str(ref[0]) for ref in getattr(renderer, "references", {}).values()]
    words = re.compile(rf"{nonce}n(\d+)q")
    return {int(m.group(1)) for address in addresses for m in words.finditer(address)}


def rewrite_links(lines: list[list[str]], page: str, pages: dict[str, str],
                  settings: MarkdownSettings | None = None) -> None:
    """Point every link in ``lines`` (``[text, ending]`` pairs of the page at ``page``)
    that leads to a page of ``pages`` (page path → new file name) at its new name."""
    found = _candidates(lines, posixpath.dirname(page), pages)
    if not found:
        return
    real = _real(lines, found, settings or MarkdownSettings())
    # right to left in each line, so that the spans of the others stay true
    for number, (index, start, end, new) in sorted(enumerate(found),
                                                   key=lambda item: -item[1][1]):
        if number in real:
            content = lines[index][0]
            lines[index][0] = content[:start] + new + content[end:]
