"""`mockloop run` when Discord is not there, never answers, or says no: one or two lines with the fix."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.cli.run import NO_INTENT
from tests.fakediscord import FakeDiscord
from tests.faults.botprocess import REPO, BotProcess


def env(tmp_path: Path, api_base: str, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MOCKLOOP_", "DISCORD_"))}
    base.update(
        DISCORD_TOKEN="not-a-real-token-123",
        DISCORD_API_BASE=api_base,
        DISCORD_GATEWAY_URL="ws://127.0.0.1:9/gateway",
        MOCKLOOP_DB=str(tmp_path / "bot.db"),
        MOCKLOOP_JUDGE="off",
        PYTHONPATH=str(REPO),
    )
    base.update(extra)
    return base


async def run_bot(
    tmp_path: Path, api_base: str, *, interrupt_after: float | None = None, **extra: str
) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=tmp_path, env=env(tmp_path, api_base, **extra),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    if interrupt_after is None:
        out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
        return proc.returncode or 0, out.decode(), err.decode()
    # Interrupt once start-up is over (the bank is loaded, the bot is connecting), however long a
    # busy machine takes to get there, then `interrupt_after` seconds into the wait.
    assert proc.stderr is not None
    seen = []
    async def until_loaded() -> None:
        while line := await proc.stderr.readline():  # type: ignore[union-attr]
            seen.append(line)
            if b"loaded " in line and b"questions" in line:
                return
    await asyncio.wait_for(until_loaded(), timeout=60)
    await asyncio.sleep(interrupt_after)
    proc.send_signal(signal.SIGINT)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    return proc.returncode or 0, out.decode(), b"".join(seen).decode() + err.decode()


def problem_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("mockloop:")]


@contextmanager
def closed_port() -> Iterator[int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now: connection refused
    yield port


@contextmanager
def silent_port() -> Iterator[int]:
    """A socket that accepts connections (the kernel completes the handshake) and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


async def test_nothing_listening_is_two_lines_naming_the_address(tmp_path: Path) -> None:
    with closed_port() as port:
        code, out, err = await run_bot(tmp_path, f"http://127.0.0.1:{port}/api/v10")
    assert code == 2 and "Traceback" not in out + err
    lines = problem_lines(err)
    assert len(lines) == 2, err
    assert f"127.0.0.1:{port}" in lines[0] and "refused" in lines[0].lower() and "Fix:" in lines[1]
    assert "not-a-real-token" not in out + err


async def test_a_server_that_never_answers_times_out_with_a_clear_message(tmp_path: Path) -> None:
    with silent_port() as port:
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        code, out, err = await run_bot(
            tmp_path, f"http://127.0.0.1:{port}/api/v10", MOCKLOOP_CONNECT_TIMEOUT="2"
        )
        took = loop.time() - t0
    assert code == 2 and "Traceback" not in out + err
    lines = problem_lines(err)
    assert len(lines) == 2 and "no answer within 2 s" in lines[0] and "MOCKLOOP_CONNECT_TIMEOUT" in lines[1]
    assert took < 30


async def test_ctrl_c_while_waiting_exits_130_without_a_traceback(tmp_path: Path) -> None:
    with silent_port() as port:
        code, out, err = await run_bot(
            tmp_path, f"http://127.0.0.1:{port}/api/v10", interrupt_after=1.0, MOCKLOOP_CONNECT_TIMEOUT="60"
        )
    assert code == 130 and "Traceback" not in out + err and "stopped" in out


async def test_a_wrong_token_is_two_lines_with_the_fix(tmp_path: Path) -> None:
    async with FakeDiscord() as fake:
        fake.inject("GET", r"^/users/@me$", 401, times=5)
        code, out, err = await run_bot(tmp_path, fake.api_base, DISCORD_GATEWAY_URL=fake.gateway_url)
    assert code == 2 and "Traceback" not in out + err
    lines = problem_lines(err)
    assert len(lines) == 2 and "rejected the bot token" in lines[0] and "Reset Token" in lines[1]
    assert "not-a-real-token" not in out + err


async def test_ctrl_c_stops_a_connected_bot_with_130_and_no_traceback(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    import shutil

    shutil.copytree(REPO / "questions", bank)
    broken = bank / "ml_theory" / "zz_broken.yaml"
    shutil.copy(REPO / "tests" / "bank" / "broken" / "malformed_yaml.yaml", broken)
    async with FakeDiscord() as fake:
        guild = fake.add_guild("Run Club")
        fake.add_channel(guild, "practice")
        bot = BotProcess(fake, tmp_path / "bot.db", tmp_path, extra_env={"MOCKLOOP_QUESTIONS": str(bank)})
        bot.start()
        try:
            await bot.wait_identified(0, timeout=60)
            assert bot.proc is not None
            bot.proc.send_signal(signal.SIGINT)
            code = await asyncio.to_thread(bot.proc.wait, 30)
        finally:
            bot.kill()
    log = bot.log_path.read_text()
    assert code == 130 and "Traceback" not in log and "stopped" in log
    assert log.count(f"{broken}:") == 1 and "skipped" in log  # the broken bank file, named once


def test_a_missing_message_content_intent_is_two_lines_with_the_fix(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """Discord closes the gateway with 4014 (discord.py raises PrivilegedIntentsRequired) when the
    Message Content intent is off; the loopback server cannot refuse intents, so the client's
    exception is raised where discord.py raises it."""
    import discord

    import bot.cli.run as run_cli
    import bot.discordbot.client as client

    async def refuse(settings, service) -> None:
        raise discord.PrivilegedIntentsRequired(None)

    async def reachable(settings) -> None:
        return None

    monkeypatch.setattr(client, "run_bot", refuse)
    monkeypatch.setattr(run_cli, "check_discord", reachable)
    for key, value in env(tmp_path, "http://127.0.0.1:9/api/v10").items():
        monkeypatch.setenv(key, value)
    assert run_cli.run(None) == 2  # type: ignore[arg-type]
    lines = problem_lines(capsys.readouterr().err)
    assert lines == [f"mockloop: {line}" for line in NO_INTENT.splitlines()]
    assert "Message Content Intent" in lines[1]
