"""`mockloop judge QUESTION_ID FILE [--json] [--examples]`: run a solution file like the bot would."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from bot.bank.loader import load_default_bank
from bot.core.errors import UnknownQuestion
from bot.core.questions import CodeAnswer, Question
from bot.judge.engine import prepare_runner
from bot.judge.judge import judge


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("judge", help="judge a solution file against a coding question")
    parser.add_argument("question_id", help="e.g. code-stable-softmax")
    parser.add_argument("file", type=Path, help="Python file defining the function")
    parser.add_argument("--examples", action="store_true", help="run the visible examples instead")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(func=run_judge)


def run_judge(args: argparse.Namespace) -> int:
    try:
        question = load_default_bank().bank.get(args.question_id)
    except UnknownQuestion as exc:
        print(exc, file=sys.stderr)
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
