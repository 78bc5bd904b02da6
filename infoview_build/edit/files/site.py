"""The site folder: only one infoview made, for this knowledge base, is ever replaced.

``build`` writes into a fresh folder beside the site and swaps it in only when the whole
build succeeded, so a failed or interrupted build leaves the last good site as it was.
"""

from __future__ import annotations

import contextlib
import errno
import hmac
import os
import re
import secrets
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

from infoview_build.edit.files.cache import own_key
from infoview_build.edit.files.durable import sync_folder, write_new
from infoview_build.notes.cache import CACHE_DIR
from infoview_build.notes.errors import InfoviewError, WriteFailed
from infoview_build.notes.load import read_regular

SITE_MARKER = ".infoview-site"
"""Left in every site folder infoview builds: which knowledge base built it, and where (in
a public site, only a code that this user's key makes from both: no local path)."""
_UNNAMED = "(not named in a public site)"
_FRESH = ".infoview-build-"
_OLD = ".infoview-old-"


def claim_site_dir(site_dir: Path, root: Path, mark: bool = True,
                   public: bool = False) -> None:
    """Refuse a site folder that holds anything infoview did not make for this knowledge
    base; then (with ``mark``) make it and mark it ours.

    MkDocs empties its site folder before writing, so pointing ``--site-dir`` at the
    wrong place (``contacts``, ``~``, a copy of another site) would delete files.
    """
    site = Path(site_dir).expanduser().resolve()
    base = Path(root).resolve()
    protected = {base, Path.home().resolve(), Path(site.anchor)}
    kept = ("contacts", "interviews", "docs", CACHE_DIR)
    protected |= {base / name for name in kept}
    if site in protected or base.is_relative_to(site) or any(
        site.is_relative_to(base / name) for name in kept
    ):
        raise InfoviewError(f"refusing to build the site into {site_dir}: it holds your notes "
                            "or contains the knowledge base; choose another --site-dir")
    if site.exists() and not site.is_dir():
        raise InfoviewError(f"refusing to build the site into {site_dir}: it is a file")
    marker = site / SITE_MARKER
    if site.is_dir() and any(site.iterdir()):
        if not os.path.lexists(marker):
            raise InfoviewError(f"refusing to build the site into {site_dir}: the folder is "
                                "not empty and was not made by infoview; empty it or choose "
                                "another --site-dir")
        _check_marker(marker, site, base, site_dir)
    if mark:
        site.mkdir(parents=True, exist_ok=True)
        if not os.path.lexists(marker):
            write_new(marker, _marker_text(base, site, public))


def _marker_text(base: Path, site: Path, public: bool) -> str:
    head = "This folder is built by infoview and replaced on every build.\n"
    if public:
        return f"{head}knowledge base: {_UNNAMED}\nsite: {_UNNAMED}\nid: {_site_id(base, site)}\n"
    return f"{head}knowledge base: {base}\nsite: {site}\n"


def _site_id(base: Path, site: Path) -> str:
    """Which knowledge base built a public site, and for which folder, said without naming
    either: an HMAC under the user's key (a plain digest of a path could be guessed)."""
    key = own_key()
    if key is None:
        return "unknown"
    return hmac.new(key, f"site\0{base}\0{site}".encode("utf-8", "surrogateescape"),
                    "sha256").hexdigest()[:32]


def _check_marker(marker: Path, site: Path, base: Path, shown: Path) -> None:
    try:
        text = read_regular(marker).decode("utf-8", "replace")
    except OSError:
        text = ""
    fields = dict(line.partition(": ")[::2] for line in text.splitlines())
    refuse = f"refusing to build the site into {shown}"
    if "id" in fields:
        if fields["id"] == "unknown" or not hmac.compare_digest(fields["id"],
                                                                _site_id(base, site)):
            raise InfoviewError(f"{refuse}: it is a public site that this knowledge base "
                                "did not build there, or that infoview cannot recognise (its "
                                f"{SITE_MARKER} names no path); if the folder holds only a "
                                f"site of {base}, delete {marker} and build again")
        return
    if "knowledge base" not in fields or "site" not in fields:
        raise InfoviewError(f"{refuse}: its {SITE_MARKER} does not say which knowledge base "
                            f"built it (an older infoview made it, or it was copied); if the "
                            f"folder holds only a site of {base}, delete {marker} and build "
                            "again")
    if fields["knowledge base"] != str(base):
        raise InfoviewError(f"{refuse}: it is the site of another knowledge base "
                            f"({fields['knowledge base']}); choose another --site-dir")
    if fields["site"] != str(site):
        raise InfoviewError(f"{refuse}: it is a copy of the site in {fields['site']}; "
                            "choose another --site-dir, or empty the folder first")


@contextlib.contextmanager
def fresh_site_dir(site_dir: Path, root: Path, public: bool = False) -> Iterator[Path]:
    """A new, empty folder beside ``site_dir`` to build into; it replaces ``site_dir`` when
    the block ends without an exception, and is removed otherwise."""
    site = Path(site_dir).expanduser().resolve()
    _tidy(site)
    fresh = site.with_name(f".{site.name}{_FRESH}{secrets.token_hex(4)}")
    try:
        fresh.mkdir(parents=True)
    except OSError as exc:
        raise WriteFailed(str(site_dir), exc) from None
    try:
        write_new(fresh / SITE_MARKER, _marker_text(Path(root).resolve(), site, public))
        yield fresh
        _swap(fresh, site)
    except BaseException:
        import shutil

        shutil.rmtree(fresh, ignore_errors=True)
        raise


