"""Generated hidden cases: large inputs made outside the sandbox, answered by the reference.

A `generate:` entry of a code question names a seeded generator (bot/bank/generators.py). The
inputs are made only when needed: when the bank is validated with solutions (`mockloop bank
validate`), and the first time the judge runs a question's hidden tests (then kept in a small
cache), never on an ordinary bank load, so a 10k-question bank loads as fast as before.

The expected value of a generated case is the reference solution's output, computed in a child
process like every reference check (bot/bank/solutions.py), which measures the CPU time the
reference used, not wall-clock time, so a busy host neither fails a validation nor loosens a
limit. The time limit for the question's hidden tests comes from that time with a wide margin:

    limit = max(limits.time_seconds, TIME_FLOOR_SECONDS, TIME_MARGIN x slowest reference time)

so a correct solution a few times slower than the reference, on a machine a few times busier,
still passes, while the slow algorithm the prompt rules out (sized to take many times the limit)
runs out of time.
"""

from __future__ import annotations

import json
import logging
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from bot.bank.generators import generate_args, params_problem
from bot.core.questions import CodeAnswer, CodeCase, CodeLimits, Question
from bot.judge.bwrap import OUTPUT_CAP_BYTES
from bot.judge.harness import MAX_VALUE_JSON

log = logging.getLogger(__name__)

REFERENCE_MAX_SECONDS = 1.0  # CPU seconds the reference may take on a generated input
TIME_FLOOR_SECONDS = 2.0
TIME_MARGIN = 10.0
TIME_CAP_SECONDS = 10.0  # CodeLimits allows no more
MAX_INPUT_JSON = 4_000_000  # characters: the sandbox job file stays small
# The harness reports one return value of at most MAX_VALUE_JSON characters per case, and one
# run's results together at most OUTPUT_CAP_BYTES: a generated case's value must fit the first
# with room to spare, and all of them together must leave room for the fixed tests.
VALUE_BUDGET = MAX_VALUE_JSON * 3 // 4
OUTPUT_BUDGET = OUTPUT_CAP_BYTES * 3 // 4
SUITE_CACHE_SIZE = 8  # questions whose generated cases the judge keeps in memory


@dataclass(frozen=True, slots=True)
class MadeInput:
    id: str
    args: list[Any] | None
    problem: str | None = None  # why it could not be made (then `args` is None)


def generated_inputs(answer: CodeAnswer) -> list[MadeInput]:
    """The inputs of `answer.generate`, in order; a broken entry gives its problem instead."""
    made = []
    for spec in answer.generate:
        problem = params_problem(spec.generator, spec.params)
        if problem is not None:
            made.append(MadeInput(spec.id, None, problem))
            continue
        try:
            args = generate_args(spec.generator, spec.seed, spec.params)
            size = len(json.dumps(args))
        except Exception as exc:
            made.append(MadeInput(spec.id, None, f"generator '{spec.generator}' raised {type(exc).__name__}: {exc}"))
            continue
        if size > MAX_INPUT_JSON:
            made.append(
                MadeInput(spec.id, None, f"the input is {size:,} characters as JSON, over {MAX_INPUT_JSON:,}")
            )
            continue
        made.append(MadeInput(spec.id, args))
    return made


def generated_problem(outcome: dict[str, Any]) -> str | None:
    """What is wrong with the reference's run on a generated input, or None."""
    if "skipped" in outcome:
        return str(outcome["skipped"])
    if "error" in outcome:
        return f"the reference solution {outcome['error']}"
    if outcome["seconds"] > REFERENCE_MAX_SECONDS:
        return (
            f"the reference solution took {outcome['seconds']:.2f} s of CPU time, over {REFERENCE_MAX_SECONDS:g} s "
            f"(the time limit is {TIME_MARGIN:g}x it): make the input smaller"
        )
    size = output_size(outcome)
    if size > VALUE_BUDGET:
        return (
            f"the reference's return value is {size:,} characters as JSON, over the {VALUE_BUDGET:,} the "
            f"sandbox reports for one case (3/4 of its {MAX_VALUE_JSON:,}-character cap): make the output smaller"
        )
    return None


def output_size(outcome: dict[str, Any]) -> int:
    return len(json.dumps(outcome.get("value"), default=repr))


