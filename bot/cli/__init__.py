"""The `mockloop` command line. Each subcommand lives in its own module with a `register()`."""

from __future__ import annotations

import argparse
import importlib

# Each module defines `register(subparsers) -> None`, adding its parser(s) with
# `set_defaults(func=callable(args) -> int)`.
COMMAND_MODULES = (
    "run",
    "practice",
    "rounds",
    "history",
    "stats",
    "score",
    "calibrate",
    "judge",
    "bank",
    "db",
    "health",
)


def build_parser(prog: str = "mockloop") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Mock ML-engineer interviews on Discord and in the terminal.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"bot.cli.{name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from bot.cli.common import command_name
    from bot.cli.errors import run_quietly

    parser = build_parser(command_name())
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    return run_quietly(func, args)