def _swap(fresh: Path, site: Path) -> None:
    """Put ``fresh`` at ``site``; the old site goes once the new one is in place."""
    import shutil

    try:
        if not os.path.lexists(site):
            os.rename(fresh, site)
        elif _exchange(fresh, site):
            shutil.rmtree(fresh)  # which now holds the old site
        else:
            old = site.with_name(fresh.name.replace(_FRESH, _OLD))
            os.rename(site, old)
            os.rename(fresh, site)
            shutil.rmtree(old)
        sync_folder(site.parent)
    except OSError as exc:
        raise WriteFailed(str(site), exc) from None


def replace_folder(fresh: Path, target: Path) -> None:
    """Put the folder ``fresh`` at ``target`` (a sibling whose name holds ``_FRESH``),
    removing what was there; a reader sees the old folder or the new one."""
    _swap(fresh, target)


def new_folder(prefix: str, parent: Path | None = None) -> Path:
    """A new empty folder only this user can read, for scratch work (``remove_folder``
    removes it)."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))


def remove_folder(folder: Path) -> None:
    """Remove a folder of ours and what it holds, if it is there."""
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def remove_file(path: Path) -> None:
    """Remove a file of ours (one a tool wrote into a folder of ours), if it is there."""
    with contextlib.suppress(FileNotFoundError):
        Path(path).unlink()


def _exchange(first: Path, second: Path) -> bool:
    """Swap two names at once (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False where
    the system cannot, and two renames must do."""
    import ctypes  # (imported here: ``infoview check`` and the editing commands never swap)

    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_cwd, exchange = -100, 2
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if call(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _tidy(site: Path) -> None:
    """What an interrupted build left beside ``site``: its half-built folder goes; a last
    good site moved aside and not yet replaced comes back."""
    import shutil

    try:
        entries = sorted(os.scandir(site.parent), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
        ours = os.path.lexists(path / SITE_MARKER) and not entry.is_symlink()
        if not ours:
            continue
        if entry.name.startswith(f".{site.name}{_OLD}") and not os.path.lexists(site):
            os.rename(path, site)
        elif entry.name.startswith((f".{site.name}{_FRESH}", f".{site.name}{_OLD}")):
            shutil.rmtree(path, ignore_errors=True)


SERVED_PREFIX = "infoview-serve-"
"""``infoview-serve-<pid>-<random>`` in the temporary folder: ``serve``'s site."""
_SERVED = re.compile(re.escape(SERVED_PREFIX) + r"([0-9]+)-[a-z0-9_]{8}")
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


@contextlib.contextmanager
def served_site_dir() -> Iterator[Path]:
    """A temporary folder only this user can read (0700) for ``serve``'s site, removed with
    what it holds when ``serve`` ends: by Ctrl-C, and by SIGTERM or SIGHUP (a closed
    terminal, ``systemctl stop``) too, which stop it as Ctrl-C does. One left by a
    ``serve`` killed outright (``kill -9``, a power cut) is removed at the next start."""
    import shutil
    import tempfile

    remove_stale_served(Path(tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix=f"{SERVED_PREFIX}{os.getpid()}-"))
    previous = _stop_as_interrupt()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        for number, handler in previous.items():
            signal.signal(number, handler)


def _stop_as_interrupt() -> dict:
    """Make SIGTERM and SIGHUP raise ``KeyboardInterrupt`` (once: a second one while the
    site is being removed is ignored). The handlers they had, to put back."""
    stopping = []

    def interrupt(number, frame) -> None:
        if not stopping:
            stopping.append(number)
            raise KeyboardInterrupt

    previous = {}
    for number in STOP_SIGNALS:
        try:
            previous[number] = signal.signal(number, interrupt)
        except ValueError:  # not the main thread: the caller stops it otherwise
            break
    return previous


def remove_stale_served(folder: Path) -> None:
    """Remove the sites in ``folder`` that a ``serve`` of this user left when it was killed:
    folders of ``serve``'s naming, owned by this user, whose process is gone."""
    import shutil

    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        found = _SERVED.fullmatch(entry.name)
        if found is None or _alive(int(found.group(1))):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid():
            shutil.rmtree(entry.path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0  # another user's process, or no pid at all
    return pid > 0


@contextlib.contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A new folder only this user can read (``publish`` builds in it), removed at the end."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def drop_site_marker(site: Path) -> None:
    """Take the marker out of a built site that is about to be published: it names local
    folders."""
    with contextlib.suppress(FileNotFoundError):
        (site / SITE_MARKER).unlink()


def copy_site_into(site: Path, target: Path, shown: Path) -> None:
    """Put a copy of the folder ``site`` at ``target`` whole: copied beside it, then
    swapped in, so a reader of ``target`` never sees half of it."""
    import shutil
    import tempfile

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}{_FRESH}", dir=target.parent))
    except OSError as exc:
        raise WriteFailed(str(shown), exc) from None
    try:
        shutil.copytree(site, fresh, dirs_exist_ok=True)
        fresh.chmod(0o755)  # a static host serves it; mkdtemp made it 0700
        _swap(fresh, target)
    except OSError as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise WriteFailed(str(shown), exc) from None
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
