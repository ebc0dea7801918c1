"""Generated large hidden inputs: validated with file:line, made lazily, run by the judge with
a time limit derived from the reference's measured time."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import bot.bank.generators as generators
import bot.bank.solutions as solutions
from bot.bank.generated import TIME_FLOOR_SECONDS, hidden_suite
from bot.bank.loader import load_bank, parse_bank_text
from bot.core.questions import CodeLimits, Question
from bot.judge.base import RawOutcome
from bot.judge.bwrap import BwrapRunner
from bot.judge.judge import judge

TEMPLATE = """schema_version: 1
round_type: coding
topic: arrays
questions:
  - id: code-total
    title: Add up a list
    difficulty: easy
    prompt: Write `total(xs)` returning the sum, in O(n).
    rubric:
      - id: sum
        point: Returns the sum
        phrases: ["sum of the list"]
    reference_answer: Return the sum of the list.
    answer:
      kind: code
      function: total
      signature: "def total(xs: list[int]) -> int"
      starter: |
        def total(xs: list[int]) -> int:
            ...
      examples:
        - {id: ex-one, args: [[1, 2]], expected: 3}
      tests:
        - {id: t0, args: [[]], expected: 0}
        - {id: t1, args: [[1]], expected: 1}
        - {id: t2, args: [[1, 1]], expected: 2}
        - {id: t3, args: [[-1, 1]], expected: 0}
        - {id: t4, args: [[5, 5]], expected: 10}
        - {id: t5, args: [[0, 0]], expected: 0}
        - {id: t6, args: [[2, 3]], expected: 5}
        - {id: t7, args: [[9]], expected: 9}
      generate:
        - {id: big, generator: GEN, seed: 3, params: PARAMS}
      solution: |
        def total(xs: list[int]) -> int:
BODY
"""
FAST = "            return sum(xs)\n"


def bank_text(gen: str = "int_list", params: str = "{n: 1000, lo: -5, hi: 5}", body: str = FAST) -> str:
    return TEMPLATE.replace("GEN", gen).replace("PARAMS", params).replace("BODY\n", body)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_valid_generate_entry_loads() -> None:
    questions, errors = parse_bank_text(bank_text(), "ok.yaml")
    assert errors == [] and [q.id for q in questions] == ["code-total"]


def test_an_unknown_generator_is_an_error_at_its_line_even_without_running_solutions() -> None:
    text = bank_text(gen="no_such_thing")
    _, errors = parse_bank_text(text, "gen.yaml", run_solutions=False)
    assert len(errors) == 1
    assert str(errors[0]).startswith(
        f"gen.yaml:{line_of(text, 'no_such_thing')}: code-total: answer.generate[0].generator: "
        "unknown generator 'no_such_thing'; known: "
    )


def test_params_the_generator_does_not_take_are_an_error() -> None:
    text = bank_text(params="{n: 10, low: 1, hi: 2}")
    _, errors = parse_bank_text(text, "params.yaml", run_solutions=False)
    assert [(e.line, e.field) for e in errors] == [(line_of(text, "low: 1"), "answer.generate[0].params")]
    assert "generator 'int_list' takes (n, lo, hi)" in errors[0].message


def test_a_generated_id_may_not_repeat_a_test_id() -> None:
    _, errors = parse_bank_text(bank_text().replace("{id: big,", "{id: t3,"), "dup.yaml", run_solutions=False)
    assert len(errors) == 1 and "test ids must be unique" in errors[0].message


def burn_cpu(seconds_if_big: float) -> str:
    """A reference body that computes (not waits) for this many CPU seconds on the big input."""
    return (
        "            import time\n"
        f"            end = time.process_time() + ({seconds_if_big} if len(xs) > 100 else 0)\n"
        "            while time.process_time() < end:\n"
        "                pass\n"
        "            return sum(xs)\n"
    )


def test_a_reference_too_slow_on_the_generated_input_is_an_error() -> None:
    body = burn_cpu(1.2)
    text = bank_text(body=body)
    _, errors = parse_bank_text(text, "slow.yaml")
    assert [(e.line, e.field) for e in errors] == [(line_of(text, "generator:"), "answer.generate[0]")]
    assert "generated case 'big': the reference solution took 1." in errors[0].message
    assert "make the input smaller" in errors[0].message


def test_time_the_reference_spends_waiting_is_not_charged_to_it() -> None:
    """The reference's time is CPU time: what a busy host adds (here: the reference waiting
    1.2 s of wall-clock time) does not fail a validation, while computing that long does (above)."""
    body = "            import time\n            time.sleep(1.2 if len(xs) > 100 else 0)\n            return sum(xs)\n"
    questions, errors = parse_bank_text(bank_text(body=body), "waits.yaml")
    assert errors == [] and [q.id for q in questions] == ["code-total"]


def test_a_reference_output_too_big_for_the_judge_is_an_error() -> None:
    text = bank_text(params="{n: 100000, lo: 100000, hi: 999999}", body="            return xs if len(xs) > 100 else sum(xs)\n")
    _, errors = parse_bank_text(text, "big.yaml")
    assert [(e.line, e.field) for e in errors] == [(line_of(text, "generator:"), "answer.generate[0]")]
    assert "the reference's return value is 800,000 characters as JSON, over the 750,000 the sandbox" in (
        errors[0].message
    )


def test_the_most_generated_cases_at_the_largest_value_fit_one_run_together() -> None:
    """Four generated cases (the schema's most) of ~700,000 characters each load without error:
    each fits the harness's per-case value and all of them the run's output cap, so the judge
    can report every one back (a case it could not would be refused at load, as above)."""
    one = "params: {n: 87000, lo: 100000, hi: 999999}}"
    more = "".join(f"\n        - {{id: big{i}, generator: int_list, seed: {i + 2}, {one}" for i in range(2, 5))
    text = bank_text(params="{n: 87000, lo: 100000, hi: 999999}", body="            return xs if len(xs) > 100 else sum(xs)\n").replace(
        one, one + more
    )
    questions, errors = parse_bank_text(text, "four.yaml")
    assert errors == [] and len(questions) == 1


def test_loading_the_bank_makes_no_input(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuse(*args: object, **kwargs: object) -> list[object]:
        raise AssertionError("generated at load time")

    monkeypatch.setitem(generators.GENERATORS, "int_list", refuse)
    (tmp_path / "q.yaml").write_text(bank_text())
    result = load_bank([tmp_path], run_solutions=False)
    assert result.ok and len(result.bank) == 1


def the_question() -> Question:
    questions, errors = parse_bank_text(bank_text(params="{n: 50000, lo: -9, hi: 9}"), "q.yaml")
    assert errors == []
    return questions[0]


def test_the_hidden_suite_adds_generated_cases_answered_by_the_reference() -> None:
    question = the_question()
    suite = hidden_suite(question)
    assert [c.id for c in suite.cases] == [*(f"t{i}" for i in range(8)), "big"]
    xs = generators.generate_args("int_list", 3, {"n": 50000, "lo": -9, "hi": 9})[0]
    assert suite.cases[-1].args == [xs] and suite.cases[-1].expected == sum(xs)
    assert suite.limits.time_seconds >= TIME_FLOOR_SECONDS
    assert hidden_suite(question) is suite  # made once, then cached


def a_fresh_question(seed: int) -> Question:
    """A question whose suite no other test has cached (the cache is keyed by the generate spec)."""
    questions, errors = parse_bank_text(bank_text().replace("seed: 3", f"seed: {seed}"), "q.yaml")
    assert errors == []
    return questions[0]


def test_submissions_arriving_together_share_one_reference_run(monkeypatch: pytest.MonkeyPatch) -> None:
    real, runs = solutions.run_jobs, []

    def slow(jobs: list[dict]) -> list[dict] | str:
        runs.append(jobs[0]["qid"])
        time.sleep(0.3)  # the others arrive while it runs
        return real(jobs)

    question = a_fresh_question(901)  # loading checks the reference once, before the patch
    monkeypatch.setattr(solutions, "run_jobs", slow)
    with ThreadPoolExecutor(4) as pool:
        suites = list(pool.map(lambda _: hidden_suite(question), range(4)))
    assert runs == ["code-total"]
    assert all(s.cases[-1].id == "big" for s in suites)


def test_a_reference_run_that_failed_on_a_busy_host_is_tried_again_next_submission(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Once it overran, the suite used to be kept without its big input until the bot restarted:
    a slow solution then passed every later submission."""
    real, question = solutions.run_jobs, a_fresh_question(902)
    monkeypatch.setattr(solutions, "run_jobs", lambda jobs: "checking the solution took over 6 s")
    first = hidden_suite(question)
    assert [c.id for c in first.cases] == [f"t{i}" for i in range(8)] and not first.complete
    assert "judging with the fixed tests only this time" in caplog.text
    monkeypatch.setattr(solutions, "run_jobs", real)
    again = hidden_suite(question)
    assert again.cases[-1].id == "big" and again.complete
    assert hidden_suite(question) is again


class RecordingRunner:
    name = "recording"

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], CodeLimits]] = []

    async def run(self, code: str, function: str, cases: list, limits: CodeLimits) -> list[RawOutcome]:
        self.calls.append(([c.id for c in cases], limits))
        return [RawOutcome(c.id, "timeout", elapsed=limits.time_seconds) for c in cases]


