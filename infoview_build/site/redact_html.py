"""A public site cleaned as its reader sees it: emails and phone numbers hidden in the
built pages, the search index and the sitemap, after MkDocs has written them.

The public view (``plan/public.py``) cleans every note and setting before a page is made.
What it reads is Markdown and YAML, so a number the reader sees whole but the source
writes in pieces slips past it: ``+44 *20* 7946 0958`` (emphasis, links, inline code
splitting it), ``+1&nbsp;555…``, a navigation title from ``mkdocs.yml``, text another
Markdown extension adds after the page is read (``pymdownx.snippets``), a heading's
anchor (``#call-44-20-7946-0958``). Here the built files are read the way a browser
shows them:

- the text of a page is joined across inline elements (``em``, ``strong``, ``a``,
  ``code``, ``span``…), which a reader sees as one run of words, and comments; other
  elements (paragraphs, list items, cells, line breaks) end a run. A line break in the
  text is a space, as a browser shows it (but in ``<pre>``). A number found in a
  run is replaced by the marker in the first text piece that shows it, and the rest of it
  removed from the following pieces; the elements stay;
- attribute values (``title``, ``alt``, ``href``, ``id``, ``content``, ``data-…``) are
  read after their entities are decoded; in those naming a place (``href``, ``id``,
  ``src``…) the marker is one a URL and an anchor can hold (``phone-removed``), the same
  in the page, its table of contents and the search index, so anchors still match;
- drawing attributes of SVG icons (``d``, ``viewBox``, ``points``…), ``class``,
  ``style``, and the contents of ``<script>`` and ``<style>`` are left as they are: they
  hold numbers that are no text, and changing them would break the page;
- the search index (``search_index.json`` and the offline plugin's
  ``search_index.js``) is read as JSON: each entry's title and text as HTML, its location
  as a place; the sitemap, gzipped or not, as XML.

Files a page loads (images, style sheets, scripts, fonts) are not read: they are not
text a reader sees, and a number in a script is code. Hidden more than needed: the search
index runs a table's cells together, so a row of small numbers there (``0 0 0 63 0 58``)
reads as a phone number. A date keeps its digits in an anchor (``…-2026-05-11-1430``)
and in a label cut short (``2026-06-0…``).
"""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

from infoview_build.edit import files
from infoview_build.plan.redaction import (
    DEFAULT_REGIONS,
    EMAIL_TEXT,
    PHONE_TEXT,
    redact,
    sensitive_spans,
)

PLACE_MARKERS = {PHONE_TEXT: "phone-removed", EMAIL_TEXT: "email-removed"}
"""The markers in a value that names a place (a link, an anchor), where brackets and
spaces would break it."""

INLINE = frozenset((
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i",
    "ins", "kbd", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong",
    "sub", "sup", "time", "tt", "u", "var", "wbr",
))
"""Elements a reader reads through: ``+44 <em>20</em> 7946 0958`` is one number."""
_PLACES = frozenset(("href", "src", "id", "name", "for", "action", "formaction", "cite",
                     "poster", "srcset", "data", "xlink:href", "location", "url"))
_TECHNICAL = frozenset((
    "d", "points", "viewbox", "transform", "width", "height", "x", "y", "x1", "x2", "y1",
    "y2", "cx", "cy", "r", "rx", "ry", "offset", "fill", "stroke", "stroke-width",
    "class", "style", "integrity", "xmlns", "version", "tabindex", "colspan", "rowspan",
))
"""Attributes whose numbers are geometry or markup, never words."""
_GEOMETRY = frozenset(("path", "circle", "rect", "line", "polyline", "polygon", "ellipse",
                       "use", "stop", "lineargradient", "radialgradient"))
"""SVG elements that draw (Material's icons): their attributes are all geometry."""
# A tag worth reading the attributes of: one holding something an address or a number of
# MIN_DIGITS digits could be made of (digits, "@", an entity, a percent-escape).
_WORTH_READING_RE = re.compile(r"(?:\d[^\d<>]*+){7}"
                               r"|[@&%\uff20\ufe6b]|[\uff10-\uff19]")

_WHITE = str.maketrans("\n\r\t\f", "    ")
"""Outside ``<pre>``, a browser shows a line break in text as a space."""
# A tag may not hold a raw "<" (a quoted value included; pages escape it as &lt;): each
# attempt stops at the next "<", so no text, however odd, takes more than linear time.
_ATTRIBUTES = r"""(?:[^<>"']++|"[^"<]*+"|'[^'<]*+')*+>"""
_TOKEN_RE = re.compile(
    r"(?P<comment><!--.*?(?:-->|\Z))"
    rf"|(?P<raw><(?:script|style)\b{_ATTRIBUTES}.*?(?:</(?:script|style)\s*>|\Z))"
    rf"|(?P<tag></?(?P<name>[A-Za-z][^\s/<>]*+){_ATTRIBUTES})"
    r"|(?P<other><![^<>]*+>|<\?[^<>]*+>)",
    re.DOTALL | re.IGNORECASE,
)
_ATTRIBUTE_RE = re.compile(
    r"(?P<space>\s+)(?P<name>[^\s=/>\"']+)(?P<equals>\s*=\s*)"
    r"(?P<value>\"[^\"]*\"|'[^']*'|[^\s>\"']+)"
)


