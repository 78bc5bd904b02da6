"""No note, however broken or malicious, crashes `infoview check` or makes it hang."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview_build.cli import main
from infoview_build.notes import validate
from infoview_build.notes.load import read_note


def _bomb() -> str:
    text = '---\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        text += f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    return text + "---\n"


HOSTILE: dict[str, bytes] = {
    "billion-laughs": _bomb().encode(),
    "deep-flow-nesting": ("---\nname: " + "[" * 100_000 + "]" * 100_000 + "\n---\n").encode(),
    "deep-block-nesting": ("---\nname:\n" + "".join("  " * i + "- x:\n" for i in range(1, 3000))
                           + "---\n").encode(),
    "ten-megabyte-body": b"---\nname: Big Body\n---\n" + b"word " * 2_000_000,
    "ten-thousand-tags": ("---\nname: Many Tags\ntags:\n"
                          + "".join(f"  - tag{i}\n" for i in range(10_000)) + "---\n").encode(),
    "tabs": b"---\nname: Ada\ntags:\n\t- one\n---\n",
    "nul-bytes": b"---\nname: Ada\x00Quill\n---\n",
    "invalid-utf8": b"---\nname: Jos\xe9\n---\n",
    "utf16": "---\nname: Ada\n---\n".encode("utf-16"),
    "binary-junk": bytes(range(256)) * 200,
    "control-character": b"---\nname: Ada\x07Quill\n---\n",
    "html-and-templates": (b"---\nname: <script>alert(1)</script>\ncompany: '{{ 7*7 }} | {% x %}'\n"
                           b"role: '*stars* [link](javascript:alert(1))'\n---\n"),
    "python-tag": b"---\nname: !!python/object/apply:os.system ['echo pwned']\n---\n",
    "merge-key": b"---\nname: Ada\n<<: {role: x}\n---\n",
}
EXPECTED_CLEAN = {"ten-megabyte-body", "ten-thousand-tags", "html-and-templates"}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_note_gets_a_clear_answer_quickly(tmp_path: Path, runner, name: str) -> None:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "hostile.md").write_bytes(HOSTILE[name])
    start = time.perf_counter()
    result = runner.invoke(main, ["check", "--root", str(tmp_path), "--today", "2026-12-01"])
    assert time.perf_counter() - start < 20  # bounded, not a speed target
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    if name in EXPECTED_CLEAN:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1
        assert result.output.startswith("contacts/hostile.md:"), result.output


def test_interview_references_cannot_walk_out_of_the_knowledge_base(tmp_path, runner) -> None:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "2026-11-20-x.md").write_text(
        "---\ncontact: ../../etc/passwd\ndate: 2026-11-20\n---\nNotes.\n")
    result = runner.invoke(main, ["check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "contact: '../../etc/passwd' is not a slug" in result.output


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_links_out_of_the_knowledge_base_are_not_followed(tmp_path, runner) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\nname: Secret Person\n---\n")
    kb = tmp_path / "kb"
    (kb / "contacts").mkdir(parents=True)
    (kb / "contacts" / "secret.md").symlink_to(secret)
    result = runner.invoke(main, ["check", "--root", str(kb)])
    assert result.exit_code == 1
    assert "contacts/secret.md:1: -: a link that points outside the knowledge base" in \
        result.output


def _validate_any(raw: bytes) -> None:
    note = read_note("contacts/x.md", raw)
    if note.data is not None:
        validate.contact(note, "x", date(2026, 12, 1))
        validate.interview(note, "2026-12-01-x", date(2026, 12, 1))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_are_a_note_or_a_problem(raw: bytes) -> None:
    _validate_any(raw)
    _validate_any(b"---\n" + raw + b"\n---\n")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=1000))
def test_any_text_as_front_matter_never_raises(text: str) -> None:
    _validate_any(("---\n" + text + "\n---\nbody\n").encode("utf-8", "surrogatepass"))


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
    | st.dates(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
KEYS = st.sampled_from(["name", "company", "tags", "links", "email", "requested_on", "contact",
                        "date", "questions", "actions", "duration", "private", "emial"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, YAML_VALUES, max_size=8))
def test_any_yaml_values_are_typed_or_reported(fields: dict) -> None:
    front = yaml.safe_dump(fields, allow_unicode=True)
    note = read_note("contacts/x.md", f"---\n{front}---\n".encode())
    assert note.data is not None or note.problems
    if note.data is not None:
        record, problems = validate.contact(note, "x", date(2026, 12, 1))
        if record is not None and not problems and isinstance(fields.get("name"), str):
            assert record.name == fields["name"].strip()
