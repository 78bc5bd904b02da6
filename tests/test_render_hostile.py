"""Hostile values in front matter become text on the page, never markup, and never a crash.

Each page is turned into HTML the way MkDocs does it: the page's YAML front matter read
by MkDocs' own reader, the rest by Python-Markdown with the extensions of the example's
``mkdocs.yml``. A page made with a hostile value must have exactly the elements and
attributes of the same page made with a plain placeholder (only the heading anchors that
the ``toc`` extension derives from the text may differ), and its text must show the value
as typed. A few hostile knowledge bases also go through a real ``mkdocs build``.
"""

from __future__ import annotations

import html
import re
import shutil
import time
import unicodedata
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data
from test_hostile import EXPECTED_CLEAN as LOADS_CLEAN
from test_hostile import HOSTILE as HOSTILE_NOTES

from infoview_build.cli import main
from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.site.escape import SAFE_SCHEMES
from infoview_build.site.publish import build_site
from infoview_build.site.render import TAGS_INDEXED, render_site

from conftest import REPO
from kb_notes import write_kb

TODAY = date(2026, 12, 1)
PLACEHOLDER = "Placeholder value"
PLACEHOLDER_LINK = "https://placeholder.example.org/"
_SAFE_HREF_RE = re.compile(r"(?:\.\./)*[a-z0-9][a-z0-9/._-]*\.md(?:#[a-z0-9_-]*)?")
"""A link to another page of the site, made of slug characters only."""

CONTACT = {"name": "Ada Quill", "company": "Northwind", "role": "Staff Engineer",
           "requested_on": "2026-11-01", "replied_on": "2026-11-02"}
INTERVIEW = {"contact": "ada-quill", "date": "2026-11-20", "duration": 30,
             "goals": ["Learn the path"], "questions": ["What is a day like?"],
             "actions": [{"task": "Send the deck", "due": "2026-12-09"}],
             "referrals": ["Bo Lind"], "gift": "coffee", "place": "Cafe Nord"}

# (note, field, how the value is put into the note)
FIELDS = {
    "name": ("contact", lambda v: {"name": v}),
    "role": ("contact", lambda v: {"role": v}),
    "company": ("contact", lambda v: {"company": v}),
    "industry": ("contact", lambda v: {"industry": v}),
    "location": ("contact", lambda v: {"location": v}),
    "found_via": ("contact", lambda v: {"found_via": v}),
    "why": ("contact", lambda v: {"why": v}),
    "tags": ("contact", lambda v: {"tags": ["first", v]}),
    "goals": ("interview", lambda v: {"goals": [v, "Second goal"]}),
    "questions": ("interview", lambda v: {"questions": [v, {"q": v, "topic": "culture"}]}),
    "actions": ("interview", lambda v: {"actions": [{"task": v, "due": "2026-12-09"}]}),
    "referrals": ("interview", lambda v: {"referrals": [v]}),
    "gift": ("interview", lambda v: {"gift": v}),
    "place": ("interview", lambda v: {"place": v}),
}

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }} {% for x in y %}{{ x }}{% endfor %} {# c #}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "A | B | C",
    "`code` ``more`` ```fence",
    "*stars* _under_ **bold** ~~strike~~ ==mark==",
    "[x](javascript:alert(1)) [y]: javascript:alert(1) <javascript:alert(1)>",
    "javascript:alert(1)",
    "https://ok.example.org/\"><script>alert(1)</script>",
    "# heading\n\n- list\n\n> quote",
    "<!-- comment --> <![CDATA[x]]> &amp; &#60; &lt;",
    "{: .class #id onclick=alert(1) }",
    "[ ] [x] - [ ] task",
    "\\ \\\\ \\* \\|",
    "Ada\u202eevil\u200b\ufeff",
    "\x7f\x80\x9f\ufffe\uffff",
    "emoji 😀 and 中文 and العربية",
    "!!! note \"Admonition\"\n    body",
    '<div markdown="1">*md in html*</div>',
    "x" * 5_000,
]