def redact_html(text: str, regions: tuple[str, ...] = DEFAULT_REGIONS) -> str:
    """An HTML page or fragment with every email and phone number its reader would see,
    in its text or its attributes, hidden."""
    if not text:
        return text
    edits: list[tuple[int, int, str]] = []  # (start, end, new text) of ``text``
    joined: list[str] = []
    pieces: list[tuple[int, int, int]] = []  # (offset in joined, start in text, length)
    length = position = 0
    preformatted = 0  # inside <pre> or <textarea>, a line break is one; elsewhere a space
    for token in _TOKEN_RE.finditer(text):
        start = token.start()
        if start > position:
            pieces.append((length, position, start - position))
            piece = text[position:start]
            joined.append(piece if preformatted else piece.translate(_WHITE))
            length += start - position
        position = token.end()
        kind = token.lastgroup
        if kind == "comment":
            continue  # shown to nobody: a number around it reads as one
        if kind == "tag":
            name = token["name"].lower()
            if name not in _GEOMETRY and _WORTH_READING_RE.search(text, start, position):
                edits += _attribute_edits(token["tag"], start, regions)
            if name in INLINE:
                continue
            if name in ("pre", "textarea"):
                preformatted = max(preformatted + (-1 if text[start + 1] == "/" else 1), 0)
        joined.append("\n")
        length += 1
    if position < len(text):
        pieces.append((length, position, len(text) - position))
        joined.append(text[position:] if preformatted else text[position:].translate(_WHITE))
    edits += _text_edits("".join(joined), pieces, regions)
    if not edits:
        return text
    out: list[str] = []
    position = 0
    for start, end, new in sorted(edits):
        out += [text[position:start], new]
        position = end
    out.append(text[position:])
    return "".join(out)


