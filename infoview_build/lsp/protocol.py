"""pygls' protocol, made to forget each message once it is handled.

pygls (2.1) files the future of every handler it runs under a message id, so that a
client's ``$/cancelRequest`` can find it, and removes it when it answers a request; a
notification (``didChange``, ``didOpen``…) is answered by nobody, so its future stayed:
about 2 KB for each keystroke, 40 MiB over 20,000 (``bench/lsp_memory.py``). Here every
future filed for a message leaves the book once done; one still running stays there,
cancellable as before.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from pygls.protocol import LanguageServerProtocol


class Protocol(LanguageServerProtocol):
    """pygls' language-server protocol with no future kept past its handler."""

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None):
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        # A pygls that keeps no such book (a later version) needs nothing from here.
        book = getattr(self, "_request_futures", None)
        future = book.get(msg_id) if isinstance(book, dict) else None
        if future is not None:
            future.add_done_callback(lambda done, key=msg_id: self._forget(book, key, done))

    @staticmethod
    def _forget(book: dict, msg_id, future: Future[Any]) -> None:
        if book.get(msg_id) is future:
            book.pop(msg_id, None)