def total_output_problem(outcomes: list[dict[str, Any]]) -> str | None:
    """Why the generated cases' return values together do not fit in one sandbox run's output."""
    total = sum(output_size(o) for o in outcomes if "value" in o)
    if total > OUTPUT_BUDGET and all(output_size(o) <= VALUE_BUDGET for o in outcomes if "value" in o):
        return (
            f"the generated cases' return values are {total:,} characters as JSON in all, over the "
            f"{OUTPUT_BUDGET:,} the sandbox can report back from one run (3/4 of its "
            f"{OUTPUT_CAP_BYTES:,}-byte output cap): make the outputs smaller"
        )
    return None


def time_limit(answer: CodeAnswer, reference_seconds: float) -> float:
    """Seconds per hidden case once generated cases are in, rounded up to half a second."""
    derived = math.ceil(max(TIME_FLOOR_SECONDS, TIME_MARGIN * reference_seconds) * 2) / 2
    return min(TIME_CAP_SECONDS, max(answer.limits.time_seconds, derived))


@dataclass(frozen=True, slots=True)
class HiddenSuite:
    cases: list[CodeCase]
    limits: CodeLimits
    reference_seconds: float = 0.0  # the reference's slowest generated case
    complete: bool = True  # False: the reference run itself failed (host overload), not a case


_cache: OrderedDict[tuple[str, str, str], HiddenSuite] = OrderedDict()
_cache_lock = threading.Lock()


class _Build:
    """One reference run in progress: submissions that arrive meanwhile wait for its suite."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.suite: HiddenSuite | None = None


_building: dict[tuple[str, str, str], _Build] = {}


def hidden_suite(question: Question) -> HiddenSuite:
    """The hidden cases the judge runs (the fixed tests, then the generated ones) and their
    time limit. Blocking (it runs the reference in a child process the first time): call it
    in a thread from async code.

    Submissions that arrive together share one reference run instead of starting one each. A
    suite whose reference run failed as a whole (it overran on a busy host, or crashed) serves
    the submissions that waited for it, without the generated cases, but is not kept: the next
    submission runs the reference again, so one bad moment does not drop a question's big
    inputs until the bot restarts."""
    answer = question.answer
    assert isinstance(answer, CodeAnswer)
    if not answer.generate:
        return HiddenSuite(list(answer.tests), answer.limits)
    key = (question.id, answer.solution, json.dumps([g.model_dump() for g in answer.generate]))
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        build = _building.get(key)
        mine = build is None
        if build is None:
            build = _building[key] = _Build()
    if not mine:
        build.done.wait()
        assert build.suite is not None
        return build.suite
    try:
        build.suite = suite = _build(question, answer)
    except BaseException:
        build.suite = HiddenSuite(list(answer.tests), answer.limits, complete=False)
        raise
    finally:
        with _cache_lock:
            del _building[key]
            if build.suite is not None and build.suite.complete:
                _cache[key] = build.suite
                while len(_cache) > SUITE_CACHE_SIZE:
                    _cache.popitem(last=False)
        build.done.set()
    return suite


def _build(question: Question, answer: CodeAnswer) -> HiddenSuite:
    from bot.bank.solutions import run_jobs  # solutions imports this module

    made = [m for m in generated_inputs(answer) if m.args is not None]
    job = {
        "qid": question.id,
        "solution": answer.solution,
        "function": answer.function,
        "time_seconds": answer.limits.time_seconds,
        "cases": [{"id": m.id, "args": m.args, "time_seconds": REFERENCE_MAX_SECONDS} for m in made],
    }
    results = run_jobs([job])
    complete = not isinstance(results, str)
    if isinstance(results, str):
        log.warning("%s: the reference run for the generated cases failed (%s); judging with the fixed tests "
                    "only this time", question.id, results)  # fmt: skip
        outcomes = {}
    else:
        outcomes = {} if results[0]["error"] else {o["id"]: o for o in results[0]["cases"]}
    cases = list(answer.tests)
    slowest = 0.0
    for item in made:
        outcome = outcomes.get(item.id)
        problem = "no result" if outcome is None else generated_problem(outcome)
        if problem is not None and complete:  # validation reports this; the judge goes on without the case
            log.warning("%s: generated case '%s' left out: %s", question.id, item.id, problem)
        if problem is not None:
            continue
        assert outcome is not None
        slowest = max(slowest, float(outcome["seconds"]))
        cases.append(CodeCase.model_construct(id=item.id, args=item.args, expected=outcome["value"]))
    limits = CodeLimits(time_seconds=time_limit(answer, slowest), memory_mb=answer.limits.memory_mb)
    return HiddenSuite(cases, limits, slowest, complete)
