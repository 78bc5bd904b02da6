"""Measure how `infoview lsp` memory grows while a person types: RSS over many `didChange`.

Usage: python bench/lsp_memory.py [--changes 20000] [--warmup 1000]

Starts the server over stdio on the repository's example knowledge base, opens one
interview and types into it as an editor reports typing: one incremental `didChange` per
keystroke (a letter added, then taken away again, so the text stays small). Memory is the
server's resident set size (VmRSS of /proc, Linux), read after `--warmup` changes and
again after `--changes` more, each time once the server has answered a request sent after
the last change (so every change before it was handled). The target is at most 5 MiB of
growth over 20,000 changes.
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
from lsp_speed import Client  # noqa: E402

TARGET_MIB = 5.0


class Typist:
    """A client whose replies are read on a thread, so that neither side's pipe fills."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.replies: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                message = self.client.receive()
            except (SystemExit, OSError, ValueError):
                return
            if "id" in message and "method" in message:  # a request of the server's
                with self.lock:
                    self.client.reply(message["id"], None)
            elif "id" in message:
                self.replies.put(message)

    def send(self, method: str, params: dict, request: bool = False) -> int | None:
        with self.lock:
            return self.client.send(method, params, request)

    def ask(self, method: str, params: dict) -> dict:
        wanted = self.send(method, params, request=True)
        while True:
            message = self.replies.get(timeout=600)
            if message.get("id") == wanted:
                return message


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("no VmRSS in /proc: this measurement needs Linux")


def type_into(typist: Typist, uri: str, line: int, first: int, count: int) -> int:
    """``count`` keystrokes at the end of ``line``: a letter, then a backspace, and so on.
    Returns the next version."""
    for version in range(first, first + count):
        if version % 2:
            change = {"range": {"start": {"line": line, "character": 0},
                                "end": {"line": line, "character": 0}}, "text": "x"}
        else:
            change = {"range": {"start": {"line": line, "character": 0},
                                "end": {"line": line, "character": 1}}, "text": ""}
        typist.send("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
    return first + count


def settle(typist: Typist, uri: str) -> None:
    """Wait until the server has handled everything sent so far (it answers in order)."""
    typist.ask("textDocument/hover", {"textDocument": {"uri": uri},
                                      "position": {"line": 1, "character": 0}})
    time.sleep(0.5)  # the last check runs after the typing pause
    typist.ask("textDocument/hover", {"textDocument": {"uri": uri},
                                      "position": {"line": 1, "character": 0}})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20_000)
    parser.add_argument("--warmup", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "kb"
        for name in ("contacts", "interviews"):
            shutil.copytree(REPO / name, root / name)
        infoview = shutil.which("infoview") or str(Path(sys.executable).parent / "infoview")
        client = Client([infoview, "lsp", "--root", str(root), "--today", "2026-12-01"])
        typist = Typist(client)
        typist.ask("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(),
                                  "capabilities": {}})
        typist.send("initialized", {})
        note = sorted((root / "interviews").glob("*.md"))[0]
        text = note.read_text(encoding="utf-8")
        uri = note.as_uri()
        typist.send("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        body = len(text.split("\n")) - 1  # the last line: the body, never the front matter
        version = type_into(typist, uri, body, 2, args.warmup)
        settle(typist, uri)
        before = rss_mib(client.process.pid)
        started = time.perf_counter()
        type_into(typist, uri, body, version, args.changes)
        settle(typist, uri)
        seconds = time.perf_counter() - started
        after = rss_mib(client.process.pid)
        with typist.lock:
            client.send("shutdown", {}, request=True)
            client.send("exit", {})
        client.process.wait(timeout=30)
    growth = after - before
    print(f"infoview lsp: {args.changes} didChange after {args.warmup} to warm up, "
          f"{seconds:.1f} s, {os.cpu_count()} cores")
    print(f"  RSS {before:.1f} MiB → {after:.1f} MiB: grew {growth:.2f} MiB "
          f"({growth * 1024 * 1024 / args.changes:.0f} bytes a change); "
          f"target ≤ {TARGET_MIB:.0f} MiB: {'met' if growth <= TARGET_MIB else 'MISSED'}")


if __name__ == "__main__":
    main()
