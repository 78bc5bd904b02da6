"""A public site is cleaned as its reader sees it (``site/redact_html.py``).

Numbers the Markdown source writes in pieces (``+44 *20 7946* 0958``, ``07700
**900123**``, a heading's anchor), and those that come from ``mkdocs.yml``'s ``nav:``,
are whole in the built page; these tests build a real site with them, clean it, and search
every byte of every file (pages, search index and its script, sitemap, gzip'd or not)
for any run of their digits.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from infoview_build.edit.scaffold import init
from infoview_build.notes.errors import InfoviewError
from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.plan.public import public_regions
from infoview_build.plan.redaction import redact, sensitive_spans
from infoview_build.site.publish import build_site
from infoview_build.site.redact_html import (
    public_refusal,
    redact_html,
    redact_site,
    redact_text,
)

TODAY = date(2026, 12, 1)

# Each number as the page writes it, and the digit runs of it that must reach no file.
PLANTED = {
    "emphasis": ("+44 *20 7946* 0958", ("7946", "0958", "442079460958")),
    "strong": ("**+1 555** 010 **0199**", ("0199", "15550100199")),
    "entities": ("+1&nbsp;555&nbsp;010&nbsp;0142", ("0142", "15550100142")),
    "link-text": ("[+49 30 *9017* 2633](https://example.org/x)", ("9017", "2633")),
    "link-title": ('[office](https://example.org/y "+61 2 9876 5862")', ("9876", "5862")),
    "attribute": ('<span title="+61 2 9871 5861">the Sydney office</span>', ("9871", "5861")),
    "uk-mobile": ("07700 **900123**", ("900123", "07700900123")),
    "code": ("`+44 20 79` 46 0888", ("0888", "442079460888")),
    "heading": ("## Call Bo +31 *20 794* 6123", ("6123", "31207946123")),
    "nav": ("Call Ada +44 20 7946 0321", ("0321", "442079460321")),
    "front-matter": ("Ring +44 20 7946 0654", ("0654", "442079460654")),
}
PUBLIC_WORDS = ("Split by emphasis", "the Sydney office", "Quietly public", "Call Bo",
                "Call Ada", "Ring")


def _plant(root: Path) -> None:
    init(root, TODAY, example=True)
    lines = "\n\n".join(text for name, (text, _) in PLANTED.items()
                        if name not in ("nav", "front-matter", "heading"))
    (root / "docs" / "call.md").write_text(
        f"---\ntitle: \"{PLANTED['front-matter'][0]}\"\n---\n\n# Calling\n\n"
        f"Split by emphasis, and more:\n\n{lines}\n\n{PLANTED['heading'][0]}\n\n"
        "Quietly public.\n", encoding="utf-8")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"\nnav:\n  - index.md\n  - \"{PLANTED['nav'][0]}\": call.md\n"
                     "  - Contacts: contacts/index.md\n")


def _readings(data: bytes) -> list[str]:
    """A file's text as a reader could see it: raw, entity-decoded, JSON-unescaped, and
    with its markup taken out (a number split by tags)."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    text = data.decode("utf-8", errors="replace")
    once = html.unescape(text)
    unicode = html.unescape(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)),
                                   text))
    bare = html.unescape(re.sub(r"<[^>]*>", "", unicode))
    return [text, once, unicode, bare, re.sub(r"[^\d]", "", bare)]


