"""``infoview lsp`` with a client that reports no file changes (Neovim on Linux, Helix):
the server watches the knowledge base itself; and which folders count as one."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import EXAMPLE_DAY
from kb_notes import write_kb
from test_lsp import open_note, until

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    top = tmp_path_factory.mktemp("workspace")
    write_kb(top / "kb", contacts={"ada-quill": {"name": "Ada Quill"}},
             config="follow_up_after_days: 7\n")
    (top / "notes" / "contacts").mkdir(parents=True)
    return top


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(
    # started in / : the server also tries its working folder, and this repository is one
    server_command=[sys.executable, "-c", "import os, sys; os.chdir('/'); "
                    "from infoview_build.cli import main; sys.exit(main(['lsp']))"],
    server_env={**os.environ, "INFOVIEW_TODAY": EXAMPLE_DAY},
))
async def client(lsp_client: LanguageClient, workspace: Path):
    # No workspace.didChangeWatchedFiles capability: the client will never report changes.
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(workspace.as_uri(), "workspace")],
    ))
    yield
    await lsp_client.shutdown_session()


async def test_a_stray_contacts_folder_is_no_knowledge_base(client: LanguageClient,
                                                            workspace: Path) -> None:
    stray = open_note(client, workspace / "notes" / "contacts" / "todo.md",
                      "- buy milk\n- call the bank\n")
    note = open_note(client, workspace / "kb" / "contacts" / "bram-okafor.md",
                     "---\ncompany: Tailspin\n---\n")
    found = await until(client, note, bool)
    assert found[0].message.startswith("name:")
    assert stray not in client.diagnostics


async def test_a_contact_made_and_removed_on_disk_reaches_an_open_note(
        client: LanguageClient, workspace: Path) -> None:
    kb = workspace / "kb"
    interview = open_note(client, kb / "interviews" / "2026-11-03-ivy-ross.md",
                          "---\ncontact: ivy-ross\ndate: 2026-11-03\n---\nNotes.\n")
    assert (await until(client, interview, bool))[0].message.startswith("contact: no contact")
    contact = kb / "contacts" / "ivy-ross.md"
    contact.write_text("---\nname: Ivy Ross\n---\n", encoding="utf-8")
    assert await until(client, interview, lambda found: not found) == []
    contact.unlink()
    assert (await until(client, interview, bool))[0].message.startswith("contact: no contact")
    contact.write_text("---\nname: Ivy Ross\n---\n", encoding="utf-8")
    assert await until(client, interview, lambda found: not found) == []
