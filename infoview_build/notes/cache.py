"""What a run may reuse from the last one: each note's result, keyed by its file's identity.

A note is read again unless its size, modification time, inode and change time are all
those recorded, and the day, ``infoview.yml`` and the program are the same as well.
Everything lives in one folder, ``.infoview-cache/`` at the knowledge-base root, that the
user may delete at any time; a cache that cannot be read is an empty one. Nothing here
writes: ``edit.files.save_cache`` does.

That folder may have come with a clone, or been edited: each cache file is sealed with an
HMAC under a key kept in the user's own cache folder (``$XDG_CACHE_HOME/infoview/key``,
0600, never inside a knowledge base), and a file whose seal does not match is an empty
cache. Only a sealed file is unmarshalled, so nothing foreign is ever decoded or run.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import stat
import sys
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from infoview_build import __version__
from infoview_build.notes.load import read_regular

CACHE_DIR = ".infoview-cache"
"""The one cache folder, at the knowledge-base root (outside contacts/, interviews/, docs/)."""
RACY_NS = 2_000_000_000
"""A file changed this close to the moment it was read is not remembered: a second change
within the file system's clock tick (a whole second on some) could leave its identity as it
was. It is read again next time, as git does with its "racily clean" entries."""

KEY_FILE = "key"
"""The key that seals cache files, in ``cache_home()``."""
KEY_SIZE = 32
SEAL = b"infoview cache 1\n"
"""The first bytes of every sealed cache file; the HMAC-SHA256 of its name and data follows."""
_MAC_SIZE = 32

Identity = tuple[int, int, int, int]
"""``(size, mtime_ns, inode, ctime_ns)`` of a file."""


def file_identity(path: str) -> Identity | None:
    """The file's identity, or None when it cannot be looked at (it is read to say why)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return identity_of(st)


def identity_of(st: os.stat_result) -> Identity:
    """The identity of a file from its ``os.stat`` (through links, as ``file_identity``)."""
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


