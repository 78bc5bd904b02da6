"""``infoview lsp`` keeps nothing per message once it is handled: typing for hours does not
grow the server (bench/lsp_memory.py measures the memory itself)."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path

from infoview_build.lsp.server import build_server
from infoview_build.lsp.session import Session

from kb_notes import write_kb


class Sink:
    """Where the server writes its messages: kept, to read the answers."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.sent.append(data)

    def close(self) -> None:
        pass


def _message(method: str, params: dict, msg_id: int | None = None) -> dict:
    message = {"jsonrpc": "2.0", "method": method, "params": params}
    if msg_id is not None:
        message["id"] = msg_id
    return message


async def _type(root: Path, keystrokes: int) -> tuple[int, list[bytes]]:
    server = build_server(Session(root, date(2026, 12, 1)))
    protocol = server.protocol
    sink = Sink()
    protocol.set_writer(sink)

    def handle(message: dict) -> None:
        protocol.handle_message(protocol.structure_message(message))

    handle(_message("initialize", {"processId": None, "rootUri": root.as_uri(),
                                   "capabilities": {}}, 1))
    handle(_message("initialized", {}))
    note = root / "contacts" / "ada-quill.md"
    uri = note.as_uri()
    handle(_message("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1,
        "text": note.read_text(encoding="utf-8")}}))
    for version in range(2, keystrokes + 2):
        start = {"line": 4, "character": 0}
        end = {"line": 4, "character": 0 if version % 2 else 1}
        handle(_message("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": start, "end": end},
                                "text": "x" if version % 2 else ""}]}))
    await asyncio.sleep(0.3)  # the check after the typing pause, and its diagnostics
    handle(_message("textDocument/didClose", {"textDocument": {"uri": uri}}))
    await asyncio.sleep(0.05)
    return len(protocol._request_futures), sink.sent


def test_no_future_is_kept_for_a_notification(tmp_path: Path) -> None:
    root = write_kb(tmp_path, contacts={"ada-quill": {"name": "Ada Quill",
                                                      "body": "Notes.\n"}})
    kept, sent = asyncio.run(_type(root, 500))
    assert kept == 0
    diagnostics = [json.loads(data.split(b"\r\n\r\n", 1)[1]) for data in sent]
    assert any(m.get("method") == "textDocument/publishDiagnostics" for m in diagnostics)
