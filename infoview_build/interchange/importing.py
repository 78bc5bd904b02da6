"""Turn rows of another tool's export into new contact files: plan everything, then write.

The readers (``linkedin``, ``vcard``) turn a file into ``Candidate`` records or raise
``InfoviewError`` for a file that cannot be read at all. ``plan`` decides, for every
candidate, whether it becomes a file or is skipped (and why): it renders each file and
runs it through the validator before anything is written. ``write`` then creates the
files as one ``files.change``: all or nothing, even if the process is killed.

Duplicates: a row whose email or LinkedIn address is already known (in the knowledge
base, or on an earlier row of the same file) is skipped, and so is one whose slug is
already a contact file. Two different people in one file with the same name get
``ada-quill`` and ``ada-quill-2``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import jinja2
import yaml

from infoview_build.edit import files
from infoview_build.notes import validate
from infoview_build.notes.errors import InfoviewError
from infoview_build.notes.fields import CONTACT_FIELDS
from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.notes.load import read_note
from infoview_build.notes.slugs import slugify

_ORDER = {f.key: n for n, f in enumerate(CONTACT_FIELDS)}
_SPACE_RE = re.compile(r"\s+")
# Text YAML reads back as itself without quotes, in a list's [ ] too (no , [ ] { } # : …).
_PLAIN_RE = re.compile(r"[A-Za-z0-9(][^,\[\]{}#&*!|>'\"%@`:\\]*(?<! )")


def _plain(text: str) -> bool:
    """Whether ``text`` can be written without quotes (most names, companies and roles)."""
    return bool(_PLAIN_RE.fullmatch(text)) and text.isprintable() and \
        validate.yaml_reading(text) is None


@dataclass(slots=True)
class Candidate:
    """One row or card of an export, as contact fields."""

    where: str
    """``Connections.csv:12``: the file and line it comes from, for messages."""
    fields: dict
    """Contact front-matter keys → text or list of text (``name`` may be empty)."""
    body: str = ""


@dataclass(slots=True)
class Skipped:
    """A candidate that is not written, and why."""

    where: str
    name: str
    reason: str
    kind: str
    """Short reason for the summary: ``already known``, ``no name``, ``invalid``, ``filtered``."""


@dataclass(slots=True)
class NewFile:
    """A contact file to create."""

    path: str
    """Relative to the knowledge-base root: ``contacts/ada-quill.md``."""
    text: str
    where: str
    name: str


@dataclass(slots=True)
class Plan:
    """What an import will do."""

    root: Path
    source: str
    new: list[NewFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def summary(self, dry_run: bool) -> str:
        """``3 created, 2 skipped (1 already known, 1 no name)``."""
        verb = "would be created" if dry_run else "created"
        text = f"{len(self.new)} {verb}, {len(self.skipped)} skipped"
        if self.skipped:
            counts = Counter(s.kind for s in self.skipped)
            text += " (" + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) + ")"
        return text


def clean(text: str | None) -> str:
    """One line of text: runs of whitespace become one space, ends trimmed."""
    return _SPACE_RE.sub(" ", text or "").strip()


def link_key(url: str) -> str:
    """A web address reduced to what identifies a profile: no scheme, www, query or slash."""
    url = url.strip().lower()
    url = re.sub(r"^[a-z]+://", "", url)
    url = re.sub(r"^www\.", "", url)
    url = re.split(r"[?#]", url, maxsplit=1)[0]
    return url.rstrip("/")


def yaml_value(value) -> str:
    """A value as YAML that reads back as the same text: ``No`` and ``1234`` get quotes."""
    if isinstance(value, str) and _plain(value):
        return value
    if isinstance(value, list) and all(isinstance(v, str) and _plain(v) for v in value):
        return "[" + ", ".join(value) + "]"
    out = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 30,
                         sort_keys=False)
    return out.removesuffix("\n").removesuffix("\n...").strip()


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("infoview_build", "templates"),
    autoescape=False,
    keep_trailing_newline=True,
    trim_blocks=True,
    undefined=jinja2.StrictUndefined,
)
_ENV.filters["yaml"] = yaml_value


def render(candidate: Candidate) -> str:
    """The text of the contact file, keys in the order of ``fields.CONTACT_FIELDS``."""
    items = sorted(((k, v) for k, v in candidate.fields.items() if v), key=lambda kv: _ORDER[kv[0]])
    body = candidate.body.strip()
    return _ENV.get_template("import/contact.md").render(fields=items, body=body)


def _known(root: Path, today: date) -> tuple[set[str], dict[str, str], dict[str, str]]:
    """Existing contact slugs (lower-case), and the files of known emails and profile links."""
    slugs = set()
    folder = root / "contacts"
    if folder.is_dir():
        slugs = {p.stem.lower() for p in folder.glob("*.md")}
    emails: dict[str, str] = {}
    links: dict[str, str] = {}
    kb = load_knowledge_base(root, today)  # refuses a folder that is no knowledge base
    for contact in kb.contacts.values():
        if contact.email:
            emails.setdefault(contact.email.lower(), contact.path)
        for url in contact.links:
            links.setdefault(link_key(url), contact.path)
    return slugs, emails, links


def plan(root: Path | str, source: str, candidates: list[Candidate], today: date) -> Plan:
    """Decide the fate of every candidate; render and validate each file to be written."""
    root = Path(root)
    result = Plan(root, source)
    slugs, emails, links = _known(root, today)
    taken: dict[str, str] = {}  # slug → where, for rows of this file
    for candidate in candidates:
        values = candidate.fields
        name = values.get("name") or ""
        if not name:
            result.skipped.append(Skipped(candidate.where, "", "the name is empty", "no name"))
            continue
        slug = slugify(name)
        if not slug:
            result.skipped.append(Skipped(candidate.where, name,
                                          "the name has no letters or digits to make a file "
                                          "name from", "no name"))
            continue
        seen = _seen(values, emails, links)
        if seen:
            result.skipped.append(Skipped(candidate.where, name, seen, "already known"))
            continue
        if slug in slugs:
            result.skipped.append(Skipped(candidate.where, name,
                                          f"contacts/{slug}.md exists already", "already known"))
            continue
        base, n = slug, 1
        while slug in taken or slug in slugs:
            n += 1
            slug = f"{base}-{n}"
        path = f"contacts/{slug}.md"
        text = render(candidate)
        problems = _problems(path, slug, text, today)
        if problems:
            result.skipped.append(Skipped(candidate.where, name, problems, "invalid"))
            continue
        taken[slug] = candidate.where
        if values.get("email"):
            emails[values["email"].lower()] = candidate.where
        for url in values.get("links") or ():
            links[link_key(url)] = candidate.where
        result.new.append(NewFile(path, text, candidate.where, name))
    return result


def _seen(values: dict, emails: dict[str, str], links: dict[str, str]) -> str:
    """Why this person is already known, or an empty string."""
    email = (values.get("email") or "").lower()
    if email and email in emails:
        return f"the email {values['email']} is already in {emails[email]}"
    for url in values.get("links") or ():
        if link_key(url) in links:
            return f"the link {url} is already in {links[link_key(url)]}"
    return ""


def _problems(path: str, slug: str, text: str, today: date) -> str:
    """The validator's errors for a file about to be written, as one line."""
    note = read_note(path, text.encode("utf-8"))
    problems = validate.note_problems(note)
    if note.data is not None:
        problems += validate.contact(note, slug, today)[1]
    errors = [p for p in problems if p.severity == "error"]
    return "; ".join(f"{p.field}: {p.message}" for p in errors)


