"""`python -m bot` and the `mockloop` console command."""

from __future__ import annotations

import sys

from bot.cli import main as _cli_main


def main() -> None:
    from bot.judge.reaper import become_init_if_pid1

    become_init_if_pid1()  # as a container's PID 1: a tiny init reaps orphans, the bot runs below it
    sys.exit(_cli_main())


if __name__ == "__main__":
    main()
