"""The cache folder, ``.infoview-cache/``: results kept between runs, safe to lose."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from infoview_build.edit.files.durable import temp_name, write_file, write_new
from infoview_build.notes.cache import CACHE_DIR
from infoview_build.notes.errors import InfoviewError

_MARKERS = {
    ".gitignore": "# infoview's cache: safe to delete, never to commit.\n*\n",
    "CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"
                    "# infoview's cache (https://bford.info/cachedir/): safe to delete.\n",
}
"""Made with the cache folder: git leaves it out even without a line in .gitignore, and
backup tools that honour the tag skip it."""


def save_cache(root: Path, name: str, data: bytes, sync: bool = True) -> bool:
    """Write ``.infoview-cache/<name>`` at once; a cache that cannot be written (read-only
    disk, disk full) is not an error: the next run reads the notes again. Whether it was.
    ``sync=False`` for a large cache: after a crash it may hold anything, so its reader
    must check it."""
    folder = Path(root) / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        for marker, text in _MARKERS.items():
            if not (folder / marker).is_file():
                write_new(folder / marker, text)
        temp = temp_name(folder / name, secrets.token_hex(4))
        write_file(temp, data, None, sync)
        try:
            os.replace(temp, folder / name)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except (OSError, InfoviewError):
        return False
    return True
