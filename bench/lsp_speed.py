"""Time `infoview lsp` on a synthetic knowledge base of ~3,000 notes, as an editor sees it.

Usage: python bench/lsp_speed.py [--contacts 1000] [--changes 40]

Starts the server over stdio, opens one interview, then changes it again and again, each
change making or mending an error (alternately a misspelt format and a dangling contact);
then the same with a contact whose name changes (to a new one, then to another contact's,
so that look-alikes are worked out again). For each change it measures the time from
sending `didChange` to receiving that version's diagnostics: the pause the server waits
for more typing, the check and both pipes, everything a person waits for.
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
    initialized = time.perf_counter() - started
    interview = sorted((root / "interviews").glob("*.md"))[7]
    text = interview.read_text(encoding="utf-8")
    # A misspelt format, then a dangling contact; the text as it was mends either.
    interview_times = changes(client, interview, text, [
        text.replace("format: video", "format: vidoe", 1),
        text.replace("contact: ", "contact: x", 1)], args.changes)
    startup = initialized + interview_times.pop(0)
    contact = sorted((root / "contacts").glob("*.md"))[7]
    text = contact.read_text(encoding="utf-8")
    # A new name, and the name of another contact: every look-alike is worked out again.
    other = sorted((root / "contacts").glob("*.md"))[8].read_text(encoding="utf-8")
    other_name = next(line for line in other.splitlines() if line.startswith("name: "))
    contact_times = changes(client, contact, text, [
        text.replace("name: ", "name: Zora ", 1),
        "\n".join(other_name if line.startswith("name: ") else line
                  for line in text.split("\n"))], args.changes)[1:]
    client.close()
    print(f"infoview lsp on {notes} notes, {os.cpu_count()} cores")
    print(f"  start (load every note) to first diagnostics: {startup:.2f} s")
    for what, times in (("an interview", interview_times), ("a contact", contact_times)):
        ms = sorted(t * 1000 for t in times)
        print(f"  change of {what} to its diagnostics, {len(ms)} changes: median "
              f"{statistics.median(ms):.0f} ms, 90th percentile {ms[int(len(ms) * 0.9) - 1]:.0f}"
              f" ms, worst {ms[-1]:.0f} ms")


def changes(client: Client, path: Path, text: str, edits: list[str], count: int) -> list[float]:
    """Open ``path``, then change it ``count`` times: an edit, back, the next edit, back…

    Returns the seconds from open (or each change) to its diagnostics.
    """
    uri = path.as_uri()
    sent = time.perf_counter()
    client.send("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    client.wait(diagnostics_for(uri, 1))
    times = [time.perf_counter() - sent]
    for version in range(2, count + 2):
        new = text if version % 2 else edits[(version // 2) % len(edits)]
        sent = time.perf_counter()
        client.send("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": new}]})
        client.wait(diagnostics_for(uri, version))
        times.append(time.perf_counter() - sent)
    return times


if __name__ == "__main__":
    main()
