"""The order of a contact's dates: what ``check`` says about when things happened."""

from __future__ import annotations

from datetime import date

DATE_KEYS = ("requested_on", "followed_up_on", "replied_on", "declined_on", "no_reply_on",
             "kept_in_touch_on")
"""Every date key of a contact."""


def check(checker, values: dict, lines: dict, data, today: date) -> None:
    """A follow-up needs the request and no answer comes before it; ``no_reply_on`` needs
    the follow-up and is not before it; a day after ``today`` is a warning. ``checker`` is
    the ``validate.Checker`` of the note, which collects the problems."""
    requested = values.get("requested_on")
    if "followed_up_on" in values and requested is None and "requested_on" not in data:
        checker.error(lines["followed_up_on"], "followed_up_on",
                      "a follow-up needs a request first",
                      "add 'requested_on' with the day you asked")
    if requested is not None:
        for key in ("followed_up_on", "replied_on", "declined_on"):
            when = values.get(key)
            if when is not None and when < requested:
                checker.error(lines[key], key, f"{when} is before requested_on ({requested})",
                              "fix whichever date is wrong")
    gave_up = values.get("no_reply_on")
    followed = values.get("followed_up_on")
    if gave_up is not None and followed is None and "followed_up_on" not in data:
        checker.error(lines["no_reply_on"], "no_reply_on", "a no-reply needs the follow-up first",
                      "send one polite follow-up and add 'followed_up_on' with its day")
    elif gave_up is not None and followed is not None and gave_up < followed:
        checker.error(lines["no_reply_on"], "no_reply_on",
                      f"{gave_up} is before followed_up_on ({followed})",
                      "fix whichever date is wrong")
    for key in DATE_KEYS:
        when = values.get(key)
        if when is not None and when > today:
            checker.warning(lines[key], key, f"{when} is in the future")
