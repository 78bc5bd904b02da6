"""Listings cut to size: no generated page lists without bound (DESIGN.md §5).

A summary (a dashboard section, a group of an index) shows its first items and links to
the whole list; a long list is a series of pages, the first at its usual address
(``checklists/action.md``) and the others in a folder named after it
(``checklists/action/2.md``), each with a pager linking every page of the series. A
folder and a number: no note's slug can take the address of a page of the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

SHOWN = 10
"""Items a dashboard section shows before linking to the rest."""
INDEX_SHOWN = 25
"""Rows each group of an index (contacts by stage, interviews) shows before linking to the
whole group."""
PAGE_ROWS = 200
"""Rows of a table of links (a person, a role, a date) on one page of a series."""
PAGE_ITEMS = 100
"""Checklist items on one page (an item has a line of advice and may have sub-items)."""
QUOTED = 20
"""Excerpts a topic page (or a company's culture section) quotes in full; the rest are
listed, each linking to its interview."""


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page stands in its series."""

    number: int
    """1 for the first page."""
    paths: tuple[str, ...]
    """The docs-relative path of every page of the series, in order."""
    start: int
    """How many items come before this page's first."""
    end: int
    """How many items come up to this page's last."""
    total: int

    @property
    def path(self) -> str:
        return self.paths[self.number - 1]

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < len(self.paths) else None

    @property
    def window(self) -> list[tuple[int, str] | None]:
        """The pages the pager names, as ``(number, path)``: the first, the last and those
        near this one, ``None`` standing for the pages left out between them; a pager of a
        long series stays one line."""
        last = len(self.paths)
        named = sorted({1, last, *range(max(self.number - NEAR, 1),
                                        min(self.number + NEAR, last) + 1)})
        out: list[tuple[int, str] | None] = []
        for number in named:
            if out and out[-1] is not None and number > out[-1][0] + 1:
                out.append(None)
            out.append((number, self.paths[number - 1]))
        return out


NEAR = 3
"""Pages on either side of the current one that its pager names."""


def series_path(first: str, number: int) -> str:
    """The docs-relative path of page ``number`` of the series whose first page is ``first``."""
    return first if number == 1 else f"{first.removesuffix('.md')}/{number}.md"


def cut(first: str, items: Sequence[T], size: int,
        head: int | None = None) -> list[tuple[Pager, Sequence[T]]]:
    """``items`` as pages of ``size`` (the first of ``head`` items, if given), each with
    its pager; one page, maybe empty, when they fit."""
    head = size if head is None else head
    chunks = [items[:head]] + [items[at:at + size] for at in range(head, len(items), size)]
    paths = tuple(series_path(first, n) for n in range(1, len(chunks) + 1))
    out = []
    start = 0
    for number, chunk in enumerate(chunks, 1):
        out.append((Pager(number, paths, start, start + len(chunk), len(items)), chunk))
        start += len(chunk)
    return out
