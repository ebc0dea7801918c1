"""Reference solutions run in a child process: endless loops, slowness and crashes are errors."""

from __future__ import annotations

import re
from pathlib import Path

from bot.bank.loader import load_bank, parse_bank_text

TEMPLATE = (Path(__file__).parent / "broken" / "code_solution_fails_test.yaml").read_text()
ORIGINAL_BODY = "            return a + b\n"


def code_file(body: str, time_seconds: float | None = None) -> str:
    text = TEMPLATE.replace("expected: 5}", "expected: 4}").replace(ORIGINAL_BODY, body)
    if time_seconds is not None:
        text = text.replace(
            "      solution: |", f"      limits: {{time_seconds: {time_seconds}}}\n      solution: |"
        )
    return text


def test_the_template_with_a_correct_solution_is_valid() -> None:
    questions, errors = parse_bank_text(code_file(ORIGINAL_BODY), "ok.yaml")
    assert errors == [] and [q.id for q in questions] == ["code-add-two"]


def test_endless_loop_fails_only_that_test() -> None:
    body = "            while a == 7:\n                pass\n            return a + b\n"
    questions, errors = parse_bank_text(code_file(body, time_seconds=0.2), "loop.yaml")
    assert questions == []
    assert [str(e) for e in errors] == [
        "loop.yaml:28: code-add-two: answer.tests[4]: reference solution fails test 'same': "
        "it did not finish within 0.2 s"
    ]


def test_slower_than_the_limit_is_an_error() -> None:
    body = (
        "            import time\n"
        "            end = time.process_time() + (0.4 if a == 1000000 else 0)\n"
        "            while time.process_time() < end:\n"
        "                pass\n"
        "            return a + b\n"
    )
    _, errors = parse_bank_text(code_file(body, time_seconds=0.2), "slow.yaml")
    assert len(errors) == 1
    assert re.fullmatch(
        r"slow\.yaml:27: code-add-two: answer\.tests\[3\]: reference solution fails test 'big': "
        r"took 0\.\d\d s, limit is 0\.2 s",
        str(errors[0]),
    )


def test_a_solution_that_waits_forever_is_still_stopped() -> None:
    """Limits count CPU time; a solution that blocks instead of computing is stopped by the
    wall-clock backstop (WALL_FACTOR x its limit) and fails that test only."""
    body = "            import time\n            if a == 7:\n                time.sleep(60)\n            return a + b\n"
    questions, errors = parse_bank_text(code_file(body, time_seconds=0.2), "waits.yaml")
    assert questions == []
    assert [str(e) for e in errors] == [
        "waits.yaml:28: code-add-two: answer.tests[4]: reference solution fails test 'same': "
        "it did not finish within 0.2 s"
    ]


def test_solution_that_does_not_define_the_function() -> None:
    text = code_file(ORIGINAL_BODY).replace(
        "def add(a: int, b: int) -> int:\n            return", "def plus(a, b):\n            return"
    )
    _, errors = parse_bank_text(text, "f.yaml")
    assert [(e.field, e.message) for e in errors] == [
        ("answer.solution", "the solution defines no function 'add'")
    ]


def test_printing_and_exiting_solutions_do_not_break_the_checker() -> None:
    body = "            print('noise')\n            if a == -5:\n                raise SystemExit(3)\n            return a + b\n"
    _, errors = parse_bank_text(code_file(body), "exit.yaml")
    assert [(e.line, e.field, e.message) for e in errors] == [
        (
            26,
            "answer.tests[2]",
            "reference solution fails test 'mixed': it raised SystemExit: 3",
        )
    ]


def test_a_solution_that_kills_the_shared_checker_is_blamed_on_its_own_file(tmp_path: Path) -> None:
    """Files share a checker process; when one file's solution kills it, the files are checked
    again one process each, so only that file's question fails."""
    killer = "            import os\n            os._exit(9)\n"
    for n in range(4):
        text = code_file(killer if n == 2 else ORIGINAL_BODY).replace("code-add-two", f"code-add-{n}")
        (tmp_path / f"file{n}.yaml").write_text(text)
    result = load_bank([tmp_path], workers=1)
    assert sorted(q.id for q in result.bank) == ["code-add-0", "code-add-1", "code-add-3"]
    assert [(Path(e.file).name, e.question_id, e.field) for e in result.errors] == [
        ("file2.yaml", "code-add-2", "answer.solution")
    ]
    assert "the solution checker crashed" in result.errors[0].message
