"""What a public site shows, read back from its HTML: the record ``publish`` leaves in the
published tree and the comparison with the last one (what is new before it is public).

The record (``.infoview-published.json``) holds each page's path and a hash of its
visible text, and hashes of the names, companies and email- or number-like strings seen;
no local path and no clear text. It comes back from a branch or folder that anyone may
have changed, so it is read as untrusted data: anything malformed counts as no record.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from infoview_build.notes.identity import fold_name
from infoview_build.notes.model import KnowledgeBase

MANIFEST = ".infoview-published.json"
"""The record of a publish, at the top of the published tree."""
MANIFEST_LIMIT = 32 * 1024 * 1024
"""A record larger than this is not read (it is not one of ours)."""
_VERSION = 1

_SKIPPED_TAGS = frozenset(("script", "style", "template", "noscript"))
_SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
_WORD_RE = re.compile(r"\w+")
_EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_NUMBER_RE = re.compile(r"\+?\(?\d+(?:[\s().\-·•_,:~/]{1,3}\d+)*")
_DAY_OR_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?|\d{1,2}:\d{2}")
_NOT_A_PHONE_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_MIN_DIGITS = 7


class _TextReader(HTMLParser):
    """The words a reader sees on a page: text and the attributes that are shown or read
    aloud, without scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        for name, value in attrs:
            if name in _SHOWN_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """A page's visible text, one space between pieces (Unicode format characters out)."""
    reader = _TextReader()
    reader.feed(html)
    reader.close()
    text = " ".join(" ".join(reader.parts).split())
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True, slots=True, order=True)
class Term:
    """Something a reader learns from the site: a person's name, a company, an email- or
    number-like string."""

    kind: str
    """``name``, ``company``, ``email`` or ``number``."""
    text: str
    page: str = field(compare=False)
    """The first page (by path) that shows it."""
    private: bool = field(default=False, compare=False)
    """A name or company only a private note holds."""

    @property
    def key(self) -> str:
        return _hash(f"{self.kind}\0{fold_name(self.text)}")


@dataclass(slots=True)
class Reading:
    """A built public site, as a reader sees it."""

    pages: dict[str, str]
    """Page path → hash of its visible text."""
    terms: list[Term]

    def manifest(self) -> str:
        """The record to leave in the published tree (sorted, so it is reproducible)."""
        data = {"infoview": _VERSION, "pages": dict(sorted(self.pages.items())),
                "terms": sorted({term.key for term in self.terms})}
        return json.dumps(data, indent=1) + "\n"


@dataclass(slots=True)
class Changes:
    """What a publish adds to what is public, against the last publish's record."""

    first: bool
    """No earlier record: everything is new."""
    added: list[str]
    changed: list[str]
    removed: list[str]
    new_terms: list[Term]

    @property
    def anything(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.new_terms)

    @property
    def new(self) -> bool:
        """Something is public for the first time: a page or a name, company or number."""
        return bool(self.added or self.new_terms)


class _Finder:
    """Finds the names and companies of the notes in a stream of words."""

    def __init__(self, kb: KnowledgeBase) -> None:
        public: dict[tuple[str, str], str] = {}
        private: dict[tuple[str, str], str] = {}
        for contact in kb.contacts.values():
            target = private if contact.private else public
            target.setdefault(("name", contact.name), contact.name)
            parts = contact.name.split()
            if len(parts) == 2:  # "Surname, Given" in a referral or an import
                target.setdefault(("name", f"{parts[1]} {parts[0]}"), contact.name)
            if contact.company:
                target.setdefault(("company", contact.company), contact.company)
        self.starts: dict[str, list[tuple[tuple[str, ...], str, str, bool]]] = {}
        for table, is_private in ((public, False), (private, True)):
            for (kind, written), shown in table.items():
                if is_private and (kind, written) in public:
                    continue
                words = tuple(_words(written))
                if words:
                    self.starts.setdefault(words[0], []).append((words, kind, shown, is_private))

    def find(self, text: str) -> Iterable[tuple[str, str, bool]]:
        words = _words(text)
        for at, word in enumerate(words):
            for wanted, kind, shown, is_private in self.starts.get(word, ()):
                if tuple(words[at:at + len(wanted)]) == wanted:
                    yield kind, shown, is_private


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(fold_name(text))


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _numbers(text: str) -> Iterable[str]:
    for match in _NUMBER_RE.finditer(_DAY_OR_TIME_RE.sub(" ", text)):
        found = match.group().strip(" ,.:/-")
        if _digits(found) >= _MIN_DIGITS and not _NOT_A_PHONE_RE.fullmatch(found):
            yield found


