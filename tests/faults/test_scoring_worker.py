"""The real bot (`python -m bot run`) scores in a worker process that holds none of its secrets
and does not outlive it when the bot is killed with SIGKILL."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import pytest

from tests.fakediscord import FakeDiscord
from tests.faults.botprocess import BotProcess
from tests.faults.test_no_orphans import alive, descendants, processes

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

TOKEN = "fake-token-for-the-scoring-worker-test"
KEY = "sk-scoring-worker-4b1d-never-there"


def environ_of(pid: int) -> bytes:
    return Path(f"/proc/{pid}/environ").read_bytes()


async def test_the_bots_scoring_worker_has_no_secrets_and_dies_with_the_bot(tmp_path: Path) -> None:
    async with FakeDiscord() as fake:
        bot = BotProcess(
            fake,
            tmp_path / "bot.db",
            tmp_path,
            extra_env={
                "DISCORD_TOKEN": TOKEN,
                "MOCKLOOP_LLM_BASE_URL": "http://127.0.0.1:9/v1",
                "MOCKLOOP_LLM_MODEL": "stub-model",
                "MOCKLOOP_LLM_API_KEY": KEY,
            },
        )
        bot.start()
        try:
            await bot.wait_identified(0, timeout=120)
            assert bot.proc is not None
            assert KEY.encode() in environ_of(bot.proc.pid) and TOKEN.encode() in environ_of(bot.proc.pid)
            deadline = time.monotonic() + 30
            while True:
                below = descendants(bot.proc.pid, processes())
                workers = [pid for pid, (_, _, cmd) in below.items() if "bot.scoring_process" in cmd]
                if workers:
                    break
                assert time.monotonic() < deadline, f"no scoring worker under the bot: {below}\n{bot.log_tail()}"
                await asyncio.sleep(0.05)
            (worker,) = workers
            environ = await asyncio.to_thread(environ_of, worker)
            assert KEY.encode() not in environ and TOKEN.encode() not in environ
            assert b"MOCKLOOP_" not in environ and b"DISCORD_" not in environ
        finally:
            bot.kill()
        deadline = time.monotonic() + 10
        while True:
            left = alive({worker})
            if not left or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.05)
        assert left == {}, "the scoring worker outlived the killed bot"
