"""`mockloop practice`: one timed round in the terminal."""

from __future__ import annotations

import argparse
import asyncio

from rich.console import Console

from bot import app
from bot.core.errors import MockloopError
from bot.core.models import Difficulty, RoundType
from bot.log import setup_logging


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("practice", help="run one timed mock round in the terminal")
    p.add_argument("--round", dest="round_type", default="ml_theory", choices=[r.value for r in RoundType])
    p.add_argument("--difficulty", choices=[d.value for d in Difficulty])
    p.add_argument("--topic", help="e.g. probability, evaluation, fraud_detection")
    p.add_argument("--minutes", type=int, help="round length (each round type has an allowed range)")
    p.add_argument("--question", help="ask this question id (see `mockloop bank stats`, `bank show ID`)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_practice(args))


async def _practice(args: argparse.Namespace) -> int:
    from bot.terminal import TerminalPractice, terminal_words

    setup_logging("WARNING")
    try:
        loaded = app.load()
        runner = await app.prepare_judge(loaded.settings) if args.round_type == "coding" else None
        services = await app.bootstrap(loaded.settings, "terminal", bank=loaded.bank, runner=runner)
    except app.StartupError as exc:
        return app.fail(str(exc))
    console = Console(highlight=False)
    try:
        return await TerminalPractice(services, console).run(
            args.round_type, args.difficulty, args.topic, args.minutes, question_id=args.question
        )
    except MockloopError as exc:
        console.print(f"[red]{terminal_words(exc)}[/]")
        return 1
    finally:
        await services.close()