def read_site(site: Path, kb: KnowledgeBase) -> Reading:
    """Every HTML page of ``site`` and what it shows of the notes."""
    finder = _Finder(kb)
    pages: dict[str, str] = {}
    terms: dict[tuple[str, str], Term] = {}
    for path in sorted(_html_pages(site)):
        try:
            html = (site / path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        text = visible_text(html)
        pages[path] = _hash(text)
        found = [Term(kind, shown, path, is_private)
                 for kind, shown, is_private in finder.find(text)]
        found += [Term("email", email, path) for email in _EMAIL_RE.findall(text)]
        found += [Term("number", number, path) for number in _numbers(text)]
        for term in found:
            terms.setdefault((term.kind, term.key), term)
    return Reading(pages, sorted(terms.values()))


def _html_pages(site: Path) -> Iterable[str]:
    for folder, subfolders, names in os.walk(site):
        subfolders.sort()
        for name in names:
            if name.endswith(".html"):
                yield Path(folder, name).relative_to(site).as_posix()


def parse_manifest(raw: bytes | None) -> tuple[dict[str, str], set[str]] | None:
    """The pages and term keys of an earlier record; None when there is none or it is not
    one of ours."""
    if raw is None or len(raw) > MANIFEST_LIMIT:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("infoview") != _VERSION:
        return None
    pages, terms = data.get("pages"), data.get("terms")
    if not isinstance(pages, dict) or not isinstance(terms, list):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in pages.items()):
        return None
    if not all(isinstance(term, str) for term in terms):
        return None
    return pages, set(terms)


def compare(reading: Reading, earlier: tuple[dict[str, str], set[str]] | None) -> Changes:
    """What ``reading`` makes public that ``earlier`` did not."""
    if earlier is None:
        return Changes(True, sorted(reading.pages), [], [], list(reading.terms))
    pages, keys = earlier
    added = sorted(set(reading.pages) - set(pages))
    removed = sorted(set(pages) - set(reading.pages))
    changed = sorted(path for path, digest in reading.pages.items()
                     if path in pages and pages[path] != digest)
    new_terms = [term for term in reading.terms if term.key not in keys]
    return Changes(False, added, changed, removed, new_terms)


SHOWN = 30
"""How many new strings of each kind a publish lists before it counts the rest."""
_KIND_WORDS = {"name": ("name", "names"), "company": ("company", "companies"),
               "email": ("email-like string", "email-like strings"),
               "number": ("number-like string", "number-like strings")}


def describe(changes: Changes, pages: int, where: str, limit: int | None = SHOWN) -> list[str]:
    """The lines that tell a person what a publish makes public."""
    since = "first publish" if changes.first else "since the last publish"
    lines = [f"Public site: {pages} pages, for {where} ({since})."]
    if not changes.anything:
        return [*lines, "Nothing new: every page and name is as last published."]
    counts = (f"{len(changes.added)} added, {len(changes.changed)} changed, "
              f"{len(changes.removed)} removed")
    lines.append(f"Pages: {counts}.")
    if not changes.first:
        for mark, paths in (("+", changes.added), ("~", changes.changed), ("-", changes.removed)):
            lines += [f"  {mark} {path}" for path in _first(paths, limit)]
            lines += _more(paths, limit, "pages")
    private = [term for term in changes.new_terms if term.private]
    if private:
        lines.append(f"WARNING: {len(private)} of the names only private notes hold "
                     f"{'appears' if len(private) == 1 else 'appear'} on the public site:")
        lines += [f"  ! {term.text} (on {term.page})" for term in private]
    for kind, (one, many) in _KIND_WORDS.items():
        found = [term for term in changes.new_terms if term.kind == kind and not term.private]
        words = one if len(found) == 1 else many
        if found:
            lines.append(f"Shown for the first time, {len(found)} {words}:")
            lines += [f"  {term.text} (on {term.page})" for term in _first(found, limit)]
            lines += _more(found, limit, words)
    return lines


def _first(items: list, limit: int | None) -> list:
    return items if limit is None else items[:limit]


def _more(items: list, limit: int | None, words: str) -> list[str]:
    if limit is None or len(items) <= limit:
        return []
    return [f"  … and {len(items) - limit} more {words} ('infoview publish --dry-run' lists "
            "them all)"]
