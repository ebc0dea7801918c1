"""`mockloop history`: the terminal member's past rounds."""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime

from rich.table import Table

from bot import app
from bot.cli.common import command_name, open_terminal
from bot.terminal import LOCAL_GUILD, LOCAL_USER, PipeSafeConsole, fmt_duration


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("history", help="list your past practice rounds")
    p.add_argument("--limit", type=int, default=20)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_history(args.limit))


async def _history(limit: int) -> int:
    try:
        services = (await open_terminal(write=False)).services
        service = services.interviews
    except app.StartupError as exc:
        return app.fail(str(exc))
    console = PipeSafeConsole()
    try:
        rows = await service.history(LOCAL_GUILD, LOCAL_USER, limit=limit)
        if not rows:
            console.print(f"No rounds yet. Start one with: {command_name()} practice")
            return 0
        table = Table(title="Your rounds")
        for col in ("#", "When", "Round", "Question", "Status", "Score", "Points", "Time used"):
            table.add_column(col)
        now = service.clock.now()
        for row in rows:
            r = row.round
            table.add_row(
                str(r.id),
                datetime.fromtimestamp(r.started_at).strftime("%Y-%m-%d %H:%M"),
                r.round_type.label,
                r.question_id,
                r.status.value.replace("_", " "),
                "-" if row.score is None else f"{row.score:.0f}",
                "-" if row.points is None else str(row.points),
                f"{fmt_duration(r.time_used(now))} / {fmt_duration(r.limit_seconds)}",
            )
        console.print(table)
        return 0
    finally:
        await services.close()
