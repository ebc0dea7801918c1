"""`mockloop stats [--png FILE]`: the terminal member's figures, as /stats shows them on Discord."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bot import app
from bot.charts import ChartsUnavailable, stats_chart_png
from bot.cli.common import command_name, open_terminal
from bot.study import StudyStats
from bot.terminal import LOCAL_GUILD, LOCAL_USER, PipeSafeConsole, fmt_duration


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="your rounds per type, averages, weakest topics and streak")
    p.add_argument("--png", type=Path, metavar="FILE", help="also write the chart to this PNG file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_stats(args.png))


async def _stats(png: Path | None) -> int:
    try:
        services = (await open_terminal(write=False)).services
    except app.StartupError as exc:
        return app.fail(str(exc))
    console = PipeSafeConsole()
    try:
        stats = await services.study.stats(LOCAL_GUILD, LOCAL_USER)
    finally:
        await services.close()
    if stats is None:
        console.print(f"No rounds yet, so there are no stats. Start one with: {command_name()} practice")
        return 0
    print_stats(console, stats)
    if png is not None:
        try:
            data = await asyncio.to_thread(stats_chart_png, stats)
        except ChartsUnavailable as exc:
            return app.fail(str(exc))
        await asyncio.to_thread(png.write_bytes, data)
        console.print(f"Chart written to {png}")
    return 0


def print_stats(console: Console, stats: StudyStats) -> None:
    s = stats.summary
    console.print(
        f"[bold]{s.rounds}[/] rounds · [bold]{stats.total_points}[/] points · "
        f"streak [bold]{stats.streak.current}[/] (best {stats.streak.best}) · "
        f"time used {fmt_duration(s.time_used)} of {fmt_duration(s.time_limit)}"
    )
    types = Table(title="Per round type")
    for col in ("Round", "Rounds", "Scored", "Average", "Time used", "Time allowed"):
        types.add_column(col)
    for t in s.by_type:
        types.add_row(
            t.round_type.label,
            str(t.rounds),
            str(t.scored),
            "-" if t.average is None else f"{t.average:.0f}",
            fmt_duration(t.time_used),
            fmt_duration(t.time_limit),
        )
    console.print(types)
    if s.by_topic:
        topics = Table(title="Average per topic")
        for col in ("Round", "Topic", "Scored", "Average"):
            topics.add_column(col)
        for topic in s.by_topic:
            topics.add_row(
                topic.round_type.label,
                topic.topic.replace("_", " "),
                str(topic.scored),
                f"{topic.average:.0f}",
            )
        console.print(topics)
    if s.weakest:
        weak = ", ".join(f"{t.topic.replace('_', ' ')} ({t.average:.0f})" for t in s.weakest)
        console.print(f"Weakest topics: {weak}")
    if s.suggestion:
        console.print(
            f"Suggested next round: {command_name()} practice --round {s.suggestion.round_type.value} "
            f"--topic {s.suggestion.topic}"
        )
