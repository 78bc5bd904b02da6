"""Turn rows of another tool's export into new contact files: plan everything, then write.

The readers (``linkedin``, ``address_csv`` for Google, Outlook and Thunderbird, ``vcard``)
turn a file into ``Candidate`` records or raise
``InfoviewError`` for a file that cannot be read at all. ``plan`` decides, for every
candidate, whether it becomes a file or is skipped (and why): it renders each file and
runs it through the validator before anything is written. ``write`` then creates the
files (and, with ``--update``, adds the lines known contacts lack) as one
``files.change``: all or nothing, even if the process is killed.

Duplicates are decided by person, with the keys of ``notes.identity`` that ``check``
warns about: a row is skipped when one of its email addresses or personal profile links,
or its name, is already known (in the knowledge base, or on an earlier row of the same
file). Names are compared by slug, which folds a little more than ``check`` does
(punctuation too), since two such names would want one file. A company homepage never
makes two people one.

Text from the other tool's file is text: a note's body is escaped (``markdown_text``) so
that the site shows its characters, never HTML or Markdown made from them.
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
from infoview_build.edit.mark import with_keys
from infoview_build.interchange.texts import (  # noqa: F401 (the readers' helpers, here too)
    clean,
    listed_body,
    markdown_inline,
    markdown_text,
    web_link,
)
from infoview_build.notes import validate
from infoview_build.notes.errors import InfoviewError
from infoview_build.notes.fields import CONTACT_FIELDS
from infoview_build.notes.identity import profile_link, strip_pictographs
from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.notes.load import read_note
from infoview_build.notes.model import Contact
from infoview_build.notes.progress import Progress
from infoview_build.notes.slugs import slugify

_ORDER = {f.key: n for n, f in enumerate(CONTACT_FIELDS)}
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
    """Markdown, already escaped (``markdown_text``)."""
    emails: list[str] = field(default_factory=list)
    """Every email address of the record (the one in ``fields`` first), to find duplicates."""
    dropped: list[str] = field(default_factory=list)
    """What was left out, one short noun each (``photo``, ``unreadable date``), for the
    summary."""
    remarks: list[str] = field(default_factory=list)
    """Lines worth reading about this record (an unreadable date), shown in the report."""
    guessed: str = ""
    """The code page its text was read in when no charset was declared and it was not
    UTF-8 (``cp1253``): a guess, named in the summary."""


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
class Update:
    """Lines to add to a contact file that exists (``import --update``)."""

    path: str
    text: str
    """The whole new text of the file."""
    where: str
    keys: list[str]
    """The keys added, in the order of ``fields.CONTACT_FIELDS``."""
    added: list[str]
    """The lines added, as written."""
    refused: str = ""
    """``; email: 'elif@' is not an email address``: values left out, and why."""


@dataclass(slots=True)
class Plan:
    """What an import will do."""

    root: Path
    source: str
    new: list[NewFile] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)
    """What was left out of the files written, by kind: ``{"photo": 3}``."""
    remarks: list[str] = field(default_factory=list)
    """``Connections.csv:7 Ada Quill: …``: per-row notes for the report."""
    guessed: list[str] = field(default_factory=list)
    """``contacts.vcf:12 (cp1253)``: records written whose code page was guessed."""

    def summary(self, dry_run: bool) -> str:
        """``3 created, 2 skipped (1 already known, 1 no name); left out: 2 photos``."""
        verb = "would be created" if dry_run else "created"
        text = f"{len(self.new)} {verb}, "
        if self.updates:
            text += f"{len(self.updates)} {'would be updated' if dry_run else 'updated'}, "
        text += f"{len(self.skipped)} skipped"
        if self.skipped:
            counts = Counter(s.kind for s in self.skipped)
            text += " (" + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) + ")"
        if self.dropped:
            text += "; left out: " + ", ".join(
                f"{n} {_plural(kind, n)}" for kind, n in sorted(self.dropped.items()))
        if self.guessed:
            shown = ", ".join(self.guessed[:5]) + (", …" if len(self.guessed) > 5 else "")
            text += f"; code page guessed for {len(self.guessed)} " \
                    f"{_plural('record', len(self.guessed))}: {shown}"
        return text


def _plural(noun: str, n: int) -> str:
    return noun if n == 1 else noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")


def yaml_value(value) -> str:
    """A value as YAML that reads back as the same text: ``No`` and ``1234`` get quotes."""
    if isinstance(value, str) and _plain(value):
        return value
    if isinstance(value, list) and all(isinstance(v, str) and _plain(v) for v in value):
        return "[" + ", ".join(value) + "]"
    out = yaml.dump(value, Dumper=_dumper(value), default_flow_style=True, allow_unicode=True,
                    width=1 << 30, sort_keys=False)
    return out.removesuffix("\n").removesuffix("\n...").strip()


_FAST_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


def _dumper(value) -> type:
    """libyaml's dumper (a third of an import's time otherwise goes to PyYAML's), except
    for text beyond the Basic Multilingual Plane, which libyaml writes as escapes."""
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(t, str) and _ASTRAL_RE.search(t) for t in texts):
        return yaml.SafeDumper
    return _FAST_DUMPER


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


@dataclass(slots=True)
class _Person:
    """What identifies one contact, known or about to be written."""

    where: str
    """Its file (``contacts/ada-quill.md``) or row (``Connections.csv:5``)."""
    emails: set[str]
    profiles: set[str]


@dataclass(slots=True)
class _People:
    """Everyone already known, by each key that identifies a person."""

    slugs: set[str] = field(default_factory=set)
    """File names of contacts/ (lower-case)."""
    planned: dict[str, str] = field(default_factory=dict)
    """Slug → the row whose file this import writes."""
    emails: dict[str, _Person] = field(default_factory=dict)
    profiles: dict[str, _Person] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """Folded name → where it is."""
    contacts: dict[str, Contact] = field(default_factory=dict)
    """The valid contacts of the knowledge base, by path (the ones ``--update`` may fill)."""

    def add(self, person: _Person, name: str, slug: str) -> None:
        for email in person.emails:
            self.emails.setdefault(email, person)
        for profile in person.profiles:
            self.profiles.setdefault(profile, person)
        self.names.setdefault(name_key(name), person.where)
        self.planned[slug] = person.where

    def why_known(self, candidate: Candidate, slug: str) -> tuple[str, str]:
        """Why ``candidate`` is someone already known and where, or two empty strings."""
        for email in candidate.emails:
            if email_key(email) in self.emails:
                where = self.emails[email_key(email)].where
                return f"the email {email} is already in {where}", where
        for url in candidate.fields.get("links") or ():
            if profile_key(url) in self.profiles:
                where = self.profiles[profile_key(url)].where
                return f"the link {url} is already in {where}", where
        if slug in self.slugs:
            return f"contacts/{slug}.md exists already", f"contacts/{slug}.md"
        name = candidate.fields["name"]
        if name_key(name) in self.names:
            where = self.names[name_key(name)]
            return f"the name {name} is already in {where}", where
        if slug in self.planned:
            where = self.planned[slug]
            return f"contacts/{slug}.md is written for {where} already", where
        return "", ""


def email_key(email: str) -> str:
    return email.strip().casefold()


def profile_key(url: str) -> str:
    return profile_link(url) or ""


def name_key(name: str) -> str:
    """``Zoë ÅNGSTRÖM ✨`` → ``zoe-angstrom``: the file name the person would get."""
    return slugify(strip_pictographs(name))


def _person(where: str, emails, links) -> _Person:
    return _Person(where, {email_key(e) for e in emails if e},
                   {k for k in map(profile_key, links) if k})


def _known(root: Path, today: date) -> _People:
    """Everyone in contacts/, by file name, email, profile link and name."""
    people = _People()
    folder = root / "contacts"
    if folder.is_dir():
        people.slugs = {p.stem.lower() for p in folder.glob("*.md")}
    kb = load_knowledge_base(root, today)  # refuses a folder that is no knowledge base
    broken = {p.path for p in kb.errors}
    for contact in kb.contacts.values():
        if contact.path not in broken:
            people.contacts[contact.path] = contact
        person = _person(contact.path, [contact.email or ""], contact.links)
        for email in person.emails:
            people.emails.setdefault(email, person)
        for profile in person.profiles:
            people.profiles.setdefault(profile, person)
        people.names.setdefault(name_key(contact.name), contact.path)
    return people


def plan(root: Path | str, source: str, candidates: list[Candidate], today: date,
         update: bool = False, force: bool = False) -> Plan:
    """Decide the fate of every candidate; render and validate each file to be written.

    With ``update``, a candidate who is already known fills in the fields their contact
    file lacks (one line each; no value is ever changed, the body never touched); a
    contact file made read-only is left as it is unless ``force``."""
    root = Path(root)
    result = Plan(root, source)
    people = _known(root, today)
    for candidate in Progress("Importing rows", len(candidates)).each(candidates):
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
        person = _person(candidate.where, candidate.emails or [values.get("email") or ""],
                         values.get("links") or ())
        seen, where = people.why_known(candidate, slug)
        if seen and update and where in people.contacts:
            fill = _fill(people.contacts.pop(where), candidate, root, today, force)
            if isinstance(fill, Update):
                result.updates.append(fill)
                result.dropped.update(candidate.dropped)
                continue
            seen += fill
        if seen:
            result.skipped.append(Skipped(candidate.where, name, seen, "already known"))
            continue
        path = f"contacts/{slug}.md"
        text = render(candidate)
        problems = _problems(path, slug, text, today)
        if problems:
            result.skipped.append(Skipped(candidate.where, name, problems, "invalid"))
            continue
        people.add(person, name, slug)
        result.new.append(NewFile(path, text, candidate.where, name))
        result.dropped.update(candidate.dropped)
        if candidate.guessed:
            result.guessed.append(f"{candidate.where} ({candidate.guessed})")
        result.remarks += [f"{candidate.where} {name}: {r}" for r in candidate.remarks]
    return result


def _fill(contact: Contact, candidate: Candidate, root: Path, today: date,
          force: bool) -> Update | str:
    """The lines that give ``contact`` the fields it lacks from ``candidate``, or why
    there are none (to add to the reason it is skipped). A value the validator refuses
    (``email: elif@``) is left out and named."""
    values = {key: yaml_value(value) for key, value in sorted(
        candidate.fields.items(), key=lambda kv: _ORDER[kv[0]])
        if key != "name" and value and not getattr(contact, key, None)}
    refused = {key: problems for key, text in values.items() if (problems := _problems(
        contact.path, contact.slug, f"---\nname: {contact.slug}\n{key}: {text}\n---\n",
        today))}
    values = {key: text for key, text in values.items() if key not in refused}
    why_not = "".join(f"; {problems}" for problems in refused.values())
    if not values:
        return why_not or "; it has every field this row has"
    try:
        files.refuse_read_only(root, contact.path, force, "fill it in")
    except InfoviewError:
        return "; its file is read-only (add --force to fill it in anyway)"
    try:
        raw = (root / contact.path).read_bytes()
        text = with_keys(contact.path, raw, values).decode("utf-8")
    except (OSError, InfoviewError, UnicodeDecodeError):
        return "; its file cannot be filled in line by line"
    problems = _problems(contact.path, contact.slug, text, today)
    if problems:
        return f"; filling it in would make it invalid ({problems})"
    return Update(contact.path, text, candidate.where, list(values),
                  [f"{key}: {value}" for key, value in values.items()], why_not)


def _problems(path: str, slug: str, text: str, today: date) -> str:
    """The validator's errors for a file about to be written, as one line."""
    note = read_note(path, text.encode("utf-8"))
    problems = validate.note_problems(note)
    if note.data is not None:
        problems += validate.contact(note, slug, today)[1]
    errors = [p for p in problems if p.severity == "error"]
    return "; ".join(f"{p.field}: {p.message}" for p in errors)


