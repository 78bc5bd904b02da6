"""The website: generated pages as ``{path: Markdown}``, and MkDocs behind a thin adapter.

``render`` is a pure function of the knowledge base and the day that runs the page
producers (its own, ``insight_pages``) over the templates of ``templates/site/`` through
``pages`` and ``escape``; ``plugin`` hands those pages to MkDocs, ``publish`` runs
``build`` and ``serve``, ``history`` reads page dates from git. It may import ``plan``,
``notes`` and ``edit.files`` (the one module that writes files); nothing imports it but
``cli``.
"""