def run(root: Path | str, source: str, candidates: list[Candidate], skipped: list[Skipped],
        today: date, dry_run: bool) -> Plan:
    """Plan the import and (unless ``dry_run``) write it, under the knowledge base's lock so
    that what was planned is still true when it is written."""
    if dry_run:
        result = plan(root, source, candidates, today)
    else:
        with files.locked(root):
            result = plan(root, source, candidates, today)
            write(result)
    result.skipped[:0] = skipped
    return result


def write(result: Plan) -> None:
    """Create every planned file, or none of them (even if the process is killed)."""
    try:
        with files.change(result.root) as change:
            for new in result.new:
                change.create(new.path, new.text)
    except InfoviewError as exc:
        raise InfoviewError(f"{exc.message}; the import was undone, no file was "
                            "written") from None


def report(result: Plan, dry_run: bool) -> list[str]:
    """One line per file created and per row skipped, then the summary."""
    lines = []
    for new in result.new:
        lines.append(f"{'would create' if dry_run else 'created'} {new.path} ({new.where})")
        if dry_run:
            lines += ["    " + line if line else "" for line in new.text.rstrip("\n").split("\n")]
    for skipped in result.skipped:
        if skipped.kind == "filtered":  # counted in the summary; listing them is noise
            continue
        who = f" {skipped.name}" if skipped.name else ""
        lines.append(f"skipped {skipped.where}{who}: {skipped.reason}")
    lines.append(f"{result.source}: {result.summary(dry_run)}")
    return lines


def read_text(path: Path | str) -> tuple[str, str]:
    """A file's text (UTF-8, with or without BOM) and its name, or a clear error."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InfoviewError(f"cannot read {path}: {exc.strerror}") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InfoviewError(f"{path.name}: the file is not valid UTF-16") from None
        return text, path.name
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        raise InfoviewError(f"{path.name}:{line}: the file is not UTF-8 (byte 0x{byte:02x}); "
                            "export it again as UTF-8, or convert it with "
                            f"'iconv -f WINDOWS-1252 -t UTF-8 {path.name}'") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InfoviewError(f"{path.name}:{line}: the file holds a NUL byte; "
                            "it is not a text export")
    return text, path.name
