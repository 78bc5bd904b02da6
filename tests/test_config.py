"""``infoview.yml``: every key optional, unknown keys and wrong types are errors at their line."""

from __future__ import annotations

import json

import pytest

from infoview_build.cli import main
from infoview_build.notes.knowledge import load_config
from infoview_build.notes.model import Config, Owner


def config_of(tmp_path, text: str | bytes):
    path = tmp_path / "infoview.yml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    config, problems = load_config(tmp_path)
    return config, [p.format() for p in problems]


def test_no_file_means_every_default(tmp_path) -> None:
    config, problems = load_config(tmp_path)
    assert (config, problems) == (Config(), [])
    assert (config.follow_up_after_days, config.give_up_after_days, config.thank_you_within_days,
            config.prep_window_days, config.reconnect_after_days) == (7, 7, 1, 7, 90)


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n", "owner:\n"])
def test_an_empty_file_means_every_default(tmp_path, text) -> None:
    config, problems = config_of(tmp_path, text)
    assert problems == []
    assert config.owner == Owner()
    assert config.follow_up_after_days == 7


def test_every_key_is_read(tmp_path) -> None:
    config, problems = config_of(tmp_path, (
        "\ufeffowner:\r\n  name: Robin Vega\r\n  email: robin@example.com\r\n"
        "  phone: \"+1 555 0100\"\r\n  intro: Data analyst moving into product management\r\n"
        "  links: [https://robin.example.com]\r\nfollow_up_after_days: 10\r\n"
        "give_up_after_days: 14\r\nthank_you_within_days: 0\r\nprep_window_days: 3\r\n"
        "reconnect_after_days: 180\r\n"))
    assert problems == []
    assert config.owner == Owner("Robin Vega", "robin@example.com", "+1 555 0100",
                                 "Data analyst moving into product management",
                                 ["https://robin.example.com"])
    assert (config.follow_up_after_days, config.give_up_after_days, config.thank_you_within_days,
            config.prep_window_days, config.reconnect_after_days) == (10, 14, 0, 3, 180)


def test_unknown_keys_are_errors_at_their_line_with_a_suggestion(tmp_path) -> None:
    _, problems = config_of(tmp_path, "owner:\n  name: Robin\n  emial: r@example.com\n"
                                      "follow_up_after_day: 3\ncolour: blue\n")
    assert problems == [
        "infoview.yml:3: owner.emial: unknown field 'emial' — did you mean 'email'?",
        "infoview.yml:4: follow_up_after_day: unknown field 'follow_up_after_day' — "
        "did you mean 'follow_up_after_days'?",
        "infoview.yml:5: colour: unknown field 'colour' — known fields: owner, "
        "follow_up_after_days, give_up_after_days, thank_you_within_days, prep_window_days, "
        "reconnect_after_days, schedule_within_days, request_minutes, topics",
    ]


def test_wrong_types_are_errors_at_their_line(tmp_path) -> None:
    config, problems = config_of(tmp_path, (
        "follow_up_after_days: seven\ngive_up_after_days: \"7\"\nthank_you_within_days: 1.5\n"
        "prep_window_days: -1\nreconnect_after_days: 5000\nowner:\n  name: No\n"
        "  email: robin@\n  links: https://robin.example.com\n"))
    assert problems == [
        "infoview.yml:1: follow_up_after_days: expected a whole number, found 'seven'",
        "infoview.yml:2: give_up_after_days: expected a whole number, found '7' — "
        "remove the quotes",
        "infoview.yml:3: thank_you_within_days: expected a whole number, found '1.5'",
        "infoview.yml:4: prep_window_days: -1 is out of range — use a number from 0 to 365",
        "infoview.yml:5: reconnect_after_days: 5000 is out of range — "
        "use a number from 1 to 3650",
        "infoview.yml:7: owner.name: 'No' is read by YAML as a yes/no value, not text — "
        "put it in quotes: name: \"No\"",
        "infoview.yml:8: owner.email: 'robin@' is not an email address",
        "infoview.yml:9: owner.links: expected a list, found 'https://robin.example.com' — "
        "write it as [a, b] or one '- item' per line",
    ]
    assert config.follow_up_after_days == 7


@pytest.mark.parametrize(("text", "expected"), [
    ("owner: Robin Vega\n", "infoview.yml:1: owner: expected 'key: value' fields under "
     "'owner', found 'Robin Vega' — indent the fields under it"),
    ("- 7\n- 7\n", "infoview.yml:1: -: infoview.yml must hold 'key: value' settings"),
    ("prep_window_days: 3\nprep_window_days: 4\n", "infoview.yml:2: prep_window_days: "
     "duplicate key 'prep_window_days' — it is already set on line 1; keep one"),
    ("follow_up_after_days: 3\n---\nprep_window_days: 2\n", "infoview.yml:2: -: infoview.yml "
     "holds a second YAML document — keep every setting in one document: remove this line"),
    ("follow_up_after_days: 3\n...\nprep_window_days: 2\n", "infoview.yml:2: -: infoview.yml "
     "holds a second YAML document — keep every setting in one document: remove this line"),
    (b"prep_window_days: \xff\n", "infoview.yml:1: -: the file is not UTF-8 (byte 0xff on "
     "line 1) — save it as UTF-8"),
])
def test_a_broken_file_is_one_clear_error(tmp_path, text, expected) -> None:
    assert config_of(tmp_path, text)[1] == [expected]


def test_document_markers_around_one_document_are_fine(tmp_path) -> None:
    config, problems = config_of(tmp_path, "# settings\n---\nprep_window_days: 2\n...\n")
    assert (problems, config.prep_window_days) == ([], 2)


def test_todo_with_a_config_error_uses_the_defaults_says_so_and_exits_1(tmp_path,
                                                                       runner) -> None:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "ada-quill.md").write_text(
        "---\nname: Ada Quill\nrequested_on: 2026-11-20\n---\n", encoding="utf-8")
    (tmp_path / "infoview.yml").write_text("prep_window_day: 2\nfollow_up_after_days: x\n"
                                           "give_up_after_days: 3\n", encoding="utf-8")
    result = runner.invoke(main, ["todo", "--root", str(tmp_path), "--today", "2026-12-01",
                                  "--format", "json"])
    assert result.exit_code == 1
    # follow_up_after_days is in error: its default, 7 days, makes the follow-up due.
    [item] = json.loads(result.stdout)
    assert (item["checklist"], item["due"]) == ("follow-up", "2026-11-27")
    assert result.stderr.endswith(
        "Error: infoview.yml has errors: the settings in error keep their defaults\n")
    assert result.stderr.startswith(
        "infoview.yml:1: prep_window_day: unknown field 'prep_window_day' — did you mean "
        "'prep_window_days'?\n")
