"""A public site leaks nothing: secrets planted everywhere in the notes reach no output byte.

The knowledge base below hides a unique word (or an email address, or a phone number) in
every place a secret can live: private contacts and interviews, interviews of private
contacts, email and phone fields, bodies, private sections, free-text fields, referrals,
links, tags and the owner's profile. A real MkDocs build with ``--public`` must not carry
any of them in any file (HTML, search index, sitemap, JavaScript, gzip'd or not). The same
build without ``--public`` is the control: it shows that the secrets do reach the site
when nothing is removed, so this test cannot pass by looking in the wrong place.
"""

from __future__ import annotations

import gzip
import html
import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview_build.cli import main
from infoview_build.site.publish import build_site
from infoview_build.site.render import render_site

from conftest import REPO
from kb_notes import write_kb

TODAY = date(2026, 12, 1)

SECRETS = {
    # private contact: every field and the body
    "private-name": "Zorvexa Quillhaven",
    "private-company": "Xenthrop Dynamics",
    "private-role": "Vicepresident Glimmerwork",
    "private-tag": "tagsecretzq",
    "private-body": "PRIVCONTACTBODY",
    "private-email": "zorvexa@xenthrop.example",
    "private-found-via": "PRIVFOUNDVIA",
    # public contact: contact details and marked parts
    "email-field": "leakalpha@example.org",
    "phone-field": "+1 555 0147",
    "body-email": "bodyleak@example.net",
    "body-phone": "(555) 013-0199",
    "private-heading": "PRIVHEADINGMARK",
    "private-comment": "PRIVCOMMENTMARK",
    "mailto-link": "linkleak@example.com",
    "link-query-email": "linkquery@example.com",
    "found-via-email": "foundvia@example.com",
    "why-phone": "555-010-0177",
    "location-phone": "+44 20 7946 0958",
    # interviews
    "private-interview": "PRIVINTERVIEWMARK",
    "private-interview-goal": "PRIVGOALMARK",
    "orphan-interview": "ORPHANINTERVIEWMARK",
    "goal-phone": "555-0166",
    "question-email": "askme@example.org",
    "place-phone": "555-010-0188",
    "action-email": "actionleak@example.org",
    "gift-email": "giftleak@example.org",
    "referral-email": "referralleak@example.org",
    "interview-private-section": "PRIVINTNOTEMARK",
    # the owner's profile
    "owner-name": "Ownerly Xyloquist",
    "owner-email": "ownerleak@example.org",
    "owner-phone": "+1 555 0100 77",
    "owner-intro": "OWNERINTROMARK",
    # a hand-written page of docs/
    "docs-email": "docsleak@example.org",
    "docs-title-phone": "555-010-0155",
    "docs-override-email": "overrideleak@example.org",
    "docs-private-section": "DOCSPRIVATEMARK",
    # phone numbers in national formats, in every kind of field
    "uk-mobile-body": "07700 900123",
    "de-landline-role": "030 1234567",
    "jp-number-place": "03-1234-5679",
    "br-mobile-question": "(11) 91234-5670",
    "nl-mobile-gift": "06-12345671",
    "cn-mobile-tag": "13800138001",
    "us-bare-goal": "5550100102",
    "in-mobile-action": "098765 43212",
    "au-landline-location": "(02) 9876 5433",
    "number-in-kept-link": "447700900124",
    "fullwidth-number": "０３-１２３４-５６７８",
    # private sections however Python-Markdown reads them as headings
    "heading-without-space": "NOSPACEHEADMARK",
    "heading-with-emphasis": "BOLDHEADMARK",
    "setext-heading": "SETEXTHEADMARK",
    "indented-heading": "INDENTHEADMARK",
    "after-indented-fence": "AFTERFENCEMARK",
    # files and settings beside the notes
    "docs-text-file": "attachleak@example.org",
    "docs-text-file-phone": "0161 496 0999",
    "bank-email": "bankleak@example.org",
    "bank-phone": "0161 496 0000",
    "topic-title-phone": "0161 496 0001",
    "topic-alias-email": "aliasleaklocal",  # the page shows aliases as words: no "@"
    "site-copyright-email": "copyleak@example.org",
    # a private contact named in a referral, spelt another way
    "private-surname": "Quillhaven",
    # emails encoded as a browser shows them
    "percent-encoded-email": "pctleaklocal",
    "non-ascii-email": "zeñalocal",
    "entity-encoded-email": "entleaklocal",
}
NEVER_SHOWN = {"owner-name", "owner-email", "owner-phone", "owner-intro"}
"""The owner's profile feeds email drafts only: not even a private site shows it."""