def _leaks(site: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        readings = _readings(path.read_bytes())
        for name, (_, runs) in PLANTED.items():
            # the all-digit form is looked for only where every non-digit is taken out
            if any(run in reading for run in runs for reading in readings[:-1]) or \
                    runs[-1] in readings[-1] and len(runs[-1]) > 9:
                found.setdefault(name, []).append(path.relative_to(site).as_posix())
    return found


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("rendered") / "kb"
    _plant(root)
    return root


@pytest.fixture(scope="module")
def shown(planted: Path) -> Path:
    """The site built without --public: every number in it, as the notes write them."""
    site = planted.parent / "site"
    build_site(planted, TODAY, site)
    return site


@pytest.fixture(scope="module")
def built(planted: Path) -> Path:
    site = planted.parent / "public-site"
    build_site(planted, TODAY, site, public=True)
    return site


def test_every_number_reaches_a_site_built_without_public(shown: Path) -> None:
    # The control: the numbers are planted, and found where they are (the nav title and
    # the split numbers in every kind of file), so the tests below cannot pass by looking
    # in the wrong place.
    found = _leaks(shown)
    assert set(found) == set(PLANTED), found
    assert any(path.startswith("search/") for path in found["heading"])
    assert "index.html" in found["nav"]


def test_a_cleaned_site_carries_no_run_of_any_number(planted: Path, shown: Path,
                                                      tmp_path) -> None:
    site = tmp_path / "site"
    shutil.copytree(shown, site)
    kb = load_knowledge_base(planted, TODAY)
    changed = redact_site(site, public_regions(kb))
    assert {"call.html", "index.html", "search/search_index.json",
            "search/search_index.js"} <= set(changed)
    assert _leaks(site) == {}
    page = (site / "call.html").read_text(encoding="utf-8")
    for word in PUBLIC_WORDS:
        assert word in page, word
    # An anchor and the links to it are changed alike: the table of contents still works.
    anchor = re.search(r'<h2 id="([^"]+)"', page)[1]
    assert "phone-removed" in anchor and f'href="#{anchor}"' in page
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert f"call.html#{anchor}" in {entry["location"] for entry in index["docs"]}
    script = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert json.loads(script.removeprefix("var __index = ")) == index
    # cleaning twice changes nothing more
    assert redact_site(site, public_regions(kb)) == []


def test_a_public_build_carries_no_run_of_any_number(built: Path) -> None:
    assert _leaks(built) == {}


# -- pages as a reader sees them ------------------------------------------------------------

@pytest.mark.parametrize(("page", "expected"), [
    ("<p>+44 <em>20 7946</em> 0958 ok</p>",
     "<p>[phone removed]<em></em> ok</p>"),
    ("<p>Mobile: 07700 <strong>900123</strong>.</p>",
     "<p>Mobile: [phone removed]<strong></strong>.</p>"),
    ("<p>+1&nbsp;555&nbsp;010&nbsp;0142</p>", "<p>[phone removed]</p>"),
    ("<p>+44 20<!-- x --> 7946 0958</p>", "<p>[phone removed]<!-- x --></p>"),
    ('<p><a href="tel:+442079460958" title="+44 20 7946 0958">call</a></p>',
     '<p><a href="tel:phone-removed" title="[phone removed]">call</a></p>'),
    ('<h2 id="call-44-20-7946-0958">Call</h2><a href="#call-44-20-7946-0958">x</a>',
     '<h2 id="call-phone-removed">Call</h2><a href="#call-phone-removed">x</a>'),
    ("<p>ada<span>@</span>example.org</p>", "<p>[email removed]<span></span></p>"),
    ("<p>Mail ada&#64;example.org</p>", "<p>Mail [email removed]</p>"),
    ("<p>Call +44\n20 7946\n0958.</p>", "<p>Call [phone removed].</p>"),  # a soft break
])
def test_numbers_and_addresses_split_by_markup_are_hidden(page: str, expected: str) -> None:
    assert redact_html(page) == expected


@pytest.mark.parametrize("page", [
    "<p>Met on 2026-12-03 at 14:30, paid $1,200,000.</p>",
    "<table><tr><td>2019</td><td>2023</td><td>1234</td></tr></table>",
    "<ul><li>+44 20</li><li>79 46</li></ul>",  # two items are two things, not one number
    "<pre><code>+44 20\n79 46\n09 58</code></pre>",  # three lines of code
    '<svg viewBox="0 0 24 24"><path d="M10 10 10 10 10 10 10 10-4.47 10-10 10 10"/></svg>',
    "<script>var big = 4294967295 + 1234567890;</script>",
    '<p class="x1234567890">3 of 5, room 404</p>',
    # a date in an anchor, and in a label cut short, are dates still
    '<h1 id="bram-hale-2026-05-11-1430">Bram Hale · 2026-05-11 14:30</h1>'
    '<a href="#bram-hale-2026-05-11-1430">x</a>',
    '<input aria-label="from the interview with Dario Castell on 2026-06-0…">',
])
def test_what_is_no_number_a_reader_sees_stays_as_it_is(page: str) -> None:
    assert redact_html(page) is page or redact_html(page) == page


def test_the_search_index_and_a_gzipped_sitemap_are_read() -> None:
    index = {"config": {"lang": ["en"]}, "docs": [
        {"location": "call.html#call-44-20-7946-0958", "title": "Call +44 <em>20</em> 7946",
         "text": "<p>07700 <strong>900123</strong></p>"}]}
    cleaned = json.loads(redact_text("search_index.json", json.dumps(index).encode()))
    assert cleaned["docs"] == [{"location": "call.html#call-phone-removed",
                                "title": "Call [phone removed]<em></em>",
                                "text": "<p>[phone removed]<strong></strong></p>"}]
    script = redact_text("search_index.js", b"var __index = " + json.dumps(index).encode())
    assert json.loads(script.decode().removeprefix("var __index = ")) == cleaned
    sitemap = gzip.compress(b"<urlset><url><loc>https://x.example/+447946095800/</loc>"
                            b"</url></urlset>")
    assert b"7946" not in gzip.decompress(redact_text("sitemap.xml.gz", sitemap))
    assert redact_text("bundle.js", b"var a = 4294967295;") is None
    assert redact_text("logo.png", b"\x89PNG 4294967295") is None
    assert redact_text("search_index.json", json.dumps(
        {"docs": [{"text": "room 404"}]}).encode()) is None


def test_spans_hide_what_redact_hides() -> None:
    for text in ("+44 20 7946 0958", "ada@example.org +1 555 010 0199", "ada&#64;x.org",
                 "wa.me/447700900124", "2026-12-03 14:30", "x%2B44%202079460958"):
        spans = sensitive_spans(text)
        shown = "".join(text[end:next_start] for (_, end, _), (next_start, _, _)
                        in zip([(0, 0, "")] + spans, spans + [(len(text), 0, "")], strict=True))
        assert redact(shown) == shown, text
        assert bool(spans) == (redact(text) != text), text


def test_a_public_build_with_snippets_is_refused(tmp_path, capfd) -> None:
    root = tmp_path / "kb"
    init(root, TODAY, example=True)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace(
        "markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.snippets\n"),
        encoding="utf-8")
    with pytest.raises(InfoviewError):
        build_site(root, TODAY, tmp_path / "site", public=True)
    assert "pymdownx.snippets" in capfd.readouterr().err
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("extensions", [
    ["tables", "pymdownx.snippets"],
    ["tables", {"pymdownx.snippets": {"base_path": ["."]}}],
    ["markdown_include.include"],
])
def test_a_public_build_refuses_extensions_that_include_files(extensions) -> None:
    message = public_refusal(extensions)
    assert message is not None and "--public" in message and "private" in message


def test_a_public_build_takes_extensions_that_include_nothing() -> None:
    assert public_refusal(["tables", {"toc": {"permalink": True}}, "pymdownx.superfences"]) \
        is None
