"""Every write infoview makes goes through here: locked, atomic, and all or nothing.

Changing a knowledge base (the one API for ``new``, ``mark``, ``import``, ``rename``)::

    from infoview_build.edit import files

    with files.change(root) as change:         # takes the knowledge base's lock
        raw = (root / "contacts/ada-quill.md").read_bytes()   # read under the lock
        change.write("contacts/ada-quill.md", new_bytes)      # create or replace
        change.create("contacts/bram-okafor.md", text)        # refuse if it exists
        change.move("contacts/ada-quill.md", "contacts/ada-q.md")
        change.remove("interviews/2026-01-01-x.md")
    # Leaving the block normally writes every step at once; an exception leaves every
    # file as it was. Paths are relative to ``root``; data is ``str`` (UTF-8) or ``bytes``.

Steps apply in the order given. A path vacated in a change (moved away or removed) is
not written again in the same change; a moved file may be written at its new path.
``files.locked(root)`` alone serialises a read-modify-write that writes nothing itself.

How: the change is planned in memory; on commit a journal (``.infoview-journal.json`` at
the root) lists the steps, every new content is written to a temporary file in its
target's folder and synced, then the journal is marked committed (the point of no
return), the steps are applied with renames, and the journal is removed. A process
killed before the commit point leaves temporary files that the next infoview command
removes; killed after it, the next command finishes the steps. ``recover(root)`` does
that, and every lock taken does it first. A change names only notes (``.md`` files in no
hidden folder), reaches each through no symbolic link, and its journal is read back as
untrusted data (``replay``): it may have come with a clone.

The lock is ``fcntl.flock`` on ``.infoview.lock`` at the root: the kernel releases it
when its holder dies, even by ``kill -9``, so a lock is never stale. The holder writes
its pid, command and start time into the file so that a waiting writer can say who
holds it. (``filelock`` truncates the lock file on every attempt, which would erase
exactly that.)
"""

from infoview_build.edit.files.cache import save_cache, save_private
from infoview_build.edit.files.durable import (
    TEMP_SUFFIX,
    replace_output,
    write_new,
    write_output,
)
from infoview_build.edit.files.journal import (
    LOCK_FILE,
    LOCK_WAIT,
    LOCK_WAIT_ENV,
    Change,
    change,
    is_read_only,
    locked,
    read_only_message,
    recover,
    refuse_read_only,
)
from infoview_build.edit.files.replay import FAULT_ENV, JOURNAL_FILE, is_note_path
from infoview_build.edit.files.site import (
    SITE_MARKER,
    claim_site_dir,
    copy_site_into,
    drop_site_marker,
    fresh_site_dir,
    new_folder,
    remove_file,
    remove_folder,
    replace_folder,
    scratch_folder,
    served_site_dir,
)

__all__ = ["FAULT_ENV", "JOURNAL_FILE", "LOCK_FILE", "LOCK_WAIT", "LOCK_WAIT_ENV", "SITE_MARKER",
           "TEMP_SUFFIX", "Change", "change", "claim_site_dir", "copy_site_into",
           "drop_site_marker", "fresh_site_dir", "is_note_path", "is_read_only", "locked",
           "new_folder", "read_only_message", "recover", "refuse_read_only", "remove_file",
           "remove_folder", "replace_folder", "replace_output", "save_cache", "save_private",
           "scratch_folder", "served_site_dir", "write_new", "write_output"]