class _Shape(HTMLParser):
    """The elements of a page with their attributes, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        shape = []
        for name, value in attrs:
            if name == "id" or (name == "href" and (value or "").startswith("#")):
                value = "(anchor)"  # derived by toc from the heading's text
            elif name == "href":
                self.hrefs.append(value)
                value = "(href)"
            shape.append((name, value))
        self.elements.append((tag, tuple(shape)))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.elements.append(("/" + tag, ()))

    def handle_comment(self, data: str) -> None:
        self.elements.append(("<!--", (data,)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _extensions() -> tuple[list[str], dict]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, settings_of = [], {}
    for item in config["markdown_extensions"]:
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        names.append(name)
        settings_of[name] = options or {}
    return names, settings_of


EXTENSIONS = _extensions()


def _html(page: str) -> tuple[_Shape, dict]:
    """A generated page as MkDocs turns it into HTML: its shape and its front matter."""
    body, meta = get_data(page)
    converter = markdown.Markdown(extensions=EXTENSIONS[0], extension_configs=EXTENSIONS[1])
    shape = _Shape()
    shape.feed(converter.convert(body))
    shape.close()
    return shape, meta


def _shown(value: str) -> str:
    """What a value looks like on the page: on one line, spaces collapsed, no control
    characters (they show nothing and HTML forbids them)."""
    visible = "".join(c for c in value if c.isspace() or unicodedata.category(c) != "Cc")
    return " ".join(visible.split())


def _pages(tmp: Path, field: str, value: str) -> dict[str, str] | None:
    """Every page of a knowledge base with ``value`` in ``field``; None if it doesn't load."""
    note, values = FIELDS[field]
    contact, interview = dict(CONTACT), dict(INTERVIEW)
    (contact if note == "contact" else interview).update(values(value))
    shutil.rmtree(tmp, ignore_errors=True)
    write_kb(tmp, contacts={"ada-quill": contact},
             interviews={"2026-11-20-ada-quill": interview})
    kb = load_knowledge_base(tmp, TODAY)
    return None if kb.errors else render_site(kb, TODAY)


def _placeholder(value: str) -> str:
    linked = value.strip().lower().startswith(SAFE_SCHEMES)
    return PLACEHOLDER_LINK if linked else PLACEHOLDER


def _assert_only_text(tmp: Path, field: str, value: str) -> bool:
    """Assert ``value`` shows only as text; False when the loader refuses it."""
    hostile = _pages(tmp / "hostile", field, value)
    if hostile is None:
        return False  # the loader's answer to it is tested in test_hostile.py
    plain = _pages(tmp / "plain", field, _placeholder(value))
    assert plain is not None
    # pages named after a value (a company's page) pair up with the placeholder's
    common = sorted(hostile.keys() & plain.keys())
    named = sorted(hostile.keys() - plain.keys())
    plain_named = sorted(plain.keys() - hostile.keys())
    assert len(named) == len(plain_named), (named, plain_named)
    assert all(_SAFE_HREF_RE.fullmatch(path) for path in named), named
    shown = _shown(value)
    page = "contacts/ada-quill.md" if FIELDS[field][0] == "contact" else \
        "interviews/2026-11-20-ada-quill.md"
    for path, plain_path in [*zip(common, common, strict=True),
                             *zip(named, plain_named, strict=True)]:
        got, meta = _html(hostile[path])
        want, plain_meta = _html(plain[plain_path])
        assert meta.keys() == plain_meta.keys(), path  # front matter still read as YAML
        assert got.elements == want.elements, path
        for href in got.hrefs:
            assert href in want.hrefs or _SAFE_HREF_RE.fullmatch(href) \
                or html.unescape(href) == shown, (path, href)
        if path == page:
            assert shown in "".join(got.text), path
    title = _html(hostile[page])[1]["title"]
    if field == "name":
        assert html.unescape(title).startswith(shown)
    return True


@pytest.mark.parametrize("field", sorted(FIELDS))
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_values_show_as_text(tmp_path: Path, field: str, value: str) -> None:
    assert _assert_only_text(tmp_path, field, value)


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60).filter(
    lambda v: _shown(v) != "")  # a value that shows as nothing leaves an empty element