PUBLIC_WORDS = ("Ada Quill", "Northwind", "PUBLICBODYWORD", "Bram Okafor", "AFTERSECTIONS",
                "Cleo Marsh", "2026-12-03", "14:30", "$1,200", "3 of 5", "Pay talk")
"""What a public site must still show."""


def _write_planted(root: Path) -> None:
    s = SECRETS
    write_kb(root, contacts={
        "zorvexa-quillhaven": {
            "name": s["private-name"], "company": s["private-company"],
            "role": s["private-role"], "tags": [s["private-tag"], "shared-tag"],
            "email": s["private-email"], "found_via": s["private-found-via"],
            "private": True, "body": f"{s['private-body']} research.\n",
        },
        "ada-quill": {
            "name": "Ada Quill", "company": "Northwind", "role": "Staff Engineer",
            "email": s["email-field"], "phone": s["phone-field"],
            "links": ["https://ada.example.org", f"mailto:{s['mailto-link']}",
                      f"https://cal.example.org/book?from={s['link-query-email']}"],
            "found_via": f"her talk, then {s['found-via-email']}",
            "why": f"platform work; call {s['why-phone']}",
            "location": f"London, office {s['location-phone']}",
            "introduced_by": "zorvexa-quillhaven", "tags": ["shared-tag"],
            "requested_on": "2026-11-01", "replied_on": "2026-11-03",
            "body": (
                "PUBLICBODYWORD notes.\n\n"
                f"Write to {s['body-email']} or call {s['body-phone']}.\n\n"
                f"Met through [{s['private-name']}](zorvexa-quillhaven.md) and "
                f"[her page](../contacts/zorvexa-quillhaven.md#notes).\n\n"
                f"## Private notes\n\n{s['private-heading']} salary talk.\n\n"
                f"## Culture\n\nCalm team.\n<!-- private -->\n{s['private-comment']}\n"
                "<!-- /private -->\nEnd.\n"
            ),
        },
        "bram-okafor": {"name": "Bram Okafor", "company": "Northwind", "private": False},
        "cleo-marsh": {
            "name": "Cleo Marsh", "role": f"Analyst, desk {s['de-landline-role']}",
            "location": f"Sydney {s['au-landline-location']}",
            "tags": [f"m{s['cn-mobile-tag']}", "shared-tag"],
            "links": [f"https://wa.me/{s['number-in-kept-link']}", "https://cleo.example.org"],
            "body": (
                f"Her mobile: {s['uk-mobile-body']}; Tokyo office {s['fullwidth-number']}.\n\n"
                f"[Chat](https://wa.me/{s['number-in-kept-link']}), "
                f"[profile](https://social.example/u/{s['percent-encoded-email']}%40example.org), "
                f"{s['non-ascii-email']}@exemple.org and "
                f"{s['entity-encoded-email']}&#64;example.org."
                "\n\nOn 2026-12-03 at 14:30 we spent $1,200; 3 of 5 said yes.\n\n"
                f"##Private: pay\n\n{s['heading-without-space']}\n\n## Growth\n\nYearly.\n\n"
                f"## **Private** notes\n\n{s['heading-with-emphasis']}\n\n## Culture\n\nCalm.\n\n"
                f"Private\n-------\n\n{s['setext-heading']}\n\n## Pay talk\n\nFair.\n\n"
                f"   ## Private\n\n{s['indented-heading']}\n\n## Hours\n\nShort.\n\n"
                f"    ```\n\n## Private\n\n{s['after-indented-fence']}\n\n## After\n\n"
                "AFTERSECTIONS\n"
            ),
        },
    }, interviews={
        "2026-11-20-ada-quill": {
            "contact": "ada-quill", "date": "2026-11-20", "duration": 30, "format": "video",
            "place": f"phone bridge {s['place-phone']}",
            "goals": [f"learn the path; text {s['goal-phone']}"],
            "questions": [f"May I write to {s['question-email']}?",
                          {"q": "Anything else to share?", "topic": "closing"}],
            "actions": [{"task": f"send the deck to {s['action-email']}", "due": "2026-12-05"}],
            "gift": f"a book, receipt to {s['gift-email']}",
            "referrals": ["zorvexa-quillhaven", f"  {s['private-name'].lower()} ",
                          f"Nilo Brask {s['referral-email']}", "bram-okafor"],
            "body": (f"## Takeaways\n\nGood talk.\n\n## Private\n\n"
                     f"{s['interview-private-section']}\n\n## Growth\n\nYearly.\n"),
        },
        "2026-11-21-cleo-marsh": {
            "contact": "cleo-marsh", "date": "2026-11-21",
            "place": f"Tokyo desk {s['jp-number-place']}",
            "goals": [f"ask for a call on {s['us-bare-goal']}"],
            "questions": [f"Is {s['br-mobile-question']} still yours?"],
            "gift": f"flowers, courier {s['nl-mobile-gift']}",
            "actions": [{"task": f"text {s['in-mobile-action']}", "due": "2026-12-05"}],
            "referrals": ["Zorvéxa  QUILLHAVEN", "Bram Okafor"],
            "body": "## Takeaways\n\nUseful.\n",
        },
        "2026-11-25-ada-quill": {
            "contact": "ada-quill", "date": "2026-11-25", "private": True,
            "goals": [s["private-interview-goal"]],
            "body": f"## Culture\n\n{s['private-interview']}\n",
        },
        "2026-11-26-zorvexa-quillhaven": {
            "contact": "zorvexa-quillhaven", "date": "2026-11-26",
            "body": f"## Growth\n\n{s['orphan-interview']}\n",  # topic pages gather these
        },
    }, config=(
        f"owner:\n  name: {s['owner-name']}\n  email: {s['owner-email']}\n"
        f"  phone: \"{s['owner-phone']}\"\n  intro: {s['owner-intro']}\n"
        f"topics:\n  - name: pay\n    title: Pay, ask {s['topic-title-phone']}\n"
        f"    aliases: [pay talk, comp {s['topic-alias-email']}@example.org]\n"
    ))
    (root / "questions.yml").write_text(
        f"growth:\n  - Who else should I ask, {s['bank-email']}?\n"
        f"culture:\n  - Is {s['bank-phone']} the team line?\n", encoding="utf-8")
    shutil.copytree(REPO / "docs", root / "docs")
    (root / "docs" / "attach.txt").write_text(
        f"Write to {s['docs-text-file']} or call {s['docs-text-file-phone']}.\n",
        encoding="utf-8")
    (root / "docs" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n', encoding="utf-8")
    (root / "docs" / "about.md").write_text(
        f"---\ntitle: About {s['docs-title-phone']}\n---\n"
        f"# About\n\nReach me at {s['docs-email']}.\n\n## Private\n\n"
        f"{s['docs-private-section']}\n", encoding="utf-8")
    (root / "docs" / "checklists").mkdir()
    (root / "docs" / "checklists" / "index.md").write_text(  # replaces a generated page
        f"# My checklists\n\nAsk {s['docs-override-email']} first.\n", encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config + "\nsite_url: https://notes.example.org/\n"
        f"copyright: Notes kept by me, {s['site-copyright-email']}\n", encoding="utf-8")


def _readings(data: bytes) -> list[str]:
    """A file's text as a reader could see it: raw, entity-decoded and JSON-unescaped."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    text = data.decode("utf-8", errors="replace")
    once = html.unescape(text)
    unicode = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), text)
    return [text, once, html.unescape(once), html.unescape(unicode)]


def _found(site: Path) -> dict[str, list[str]]:
    """Every secret's name, with the output files that carry it (in any reading)."""
    found: dict[str, list[str]] = {}
    files = sorted(p for p in site.rglob("*") if p.is_file())
    assert files
    for path in files:
        relative = path.relative_to(site).as_posix()
        readings = [reading.casefold() for reading in _readings(path.read_bytes())]
        readings.append(relative.casefold())
        for name, secret in SECRETS.items():
            if any(secret.casefold() in reading for reading in readings):
                found.setdefault(name, []).append(relative)
    return found


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("planted")
    _write_planted(root)
    return root


@pytest.fixture(scope="module")
def public_site(planted: Path) -> Path:
    site = planted.parent / "public-site"
    build_site(planted, TODAY, site, strict=True, public=True)
    return site


def test_the_private_build_shows_every_planted_secret(planted: Path) -> None:
    site = planted.parent / "private-site"
    build_site(planted, TODAY, site)
    found = _found(site)
    assert set(SECRETS) - set(found) == NEVER_SHOWN


def test_the_public_build_carries_no_secret_in_any_file(public_site: Path) -> None:
    found = _found(public_site)
    assert found == {}


def test_the_public_build_still_shows_the_public_notes(public_site: Path) -> None:
    index = (public_site / "search" / "search_index.json").read_text(encoding="utf-8")
    for word in PUBLIC_WORDS:
        assert word in index
    assert (public_site / "contacts" / "ada-quill.html").is_file()
    assert (public_site / "interviews" / "2026-11-20-ada-quill.html").is_file()
    assert not list(public_site.rglob("*zorvexa*"))
    assert not list(public_site.rglob("2026-11-25-ada-quill*"))


def test_the_pagefind_index_holds_the_public_notes_and_was_searched(public_site: Path) -> None:
    # Pagefind's pieces are gzipped: _found reads them decompressed, as here
    fragments = sorted((public_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments
    text = "\n".join(gzip.decompress(p.read_bytes()).decode() for p in fragments)
    for word in PUBLIC_WORDS:
        assert word in text
    assert "zorvexa" not in text.casefold()
    readings = _readings(fragments[0].read_bytes())
    assert readings[0].startswith("pagefind_dcd")


def test_the_search_index_and_sitemap_were_searched(public_site: Path) -> None:
    names = {p.relative_to(public_site).as_posix() for p in public_site.rglob("*")}
    assert {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz"} <= names
    sitemap = gzip.decompress((public_site / "sitemap.xml.gz").read_bytes()).decode()
    assert "contacts/ada-quill.html" in sitemap
    assert "zorvexa" not in sitemap


def test_links_to_left_out_pages_are_removed_not_broken(public_site: Path) -> None:
    # strict=True in the fixture already refuses any broken link; here, what is shown
    page = (public_site / "contacts" / "ada-quill.html").read_text(encoding="utf-8")
    assert "zorvexa-quillhaven" not in page
    assert "Introduced by" not in page
    interview = (public_site / "interviews" / "2026-11-20-ada-quill.html").read_text(
        encoding="utf-8")
    assert 'href="../contacts/bram-okafor.html"' in interview


def test_a_public_build_keeps_assets_and_names_the_files_it_leaves_out(planted: Path,
                                                                      runner) -> None:
    site = planted.parent / "named-site"
    result = runner.invoke(main, ["build", "--root", str(planted), "--today", "2026-12-01",
                                  "--site-dir", str(site), "--public"])
    assert result.exit_code == 0, result.output
    assert "Left out of the public site: docs/attach.txt" in result.output
    assert "logo.svg" not in result.output
    assert (site / "logo.svg").is_file() and not (site / "attach.txt").exists()


def test_a_build_without_public_warns_once(planted: Path, runner) -> None:
    site = planted.parent / "warned-site"
    result = runner.invoke(main, ["build", "--root", str(planted), "--today", "2026-12-01",
                                  "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    assert result.output.count("personal data") == 1
    public = runner.invoke(main, ["build", "--root", str(planted), "--today", "2026-12-01",
                                  "--site-dir", str(site), "--public"])
    assert public.exit_code == 0, public.output
    assert "personal data" not in public.output


EXPORTS = [["ics"], ["json"], ["csv", "--table", "contacts"], ["csv", "--table", "interviews"]]


def _exported(runner, root: Path, command: list[str], *flags: str) -> dict[str, list[str]]:
    result = runner.invoke(main, ["export", *command, "--root", str(root),
                                  "--today", "2026-12-01", *flags])
    assert result.exit_code == 0, result.output
    readings = [reading.casefold() for reading in _readings(result.stdout_bytes)]
    # iCalendar folds long lines and escapes commas and semicolons
    unfolded = result.stdout.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
    readings.append(unfolded.casefold())
    return {name: [" ".join(command)] for name, secret in SECRETS.items()
            if any(secret.casefold() in reading for reading in readings)}


@pytest.mark.parametrize("command", EXPORTS, ids=[" ".join(c) for c in EXPORTS])
def test_a_public_export_carries_no_secret(planted: Path, runner, command) -> None:
    assert _exported(runner, planted, command, "--public") == {}
    assert _exported(runner, planted, command)  # the control: a full export does


def test_the_plugin_alone_builds_a_public_site_for_serve_and_mkdocs(planted: Path,
                                                                   monkeypatch) -> None:
    # `infoview serve --public` hands the flag to each rebuild's fresh plugin this way;
    # a plain `mkdocs build` takes it from the environment or from `public: true`.
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("INFOVIEW_TODAY", "2026-12-01")
    monkeypatch.setenv("INFOVIEW_PUBLIC", "1")
    site = planted.parent / "plugin-site"
    config = load_config(str(planted / "mkdocs.yml"), site_dir=str(site), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    assert _found(site) == {}
    assert "PUBLICBODYWORD" in (site / "contacts" / "ada-quill.html").read_text(encoding="utf-8")


# -- the same promise as a property: any secret word, in any private place -----------------

PRIVATE_PLACES = {
    "private contact name": ("contacts", "zed", "name"),
    "private contact company": ("contacts", "zed", "company"),
    "private contact role": ("contacts", "zed", "role"),
    "private contact tag": ("contacts", "zed", "tags"),
    "private contact why": ("contacts", "zed", "why"),
    "private contact body": ("contacts", "zed", "body"),
    "private interview goal": ("interviews", "2026-11-21-ada", "goals"),
    "private interview gift": ("interviews", "2026-11-21-ada", "gift"),
    "private interview body": ("interviews", "2026-11-21-ada", "body"),
    "interview of a private contact, body": ("interviews", "2026-11-22-zed", "body"),
    "interview of a private contact, question": ("interviews", "2026-11-22-zed", "questions"),
    "private section of a public body": ("contacts", "ada", "private-section"),
    "private comment of a public body": ("interviews", "2026-11-20-ada", "private-comment"),
}


def _kb_with_secret(root: Path, place: str, word: str):
    from infoview_build.notes.knowledge import load_knowledge_base

    notes = {
        "contacts": {
            "ada": {"name": "Ada Quill", "company": "Northwind", "body": "Open notes.\n"},
            "zed": {"name": "Zed Ray", "private": True, "body": "Notes.\n"},
        },
        "interviews": {
            "2026-11-20-ada": {"contact": "ada", "date": "2026-11-20", "body": "## Growth\n\nx\n"},
            "2026-11-21-ada": {"contact": "ada", "date": "2026-11-21", "private": True},
            "2026-11-22-zed": {"contact": "zed", "date": "2026-11-22"},
        },
    }
    folder, slug, field = PRIVATE_PLACES[place]
    note = notes[folder][slug]
    if field in ("tags", "goals", "questions"):
        note[field] = [word]
    elif field == "body":
        note["body"] = f"## Growth\n\n{word}\n"
    elif field == "private-section":
        note["body"] += f"\n## Private notes\n\n{word}\n\n## Culture\n\nOpen.\n"
    elif field == "private-comment":
        note["body"] += f"\n<!-- private -->\n{word}\n<!-- /private -->\n"
    else:
        note[field] = word
    shutil.rmtree(root, ignore_errors=True)
    write_kb(root, contacts=notes["contacts"], interviews=notes["interviews"])
    kb = load_knowledge_base(root, TODAY)
    assert not kb.errors, [p.format() for p in kb.errors]
    return kb


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(sorted(PRIVATE_PLACES)),
       word=st.from_regex(r"[A-Za-z]{4,10}", fullmatch=True).map(lambda w: f"Qzx{w}Vjk"))
def test_a_secret_word_in_any_private_place_reaches_no_public_page(tmp_path: Path, place: str,
                                                                  word: str) -> None:
    kb = _kb_with_secret(tmp_path / "kb", place, word)
    shown = "\n".join(render_site(kb, TODAY, public=False).values())
    assert word in shown  # the control: without --public, the page shows it
    public = render_site(kb, TODAY, public=True)
    assert [path for path, page in public.items() if word.casefold() in page.casefold()] == []


@pytest.mark.parametrize("public", [False, True])
def test_serve_says_once_whether_the_site_holds_personal_data(planted: Path, monkeypatch,
                                                              capsys, public: bool) -> None:
    from infoview_build.site import publish

    served = []
    monkeypatch.setattr(publish, "serve_live", lambda *args, **kw: served.append(args))
    for name in ("INFOVIEW_PUBLIC", "INFOVIEW_TODAY"):  # serve_site sets them: restore after
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    publish.serve_site(planted, TODAY, None, public)
    assert [args[:3] for args in served] == [(planted / "mkdocs.yml", planted, None)]
    assert capsys.readouterr().err.count(publish.PERSONAL_DATA_NOTICE) == (0 if public else 1)
    assert (os.environ.get("INFOVIEW_PUBLIC") == "1") == public  # read by every rebuild
