"""One place where a command's unexpected end becomes a line, not a traceback."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable

from bot.core.errors import StorageUnavailable

INTERRUPTED = 130


def silence_stdout() -> None:
    """The output went away (a closed pipe, a closed terminal): drop what is still to be written."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except OSError:
        pass


def run_quietly(func: Callable[[argparse.Namespace], int | None], args: argparse.Namespace) -> int:
    """Ctrl-C exits 130 and a closed output pipe (`| head`) exits quietly; a database that fails
    in the middle of a command is one line naming the way out."""
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        print("\nmockloop: interrupted.", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        silence_stdout()
        return 0
    except StorageUnavailable as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as exc:
        from bot.cli.common import command_name

        print(
            f"mockloop: the database failed while this command ran ({exc}). "
            f"`{command_name()} db check` says what is wrong and how to get out of it.",
            file=sys.stderr,
        )
        return 2
