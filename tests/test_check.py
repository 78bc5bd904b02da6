"""`infoview check`: every rule of DESIGN.md §2 has a golden case in tests/golden/check/.

Each case folder is a small knowledge base; ``expected.txt`` holds the exact output of
``infoview check --today 2026-12-01`` on it. Regenerate with ``UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from infoview_build.cli import main

from conftest import EXAMPLE_DAY, REPO, golden

CHECK = ["check", "--no-cache"]
"""The golden cases are read-only fixtures: no cache folder is written into them."""
CASES = sorted(p for p in (REPO / "tests" / "golden" / "check").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case: Path, runner) -> None:
    result = runner.invoke(main, [*CHECK, "--root", str(case), "--today", EXAMPLE_DAY])
    golden(case / "expected.txt", result.output)
    has_errors = ": 0 errors" not in result.output and "no problems" not in result.output
    assert result.exit_code == (1 if has_errors else 0)


def test_every_case_is_named_for_what_it_checks() -> None:
    assert len(CASES) >= 15
    accepted = [c for c in CASES if c.name.endswith("-are-accepted") or c.name.endswith("-absent")]
    for case in accepted:
        assert "no problems" in (case / "expected.txt").read_text(encoding="utf-8")


def test_example_knowledge_base_is_clean(runner) -> None:
    result = runner.invoke(main, ["check", "--root", str(REPO), "--today", EXAMPLE_DAY,
                                  "--strict"])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("no problems\n")


def test_json_output_is_a_list_of_problem_objects(runner) -> None:
    case = REPO / "tests" / "golden" / "check" / "date-order"
    result = runner.invoke(main, [*CHECK, "--root", str(case), "--today", EXAMPLE_DAY,
                                  "--format", "json"])
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert problems[0] == {
        "path": "contacts/ada-quill.md",
        "line": 3,
        "field": "followed_up_on",
        "severity": "error",
        "message": "a follow-up needs a request first",
        "hint": "add 'requested_on' with the day you asked",
    }
    assert all(set(p) == {"path", "line", "field", "severity", "message", "hint"}
               for p in problems)
    assert "files checked" in result.stderr


def test_warnings_fail_only_with_strict(runner) -> None:
    case = REPO / "tests" / "golden" / "check" / "warnings"
    plain = runner.invoke(main, [*CHECK, "--root", str(case), "--today", EXAMPLE_DAY])
    strict = runner.invoke(main, [*CHECK, "--root", str(case), "--today", EXAMPLE_DAY,
                                  "--strict"])
    assert (plain.exit_code, strict.exit_code) == (0, 1)


def test_usage_errors_exit_2(runner, tmp_path) -> None:
    bad_day = runner.invoke(main, ["check", "--root", str(REPO), "--today", "01/12/2026"])
    assert bad_day.exit_code == 2
    assert "'01/12/2026' is not a day written as YYYY-MM-DD" in bad_day.output
    bad_format = runner.invoke(main, ["check", "--format", "xml"])
    assert bad_format.exit_code == 2


def test_folder_that_is_no_knowledge_base_is_one_clear_error(runner, tmp_path) -> None:
    result = runner.invoke(main, ["check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no contacts/ or interviews/ folder in ")
    assert "Traceback" not in result.output


def test_check_without_cache_writes_nothing(runner, tmp_path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(REPO / "tests" / "golden" / "check" / "broken-files", kb)
    before = sorted((p.relative_to(kb), p.read_bytes()) for p in kb.rglob("*") if p.is_file())
    runner.invoke(main, ["check", "--root", str(kb), "--no-cache"])
    after = sorted((p.relative_to(kb), p.read_bytes()) for p in kb.rglob("*") if p.is_file())
    assert before == after


def test_check_writes_nothing_but_its_cache(runner, tmp_path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(REPO / "tests" / "golden" / "check" / "broken-files", kb)
    before = sorted((p.relative_to(kb), p.read_bytes()) for p in kb.rglob("*") if p.is_file())
    runner.invoke(main, ["check", "--root", str(kb)])
    after = sorted((p.relative_to(kb), p.read_bytes()) for p in kb.rglob("*") if p.is_file()
                   and p.relative_to(kb).parts[0] != ".infoview-cache")
    assert before == after


def test_today_comes_from_the_environment(runner) -> None:
    case = REPO / "tests" / "golden" / "check" / "warnings"
    early = runner.invoke(main, [*CHECK, "--root", str(case)],
                          env={"INFOVIEW_TODAY": "2026-11-01"})
    assert "a held interview with no notes" not in early.output
    late = runner.invoke(main, [*CHECK, "--root", str(case)],
                         env={"INFOVIEW_TODAY": EXAMPLE_DAY})
    assert "a held interview with no notes" in late.output


def test_a_missing_key_is_hinted_from_the_file_name(runner, tmp_path) -> None:
    """The hint agrees with the editor's quick fix: the person and day the name says."""
    (tmp_path / "contacts").mkdir()
    (tmp_path / "interviews").mkdir()
    (tmp_path / "contacts" / "bram-okafor.md").write_text("---\nname: Bram Okafor\n---\n")
    (tmp_path / "interviews" / "2026-11-29-bram-okafor-2.md").write_text("---\nduration: 30\n---\n")
    result = runner.invoke(main, ["check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "add 'contact: bram-okafor'" in result.output
    assert "add 'date: 2026-11-29'" in result.output
    assert "ada-quill" not in result.output
