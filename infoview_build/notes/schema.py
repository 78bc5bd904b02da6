"""JSON Schema (draft 2020-12) and the field reference page, both made from ``fields``.

The validator reads the same tables, so the schema, the docs and the checks cannot
drift apart. The schema describes the front matter as an editor's YAML parser sees it:
dates are text in the forms the validator accepts, and an empty value (``company:``
left blank) is allowed wherever a key is optional.
"""

from __future__ import annotations

import json
import re

import yaml

from infoview_build.notes.fields import CONFIG_FIELDS, CONTACT_FIELDS, INTERVIEW_FIELDS, Field
from infoview_build.notes.validate import SLUG_RE, time_zones, yaml_reading

KINDS = {
    "contact": ("Contact", "contacts/<slug>.md", CONTACT_FIELDS),
    "interview": ("Interview", "interviews/<YYYY-MM-DD>-<contact>.md", INTERVIEW_FIELDS),
    "config": ("Settings", "infoview.yml", CONFIG_FIELDS),
}
"""Each file kind: its title, where such files live, and its field table."""

SCHEMA_ID = "https://infoview.example/schema/{kind}.json"
_DATE = r"^\d{4}-\d{1,2}-\d{1,2}$"
_DATETIME = (r"^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
             r"[ \t]*(?:Z|[-+]\d{1,2}(?::?\d{2})?)?)?$")
_SLUG = "^" + SLUG_RE.pattern.removesuffix(r"\Z") + "$"
_URL = r"^(?:https?://\S+|mailto:\S+@\S+)$"
# Text that reads back as itself without quotes, even inside [ ] and { }.
_PLAIN_RE = re.compile(r"[A-Za-z0-9+(][^,\[\]{}#&*!|>'\"%@`]*(?<![: ])")


def _type(spec: Field) -> dict:
    """The schema of one key's value (without its description)."""
    kind = spec.kind
    if kind == "text":
        return {"type": "string"}
    if kind == "email":
        return {"type": "string", "format": "email"}
    if kind == "url":
        return {"type": "string", "pattern": _URL}
    if kind == "url-list":
        return {"type": "array", "items": {"type": "string", "pattern": _URL}}
    if kind == "text-list":
        return {"type": "array", "items": {"type": "string"}}
    if kind == "referrals":  # a name, or a name with the day it was skipped
        return {"type": "array", "items": {"anyOf": [{"type": "string"},
                                                     _object(spec.fields)]}}
    if kind == "timezone":
        return {"type": "string", "enum": sorted(time_zones())}
    if kind == "slug":
        return {"type": "string", "pattern": _SLUG}
    if kind == "date":
        return {"type": "string", "pattern": _DATE}
    if kind == "datetime":
        return {"type": "string", "pattern": _DATETIME}
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "int":
        out: dict = {"type": "integer"}
        if spec.minimum is not None:
            out["minimum"] = spec.minimum
        if spec.maximum is not None:
            out["maximum"] = spec.maximum
        return out
    if kind == "enum":
        return {"type": "string", "enum": list(spec.choices)}
    if kind == "mapping":
        return _object(spec.fields)
    if kind == "questions":
        return {"type": "array", "items": {"anyOf": [{"type": "string"},
                                                     _object(spec.fields)]}}
    if kind == "topics":  # a topic name, or its name, title and aliases
        return {"type": "array", "items": {"anyOf": [{"type": "string", "pattern": _SLUG},
                                                     _object(spec.fields)]}}
    if kind == "actions":
        return {"type": "array", "items": _object(spec.fields)}
    raise AssertionError(f"unknown field kind {kind}")  # pragma: no cover


def _property(spec: Field) -> dict:
    out = _type(spec)
    if not spec.required:  # a blank value counts as absent
        out = {"anyOf": [out, {"type": "null"}]} if "anyOf" in out or "enum" in out else \
            {**out, "type": [out["type"], "null"]}
    out = {"description": spec.doc, **out}
    if spec.example is not None:
        out["examples"] = [spec.example]
    return out


