"""`mockloop judge QUESTION_ID FILE [--json] [--examples]`: run a solution file like the bot would."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from bot.core.questions import CodeAnswer, Question
from bot.judge.engine import prepare_runner
from bot.judge.judge import judge

REPO_QUESTIONS = Path(__file__).resolve().parents[2] / "questions"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("judge", help="judge a solution file against a coding question")
    parser.add_argument("question_id", help="e.g. code-stable-softmax")
    parser.add_argument("file", type=Path, help="Python file defining the function")
    parser.add_argument("--examples", action="store_true", help="run the visible examples instead")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(func=run_judge)


def find_question(question_id: str) -> Question | None:
    """The bundled bank's question, via the bank loader when it exists."""
    try:
        from bot.bank.loader import load_default_bank
    except ImportError:
        return _scan_yaml(question_id)
    return load_default_bank().bank.get(question_id)


def _scan_yaml(question_id: str) -> Question | None:
    """Stand-in until bot.bank.loader lands: read questions/**/*.yaml directly."""
    import yaml

    for path in sorted(REPO_QUESTIONS.glob("**/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for raw in data.get("questions", []):
            if isinstance(raw, dict) and raw.get("id") == question_id:
                merged = {"round_type": data.get("round_type"), "topic": data.get("topic"), **raw}
                return Question.model_validate(merged)
    return None


def run_judge(args: argparse.Namespace) -> int:
    question = find_question(args.question_id)
    if question is None:
        print(f"No question with id {args.question_id!r} in the bank.", file=sys.stderr)
        return 1
    if not isinstance(question.answer, CodeAnswer):
        print(f"Question {question.id!r} is not a coding question.", file=sys.stderr)
        return 1
    try:
        code = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"Cannot read {args.file}: {exc}", file=sys.stderr)
        return 1
    which = "examples" if args.examples else "tests"
    report = asyncio.run(_judge(question, code, which))
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.to_table())
    return 0 if report.all_passed else 1


async def _judge(question: Question, code: str, which: str):
    runner = await prepare_runner("bwrap", max_concurrent=1)
    return await judge(question, code, which, runner)  # type: ignore[arg-type]
