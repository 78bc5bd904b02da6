"""``infoview lsp`` end to end: a real server process, spoken to over stdio as an editor does.

One server serves the whole module (starting one costs about a second); each test opens
notes of its own, so that what one test types cannot change what another sees.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from infoview_build.cli import main

from conftest import EXAMPLE_DAY
from kb_notes import write_kb

pytestmark = pytest.mark.asyncio(loop_scope="module")

TIMEOUT = 20
"""Seconds before a test gives up waiting for the server: a guard against hanging, not a
speed check (bench/lsp_speed.py measures speed)."""


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> Path:
    root = write_kb(
        tmp_path_factory.mktemp("kb"),
        contacts={
            "ada-quill": {"name": "Ada Quill", "role": "Staff Engineer", "company": "Northwind",
                          "requested_on": "2026-11-20", "replied_on": "2026-11-22"},
            "bram-okafor": {"name": "Bram Okafor", "company": "Bluefield Labs"},
        },
        interviews={"2026-12-03-ada-quill": {"contact": "ada-quill", "date": "2026-12-03",
                                             "format": "video"}},
    )
    return root


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(
    server_command=[sys.executable, "-m", "infoview_build", "lsp"],
    server_env={**os.environ, "INFOVIEW_TODAY": EXAMPLE_DAY},
))
async def client(lsp_client: LanguageClient, kb: Path):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        root_uri=kb.as_uri(),
        workspace_folders=[types.WorkspaceFolder(kb.as_uri(), "kb")],
    ))
    yield
    await lsp_client.shutdown_session()


async def until(client: LanguageClient, uri: str, wanted) -> list[types.Diagnostic]:
    """Wait until the diagnostics of ``uri`` satisfy ``wanted``; return them."""
    async def wait() -> list[types.Diagnostic]:
        while uri not in client.diagnostics or not wanted(client.diagnostics[uri]):
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return list(client.diagnostics[uri])

    return await asyncio.wait_for(wait(), TIMEOUT)


def open_note(client: LanguageClient, path: Path, text: str, write: bool = True) -> str:
    if write:
        path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri, "markdown", 1, text)))
    return uri


def replace_text(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(version, uri),
        [types.TextDocumentContentChangeWholeDocument(text)]))


def at(line: int, character: int) -> types.Position:
    return types.Position(line, character)


def span(line: int, start: int, end: int) -> types.Range:
    return types.Range(at(line, start), at(line, end))


def apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                       reverse=True):
        start, end = edit.range.start, edit.range.end
        head = "\n".join(lines[:start.line] + [lines[start.line][:start.character]])
        tail = "\n".join([lines[end.line][end.character:]] + lines[end.line + 1:])
        lines = (head + edit.new_text + tail).split("\n")
    return "\n".join(lines)


async def fixes(client: LanguageClient, uri: str, where: types.Range) -> list[types.CodeAction]:
    return await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), where, types.CodeActionContext(diagnostics=[])))


# -- diagnostics ------------------------------------------------------------------------------

async def test_a_misspelt_key_is_underlined_with_the_hint_and_fixed_by_a_quick_fix(
        client: LanguageClient, kb: Path) -> None:
    text = "---\nname: Cleo Marsh\nemial: cleo@example.com\n---\nNotes.\n"
    uri = open_note(client, kb / "contacts" / "cleo-marsh.md", text)
    found = await until(client, uri, bool)
    assert [(d.range, d.message, d.severity) for d in found] == [
        (span(2, 0, 5), "emial: unknown field 'emial' — did you mean 'email'?",
         types.DiagnosticSeverity.Error)]
    [fix] = await fixes(client, uri, span(2, 1, 1))
    assert fix.title == "Change to 'email'" and fix.is_preferred
    [edit] = fix.edit.changes[uri]
    assert apply(text, [edit]) == "---\nname: Cleo Marsh\nemail: cleo@example.com\n---\nNotes.\n"
    # The editor applies it as an edit of that range, as editors send most changes.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(2, uri),
        [types.TextDocumentContentChangePartial(edit.range, edit.new_text)]))
    assert await until(client, uri, lambda found: not found) == []


async def test_diagnostics_are_the_messages_and_lines_of_check(
        client: LanguageClient, kb: Path, runner) -> None:
    text = ("---\nname: No\nphone: 5550100\nrequested_on: 2026-02-30\ntimezone: Europe/Lisbn\n"
            "links: [example.com]\nintroduced_by: nobody\ncolour: blue\n---\n")
    path = kb / "contacts" / "dana-fell.md"
    uri = open_note(client, path, text)
    found = await until(client, uri, lambda found: len(found) >= 6)
    result = runner.invoke(main, ["check", "--root", str(kb), "--today", EXAMPLE_DAY])
    expected = sorted(line.removeprefix("contacts/dana-fell.md:") for line in
                      result.output.splitlines() if line.startswith("contacts/dana-fell.md:"))
    assert sorted(f"{d.range.start.line + 1}: {d.message}" for d in found) == expected
    path.unlink()
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        types.TextDocumentIdentifier(uri)))


async def test_values_are_underlined_where_they_stand(client: LanguageClient, kb: Path) -> None:
    text = "---\ncontact: ada-quill\ndate: 2026-12-04\nformat: vidoe\n---\nNotes.\n"
    uri = open_note(client, kb / "interviews" / "2026-12-04-ada-quill.md", text)
    [diagnostic] = await until(client, uri, bool)
    assert diagnostic.range == span(3, 8, 13)
    assert diagnostic.message == "format: 'vidoe' is not a valid format — did you mean 'video'?"
    [fix] = await fixes(client, uri, diagnostic.range)
    assert apply(text, fix.edit.changes[uri]).splitlines()[3] == "format: video"


async def test_a_value_yaml_misreads_is_put_in_quotes(client: LanguageClient, kb: Path) -> None:
    text = "---\nname: Eli Brandt\nphone: 5550100\ntags: [yes, mentors]\n---\n"
    uri = open_note(client, kb / "contacts" / "eli-brandt.md", text)
    found = await until(client, uri, lambda found: len(found) == 2)
    assert [d.range for d in found] == [span(2, 7, 14), span(3, 7, 10)]
    quoted = text
    for diagnostic in reversed(found):
        [fix] = await fixes(client, uri, diagnostic.range)
        assert fix.title.startswith("Put ")
        quoted = apply(quoted, fix.edit.changes[uri])
    assert quoted == '---\nname: Eli Brandt\nphone: "5550100"\ntags: ["yes", mentors]\n---\n'


async def test_columns_are_counted_in_the_clients_units(client: LanguageClient, kb: Path) -> None:
    # 😀 is one code point but two UTF-16 units, the protocol's default.
    uri = open_note(client, kb / "contacts" / "nia-holt.md",
                    "---\nname: Nia Holt 😀\ntags: [😀, yes]\n---\n")
    [diagnostic] = await until(client, uri, bool)
    assert diagnostic.range == span(2, 11, 14)
    [fix] = await fixes(client, uri, diagnostic.range)
    assert fix.edit.changes[uri][0].range == span(2, 11, 14)


async def test_a_missing_required_key_is_added_from_the_file_name(
        client: LanguageClient, kb: Path) -> None:
    text = "---\nrole: Designer\n---\n"
    uri = open_note(client, kb / "contacts" / "fay-lind.md", text)
    [diagnostic] = await until(client, uri, bool)
    assert diagnostic.range == span(0, 0, 3)
    [fix] = await fixes(client, uri, span(0, 0, 0))
    assert fix.title == "Add 'name: Fay Lind'"
    assert apply(text, fix.edit.changes[uri]) == "---\nname: Fay Lind\nrole: Designer\n---\n"


async def test_a_dangling_contact_is_mended_by_opening_a_new_contact(
        client: LanguageClient, kb: Path) -> None:
    interview = open_note(client, kb / "interviews" / "2026-11-02-gus-hale.md",
                          "---\ncontact: gus-hale\ndate: 2026-11-02\n---\nNotes.\n")
    [diagnostic] = await until(client, interview, bool)
    assert diagnostic.message.startswith("contact: no contact 'gus-hale'")
    assert diagnostic.range == span(1, 9, 17)
    # A new, unsaved buffer is enough: the editor's text counts before it is saved.
    contact = open_note(client, kb / "contacts" / "gus-hale.md", "---\nname: Gus Hale\n---\n",
                        write=False)
    assert await until(client, interview, lambda found: not found) == []
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        types.TextDocumentIdentifier(contact)))
    await until(client, interview, bool)


async def test_a_note_changed_on_disk_updates_the_open_ones(
        client: LanguageClient, kb: Path) -> None:
    interview = open_note(client, kb / "interviews" / "2026-11-03-ivy-ross.md",
                          "---\ncontact: ivy-ross\ndate: 2026-11-03\n---\nNotes.\n")
    await until(client, interview, bool)
    contact = kb / "contacts" / "ivy-ross.md"
    contact.write_text("---\nname: Ivy Ross\n---\n", encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(contact.as_uri(), types.FileChangeType.Created)]))
    assert await until(client, interview, lambda found: not found) == []
    contact.unlink()
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(contact.as_uri(), types.FileChangeType.Deleted)]))
    assert (await until(client, interview, bool))[0].message.startswith("contact: no contact")


# -- bad input: a diagnostic, never a crash ---------------------------------------------------

async def test_a_file_that_is_not_utf8_is_a_diagnostic(client: LanguageClient, kb: Path) -> None:
    path = kb / "contacts" / "jo-pena.md"
    path.write_bytes("---\nname: José Peña\n---\n".encode("latin-1"))
    uri = open_note(client, path, path.read_bytes().decode("latin-1"), write=False)
    [diagnostic] = await until(client, uri, bool)
    assert diagnostic.message == "the file is not UTF-8 (byte 0xe9 on line 2) — save it as UTF-8"
    assert diagnostic.range.start.line == 0


@pytest.mark.parametrize("text", [
    '---\nname: "Kai Moss\n---\n',
    "---\nname: Kai Moss\n\trole: x\n---\n",
    "---\n- a list\n---\n",
    "---\nname: &a Kai\nrole: *a\n---\n",
    "no front matter at all\n",
    "---\nname: Kai \udce9\n---\n",
    "",
])
async def test_broken_notes_are_diagnostics_and_the_server_keeps_answering(
        client: LanguageClient, kb: Path, text: str) -> None:
    uri = open_note(client, kb / "contacts" / "kai-moss.md", text, write=False)
    assert await until(client, uri, bool)
    for line in range(text.count("\n") + 1):
        await client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(uri), at(line, 3)))
        await client.text_document_completion_async(types.CompletionParams(
            types.TextDocumentIdentifier(uri), at(line, 3)))
    await fixes(client, uri, span(0, 0, 0))
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        types.TextDocumentIdentifier(uri)))


async def test_a_file_outside_the_knowledge_base_gets_nothing(
        client: LanguageClient, kb: Path, tmp_path: Path) -> None:
    (tmp_path / "contacts").mkdir()
    outside = open_note(client, tmp_path / "contacts" / "x.md", "---\nemial: x\n---\n")
    stray = open_note(client, kb / "docs.md", "---\nemial: x\n---\n")
    inside = open_note(client, kb / "contacts" / "lia-voss.md", "---\nemial: x\n---\n")
    await until(client, inside, bool)
    assert outside not in client.diagnostics and stray not in client.diagnostics
    for uri in (outside, stray):
        doc = types.TextDocumentIdentifier(uri)
        assert await client.text_document_hover_async(types.HoverParams(doc, at(1, 2))) is None
        assert await client.text_document_completion_async(
            types.CompletionParams(doc, at(1, 2))) is None
        assert await client.text_document_definition_async(
            types.DefinitionParams(doc, at(1, 2))) is None
        assert await fixes(client, uri, span(1, 0, 1)) is None


# -- completion, hover, definition ------------------------------------------------------------

async def complete(client: LanguageClient, uri: str, line: int, col: int) -> dict:
    found = await client.text_document_completion_async(types.CompletionParams(
        types.TextDocumentIdentifier(uri), at(line, col)))
    return {item.label: item for item in found.items}


async def test_a_slug_completes_with_name_and_company(client: LanguageClient, kb: Path) -> None:
    uri = open_note(client, kb / "interviews" / "2026-12-09-ada-quill.md",
                    "---\ncontact: ad\ndate: 2026-12-09\nreferrals: [ok]\n---\n", write=False)
    items = await complete(client, uri, 1, 11)
    assert list(items) == ["ada-quill"]
    assert items["ada-quill"].detail == "Ada Quill, Northwind"
    assert items["ada-quill"].text_edit == types.TextEdit(span(1, 9, 11), "ada-quill")
    assert list(await complete(client, uri, 3, 14)) == ["bram-okafor"]


async def test_keys_complete_with_their_description(client: LanguageClient, kb: Path) -> None:
    uri = open_note(client, kb / "interviews" / "2026-12-10-ada-quill.md",
                    "---\ncontact: ada-quill\ndate: 2026-12-10\nfor\n"
                    "questions:\n  - q: Why?\n    to\n---\n", write=False)
    items = await complete(client, uri, 3, 3)
    assert "format" in items and "contact" not in items  # keys already written are left out
    assert items["format"].detail == "How you meet."
    assert items["format"].text_edit.new_text == "format: "
    assert list(await complete(client, uri, 6, 6)) == ["topic"]


async def test_enum_values_and_dates_complete(client: LanguageClient, kb: Path) -> None:
    uri = open_note(client, kb / "interviews" / "2026-12-11-ada-quill.md",
                    "---\ncontact: ada-quill\ndate: \nformat: v\nquestions:\n"
                    "  - q: Why?\n    topic: cul\n---\n", write=False)
    assert list(await complete(client, uri, 2, 6)) == [EXAMPLE_DAY]
    assert list(await complete(client, uri, 3, 9)) == ["video"]
    assert list(await complete(client, uri, 6, 14)) == ["culture"]


async def test_hover_shows_the_person_and_their_stage(client: LanguageClient, kb: Path) -> None:
    uri = open_note(client, kb / "interviews" / "2026-12-12-ada-quill.md",
                    "---\ncontact: ada-quill\ndate: 2026-12-12\n---\n", write=False)
    found = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), at(1, 12)))
    assert found.range == span(1, 9, 18)
    text = found.contents.value
    assert "**Ada Quill** · Staff Engineer at Northwind" in text
    assert "Stage: **scheduled**" in text
    assert "Next: " in text and "`contacts/ada-quill.md`" in text
    key = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), at(2, 1)))
    assert key.contents.value.startswith("**`date`** · date, or date and time · required")


async def test_a_referral_by_name_leads_to_the_contact(client: LanguageClient, kb: Path) -> None:
    uri = open_note(client, kb / "interviews" / "2026-11-13-ada-quill.md",
                    "---\ncontact: ada-quill\ndate: 2026-11-13\n"
                    "referrals: [Someone Else, bram okafor]\n---\n", write=False)
    doc = types.TextDocumentIdentifier(uri)
    found = await client.text_document_hover_async(types.HoverParams(doc, at(3, 30)))
    assert found.contents.value.startswith("**Bram Okafor** · Bluefield Labs")
    assert "Stage: **prospect**" in found.contents.value
    jump = await client.text_document_definition_async(types.DefinitionParams(doc, at(3, 30)))
    assert jump.uri.endswith("/contacts/bram-okafor.md")
    for nobody in (at(3, 15), at(3, 42)):
        assert await client.text_document_hover_async(types.HoverParams(doc, nobody)) is None


async def test_definition_jumps_from_a_slug_to_the_contact(
        client: LanguageClient, kb: Path) -> None:
    uri = open_note(client, kb / "contacts" / "max-roe.md",
                    "---\nname: Max Roe\nintroduced_by: bram-okafor\n---\n", write=False)
    found = await client.text_document_definition_async(types.DefinitionParams(
        types.TextDocumentIdentifier(uri), at(2, 20)))
    assert found == types.Location((kb / "contacts" / "bram-okafor.md").resolve().as_uri(),
                                   span(0, 0, 0))
    on_key = await client.text_document_definition_async(types.DefinitionParams(
        types.TextDocumentIdentifier(uri), at(2, 3)))
    assert on_key is None


async def test_settings_show_their_problems_and_follow_saves(
        client: LanguageClient, kb: Path) -> None:
    path = kb / "infoview.yml"
    uri = open_note(client, path, "folow_up_after_days: 3\n")
    [diagnostic] = await until(client, uri, bool)
    assert diagnostic.message == ("folow_up_after_days: unknown field 'folow_up_after_days' "
                                  "— did you mean 'follow_up_after_days'?")
    assert diagnostic.range == span(0, 0, 22)
    path.write_text("follow_up_after_days: 3\n", encoding="utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        types.TextDocumentIdentifier(uri)))
    assert await until(client, uri, lambda found: not found) == []
    path.unlink()
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        types.TextDocumentIdentifier(uri)))
