"""Hostile submissions: each is contained, reported as a failed run, and the judge keeps working."""

from __future__ import annotations

import os
import socket
import sqlite3
from pathlib import Path

import pytest

from bot.core.questions import CodeCase, CodeLimits
from bot.judge.judge import judge

SECRET = "fake-secret-token-3f9c1d"
REPO = Path(__file__).resolve().parents[2]
LIMITS = CodeLimits(time_seconds=2.0, memory_mb=64)


@pytest.fixture(autouse=True)
def fake_token(monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", SECRET)
    monkeypatch.setenv("MOCKLOOP_DISCORD_TOKEN", SECRET)


async def run_one(runner, code: str, *args):
    [outcome] = await runner.run(
        code, "attack", [CodeCase(id="attack", args=list(args), expected=None)], LIMITS
    )
    return outcome


def leaked(outcome) -> bool:
    return SECRET in repr(outcome.value) or SECRET in outcome.stdout or SECRET in outcome.error


async def still_works(runner, question) -> bool:
    q = question(examples=[([5], 25)])
    return (await judge(q, "def solve(x):\n    return x * x\n", "examples", runner)).all_passed


def sandbox_processes(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


async def test_environment_and_proc_environ_show_no_secret(runner, question):
    code = """
import os
def attack(host_pid):
    seen = [repr(dict(os.environ))]
    for pid in ("self", "1", str(os.getppid()), str(host_pid)):
        try:
            seen.append(open(f"/proc/{pid}/environ", "rb").read().decode("utf-8", "replace"))
        except OSError as exc:
            seen.append(type(exc).__name__)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                seen.append(open(f"/proc/{entry}/environ", "rb").read().decode("utf-8", "replace"))
            except OSError:
                pass
    print(seen)
    return seen
"""
    outcome = await run_one(runner, code, os.getpid())
    assert outcome.status == "ok"
    assert not leaked(outcome)
    assert "DISCORD_TOKEN" not in repr(outcome.value)
    # /proc/1/environ: the sandbox's PID 1 (the harness's supervisor) was started with nothing,
    # and is not dumpable, so member code cannot even open it
    assert outcome.value[2] in ("", "PermissionError")
    assert await still_works(runner, question)


async def test_repo_and_tmp_files_are_not_reachable(runner, question, tmp_path):
    database = tmp_path / "mockloop.db"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE secrets (value TEXT)")
        db.execute("INSERT INTO secrets VALUES (?)", (SECRET,))
    config = tmp_path / ".env"
    config.write_text(f"DISCORD_TOKEN={SECRET}\n")
    code = """
def attack(paths):
    found = {}
    for path in paths:
        try:
            with open(path, "rb") as handle:
                found[path] = handle.read().decode("utf-8", "replace")
        except OSError as exc:
            found[path] = "refused: " + type(exc).__name__
    return found
"""
    paths = [str(database), str(config), str(REPO / "pyproject.toml"), "/etc/passwd", "/root/.bashrc"]
    outcome = await run_one(runner, code, paths)
    assert not leaked(outcome)
    assert all(value.startswith("refused") for value in outcome.value.values()), outcome.value
    assert await still_works(runner, question)


async def test_no_tcp_connection_and_no_dns(runner, question):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    code = """
import socket
def attack(port):
    reached = []
    for host, p in (("127.0.0.1", port), ("1.1.1.1", 80), ("10.0.2.2", 22)):
        try:
            socket.create_connection((host, p), timeout=1).close()
            reached.append(f"{host}:{p}")
        except OSError:
            pass
    for name in ("example.com", "localhost.localdomain", "discord.com"):
        try:
            socket.getaddrinfo(name, 443)
            reached.append(name)
        except OSError:
            pass
    return reached
"""
    try:
        outcome = await run_one(runner, code, port)
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected to the host-side listener
    finally:
        listener.close()
    assert outcome.status == "ok" and outcome.value == []
    assert await still_works(runner, question)


async def test_fork_bomb_is_contained(runner, question):
    code = """
import os
def attack(x):
    children = 0
    while True:
        try:
            os.fork()
            children += 1
        except OSError:
            break
    return children
"""
    q = question(examples=[([1], 1)], time_seconds=1.0)
    report = await judge(q, code, "examples", runner)
    assert not report.all_passed
    assert await still_works(runner, question)


async def test_setsid_grandchild_is_dead_afterwards(runner, question):
    marker = "mockloop-orphan-7d1e"
    code = f"""
import subprocess, sys
def attack(x):
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)  # {marker}"],
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return child.pid
"""
    outcome = await run_one(runner, code, 0)
    assert outcome.status == "ok"  # it could start a process inside the sandbox...
    assert sandbox_processes(marker) == []  # ...but nothing survives the run
    assert await still_works(runner, question)


async def test_writing_100_megabytes_is_refused(runner, question):
    code = """
def solve(x):
    block = b"x" * (1024 * 1024)
    with open("/work/big.bin", "wb") as handle:
        for _ in range(100):
            handle.write(block)
    return "wrote it all"
"""
    q = question(examples=[([1], "wrote it all")])
    report = await judge(q, code, "examples", runner)
    assert report.verdicts[0].verdict == "runtime_error"
    assert "File too large" in report.verdicts[0].detail or "No space" in report.verdicts[0].detail
    assert await still_works(runner, question)


async def test_killing_the_parent_or_the_host_does_nothing_outside(runner, question):
    code = """
import os, signal
def attack(host_pid):
    results = []
    for pid in (os.getppid(), 1, host_pid):
        try:
            os.kill(pid, signal.SIGKILL)
            results.append("sent")
        except OSError as exc:
            results.append(type(exc).__name__)
    return results
"""
    outcome = await run_one(runner, code, os.getpid())
    assert outcome.status in ("ok", "crash")
    assert await still_works(runner, question)


async def test_ptrace_cannot_reach_the_host(runner, question):
    code = """
import ctypes, os
def attack(host_pid):
    libc = ctypes.CDLL(None, use_errno=True)
    PTRACE_SEIZE = 0x4206  # attaches without stopping the tracee
    results = []
    for pid in (host_pid, os.getppid()):
        results.append(libc.ptrace(PTRACE_SEIZE, pid, 0, 0))
    return results
"""
    outcome = await run_one(runner, code, os.getpid())
    assert not leaked(outcome)
    assert outcome.status != "ok" or outcome.value[0] == -1  # no such process in the sandbox
    assert await still_works(runner, question)


async def test_ctypes_memory_poke_crashes_only_that_case(runner, question):
    code = """
import ctypes
def solve(x):
    if x == 0:
        ctypes.string_at(1)  # read from an unmapped address
    return x
"""
    q = question(examples=[([0], 0), ([3], 3)])
    report = await judge(q, code, "examples", runner)
    assert [v.verdict for v in report.verdicts] == ["runtime_error", "accepted"]
    assert "SIGSEGV" in report.verdicts[0].detail
    assert await still_works(runner, question)
