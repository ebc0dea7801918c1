"""`mockloop score QUESTION_ID [FILE|-] [--follow-up FILE|skip ...] [--json] [--grader rubric|llm]`:
score an answer against the bundled bank.

Each `--follow-up` gives the answer to the next follow-up question in order (a file, or `skip`
for one left unanswered); with any given, the follow-ups are scored with their share of the round.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.core.errors import MockloopError, UnknownQuestion
from bot.core.questions import Question
from bot.core.scoring import ScoreResult, score_answer


@functools.cache
def _bundled_bank() -> Any:
    from bot.bank.loader import load_default_bank

    return load_default_bank().bank


def all_questions() -> list[Question]:
    """Every question of the bundled bank."""
    return list(_bundled_bank())


def find_question(question_id: str) -> Question | None:
    """The bundled question with this id, or None."""
    try:
        return _bundled_bank().get(question_id)
    except UnknownQuestion:
        return None


def _read_answer(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    return Path(source).read_text(encoding="utf-8")


def result_json(question: Question, result: ScoreResult) -> dict[str, Any]:
    data = result.to_dict()
    return {"question": question.id, "kind": question.answer.kind, **data}


def _print_plain(question: Question, result: ScoreResult) -> None:
    print(f"{question.id} ({question.answer.kind}): {result.score:.0f}/100")
    if result.grader == "llm":
        print(f"  key points graded by {result.grader_model} (verdicts checked against the answer)")
    elif result.grader_fallback:
        print(f"  graded by the rubric: {result.grader_fallback}")
    for point in result.points:
        mark = "~" if point.hit and point.earned < 1 else "+" if point.hit else "-"
        line = f"  [{mark}] {point.point} (weight {point.weight:g})"
        if point.evidence:
            line += f'\n        "{point.evidence}"'
        print(line)
    if result.numeric:
        print(f"  number: {'correct' if result.numeric.correct else 'wrong'}: {result.numeric.explanation}")
    if result.star:
        s = result.star
        parts = " ".join(f"{name}={'yes' if ok else 'no'}" for name, ok in (
            ("situation", s.situation), ("task", s.task), ("action", s.action), ("result", s.result),
            ("quantified", s.quantified_result), ("I", s.uses_i)))  # fmt: skip
        print(f"  STAR: {parts}")
    if result.design:
        covered = ", ".join(f"{d}={'yes' if ok else 'no'}" for d, ok in result.design.covered.items())
        print(f"  design: {covered}; numbers={'yes' if result.design.has_numbers else 'no'}")
    if result.stuffing:
        print("  keyword stuffing detected: score halved")
    for m in result.misconceptions:
        label = "red flag" if m.kind == "red_flag" else "misconception"
        print(f"  {label}: {m.claim} (-{100 * m.penalty:.0f})\n        correction: {m.correction}")
        if m.evidence:
            print(f'        "{m.evidence}"')
    for o in result.options:
        mark = ("chosen, " if o.chosen else "") + ("correct" if o.correct else "wrong")
        print(f"  option {o.key}) {o.text} [{mark}]")
    for f in result.follow_ups:
        share = f", {f.share:.0%} of the round, earned {f.earned:.1f}" if f.scored else ""
        print(f"  follow-up {f.index + 1}: {f.status}{share}: {f.prompt}")
        for point in f.points:
            print(f"    [{'+' if point.hit else '-'}] {point.point}")
    print("Feedback:")
    for line in result.feedback:
        print(f"  - {line}")


def _model_grading(
    grader: str | None, question: Question, answer: str, follow_ups: list[str | None] | None = None
) -> tuple[Any, list[Any], str | None, str | None]:
    """(checked verdicts or None, the same per follow-up, the model's name, why the rubric graded)
    for `--grader`. Each answered follow-up is graded on its own key points, like in a round.

    The default is the model when one is configured (MOCKLOOP_LLM_BASE_URL), else the rubric;
    ValueError with a one-line message when `--grader llm` is asked for and none is configured.
    """
    if grader == "rubric":
        return None, [], None, None
    from bot.core.follow_up_plan import follow_up_as_question
    from bot.model_grading import NO_MODEL, chat_model, grade_once
    from bot.settings import SettingsError, load_settings

    try:
        chat = chat_model(load_settings())
    except SettingsError as exc:
        raise ValueError(str(exc)) from None
    if chat is None:
        if grader == "llm":
            raise ValueError(NO_MODEL)
        return None, [], None, None
    answers = follow_ups or []

    async def once() -> list[Any]:
        subjects = [(question, answer)] + [
            (follow_up_as_question(question, i), (text or "") if question.follow_ups[i].key_points else "")
            for i, text in enumerate(answers[: len(question.follow_ups)])
        ]  # an empty answer (skipped, or a follow-up with no key points) costs no call
        try:
            return list(await asyncio.gather(*(grade_once(chat, q, a) for q, a in subjects)))
        finally:
            await chat.close()

    grading, *follow_up_gradings = asyncio.run(once())
    return grading.reply, [g.reply for g in follow_up_gradings], grading.model, grading.fallback


def run(args: argparse.Namespace) -> int:
    try:
        question = find_question(args.question_id)
    except MockloopError as exc:  # e.g. the bundled bank failed to load
        print(f"Cannot load the question bank: {exc}", file=sys.stderr)
        return 1
    if question is None:
        from bot.cli.common import command_name

        print(f"Unknown question id {args.question_id!r}; see `{command_name()} bank list`.", file=sys.stderr)
        return 1
    try:
        answer = _read_answer(args.file)
    except OSError as exc:
        print(f"Cannot read the answer: {exc}", file=sys.stderr)
        return 1
    follow_ups: list[str | None] | None = None
    if args.follow_up:
        try:
            follow_ups = [None if f == "skip" else _read_answer(f) for f in args.follow_up]
        except OSError as exc:
            print(f"Cannot read a follow-up answer: {exc}", file=sys.stderr)
            return 1
    try:
        verdicts, follow_up_verdicts, model, fallback = _model_grading(args.grader, question, answer, follow_ups)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    result = score_answer(question, answer, follow_ups, verdicts=verdicts, follow_up_verdicts=follow_up_verdicts)
    if model or fallback:
        result = replace(result, grader_model=model, grader_fallback=fallback)
    if args.json:
        print(json.dumps(result_json(question, result), indent=2, ensure_ascii=False))
    else:
        _print_plain(question, result)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "score", help="score an answer to a bank question", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("question_id", metavar="QUESTION_ID")
    parser.add_argument(
        "file", metavar="FILE", nargs="?", default="-", help="answer text file, or - for stdin"
    )
    parser.add_argument(
        "--follow-up", action="append", metavar="FILE|skip", default=[],
        help="answer to the next follow-up (repeat in order; 'skip' for an unanswered one)",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print the breakdown as JSON")
    parser.add_argument(
        "--grader", choices=("rubric", "llm"), default=None,
        help="who decides the key points: the built-in rubric, or the configured model "
        "(default: the model when MOCKLOOP_LLM_BASE_URL is set)",
    )  # fmt: skip
    parser.set_defaults(func=run)
