"""Everything that writes into a knowledge base, and the texts made to be sent.

``files`` is the one module that writes a file (temporary file, sync, rename); ``new``
and ``scaffold`` create notes and knowledge bases from templates, ``mark`` changes one
line of one note and ``rename`` gives a contact a new slug everywhere (both edit text
through ``notetext``, line by line), ``drafts`` writes the emails. It may import
``plan`` and ``notes``; ``interchange``, ``site`` and ``cli`` may import it.
"""