def _object(fields: tuple[Field, ...]) -> dict:
    out: dict = {
        "type": "object",
        "properties": {f.key: _property(f) for f in fields},
        "additionalProperties": False,
    }
    required = [f.key for f in fields if f.required]
    if required:
        out["required"] = required
    return out


def json_schema(kind: str) -> dict:
    """The JSON Schema of one file kind's front matter (``contact``, ``interview``, ``config``)."""
    title, where, fields = KINDS[kind]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID.format(kind=kind),
        "title": f"infoview {title.lower()} ({where})",
        **_object(fields),
    }


def combined() -> dict:
    """One document for every kind, under ``$defs``; it accepts a contact or an interview."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID.format(kind="infoview"),
        "title": "infoview notes: a contact or an interview",
        "$defs": {kind: {k: v for k, v in json_schema(kind).items() if k != "$schema"}
                  for kind in KINDS},
        "anyOf": [{"$ref": "#/$defs/contact"}, {"$ref": "#/$defs/interview"}],
    }


def dumps(kind: str) -> str:
    """The schema of ``kind`` (or ``all``) as indented JSON text, ending in a newline."""
    document = combined() if kind == "all" else json_schema(kind)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


_KIND_NAMES = {
    "text": "text", "email": "email address", "url": "web address",
    "url-list": "list of web addresses", "text-list": "list of text", "timezone": "IANA time zone",
    "slug": "contact slug", "date": "date (YYYY-MM-DD)",
    "datetime": "date, or date and time", "bool": "true / false", "int": "whole number",
    "enum": "one of", "questions": "list of questions", "referrals": "list of slugs or names",
    "actions": "list of actions", "mapping": "fields", "topics": "list of topics",
}


def _yaml(value, kind: str) -> str:
    """A value as one would type it in flow style: quotes only where YAML needs them."""
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v, kind) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml(v, kind)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if kind in ("date", "datetime") or (_PLAIN_RE.fullmatch(text) and yaml_reading(text) is None):
        return text
    return yaml.safe_dump(text, default_style='"', width=1 << 30).strip()


def _example(spec: Field) -> str:
    if spec.example is None:
        return ""
    return f"`{spec.key}: {_yaml(spec.example, spec.kind)}`"


def _type_name(spec: Field) -> str:
    name = _KIND_NAMES[spec.kind]
    if spec.kind == "enum":
        name += " " + " · ".join(f"`{c}`" for c in spec.choices)
    if spec.kind == "int" and spec.minimum is not None:
        name += f", {spec.minimum}–{spec.maximum}"
    return name


def reference_entry(spec: Field) -> str:
    """One key's entry of the field reference as Markdown: what an editor shows on hover."""
    head = f"**`{spec.key}`** · {_type_name(spec)}" + (" · required" if spec.required else "")
    example = _example(spec)
    return "\n\n".join(part for part in (head, spec.doc, example and f"Example: {example}")
                       if part)


def _table(fields: tuple[Field, ...]) -> list[str]:
    lines = ["| key | type | required | example | meaning |", "|---|---|---|---|---|"]
    for spec in fields:
        cells = [f"`{spec.key}`", _type_name(spec), "yes" if spec.required else "",
                 _example(spec), spec.doc]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return lines


def markdown() -> str:
    """The field reference page (docs/fields.md): every key of every file kind."""
    lines = [
        "# Field reference",
        "",
        "<!-- Generated by `infoview schema --format markdown`; do not edit by hand. -->",
        "",
        "Every key a note's front matter may hold. An empty value (`company:` left blank)",
        "is the same as a missing key; any other key is an error. Text that YAML would read",
        "as something else (`No`, `1234`, `2026-12-01`) must be quoted.",
        "`infoview schema KIND` prints the same as JSON Schema for editors.",
    ]
    for title, where, fields in KINDS.values():
        lines += ["", f"## {title}: `{where}`", "", *_table(fields)]
        for spec in fields:
            if spec.fields:
                lines += ["", f"### Each of `{spec.key}`", "", *_table(spec.fields)]
    return "\n".join(lines) + "\n"