def run(root: Path | str, source: str, candidates: list[Candidate], skipped: list[Skipped],
        today: date, dry_run: bool, update: bool = False, force: bool = False) -> Plan:
    """Plan the import and (unless ``dry_run``) write it, under the knowledge base's lock so
    that what was planned is still true when it is written."""
    if dry_run:
        result = plan(root, source, candidates, today, update, force)
    else:
        with files.locked(root):
            result = plan(root, source, candidates, today, update, force)
            write(result, force)
    result.skipped[:0] = skipped
    return result


def write(result: Plan, force: bool = False) -> None:
    """Create every planned file and fill in every planned update, or none of them (even
    if the process is killed)."""
    try:
        with files.change(result.root, force=force) as change:
            for new in result.new:
                change.create(new.path, new.text)
            for update in result.updates:
                change.write(update.path, update.text)
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
    for update in result.updates:
        lines.append(f"{'would add' if dry_run else 'added'} {', '.join(update.keys)} to "
                     f"{update.path} ({update.where}){update.refused}")
        if dry_run:
            lines += ["    " + line for line in update.added]
    lines += [f"note {remark}" for remark in result.remarks]
    for skipped in result.skipped:
        if skipped.kind == "filtered":  # counted in the summary; listing them is noise
            continue
        who = f" {skipped.name}" if skipped.name else ""
        lines.append(f"skipped {skipped.where}{who}: {skipped.reason}")
    lines.append(f"{result.source}: {result.summary(dry_run)}")
    return lines


def read_bytes(path: Path | str) -> tuple[bytes, str]:
    """A file's bytes and its name, or a clear error."""
    path = Path(path)
    try:
        return path.read_bytes(), path.name
    except OSError as exc:
        raise InfoviewError(f"cannot read {path}: {exc.strerror}") from None
