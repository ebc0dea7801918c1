"""`python -m bot run` as a child process against a FakeDiscord started by the test."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.fakediscord import FakeDiscord

REPO = Path(__file__).resolve().parents[2]


class BotProcess:
    """Starts the real bot (the `mockloop run` entry point) and kills it like a power cut would."""

    def __init__(
        self,
        fake: FakeDiscord,
        db_path: Path,
        workdir: Path,
        dev_guild: str | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.fake = fake
        self.extra_env = extra_env or {}
        self.db_path = db_path
        self.workdir = workdir
        self.dev_guild = dev_guild
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.log_path = workdir / "bot.log"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MOCKLOOP_", "DISCORD_"))}
        env.update(
            DISCORD_TOKEN="fake-token",
            DISCORD_API_BASE=self.fake.api_base,
            DISCORD_GATEWAY_URL=self.fake.gateway_url,
            MOCKLOOP_DB=str(self.db_path),
            MOCKLOOP_JUDGE="off",
            LOG_LEVEL="INFO",
            PYTHONPATH=str(REPO),
        )
        if self.dev_guild:
            env["MOCKLOOP_DEV_GUILD"] = self.dev_guild
        env.update(self.extra_env)
        return env

    def start(self) -> None:
        assert self.proc is None or self.proc.poll() is not None, "already running"
        self.starts += 1
        log = self.log_path.open("ab")
        log.write(f"\n---- start {self.starts} ----\n".encode())
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=self.workdir,  # no stray .env from the checkout
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()

    async def wait_identified(self, before: int, timeout: float = 20.0) -> None:  # noqa: ASYNC109
        """Wait until this process has sent IDENTIFY (the gateway count passed `before`)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self.fake.gateway.identifies <= before:
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError(f"bot exited with {self.proc.returncode}:\n{self.log_tail()}")
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"bot did not connect in {timeout}s:\n{self.log_tail()}")
            await asyncio.sleep(0.02)

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        self.fake.drop_gateway()  # the server notices the dead socket at once

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])