def test_the_judge_runs_generated_cases_only_with_the_hidden_tests_and_their_limit() -> None:
    question = the_question()
    runner = RecordingRunner()
    asyncio.run(judge(question, "def total(xs): ...", "examples", runner))
    report = asyncio.run(judge(question, "def total(xs): ...", "tests", runner))
    (example_ids, example_limits), (hidden_ids, hidden_limits) = runner.calls
    assert example_ids == ["ex-one"] and example_limits == question.answer.limits  # type: ignore[union-attr]
    assert hidden_ids[-1] == "big" and len(hidden_ids) == 9
    assert hidden_limits == hidden_suite(question).limits
    assert report.verdicts[-1].case_id == "big" and report.verdicts[-1].verdict == "time_limit"


def bundled_with_generated_cases() -> list[Question]:
    result = load_bank([Path(__file__).resolve().parents[2] / "questions" / "coding"], run_solutions=False)
    return [q for q in result.bank if getattr(q.answer, "generate", None)]


async def test_the_sandbox_accepts_every_reference_on_its_generated_cases() -> None:
    """The real judge path: big inputs and outputs must fit the sandbox (its output cap, memory
    and the derived time limit), or a correct answer would be marked wrong."""
    runner = BwrapRunner(max_concurrent=2)
    check = await runner.self_test()
    assert check.ok, f"the sandbox self-test must pass for this test: {check.reasons}"
    failed = {}
    for question in bundled_with_generated_cases():
        # One retry: on a machine shared with other test runs, a run can be killed from outside
        # (slot uids are per process, and another process clears "its" uid), which shows as
        # time_limit on every case; a real failure happens again.
        for _ in range(2):
            report = await judge(question, question.answer.solution, "tests", runner)  # type: ignore[union-attr]
            if report.all_passed:
                failed.pop(question.id, None)
                break
            failed[question.id] = [(v.case_id, v.verdict) for v in report.verdicts if not v.passed]
    assert failed == {}
