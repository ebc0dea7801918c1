"""A bot killed with SIGKILL while it loads the bank leaves no process behind.

On a first start (no bank cache yet) the bot parses the bundled bank on two cores: a forked
worker takes a share, and each side checks reference solutions in child processes. A killed
bot runs no clean-up, so each of those must notice by itself that its parent is gone.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import pytest

from bot.bank.loader import PARALLEL_MIN_BYTES, find_bank_files
from tests.fakediscord import FakeDiscord
from tests.faults.botprocess import REPO, BotProcess

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
    reason="the bank is loaded in several processes only on Linux with two or more cores",
)


def processes() -> dict[int, tuple[int, str, str]]:
    """pid -> (parent pid, state, command line) of every process, read from /proc."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # it ended while we looked
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        found[int(entry)] = (int(ppid), state, cmdline.strip())
    return found


def descendants(root: int, table: dict[int, tuple[int, str, str]]) -> dict[int, tuple[int, str, str]]:
    below: dict[int, tuple[int, str, str]] = {}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for pid, row in table.items():
            if row[0] == parent and pid not in below:
                below[pid] = row
                frontier.append(pid)
    return below


def alive(pids: set[int]) -> dict[int, tuple[int, str, str]]:
    """Those of `pids` still running (a zombie has ended; only its entry waits to be reaped)."""
    table = processes()
    return {pid: table[pid] for pid in pids if pid in table and table[pid][1] != "Z"}


async def test_a_bot_killed_while_loading_the_bank_leaves_no_worker_or_checker_running(tmp_path: Path) -> None:
    bank_bytes = sum(p.stat().st_size for p in find_bank_files([REPO / "questions"]))
    assert bank_bytes > PARALLEL_MIN_BYTES, "the bundled bank is loaded in one process: nothing to test"
    async with FakeDiscord() as fake:
        bot = BotProcess(fake, tmp_path / "bot.db", tmp_path)  # a fresh data folder: no bank cache
        bot.start()
        assert bot.proc is not None
        root = bot.proc.pid
        seen: dict[int, tuple[int, str, str]] = {}
        try:
            deadline = time.monotonic() + 60  # a loaded host parses and checks slowly
            while True:
                seen.update(descendants(root, processes()))
                workers = {pid for pid, (ppid, _, cmd) in seen.items() if ppid == root and "-m bot run" in cmd}
                checkers_of_workers = [
                    pid for pid, (ppid, _, cmd) in seen.items() if ppid in workers and "solution_runner" in cmd
                ]
                if checkers_of_workers:
                    break
                assert bot.proc.poll() is None, f"the bot ended first:\n{bot.log_tail()}"
                assert time.monotonic() < deadline, f"no bank worker checking solutions appeared: {seen}"
                await asyncio.sleep(0.01)
            bot.kill()
        finally:
            bot.kill()
        deadline = time.monotonic() + 10
        while True:
            left = alive(set(seen))
            if not left or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.05)
        assert left == {}, f"left running after the bot was killed: {left}"
        assert len(workers) == 1 and checkers_of_workers  # what was killed under it
