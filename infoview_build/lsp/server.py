"""The protocol side: pygls handlers that hand each request to ``session`` and ``features``.

Diagnostics follow every change after a short pause (typing a word sends one change per
letter), and are sent again for every open note whose problems moved, since a change in
one note can make or mend a problem in another (a renamed contact, a duplicate slug).
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from infoview_build import __version__
from infoview_build.lsp import actions, features
from infoview_build.lsp.locate import lines_of, places, problem_span
from infoview_build.lsp.protocol import Protocol
from infoview_build.lsp.session import Session
from infoview_build.lsp.watch import DiskWatcher
from infoview_build.notes.live import note_path
from infoview_build.notes.model import Problem

DEBOUNCE_SECONDS = 0.03
"""Pause after a change before checking: a burst of keystrokes is checked once."""


class Editor:
    """The server's state: the session, open documents, pending checks, what was sent."""

    def __init__(self, server: LanguageServer, session: Session) -> None:
        self.server = server
        self.session = session
        self.uris: dict[str, str] = {}
        """Open notes: path relative to the root → the client's URI."""
        self.candidates: list[Path] = []
        self._pending: dict[str, asyncio.TimerHandle] = {}
        self._sent: dict[str, tuple] = {}
        self.watcher: DiskWatcher | None = None

    def watch_disk(self) -> None:
        """Watch the knowledge base once it is known."""
        if self.watcher is not None or self.session.live is None:
            return
        self.watcher = DiskWatcher(self.session.root, asyncio.get_running_loop(),
                                   self.disk_changed)
        self.watcher.start()

    def disk_changed(self) -> None:
        if self.session.live is not None:
            self.session.disk_changed()
            self.publish()

    def rel(self, uri: str) -> str | None:
        """The note (or ``infoview.yml``) a URI names; None for a file outside the base."""
        path = to_fs_path(uri)
        return self.session.relative(Path(path)) if path else None

    def lines(self, uri: str) -> list[str]:
        return lines_of(self.server.workspace.get_text_document(uri).source)

    def to_client(self, lines: list[str]):
        """``(line, column in code points)`` → a position in the client's units."""
        codec = self.server.workspace.position_codec

        def convert(line: int, col: int) -> types.Position:
            text = lines[line] if line < len(lines) else ""
            return types.Position(line, codec.client_num_units(text[:col]))

        return convert

    def from_client(self, lines: list[str], position: types.Position) -> tuple[int, int]:
        codec = self.server.workspace.position_codec
        text = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for index, char in enumerate(text):
            if units >= position.character:
                return position.line, index
            units += codec.client_num_units(char)
        return position.line, len(text)

    # -- checking --------------------------------------------------------------------------

    def later(self, uri: str) -> None:
        """Check the note once the typing pauses."""
        self.cancel(uri)
        loop = asyncio.get_running_loop()
        self._pending[uri] = loop.call_later(DEBOUNCE_SECONDS, self.flush, uri)

    def cancel(self, uri: str) -> None:
        handle = self._pending.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def flush(self, uri: str) -> None:
        """Check the editor's text of ``uri`` now, if a check is waiting for it."""
        if self._pending.pop(uri, None) is None:
            return
        rel = self.rel(uri)
        if rel is not None:
            self.session.changed(rel, self.server.workspace.get_text_document(uri).source)
            self.publish()

    def publish(self) -> None:
        """Send the diagnostics of every open note whose problems or text changed."""
        for rel, uri in sorted(self.uris.items()):
            version = self.server.workspace.get_text_document(uri).version
            problems = self.session.problems(rel)
            if self._sent.get(uri) == (version, problems):
                continue
            self._sent[uri] = (version, problems)
            found = self.diagnostics(rel, uri, problems)
            self.server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, diagnostics=[d for _p, _s, d in found], version=version))

    def diagnostics(self, rel: str, uri: str, problems: list[Problem] | None = None,
                    ) -> list[tuple[Problem, tuple, types.Diagnostic]]:
        """Each problem of an open note with its span and its diagnostic."""
        lines = self.lines(uri)
        folder = note_path(rel)[0] if note_path(rel) else ""
        found = places(lines) if folder else {}
        to_client = self.to_client(lines)
        out = []
        for problem in self.session.problems(rel) if problems is None else problems:
            span = problem_span(problem, lines, found, folder)
            prefix = f"{problem.path}:{problem.line}: "
            message = problem.format().removeprefix(prefix)
            if problem.field == "-":
                message = message.removeprefix("-: ")
            severity = types.DiagnosticSeverity.Warning if problem.severity == "warning" \
                else types.DiagnosticSeverity.Error
            out.append((problem, span, types.Diagnostic(
                range=types.Range(to_client(span[0], span[1]), to_client(span[2], span[3])),
                message=message, severity=severity, source="infoview")))
        return out

    def forget(self, uri: str) -> None:
        """A closed note shows nothing any more."""
        self._sent.pop(uri, None)
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def build_server(session: Session) -> LanguageServer:
    """A pygls server with every handler bound to ``session``."""
    server = LanguageServer("infoview", __version__,
                            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                            protocol_cls=Protocol)
    editor = Editor(server, session)

    @server.feature(types.INITIALIZE)
    def initialize(ls: LanguageServer, params: types.InitializeParams) -> None:
        uris = [folder.uri for folder in params.workspace_folders or ()]
        uris += [params.root_uri] if params.root_uri else []
        editor.candidates = [Path(path) for uri in uris if (path := to_fs_path(uri))]
        if params.root_path:
            editor.candidates.append(Path(params.root_path))
        editor.candidates.append(Path.cwd())

    @server.feature(types.INITIALIZED)
    def initialized(ls: LanguageServer, params: types.InitializedParams) -> None:
        if not session.start(editor.candidates):
            ls.window_log_message(types.LogMessageParams(
                types.MessageType.Info, "infoview: no contacts/ or interviews/ folder in the "
                "workspace yet; a note opened from one will start the checks"))
        # The server watches the notes itself rather than asking the client to: Neovim
        # (Linux) and Helix cannot, and Emacs' eglot watches only some folders.
        editor.watch_disk()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        uri = params.text_document.uri
        rel = editor.rel(uri)
        if rel is None:
            return
        editor.uris[rel] = uri
        session.opened(rel, params.text_document.text)
        editor.publish()
        editor.watch_disk()  # a note opened before the workspace was known starts it

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        if editor.rel(params.text_document.uri) is not None:
            editor.later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        rel = editor.rel(uri)
        if rel is None:
            return
        editor.flush(uri)
        session.saved(rel)
        editor.publish()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        rel = editor.rel(uri)
        editor.cancel(uri)
        if rel is None or editor.uris.pop(rel, None) is None:
            return
        session.closed(rel)
        editor.forget(uri)
        editor.publish()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def files_changed(ls: LanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        editor.disk_changed()

    def ask(uri: str, position: types.Position) -> features.Ask | None:
        """A request at a cursor in a note; None for a file outside the base."""
        rel = editor.rel(uri)
        path = note_path(rel) if rel else None
        if path is None:
            return None
        lines = editor.lines(uri)
        line, col = editor.from_client(lines, position)
        return features.Ask(session.live, lines, line, col, path[0], session.live.today,
                            editor.to_client(lines))

    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=[" ", "["]))
    def completion(ls: LanguageServer, params: types.CompletionParams):
        found = ask(params.text_document.uri, params.position)
        return features.completion(found) if found else None

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: LanguageServer, params: types.HoverParams):
        found = ask(params.text_document.uri, params.position)
        return features.hover(found) if found else None

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: LanguageServer, params: types.DefinitionParams):
        found = ask(params.text_document.uri, params.position)
        return features.definition(found) if found else None

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: LanguageServer, params: types.CodeActionParams):
        uri = params.text_document.uri
        rel = editor.rel(uri)
        path = note_path(rel) if rel else None
        if path is None or rel not in editor.uris:
            return None
        editor.flush(uri)
        lines = editor.lines(uri)
        first, last = params.range.start.line, params.range.end.line
        fixes = []
        for problem, span, diagnostic in editor.diagnostics(rel, uri):
            if span[0] <= last and span[2] >= first:
                fix = actions.quick_fix(problem, span, diagnostic, lines, path[0], path[1], uri,
                                        editor.to_client(lines))
                if fix is not None:
                    fixes.append(fix)
        return fixes

    return server


def serve(root: Path | None, today: date | None) -> None:
    """Answer an editor on stdin and stdout until it says goodbye."""
    build_server(Session(root, today)).start_io()
