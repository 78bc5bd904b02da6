"""The cache folders: ``.infoview-cache/`` in a knowledge base, and the user's own
(``notes.cache.cache_home()``); results kept between runs, safe to lose, each file sealed
with the user's key (see ``notes.cache``)."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from infoview_build.edit.files.durable import temp_name
from infoview_build.edit.files.folders import Folders, LinkedFolder
from infoview_build.notes.cache import (
    CACHE_DIR,
    KEY_FILE,
    KEY_SIZE,
    cache_home,
    home_inside,
    seal,
    user_key,
)
from infoview_build.notes.errors import InfoviewError

_MARKERS = {
    ".gitignore": "# infoview's cache: safe to delete, never to commit.\n*\n",
    "CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"
                    "# infoview's cache (https://bford.info/cachedir/): safe to delete.\n",
}
"""Made with the cache folder: git leaves it out even without a line in .gitignore, and
backup tools that honour the tag skip it."""


def save_cache(root: Path, name: str, data: bytes, sync: bool = True) -> bool:
    """Write ``.infoview-cache/<name>`` at once, sealed; a cache that cannot be written
    (read-only disk, disk full, no key) is not an error: the next run reads the notes
    again. Whether it was. ``sync=False`` for a large cache: after a crash it may hold
    anything, which its seal then refuses. A cache folder that is a link is left alone."""
    key = _key(root)
    if key is None:
        return False
    try:
        with Folders(Path(root)) as folders:
            folders.folder(CACHE_DIR, create=True)
            for marker, text in _MARKERS.items():
                if not folders.exists(f"{CACHE_DIR}/{marker}"):
                    folders.write(f"{CACHE_DIR}/{marker}", text.encode(), None, sync=True)
            folders.replace(f"{CACHE_DIR}/{name}", seal(key, name, data), sync)
    except (OSError, InfoviewError, LinkedFolder):
        return False
    return True


def save_private(name: str, data: bytes) -> bool:
    """Write ``<cache_home>/<name>``, sealed, in the user's own cache folder (for what must
    never be kept in a knowledge base, such as compiled templates). Whether it was."""
    key = _key(None)
    if key is None:
        return False
    try:
        with Folders(cache_home()) as folders:
            folders.replace(name, seal(key, name, data), sync=False)
    except (OSError, LinkedFolder):
        return False
    return True


def own_key() -> bytes | None:
    """The user's key (made on first use), for what infoview must recognise as its own
    without saying more; None when it cannot be made."""
    return _key(None)


def _key(root: Path | None) -> bytes | None:
    """The user's key, made on first use (0600, in a 0700 folder of the user's own); None
    when it cannot be made, or when the user's cache folder lies inside ``root``."""
    if root is not None and home_inside(root):
        return None
    key = user_key()
    if key is not None:
        return key
    home = cache_home()
    try:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(home)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            return None
        if info.st_mode & 0o077:
            os.chmod(home, 0o700)
        temp = temp_name(home / KEY_FILE, secrets.token_hex(4))
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.write(handle, secrets.token_bytes(KEY_SIZE))
            os.fsync(handle)
        finally:
            os.close(handle)
        try:
            os.link(temp, home / KEY_FILE)  # another process may have made one meanwhile
        except FileExistsError:
            pass
        finally:
            os.unlink(temp)
    except OSError:
        return None
    return user_key()
