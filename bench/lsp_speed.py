"""Time `infoview lsp` on a synthetic knowledge base of ~3,000 notes, as an editor sees it.

Usage: python bench/lsp_speed.py [--contacts 1000] [--changes 40]

Starts the server over stdio, opens one interview, then changes it again and again, each
change making or mending an error (alternately a misspelt format and a dangling contact,
so the checks across files run too). For each change it measures the time from sending
`didChange` to receiving that version's diagnostics: the pause the server waits for more
typing, the check and both pipes, everything a person waits for.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import cached  # noqa: E402


class Client:
    """Just enough of an LSP client: framed JSON-RPC over a subprocess's pipes."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0

    def send(self, method: str, params: dict, request: bool = False) -> int | None:
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return message.get("id")

    def receive(self) -> dict:
        length = 0
        while (line := self.process.stdout.readline().strip()):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        if not length:
            sys.exit("the server closed its output")
        return json.loads(self.process.stdout.read(length))

    def wait(self, wanted) -> dict:
        while True:
            message = self.receive()
            if message.get("method") in ("client/registerCapability", "workspace/configuration"):
                self.reply(message["id"], None)
            elif wanted(message):
                return message

    def reply(self, message_id, result) -> None:
        body = json.dumps({"jsonrpc": "2.0", "id": message_id, "result": result}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def close(self) -> None:
        self.send("shutdown", {}, request=True)
        self.send("exit", {})
        self.process.wait(timeout=10)


def diagnostics_for(uri: str, version: int):
    return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == uri and m["params"].get("version") == version)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1000,
                        help="contacts to generate (each with two interviews)")
    parser.add_argument("--changes", type=int, default=40)
    args = parser.parse_args()
    root = cached(args.contacts)
    notes = sum(1 for _ in root.glob("*/*.md"))
    infoview = shutil.which("infoview") or str(Path(sys.executable).parent / "infoview")
    started = time.perf_counter()
    client = Client([infoview, "lsp", "--root", str(root), "--today", "2026-11-26"])
    request = client.send("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(),
                                         "capabilities": {}}, request=True)
    client.wait(lambda m: m.get("id") == request)
    client.send("initialized", {})
    path = sorted((root / "interviews").glob("*.md"))[7]
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8")
    client.send("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    client.wait(diagnostics_for(uri, 1))
    startup = time.perf_counter() - started
    broken = [text.replace("format: video", "format: vidoe", 1),
              text.replace("contact: ", "contact: x", 1)]
    times = []
    for version in range(2, args.changes + 2):
        new = text if version % 2 else broken[(version // 2) % 2]
        sent = time.perf_counter()
        client.send("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": new}]})
        found = client.wait(diagnostics_for(uri, version))
        times.append(time.perf_counter() - sent)
        if bool(found["params"]["diagnostics"]) == bool(version % 2):
            sys.exit(f"version {version}: unexpected diagnostics {found['params']}")
    client.close()
    ms = sorted(t * 1000 for t in times)
    print(f"infoview lsp on {notes} notes, {os.cpu_count()} cores")
    print(f"  start (load every note) to first diagnostics: {startup:.2f} s")
    print(f"  change to diagnostics, {len(ms)} changes: median {statistics.median(ms):.0f} ms, "
          f"90th percentile {ms[int(len(ms) * 0.9) - 1]:.0f} ms, worst {ms[-1]:.0f} ms")


if __name__ == "__main__":
    main()
