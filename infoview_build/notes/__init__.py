"""The knowledge base's files: their formats, how they are read and how they are checked.

``model`` holds the typed records, ``fields`` the one table of front-matter keys (from
which ``validate`` checks, ``schema`` describes and the docs are made), ``load`` reads
YAML keeping every value's line, ``knowledge`` loads a whole folder into a
``KnowledgeBase`` with every problem found, and ``questions``, ``topics`` and
``templating`` read the other files a knowledge base may hold. The lowest layer: it
imports nothing else of infoview, and every other subpackage may import it.
"""
