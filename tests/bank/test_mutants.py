"""Wrong solutions that candidates really submit must fail the hidden tests; the reference passes.

Each file in tests/bank/mutants/<question_id>/ defines the question's function with one
plausible mistake (its first line, a comment, says which). They run as reference solutions are
checked at bank load (bot/bank/solutions.py: a child process, a deadline per case) against the
hidden suite the judge uses: the fixed tests, then the generated large inputs with the time
limit the reference's measured time sets. A mutant "dies" when some case raises, returns a
wrong value or runs past the limit. Time is bounded: the fixed tests run first, and generated
cases one at a time, stopping at the first failure.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from bot.bank.generated import TIME_FLOOR_SECONDS, TIME_MARGIN, HiddenSuite, hidden_suite
from bot.bank.loader import load_bank
from bot.bank.solutions import run_jobs
from bot.core.compare import outputs_match
from bot.core.questions import CodeAnswer, CodeCase, Question

REPO = Path(__file__).resolve().parents[2]
MUTANTS = Path(__file__).parent / "mutants"


@cache
def coding_questions() -> dict[str, Question]:
    result = load_bank([REPO / "questions" / "coding"], run_solutions=False)
    assert result.ok, result.errors
    return {q.id: q for q in result.bank if isinstance(q.answer, CodeAnswer)}


@cache
def suite(qid: str) -> HiddenSuite:
    return hidden_suite(coding_questions()[qid])


def mutant_files() -> list[Path]:
    return sorted(MUTANTS.glob("*/*.py"))


def first_failure(question: Question, code: str) -> str | None:
    """The id of the first hidden case `code` fails, with why; None when it passes them all."""
    answer = question.answer
    assert isinstance(answer, CodeAnswer)
    hidden = suite(question.id)
    generated = {g.id for g in answer.generate}
    fixed = [c for c in hidden.cases if c.id not in generated]
    batches = [fixed] + [[c] for c in hidden.cases if c.id in generated]
    for batch in batches:
        why = _failure_in(answer, code, batch, hidden.limits.time_seconds)
        if why is not None:
            return why
    return None


def _failure_in(answer: CodeAnswer, code: str, cases: list[CodeCase], limit: float) -> str | None:
    job = {
        "qid": "mutant",
        "solution": code,
        "function": answer.function,
        "time_seconds": limit,
        "cases": [{"id": c.id, "args": c.args} for c in cases],
    }
    results = run_jobs([job])
    if isinstance(results, str):
        return results
    if results[0]["error"]:
        return results[0]["error"]
    for case, outcome in zip(cases, results[0]["cases"], strict=True):
        if "error" in outcome:
            return f"{case.id}: {outcome['error']}"
        if outcome["seconds"] > limit:
            return f"{case.id}: took {outcome['seconds']:.2f} s > {limit:g} s"
        if not outputs_match(case.expected, outcome["value"], answer.compare, answer.tolerance):
            return f"{case.id}: wrong answer"
    return None


def test_every_coding_question_has_at_least_two_mutants() -> None:
    counts = {qid: len(list((MUTANTS / qid).glob("*.py"))) for qid in coding_questions()}
    assert {qid: n for qid, n in counts.items() if n < 2} == {}
    assert {p.parent.name for p in mutant_files()} <= set(coding_questions()), "mutants of no question"


@pytest.mark.parametrize("path", mutant_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_mutant_says_what_is_wrong_and_defines_the_function(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    question = coding_questions()[path.parent.name]
    assert re.match(r"# \S.{10,}", text.splitlines()[0]), "first line: a comment saying what is wrong"
    assert re.search(rf"^def {question.answer.function}\(", text, re.M)  # type: ignore[union-attr]


@pytest.mark.parametrize("qid", sorted(coding_questions()))
def test_reference_passes_the_hidden_suite(qid: str) -> None:
    question = coding_questions()[qid]
    hidden = suite(qid)
    assert len(hidden.cases) == len(question.answer.tests) + len(question.answer.generate)  # type: ignore[union-attr]
    assert first_failure(question, question.answer.solution) is None  # type: ignore[union-attr]


@pytest.mark.parametrize("path", mutant_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_mutant_fails_the_hidden_suite(path: Path) -> None:
    question = coding_questions()[path.parent.name]
    assert first_failure(question, path.read_text(encoding="utf-8")) is not None, "the mutant survives"


CLAIM = re.compile(r"O\([^)]*\)|too slow|single pass|better than", re.I)


@pytest.mark.parametrize("qid", sorted(coding_questions()))
def test_a_complexity_claim_in_the_prompt_is_enforced_by_a_large_input(qid: str) -> None:
    question = coding_questions()[qid]
    claims = CLAIM.findall(question.prompt)
    if claims:
        assert question.answer.generate, f"the prompt claims {claims} but no large input enforces it"  # type: ignore[union-attr]


@pytest.mark.parametrize("qid", sorted(q for q, v in coding_questions().items() if v.answer.generate))  # type: ignore[union-attr]
def test_generated_limit_leaves_a_wide_margin_over_the_reference(qid: str) -> None:
    hidden = suite(qid)
    assert hidden.reference_seconds > 0
    assert hidden.limits.time_seconds >= max(TIME_FLOOR_SECONDS, TIME_MARGIN * hidden.reference_seconds)
