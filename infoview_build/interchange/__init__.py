"""Notes in and out of other programs: LinkedIn and vCard imports, ics/json/csv exports.

``importing`` turns the rows that ``linkedin`` and ``vcard`` read into new contact
files, written all or nothing through ``edit.files``; ``export`` writes calendars,
JSON and CSV. It may import ``edit``, ``plan`` and ``notes``; only ``cli`` imports it.
"""