@cache
def program() -> str:
    """The program's fingerprint: its version, its files' identities and the libraries
    that decide what a note means (a changed checkout is a changed program)."""
    digest = hashlib.sha256(f"{__version__} {sys.version} {yaml.__version__}".encode())
    try:
        import tzdata

        digest.update(tzdata.IANA_VERSION.encode())
    except (ImportError, AttributeError):  # pragma: no cover
        digest.update(b"no tzdata")
    package = Path(__file__).resolve().parent.parent
    for folder, dirs, names in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            stat = os.stat(os.path.join(folder, name))
            digest.update(f"{folder}/{name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dataclass(slots=True)
class NoteMemo:
    """Each note's result from the last run, valid only for the same ``context``."""

    context: tuple = ()
    """``(program, day, records wanted, digest of infoview.yml)`` the entries hold for."""
    entries: dict[str, tuple] = field(default_factory=dict)
    """``{path: (identity, record, problems)}``: the result of reading the note."""
    started: int = 0
    """When the last load began (ns): files changed after ``started - RACY_NS`` are not kept."""
    changed: bool = False
    """Whether the last load read any note again, or forgot one."""
    cross: tuple | None = None
    """``(digest of the notes' paths, problems)``: what the checks between notes
    (references, look-alikes) found in the last load."""

    def renew(self, context: tuple) -> None:
        """Start a load: forget every entry if the context is not the one they were made in."""
        self.changed = context != self.context
        if self.changed:
            self.entries, self.cross = {}, None
            self.context = context
        self.started = time.time_ns()

    def get(self, path: str, key: Identity | None):
        entry = self.entries.get(path)
        return entry if entry is not None and key is not None and entry[0] == key else None

    def keep(self, path: str, key: Identity | None, record, problems) -> None:
        """Remember a note just read, unless its file changed too recently to be sure."""
        if key is None or max(key[1], key[3]) >= self.started - RACY_NS:
            self.changed = self.entries.pop(path, None) is not None or self.changed
        else:
            self.entries[path] = (key, record, problems)
            self.changed = True

    def only(self, paths: set[str]) -> None:
        """Forget the notes that are gone."""
        for path in self.entries.keys() - paths:
            del self.entries[path]
            self.changed = True

    def dump(self) -> bytes:
        """The memo as bytes (its records must be plain data: ``infoview check``'s are)."""
        return marshal.dumps((self.context, self.entries, self.cross))


def load_memo(root: Path, name: str) -> NoteMemo:
    """The memo saved as ``.infoview-cache/<name>``, or an empty one."""
    data = read_cache(root, name)
    if data is None:
        return NoteMemo()
    try:
        context, entries, cross = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return NoteMemo()
    if not isinstance(context, tuple) or not isinstance(entries, dict) \
            or not isinstance(cross, tuple | None):
        return NoteMemo()
    return NoteMemo(context, entries, cross=cross)


def text_digest(path: Path) -> str:
    """A digest of a file's bytes, or of its absence (a FIFO is never opened)."""
    try:
        return hashlib.sha256(read_regular(path)).hexdigest()
    except OSError as exc:
        return f"unreadable: {exc.errno}"


# -- sealed cache files -------------------------------------------------------------------


def cache_home() -> Path:
    """The user's own cache folder for infoview: ``$XDG_CACHE_HOME/infoview``, else
    ``~/.cache/infoview`` (a relative ``XDG_CACHE_HOME`` is ignored, as the spec says)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "infoview"


_keys: dict[str, bytes] = {}
"""The key read from each key file this process used."""


def user_key(root: Path | str | None = None) -> bytes | None:
    """The key that seals cache files; None when there is none yet, when the file is not
    the user's own (another owner, readable by others, a link), or when the cache folder
    lies inside the knowledge base ``root`` (a clone would carry the key)."""
    path = cache_home() / KEY_FILE
    if root is not None and home_inside(root):
        return None
    where = str(path)
    if where in _keys:
        return _keys[where]
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or \
                info.st_mode & 0o077 or info.st_size != KEY_SIZE:
            return None
        key = os.read(handle, KEY_SIZE)
    except OSError:
        return None
    finally:
        os.close(handle)
    if len(key) != KEY_SIZE:
        return None
    _keys[where] = key
    return key


def home_inside(root: Path | str) -> bool:
    """Whether the user's cache folder lies inside the knowledge base ``root`` (then its
    key would travel with a clone, and is not used)."""
    try:
        return cache_home().resolve().is_relative_to(Path(root).resolve())
    except (OSError, RuntimeError):
        return True  # cannot tell: not trusted


def _mac(key: bytes, name: str, data) -> bytes:
    digest = hmac.new(key, name.encode("utf-8") + b"\0", "sha256")
    digest.update(data)
    return digest.digest()


def seal(key: bytes, name: str, data: bytes) -> bytes:
    """``data`` as a cache file named ``name`` holds it: marked and signed."""
    return b"".join((SEAL, _mac(key, name, data), data))


def unseal(key: bytes | None, name: str, raw: bytes) -> memoryview | None:
    """The data of the sealed cache file ``name``; None if it was not sealed by ``key``
    for that name (it came with a clone, was edited, or was cut short)."""
    if key is None or not raw.startswith(SEAL) or len(raw) < len(SEAL) + _MAC_SIZE:
        return None
    view = memoryview(raw)
    start = len(SEAL) + _MAC_SIZE
    data = view[start:]
    if not hmac.compare_digest(view[len(SEAL):start], _mac(key, name, data)):
        return None
    return data


def read_sealed(path: Path, root: Path | str | None = None) -> memoryview | None:
    """The data of the cache file at ``path`` if this user's key sealed it; else None."""
    key = user_key(root)
    if key is None:
        return None
    try:
        raw = read_regular(path)
    except OSError:
        return None
    return unseal(key, path.name, raw)


def read_cache(root: Path | str, name: str) -> memoryview | None:
    """The data of ``.infoview-cache/<name>`` if this user's key sealed it; else None."""
    return read_sealed(Path(root) / CACHE_DIR / name, root)


def read_private(name: str) -> memoryview | None:
    """The data of ``<cache_home>/<name>`` (the user's own folder) if sealed; else None."""
    return read_sealed(cache_home() / name)
