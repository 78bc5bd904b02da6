"""`infoview schema`: JSON Schema and docs/fields.md, both made from fields.py.

If test_docs_fields_md_is_current fails, run
`.venv/bin/infoview schema --format markdown > docs/fields.md` and commit the result.
"""

from __future__ import annotations

import json
import re
from datetime import date

import jsonschema
import pytest
import yaml

from infoview_build.cli import main
from infoview_build.notes import schema
from infoview_build.notes.fields import CONFIG_FIELDS, CONTACT_FIELDS, INTERVIEW_FIELDS
from infoview_build.notes.load import read_note
from infoview_build.notes.validate import contact, interview, note_problems

from conftest import REPO


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's YAML 1.2 parser reads it: dates stay text."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _front(path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.load(text.split("---\n")[1], Loader=EditorLoader) or {}


@pytest.mark.parametrize("kind", ["all", "contact", "interview", "config"])
def test_schema_is_valid_draft_2020_12(runner, kind) -> None:
    result = runner.invoke(main, ["schema", kind])
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


@pytest.mark.parametrize(("kind", "folder"), [("contact", "contacts"), ("interview", "interviews")])
def test_every_example_note_passes_the_schema(kind, folder) -> None:
    validator = jsonschema.Draft202012Validator(schema.json_schema(kind))
    for path in sorted((REPO / folder).glob("*.md")):
        errors = [e.message for e in validator.iter_errors(_front(path))]
        assert not errors, f"{path.name}: {errors}"


def test_combined_schema_accepts_both_kinds_and_rejects_typos() -> None:
    validator = jsonschema.Draft202012Validator(schema.combined())
    assert validator.is_valid({"name": "Ada Quill"})
    assert validator.is_valid({"contact": "ada-quill", "date": "2026-12-03 14:30"})
    assert not validator.is_valid({"name": "Ada Quill", "emial": "ada@example.com"})


@pytest.mark.parametrize(("data", "valid"), [
    ({"name": "Ada Quill", "company": None}, True),  # a blank value counts as absent
    ({"name": False}, False),  # name: No
    ({"name": "Ada Quill", "phone": 5550100}, False),
    ({"name": "Ada Quill", "timezone": "Europe/Lisbn"}, False),
    ({"name": "Ada Quill", "introduced_by": "Bram Okafor"}, False),
    ({"name": "Ada Quill", "requested_on": "2026-11-20"}, True),
    ({"role": "Staff Engineer"}, False),
])
def test_contact_schema_agrees_with_the_validator(data, valid) -> None:
    assert jsonschema.Draft202012Validator(schema.json_schema("contact")).is_valid(data) == valid


@pytest.mark.parametrize(("data", "valid"), [
    ({"contact": "ada-quill", "date": "2026-12-03"}, True),
    ({"contact": "ada-quill", "date": "2026-12-03T14:30:00+01:00"}, True),
    ({"contact": "ada-quill", "date": "next tuesday"}, False),
    ({"contact": "ada-quill", "date": "2026-12-03", "duration": 300}, False),
    ({"contact": "ada-quill", "date": "2026-12-03", "format": "zoom"}, False),
    ({"contact": "ada-quill", "date": "2026-12-03",
      "questions": ["Why?", {"q": "How?", "topic": "growth", "asked": True}]}, True),
    ({"contact": "ada-quill", "date": "2026-12-03", "questions": [{"topic": "growth"}]}, False),
    ({"contact": "ada-quill", "date": "2026-12-03", "actions": [{"task": "Write", "due": None}]},
     True),
])
def test_interview_schema_agrees_with_the_validator(data, valid) -> None:
    validator = jsonschema.Draft202012Validator(schema.json_schema("interview"))
    assert validator.is_valid(data) == valid


def test_docs_fields_md_is_current(runner) -> None:
    result = runner.invoke(main, ["schema", "--format", "markdown"])
    assert result.exit_code == 0
    assert (REPO / "docs" / "fields.md").read_text(encoding="utf-8") == result.output


def test_field_reference_lists_every_key_once_per_table() -> None:
    page = schema.markdown()
    for fields in (CONTACT_FIELDS, INTERVIEW_FIELDS, CONFIG_FIELDS):
        for spec in fields:
            assert re.search(rf"^\| `{spec.key}` \|", page, re.MULTILINE), spec.key


@pytest.mark.parametrize(("fields", "check", "base"), [
    (CONTACT_FIELDS, contact,
     {"name": "name: Ada Quill", "requested_on": "requested_on: 2026-11-01",
      "followed_up_on": "followed_up_on: 2026-11-27"}),
    (INTERVIEW_FIELDS, interview, {"contact": "contact: ada-quill", "date": "date: 2026-12-03"}),
])
def test_every_documented_example_passes_the_validator(fields, check, base) -> None:
    page = schema.markdown()
    for spec in fields:
        if spec.example is None:
            continue
        example = re.search(rf"^\| `{spec.key}` \|[^|]*\|[^|]*\| `([^`]*)` \|", page,
                            re.MULTILINE)[1]
        lines = {**base, spec.key: example}
        note = read_note("x.md", ("---\n" + "\n".join(lines.values()) + "\n---\n").encode())
        problems = note_problems(note) + check(note, "x", date(2026, 12, 9))[1]
        assert not [p for p in problems if p.severity == "error"], (example, problems)
