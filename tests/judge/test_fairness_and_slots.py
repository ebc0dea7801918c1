"""Fairness (cooldowns, one slot per member, a queue per server), host-wide uid leases, and what
the self-test and the start-up log say."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys

import pytest

from bot.core.clock import FakeClock
from bot.core.errors import JudgeBusy, JudgeCooldown
from bot.core.judge_fairness import FairnessRules, JudgeFairness
from bot.core.questions import CodeCase, CodeLimits
from bot.discordbot.errors import member_message
from bot.judge.base import RawOutcome
from bot.judge.bwrap import _assess_outcome
from bot.judge.engine import prepare_runner
from bot.judge.scheduler import FairScheduler, submitted_by
from bot.judge.slots import UidPool

CASES = [CodeCase(id="c", args=[1], expected=1)]
LIMITS = CodeLimits(time_seconds=1.0, memory_mb=64)


class GatedRunner:
    """A runner whose runs finish only when the test opens their gate."""

    name = "gated"

    def __init__(self) -> None:
        self.started: list[str] = []
        self.gates: dict[str, asyncio.Event] = {}

    async def run(self, code, function, cases, limits):
        self.gates[code] = asyncio.Event()
        self.started.append(code)
        await self.gates[code].wait()
        return [RawOutcome(c.id, "ok", value=1) for c in cases]


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def submit(scheduler, guild: int, user: int, which: str, code: str):
    with submitted_by(guild, user, which):
        return await scheduler.run(code, "f", CASES, LIMITS)


async def test_a_second_run_within_the_cooldown_says_how_long_to_wait():
    clock = FakeClock()
    inner = GatedRunner()
    scheduler = FairScheduler(inner, slots=2, clock=clock, rules=FairnessRules(examples_cooldown=5, tests_cooldown=15))
    first = asyncio.ensure_future(submit(scheduler, 1, 10, "examples", "a"))
    await settle()
    inner.gates["a"].set()
    await first
    clock.advance(1.2)
    with pytest.raises(JudgeCooldown) as caught:
        await submit(scheduler, 1, 10, "examples", "b")
    assert caught.value.wait_seconds == 4
    assert member_message(caught.value) == "You can run code again in 4 seconds."
    # a submit is its own kind, with its own (longer) cooldown
    second = asyncio.ensure_future(submit(scheduler, 1, 10, "tests", "c"))
    await settle()
    inner.gates["c"].set()
    await second
    with pytest.raises(JudgeCooldown, match="submit code again in 15 seconds"):
        await submit(scheduler, 1, 10, "tests", "d")
    clock.advance(4)
    third = asyncio.ensure_future(submit(scheduler, 1, 10, "examples", "e"))
    await settle()
    assert inner.started == ["a", "c", "e"]
    inner.gates["e"].set()
    await third


async def test_one_member_never_holds_both_slots():
    clock = FakeClock()
    inner = GatedRunner()
    scheduler = FairScheduler(inner, slots=2, clock=clock)
    hostile = asyncio.ensure_future(submit(scheduler, 1, 10, "tests", "slow-1"))
    await settle()
    clock.advance(60)  # well past every cooldown: still one run at a time
    with pytest.raises(JudgeBusy, match="still being judged"):
        await submit(scheduler, 1, 10, "examples", "slow-2")
    other = asyncio.ensure_future(submit(scheduler, 1, 11, "tests", "honest"))
    await settle()
    assert inner.started == ["slow-1", "honest"]  # the other member did not wait
    inner.gates["honest"].set()
    assert (await other)[0].status == "ok"
    inner.gates["slow-1"].set()
    await hostile


async def test_servers_take_turns_for_a_free_slot():
    inner = GatedRunner()
    scheduler = FairScheduler(inner, slots=1, clock=FakeClock())
    runs = [asyncio.ensure_future(submit(scheduler, 1, user, "tests", f"g1-{user}")) for user in (1, 2, 3)]
    await settle()
    runs.append(asyncio.ensure_future(submit(scheduler, 2, 9, "tests", "g2-9")))
    await settle()
    for code in ("g1-1", "g1-2", "g2-9", "g1-3"):
        assert inner.started[-1] == code
        inner.gates[code].set()
        await settle()
    await asyncio.gather(*runs)
    assert inner.started == ["g1-1", "g1-2", "g2-9", "g1-3"]


def test_fairness_rules_cap_a_servers_queue():
    fairness = JudgeFairness(FakeClock(), FairnessRules(max_waiting_per_guild=2))
    with pytest.raises(JudgeBusy, match="busy with this server"):
        fairness.admit((1, 5), "examples", waiting_in_guild=2)
    fairness.admit((1, 5), "examples", waiting_in_guild=1)


# ---- uid leases ----------------------------------------------------------------------------


def test_two_processes_never_lease_the_same_uid(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; sys.path.insert(0, '.')\n"
            "from pathlib import Path\nfrom bot.judge.slots import UidPool\n"
            f"pool = UidPool(70000, 3, Path({str(tmp_path)!r}))\n"
            "lease = pool.try_acquire(); print(lease.uid, flush=True); time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        held = int(holder.stdout.readline())
        pool = UidPool(70000, 3, tmp_path)
        mine = [pool.try_acquire(), pool.try_acquire()]
        assert all(lease is not None for lease in mine)
        assert sorted([held, *(lease.uid for lease in mine if lease)]) == [70000, 70001, 70002]
        assert pool.try_acquire() is None  # all three are held
        mine[0].release()
        again = pool.try_acquire()
        assert again is not None and again.uid == mine[0].uid
    finally:
        holder.kill()
        holder.wait()
    assert UidPool(70000, 3, tmp_path).try_acquire() is not None  # a dead holder's lease is free


# ---- self-test and start-up log ------------------------------------------------------------


def test_the_self_test_flags_the_bank_dev_shm_keyring_and_sysv_memory():
    seen = {
        "network": [],
        "writable": ["/dev/probe", "/dev/shm/probe"],
        "pid1_environ": "",
        "work_writable": True,
        "uid": 62000,
        "bank": ["/usr/share/mockloop/questions"],
        "keyring": True,
        "sysv_ipc": True,
    }
    reasons = " | ".join(_assess_outcome(RawOutcome("probe", "ok", value=seen), "marker", True).reasons)
    for expected in ("/dev/shm/probe", "/dev/probe", "question bank", "keyring", "SysV"):
        assert expected in reasons


async def test_the_start_up_log_names_the_protections_that_are_missing(caplog, monkeypatch):
    from bot.judge import cgroups

    monkeypatch.setattr(cgroups, "detect", lambda: (None, "no cgroup v2 hierarchy is mounted"))
    with caplog.at_level(logging.WARNING, logger="bot.judge.engine"):
        runner = await prepare_runner("bwrap")
    assert runner.name == "bwrap"
    assert "no delegated cgroup v2 (no cgroup v2 hierarchy is mounted)" in caplog.text
    assert "memory across all its processes" in caplog.text


def test_the_image_starts_under_a_real_init_with_libseccomp():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["/usr/bin/tini", "--"]' in text
    assert "tini" in text and "libseccomp2" in text and "bubblewrap" in text


async def test_the_terminal_run_says_the_wait():
    from types import SimpleNamespace

    from rich.console import Console

    from bot.terminal import TerminalPractice

    class CoolingDown:
        async def run(self, member, which, code=None, **_):
            raise JudgeCooldown(3.5, "run")

    console = Console(record=True, width=120)
    services = SimpleNamespace(interviews=SimpleNamespace(listeners=[]), coding=CoolingDown())
    terminal = TerminalPractice(services, console, source=None)
    terminal.is_coding = True
    await terminal._run_examples("def f():\n    return 1\n")
    assert "You can run code again in 4 seconds." in console.export_text()


def test_a_sandbox_cgroup_gets_the_submissions_budget(tmp_path):
    """The files a delegated cgroup v2 is given (checked on a plain folder: this host's cgroup
    v2 has no memory controller, so the kernel side runs only where one is delegated)."""
    from bot.judge.cgroups import CgroupBase

    group = CgroupBase(tmp_path).create(memory_bytes=352 * 1024 * 1024, pids=32)
    read = {name: (group.path / name).read_text() for name in ("memory.max", "memory.swap.max", "pids.max", "cpu.max")}
    assert read == {
        "memory.max": str(352 * 1024 * 1024),
        "memory.swap.max": "0",
        "pids.max": "32",
        "cpu.max": "100000 100000",
    }
    (group.path / "cpu.stat").write_text("usage_usec 1500000\nuser_usec 1000000\n")
    (group.path / "memory.events").write_text("low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n")
    assert group.cpu_seconds() == 1.5 and group.oom_kills() == 1


def test_every_sandbox_starts_with_a_fresh_empty_session_keyring():
    """What bwrap's child gets before exec (seccomp then denies keyctl inside, so look from here)."""
    import ctypes

    from bot.judge.bwrap import _new_session_keyring
    from bot.judge.seccomp import syscall_number

    keyctl, add_key = syscall_number("keyctl"), syscall_number("add_key")
    if keyctl is None or add_key is None:
        pytest.skip("keyctl is not known on this architecture")
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    mine = libc.syscall(ctypes.c_long(keyctl), 0, -3, 1)  # KEYCTL_GET_KEYRING_ID, session, create
    key = libc.syscall(ctypes.c_long(add_key), b"user", b"mockloop-keyring-test", b"payload", ctypes.c_size_t(7), ctypes.c_int(-3))
    assert mine > 0 and key > 0
    probe = (
        "import ctypes\nlibc = ctypes.CDLL(None); libc.syscall.restype = ctypes.c_long\n"
        f"print(libc.syscall({keyctl}, 0, -3, 0), libc.syscall({keyctl}, 10, -3, b'user', b'mockloop-keyring-test', 0))\n"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", probe], preexec_fn=_new_session_keyring(), capture_output=True, text=True, check=True
    )
    session, found = (int(v) for v in out.stdout.split())
    assert session > 0 and session != mine  # a keyring of its own...
    assert found == -1  # ...in which the bot's key is not