def _text_edits(joined: str, pieces: list[tuple[int, int, int]],
                regions: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """For each number in the joined text: the marker where its first piece shows it,
    and its other pieces cut."""
    edits: list[tuple[int, int, str]] = []
    index = 0
    for start, end, marker in sensitive_spans(joined, regions):
        while index < len(pieces) and pieces[index][0] + pieces[index][2] <= start:
            index += 1
        shown = False
        for offset, source, size in pieces[index:]:
            if offset >= end:
                break
            first, last = max(start, offset), min(end, offset + size)
            if first < last:
                edits.append((source + first - offset, source + last - offset,
                              "" if shown else html.escape(marker)))
                shown = True
    return edits


def _attribute_edits(tag: str, at: int, regions: tuple[str, ...]
                     ) -> list[tuple[int, int, str]]:
    edits = []
    for attribute in _ATTRIBUTE_RE.finditer(tag):
        name = attribute["name"].lower()
        if name in _TECHNICAL:
            continue
        raw = attribute["value"]
        quote = raw[0] if raw[0] in "\"'" else ""
        value = html.unescape(raw[1:-1] if quote else raw)
        cleaned = redact_value(value, name, regions)
        if cleaned != value:
            quote = quote or '"'
            edits.append((at + attribute.start("value"), at + attribute.end("value"),
                          quote + html.escape(cleaned, quote=True) + quote))
    return edits


# A heading's anchor writes "Bram Hale · 2026-05-11 14:30" as "bram-hale-2026-05-11-1430",
# and a label cut short ends in "2026-06-0…": dates still, in the forms attributes hold.
_ATTRIBUTE_DATE_RE = re.compile(
    r"(?<!\d)(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:(?:0[1-9]|[12]\d|3[01])"
    r"(?:-(?:[01]\d|2[0-3])[0-5]\d)?(?!\d)|[0-3]?(?=\u2026))")


def redact_value(value: str, name: str, regions: tuple[str, ...] = DEFAULT_REGIONS) -> str:
    """An attribute's or a search entry's plain value, cleaned; where ``name`` names a
    place (``href``, ``id``, ``location``), with markers a URL and an anchor can hold."""
    masked = _ATTRIBUTE_DATE_RE.sub(lambda m: "x" * len(m[0]), value)
    spans = sensitive_spans(masked, regions)
    if not spans:
        return value
    place = name.lower() in _PLACES
    out: list[str] = []
    position = 0
    for start, end, marker in spans:
        out += [value[position:start], PLACE_MARKERS[marker] if place else marker]
        position = end
    out.append(value[position:])
    return "".join(out)


# -- the built site ------------------------------------------------------------------------

_PAGES = (".html", ".htm", ".xml", ".xhtml")
_INDEX_JS = "var __index = "


def _clean_json(value, regions: tuple[str, ...], key: str = ""):
    if isinstance(value, str):
        return redact_value(value, key, regions) if key.lower() in _PLACES \
            else redact_html(value, regions)
    if isinstance(value, list):
        return [_clean_json(item, regions, key) for item in value]
    if isinstance(value, dict):
        return {k: _clean_json(item, regions, k) for k, item in value.items()}
    return value


def redact_text(name: str, data: bytes, regions: tuple[str, ...] = DEFAULT_REGIONS
                ) -> bytes | None:
    """A built file's bytes cleaned, by what its name says it is; ``None`` when it is no
    text a reader sees (an image, a style sheet, a script) or holds nothing to hide."""
    lower = name.lower()
    if lower.endswith(".gz"):
        inner = redact_text(name[:-3], gzip.decompress(data), regions)
        return None if inner is None else gzip.compress(inner, mtime=0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if lower.endswith(_PAGES):
        cleaned = redact_html(text, regions)
    elif lower.endswith(".json") or (lower.endswith("search_index.js")
                                     and text.startswith(_INDEX_JS)):
        prefix = _INDEX_JS if lower.endswith(".js") else ""
        try:
            parsed = json.loads(text[len(prefix):])
        except ValueError:
            return None if prefix else redact_text(name + ".txt", data, regions)
        found = _clean_json(parsed, regions)
        if found == parsed:
            return None
        cleaned = prefix + json.dumps(found, ensure_ascii=False, separators=(",", ":"))
    elif lower.endswith((".txt", ".csv", ".ics", ".vcf", ".md")):
        cleaned = redact(text, regions)
    else:
        return None
    return None if cleaned == text else cleaned.encode("utf-8")


def redact_site(site_dir: Path | str, regions: tuple[str, ...] = DEFAULT_REGIONS
                ) -> list[str]:
    """Clean every page, index and sitemap of a built site in place (a Pagefind index is
    removed); the site-relative paths of the files changed, sorted. Each is replaced
    whole (``files.replace_output``), never left half written."""
    site = Path(site_dir)
    changed = []
    index = site / "pagefind"
    if index.is_dir() and not index.is_symlink():
        # Pagefind's index is compressed pieces that cannot be cleaned in place: it goes,
        # and is made again from the cleaned pages (``site/pagefind.py``)
        files.remove_folder(index)
        changed.append("pagefind/")
    done: dict[bytes, bytes | None] = {}  # the search index, for the script made of it
    # the search index before the script the offline plugin makes of it
    for path in sorted(site.rglob("*"), key=lambda p: (p.name != "search_index.json", p)):
        if not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        if path.name == "search_index.js" and data[len(_INDEX_JS):] in done:
            inner = done[data[len(_INDEX_JS):]]
            cleaned = None if inner is None else _INDEX_JS.encode() + inner
        else:
            cleaned = redact_text(path.name, data, regions)
            if path.name == "search_index.json":
                done[data] = cleaned
        if cleaned is not None:
            files.replace_output(path, cleaned)
            changed.append(path.relative_to(site).as_posix())
    return changed


# -- what a public build refuses ------------------------------------------------------------

INCLUDING_EXTENSIONS = frozenset(("pymdownx.snippets", "markdown_include.include",
                                  "markdown_include", "mdx_include", "include"))
"""Markdown extensions that pull other files into a page while it renders."""


def public_refusal(extensions) -> str | None:
    """Why a public build refuses ``mkdocs.yml``'s ``markdown_extensions`` (names, or
    ``{name: settings}`` as the file writes them), or ``None``.

    A file an extension includes is read after the public view has cleaned the page: its
    private sections are kept, and it may be a private note itself. Its emails and phone
    numbers are still hidden (``redact_site``), but that is not the promise."""
    for extension in extensions or ():
        names = extension.keys() if isinstance(extension, dict) else [extension]
        for name in names:
            if str(name).removeprefix("markdown.extensions.") in INCLUDING_EXTENSIONS:
                return (f"mkdocs.yml: markdown_extensions has {name}, which pulls other "
                        "files into a page as it renders; a --public build refuses it, "
                        "because what it includes is published without its private "
                        "sections removed (and may be a private note). Take it out of "
                        "mkdocs.yml for the public build, or build without --public.")
    return None
