"""The language server: what ``check`` knows, inside any editor that speaks LSP, as you type.

``notes.live`` keeps the knowledge base in memory and re-validates only the note that
changed; this package turns its problems into diagnostics at the key or value they are
about (``locate``), reads what is being typed (``cursor``), answers completion, hover,
go-to-definition and quick fixes (``features``, ``actions``), and speaks the protocol
through pygls (``server``, the one module that imports it). It may import only ``plan``
and ``notes``: it validates nothing itself.
"""