@settings(max_examples=150, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(field=st.sampled_from(sorted(FIELDS)), value=_TEXT)
@example(field="name", value="\x85")
def test_any_string_in_any_field_shows_only_as_text(tmp_path: Path, field: str,
                                                    value: str) -> None:
    assume(_assert_only_text(tmp_path, field, value))


# -- real MkDocs builds ----------------------------------------------------------------------

def _site(root: Path) -> Path:
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_a_real_build_shows_hostile_values_as_text(tmp_path: Path) -> None:
    root = _site(tmp_path / "kb")
    write_kb(root, contacts={
        "script": {"name": "<script>alert(1)</script>", "company": "{{ 7*7 }} | {% x %}",
                   "role": "[x](javascript:alert(1)) `tick`", "tags": ["<b>tag</b>", "{{ t }}"],
                   "links": ["https://ok.example.org/\"onmouseover=x"]},
    })
    site = build_site(root, TODAY, tmp_path / "site").site_dir
    page = (site / "contacts" / "script.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"""href=["']?javascript:""", page, re.IGNORECASE)
    assert 'onmouseover="' not in page
    assert "{{ 7*7 }}" in html.unescape(page) and ">49<" not in page
    assert "<b>tag</b>" not in page
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script>alert" not in index.replace("\\u003c", "<")


def test_a_ten_megabyte_note_and_ten_thousand_tags_build_in_bounded_time(tmp_path: Path) -> None:
    root = _site(tmp_path / "kb")
    write_kb(root, contacts={
        "big": {"name": "Big Body", "body": "word " * 2_000_000},
        "tags": {"name": "Many Tags", "tags": [f"tag{i:05}" for i in range(10_000)]},
        "long": {"name": "L" * 10_000, "company": "<i>" * 2_000},
    })
    start = time.perf_counter()
    site = build_site(root, TODAY, tmp_path / "site").site_dir
    elapsed = time.perf_counter() - start
    assert elapsed < 60, elapsed  # about 7 s here; 10,000 indexed tags took 42 s
    assert (site / "contacts" / "big.html").stat().st_size > 10_000_000
    page = (site / "contacts" / "tags.html").read_text(encoding="utf-8")
    assert "tag00000" in page and "tag09999" in page  # the page shows every tag
    index = (site / "tags.html").read_text(encoding="utf-8")
    assert f"tag{TAGS_INDEXED - 1:05}" in index and f"tag{TAGS_INDEXED:05}" not in index
    long = (site / "contacts" / "long.html").read_text(encoding="utf-8")
    assert "<i><i>" not in long and "<i>" * 2_000 in html.unescape(long)
    assert "L" * 10_000 in long


@pytest.mark.parametrize("name", sorted(HOSTILE_NOTES))
def test_every_hostile_note_builds_a_site_or_is_refused_clearly(tmp_path: Path, runner,
                                                                name: str) -> None:
    root = _site(tmp_path / "kb")
    (root / "contacts").mkdir()
    (root / "contacts" / "hostile.md").write_bytes(HOSTILE_NOTES[name])
    start = time.perf_counter()
    result = runner.invoke(main, ["build", "--root", str(root), "--today", "2026-12-01",
                                  "--site-dir", str(tmp_path / "site"), "--public"])
    assert time.perf_counter() - start < 60  # bounded, not a speed target
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    if name in LOADS_CLEAN:
        assert result.exit_code == 0, result.output
        assert (tmp_path / "site" / "contacts" / "hostile.html").is_file()
    else:
        assert result.exit_code == 1
        assert result.output.startswith("contacts/hostile.md:"), result.output
        assert not (tmp_path / "site" / "index.html").exists()


def test_a_link_out_of_the_knowledge_base_is_not_published(tmp_path: Path, runner) -> None:
    secret = tmp_path / "diary.md"
    secret.write_text("---\nname: Diary Secretword\n---\nSECRETDIARYWORD\n")
    root = _site(tmp_path / "kb")
    (root / "contacts").mkdir()
    (root / "contacts" / "diary.md").symlink_to(secret)
    (root / "docs" / "diary.md").symlink_to(secret)
    result = runner.invoke(main, ["build", "--root", str(root), "--today", "2026-12-01",
                                  "--site-dir", str(tmp_path / "site")])
    assert result.exit_code == 1
    assert "contacts/diary.md:1: -: a link that points outside the knowledge base" in \
        result.output
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_page_of_docs_linking_out_of_the_knowledge_base_is_left_out(tmp_path: Path,
                                                                      runner) -> None:
    secret = tmp_path / "diary.md"
    secret.write_text("# Diary\n\nSECRETDIARYWORD\n")
    root = _site(tmp_path / "kb")
    write_kb(root, contacts={"ada-quill": CONTACT})
    (root / "docs" / "diary.md").symlink_to(secret)
    (root / "docs" / "about-link.md").symlink_to(root / "docs" / "about.md")  # inside: fine
    result = runner.invoke(main, ["build", "--root", str(root), "--today", "2026-12-01",
                                  "--site-dir", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert "WARNING: infoview: docs/diary.md is a link to a place outside the knowledge base" \
        in result.output
    assert (tmp_path / "site" / "about-link.html").is_file()
    for path in (tmp_path / "site").rglob("*"):
        assert not path.is_file() or b"SECRETDIARYWORD" not in path.read_bytes(), path
