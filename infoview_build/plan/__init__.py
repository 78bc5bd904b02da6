"""What is due, worked out from the notes and the day: stages, checklists, insights.

Pure functions of a ``KnowledgeBase`` and "today": each contact's ``stages``, the
``checklists`` with their due dates, the ``todo`` text, the ``listing`` tables, the
``insights`` (topics, questions, network, companies, timeline) and the ``public`` view
that leaves private things out. It imports only ``notes``; ``edit``, ``interchange``,
``site``, ``lsp`` and ``cli`` build on it.
"""
