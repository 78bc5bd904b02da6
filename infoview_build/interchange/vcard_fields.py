"""Which vCard properties a contact note keeps, and the body lines of those that have no
field: chat addresses, street addresses, anniversaries and other dates, related people.

Exporters name the same thing many ways (``IMPP``, ``X-AIM``, ``X-SKYPE``,
``X-messaging/aim-All``; ``ANNIVERSARY``, ``X-MS-ANNIVERSARY``; ``RELATED``,
``X-ABRELATEDNAMES``, ``X-EVOLUTION-SPOUSE``); each is renamed here to one property
(``rename``) before vobject parses the card, with what the exporter's name said about it
(``AIM``, ``spouse``) kept as a label. Apple and Google put a property's label on a
separate ``itemN.X-ABLabel`` line (``_$!<Spouse>!$_``); it is joined to its property.

Every other property is either bookkeeping of the exporting program (``REV``, ``UID``,
``PRODID``…), which says nothing about the person and is left out quietly, or something a
note has no place for, which is counted in the import summary by kind (``DROPPED``; an
unknown property by its own name), so that a user knows what was not carried over.
"""

from __future__ import annotations

import re

KEPT = frozenset(("FN", "N", "ORG", "TITLE", "ROLE", "EMAIL", "TEL", "URL", "X-SOCIALPROFILE",
                  "ADR", "NOTE", "CATEGORIES", "BDAY", "NICKNAME", "IMPP", "ANNIVERSARY",
                  "X-ABDATE", "RELATED"))
"""Properties read into a note (after ``rename``)."""

_CHAT = {"X-AIM": "AIM", "X-ICQ": "ICQ", "X-JABBER": "Jabber", "X-MSN": "MSN",
         "X-YAHOO": "Yahoo", "X-SKYPE": "Skype", "X-SKYPE-USERNAME": "Skype",
         "X-GTALK": "Google Talk", "X-GOOGLE-TALK": "Google Talk", "X-QQ": "QQ",
         "X-GADUGADU": "Gadu-Gadu", "X-MS-IMADDRESS": "", "X-KADDRESSBOOK-X-IMADDRESS": "",
         "X-TWITTER": "Twitter"}
_ALIASES = {
    **{name: ("IMPP", label) for name, label in _CHAT.items()},
    **{f"X-{kind}-ANNIVERSARY": ("ANNIVERSARY", "") for kind in ("MS", "EVOLUTION")},
    "X-ANNIVERSARY": ("ANNIVERSARY", ""),
    "X-ABRELATEDNAMES": ("RELATED", ""),
    **{f"X-{who}{role}": ("RELATED", role.lower())
       for who in ("", "MS-", "EVOLUTION-") for role in ("SPOUSE", "MANAGER", "ASSISTANT")},
    "X-MS-TEL": ("TEL", ""),
}
# KDE Kontact: X-messaging/aim-All, X-messaging/xmpp-All.
_KDE_CHAT_RE = re.compile(r"X-MESSAGING/([A-Z0-9]+)-", re.IGNORECASE)
# FullContact writes X-FCENCODED-<hex of "X-FC-RelatedNames:Mother">.
_FULLCONTACT_RE = re.compile(r"X-FCENCODED-((?:[0-9A-F]{2})+)\Z", re.IGNORECASE)

QUIET = frozenset((
    "VERSION", "BEGIN", "END", "PRODID", "REV", "UID", "CLASS", "SORT-STRING", "PROFILE",
    "SOURCE", "NAME",
    "MAILER", "KIND", "CLIENTPIDMAP", "XML", "X-GENERATOR", "X-ABUID", "X-ABADR",
    "X-ABSHOWAS", "X-ABLABEL", "X-ID", "X-ETAG", "X-FC-LIST-ID", "X-FC-TAGS",
    "X-MS-OL-DEFAULT-POSTAL-ADDRESS", "X-MS-OL-DESIGN", "X-EVOLUTION-FILE-AS",
    "X-COUCHDB-APPLICATION-ANNOTATIONS", "X-EVOLUTION-LIST", "X-EVOLUTION-LIST-SHOW-ADDRESSES",
))
"""The exporting program's bookkeeping (versions, ids, revision times, sort keys, labels
joined to their property): nothing about the person, so not counted as left out."""

DROPPED = {"PHOTO": "photo", "LOGO": "logo", "SOUND": "sound", "KEY": "key",
           "GEO": "map position", "TZ": "time zone", "GENDER": "gender", "X-GENDER": "gender",
           "LANG": "language", "FBURL": "calendar address", "CALURI": "calendar address",
           "CALADRURI": "calendar address", "X-PHONETIC-FIRST-NAME": "phonetic name",
           "X-PHONETIC-MIDDLE-NAME": "phonetic name", "X-PHONETIC-LAST-NAME": "phonetic name",
           "X-PHONETIC-ORG": "phonetic name", "AGENT": "agent", "MEMBER": "group member",
           "LABEL": "address label", "EXPERTISE": "expertise", "HOBBY": "hobby",
           "INTEREST": "interest", "ORG-DIRECTORY": "directory address"}
"""Properties about the person that a note has no place for, by the summary's word for
them (``LABEL`` is the printed form of an ``ADR``; it counts only on a card without one)."""


def rename(name: str) -> tuple[str, str]:
    """A property's name as read here, and the label its exporter's name carries:
    ``X-SKYPE`` → (``IMPP``, ``Skype``); a name that is not renamed comes back as it is."""
    if name in _ALIASES:
        return _ALIASES[name]
    kde = _KDE_CHAT_RE.match(name)
    if kde:
        return "IMPP", kde[1].upper() if len(kde[1]) <= 3 else kde[1].capitalize()
    encoded = _FULLCONTACT_RE.match(name)
    if encoded:
        try:
            decoded = bytes.fromhex(encoded[1]).decode("utf-8")
        except ValueError:
            return name, ""
        kind, _, label = decoded.partition(":")
        kind = kind.upper()
        if kind == "X-FC-RELATEDNAMES":
            return "RELATED", label
        if kind == "X-FC-OTHERDATES":
            return ("ANNIVERSARY", "") if label.lower() == "anniversary" else ("X-ABDATE", label)
    return name, ""


def left_out(name: str) -> str:
    """The summary's word for a property that is not kept, or ``""`` for bookkeeping."""
    if name in QUIET:
        return ""
    return DROPPED.get(name) or f"{name} field"


def apple_label(text: str) -> str:
    """``_$!<Spouse>!$_`` (Apple's and Google's built-in labels) → ``Spouse``; a label a
    user typed stays as typed."""
    match = re.fullmatch(r"_\$!<(.*)>!\$_", text.strip())
    return (match[1] if match else text).strip()


def address_text(address) -> str:
    """A vobject Address as one line: ``222 Broadway, New York, NY 99999, USA``."""
    def part(key: str) -> str:
        value = getattr(address, key, "")
        if isinstance(value, list | tuple):
            value = " ".join(v for v in value if v)
        return re.sub(r"\s+", " ", str(value or "")).strip()

    region = " ".join(p for p in (part("region"), part("code")) if p)
    parts = [part("box"), part("extended"), part("street"), part("city"), region,
             part("country")]
    return ", ".join(p for p in parts if p)
