"""Referrals as an interview lists them: a name, or ``{name, skipped_on}`` for one you
decided not to pursue (it keeps its name and has no checklist item)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple


class Skipped(NamedTuple):
    """A referral written as fields: its name and, for one not pursued, the day."""

    name: str
    skipped_on: date | None
    line: int


def split(checker, values: dict, day: date | None) -> None:
    """Turn the typed ``referrals`` of ``values`` into the names (``referrals``) and the
    skipped days by name (``skipped_referrals``); a skip before the interview is an error.
    ``checker`` is the note's ``validate.Checker``."""
    typed = values.pop("referrals", [])
    values["referrals"] = [r if r.__class__ is str else r.name for r in typed]
    values["skipped_referrals"] = {r.name: r.skipped_on for r in typed
                                   if r.__class__ is Skipped and r.skipped_on}
    for entry in typed:
        if entry.__class__ is Skipped and entry.skipped_on and day and entry.skipped_on < day:
            checker.error(entry.line, "referrals", f"skipped_on {entry.skipped_on} is before "
                          f"the interview ({day})", "fix whichever date is wrong")
