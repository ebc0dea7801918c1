"""`mockloop rounds` and `mockloop abandon [ROUND]`: the terminal's open rounds, and ending one."""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime

from rich.markup import escape
from rich.table import Table

from bot import app
from bot.cli.common import command_name, open_terminal
from bot.core.errors import MockloopError
from bot.terminal import PipeSafeConsole, count, fmt_duration, local_member, render_result


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rounds", help="list your open terminal rounds (time left, unsent lines)")
    p.set_defaults(func=lambda a: asyncio.run(_rounds()))
    ab = sub.add_parser("abandon", help="give up an open round (no points; what you typed is kept)")
    ab.add_argument(
        "round", nargs="?", type=int, metavar="ROUND", help="round number (default: the open one)"
    )
    ab.set_defaults(func=lambda a: asyncio.run(_abandon(a.round)))


async def _rounds() -> int:
    try:
        opened = await open_terminal(write=False)
    except app.StartupError as exc:
        return app.fail(str(exc))
    service, console = opened.service, PipeSafeConsole()
    try:
        for result in opened.timed_out:
            console.print(f"Round #{result.round.id} ran past its deadline: it is now closed as timed out.")
            render_result(console, result, service.clock.now())
        view = await service.open_round(local_member())
        if view is None:
            console.print(f"No round is open. Start one with: {command_name()} practice")
            return 0
        rnd, now = view.round, service.clock.now()
        table = Table(title="Open rounds")
        for col in ("#", "Started", "Round", "Question", "Status", "Time left", "Unsent"):
            table.add_column(col)
        left = rnd.time_left(now)
        table.add_row(
            str(rnd.id),
            datetime.fromtimestamp(rnd.started_at).strftime("%Y-%m-%d %H:%M"),
            rnd.round_type.label,
            escape(rnd.question_id),
            rnd.status.value.replace("_", " "),
            fmt_duration(left) if left else "past the deadline",
            count(len(await service.draft(rnd.id or 0)), "line"),
        )
        console.print(table)
        console.print(
            f"Resume with `{command_name()} practice`; end it with `{command_name()} abandon {rnd.id}`."
        )
        return 0
    finally:
        await service.close()


async def _abandon(round_id: int | None) -> int:
    try:
        opened = await open_terminal(write=True)
    except app.StartupError as exc:
        return app.fail(str(exc))
    service, console = opened.service, PipeSafeConsole()
    member = local_member()
    try:
        for result in opened.timed_out:
            console.print(f"Round #{result.round.id} ran past its deadline: it is now closed as timed out.")
        if round_id is None:
            view = await service.open_round(member)
            if view is None:
                console.print("No round is open, so there is nothing to abandon.")
                return 1 if not opened.timed_out else 0
            round_id = view.round.id
        try:
            rnd = await service.give_up(member, round_id)
        except MockloopError as exc:
            return app.fail(str(exc))
        kept = await service.draft(round_id or 0)
        console.print(
            f"Round #{rnd.id} ({rnd.status.value.replace('_', ' ')}) is over, with no points."
            + (f" The {count(len(kept), 'unsent line')} you typed stay saved with it." if kept else "")
        )
        return 0
    finally:
        await service.close()
