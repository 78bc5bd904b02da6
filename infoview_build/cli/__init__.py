"""The ``infoview`` command line: thin Click callbacks, one module per command group.

Each callback parses its options and calls one library function of ``edit``,
``interchange``, ``site``, ``plan`` or ``notes``; this is the one place where failures
become ``Error:`` lines and exit codes. It may import every other subpackage; none may
import it.

A command's module is imported when that command runs (``app.COMMAND_MODULES``), so a
command starts without the imports of the others.
"""

from infoview_build.cli.app import main

__all__ = ["main"]
