"""`mockloop practice`: one timed round in the terminal (resuming the open one, if any)."""

from __future__ import annotations

import argparse
import asyncio

from rich.markup import escape

from bot import app
from bot.cli.common import command_name, open_terminal
from bot.core.errors import MockloopError
from bot.core.models import Difficulty, RoundType
from bot.judge.base import Runner
from bot.log import setup_logging


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "practice",
        help="run one timed mock round in the terminal (or resume the open one)",
        description="One timed round. Every line you type is saved as you go; Ctrl-C pauses "
        "(finish now / keep the round open / give up). With a round open, offers to resume it.",
    )
    p.add_argument(
        "--round",
        dest="round_type",
        choices=[r.value for r in RoundType],
        help="round type (default: ml_theory, or the type of --question)",
    )
    p.add_argument("--difficulty", choices=[d.value for d in Difficulty])
    p.add_argument("--topic", help="e.g. probability, evaluation, fraud_detection")
    p.add_argument("--minutes", type=int, help="round length (each round type has an allowed range)")
    p.add_argument("--question", help="ask this question id (see `mockloop bank list`)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_practice(args))


async def _practice(args: argparse.Namespace) -> int:
    from bot.terminal import PipeSafeConsole, TerminalPractice, terminal_words
    from bot.terminal_input import TerminalInput

    setup_logging("WARNING")
    try:
        opened = await open_terminal(write=True)
    except app.StartupError as exc:
        return app.fail(str(exc))
    services = opened.services
    console = PipeSafeConsole()

    async def judge() -> Runner:
        return await app.prepare_judge(opened.loaded.settings)

    try:
        practice = TerminalPractice(services, console, TerminalInput(), judge=judge, command=command_name())
        return await practice.run(
            args.round_type,
            args.difficulty,
            args.topic,
            args.minutes,
            question_id=args.question,
            timed_out=opened.timed_out,
        )
    except MockloopError as exc:
        console.print(f"[red]{escape(terminal_words(exc, command_name()))}[/]")
        return 1
    finally:
        await services.close()
