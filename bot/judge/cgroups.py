"""One resource budget per submission, enforced by the kernel: a cgroup v2 per sandbox.

Used wherever a delegated cgroup v2 with the memory, pids and cpu controllers is writable
(`MOCKLOOP_JUDGE_CGROUP` names one; otherwise the cgroup this process runs in is tried, with
the bot moved into a leaf of its own when that is what enabling controllers needs). Each
sandbox gets a child with memory.max, memory.swap.max=0, pids.max and cpu.max; its CPU and
OOM kills are read from cpu.stat and memory.events, and cgroup.kill ends everything in it.
Where none is writable, `detect()` says why and the caller falls back to per-process rlimits
and host polling (bot.judge.proctree).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time
from dataclasses import dataclass
from pathlib import Path

CONTROLLERS = ("memory", "pids", "cpu")
ENV_BASE = "MOCKLOOP_JUDGE_CGROUP"
_counter = itertools.count()


@dataclass(frozen=True, slots=True)
class CgroupBase:
    """A cgroup under which this process may create one child per sandbox."""

    path: Path

    def create(self, *, memory_bytes: int, pids: int, cpus: float = 1.0) -> SandboxCgroup:
        path = self.path / f"mockloop-sandbox-{os.getpid()}-{next(_counter)}"
        path.mkdir(mode=0o755)
        group = SandboxCgroup(path)
        try:
            group.write("memory.max", str(memory_bytes))
            with contextlib.suppress(OSError):  # absent when the kernel has no swap accounting
                group.write("memory.swap.max", "0")
            with contextlib.suppress(OSError):
                group.write("memory.oom.group", "1")
            group.write("pids.max", str(pids))
            period = 100_000
            group.write("cpu.max", f"{int(period * cpus)} {period}")
        except OSError:
            group.remove()
            raise
        return group


@dataclass(frozen=True, slots=True)
class SandboxCgroup:
    path: Path

    def write(self, name: str, value: str) -> None:
        (self.path / name).write_text(value)

    @property
    def procs_file(self) -> str:
        return str(self.path / "cgroup.procs")

    def cpu_seconds(self) -> float:
        with contextlib.suppress(OSError, ValueError):
            for line in (self.path / "cpu.stat").read_text().splitlines():
                if line.startswith("usage_usec "):
                    return int(line.split()[1]) / 1e6
        return 0.0

    def oom_kills(self) -> int:
        with contextlib.suppress(OSError, ValueError):
            for line in (self.path / "memory.events").read_text().splitlines():
                if line.startswith("oom_kill "):
                    return int(line.split()[1])
        return 0

    def kill(self) -> None:
        try:
            self.write("cgroup.kill", "1")
        except OSError:  # kernels before 5.14: signal each process
            with contextlib.suppress(OSError):
                for pid in (self.path / "cgroup.procs").read_text().split():
                    with contextlib.suppress(OSError):
                        os.kill(int(pid), 9)

    def remove(self) -> None:
        for _ in range(100):
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                self.kill()
                time.sleep(0.01)


def _cgroup2_mount() -> Path | None:
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/mountinfo").read_text().splitlines():
            left, _, right = line.partition(" - ")
            if right.split(" ", 1)[0] == "cgroup2":
                return Path(left.split()[4])
    return None


def _own_cgroup(mount: Path) -> Path | None:
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            if line.startswith("0::"):
                return mount / line[3:].lstrip("/")
    return None


def _enable(path: Path) -> bool:
    wanted = set(CONTROLLERS)
    try:
        enabled = set((path / "cgroup.subtree_control").read_text().split())
        if wanted <= enabled:
            return True
        (path / "cgroup.subtree_control").write_text(" ".join(f"+{c}" for c in sorted(wanted - enabled)))
        return True
    except OSError:
        return False


def detect() -> tuple[CgroupBase | None, str]:
    """A usable base, or None and the reason there is none (for the start-up log)."""
    mount = _cgroup2_mount()
    if mount is None:
        return None, "no cgroup v2 hierarchy is mounted"
    configured = os.environ.get(ENV_BASE)
    base = Path(configured) if configured else _own_cgroup(mount)
    if base is None or not base.is_dir():
        return None, f"the cgroup {base} does not exist"
    try:
        available = set((base / "cgroup.controllers").read_text().split())
    except OSError as exc:
        return None, f"{base} cannot be read ({exc.strerror})"
    missing = [c for c in CONTROLLERS if c not in available]
    if missing:
        return None, f"the cgroup v2 at {base} has no {', '.join(missing)} controller (not delegated)"
    if not os.access(base, os.W_OK):
        return None, f"the cgroup v2 at {base} is not writable by this user"
    if not _enable(base) and not _move_self_to_leaf(base):
        return None, f"controllers cannot be enabled below {base} (other processes live in it)"
    probe_ok, reason = _probe(CgroupBase(base))
    return (CgroupBase(base), "") if probe_ok else (None, reason)


def _move_self_to_leaf(base: Path) -> bool:
    """cgroup v2 forbids processes in a cgroup that delegates controllers: move ours aside."""
    leaf = base / f"mockloop-bot-{os.getpid()}"
    try:
        others = [p for p in (base / "cgroup.procs").read_text().split() if int(p) != os.getpid()]
        if others:
            return False
        leaf.mkdir(exist_ok=True)
        (leaf / "cgroup.procs").write_text(str(os.getpid()))
    except OSError:
        return False
    if _enable(base):
        return True
    with contextlib.suppress(OSError):
        (base / "cgroup.procs").write_text(str(os.getpid()))
        leaf.rmdir()
    return False


def _probe(base: CgroupBase) -> tuple[bool, str]:
    try:
        group = base.create(memory_bytes=64 * 1024 * 1024, pids=8)
    except OSError as exc:
        return False, f"a sandbox cgroup cannot be created under {base.path} ({exc.strerror})"
    group.remove()
    return True, ""
