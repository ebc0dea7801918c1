"""The default local engine: the harness inside a bubblewrap sandbox, watched from outside.

Layers, each of which must hold on its own:
- bwrap is started with an EMPTY environment and `--clearenv` for the child; the job (member
  code and inputs) goes in on stdin, never through a file;
- every namespace unshared (no network, own pid and IPC namespace), new session, dies with
  its parent, no capabilities, no further user namespaces, a seccomp filter
  (bot.judge.seccomp), a fresh empty session keyring; the harness runs `--as-pid-1`, so when
  it exits the kernel ends the namespace and bwrap reaps it before exiting itself (no
  orphan, no zombie, whether or not the bot is PID 1);
- only what the interpreter needs is mounted read-only (its binary, its standard library
  without site-packages, the system's shared libraries): never /usr/share, a prefix's share/
  (the bank of a non-venv install) or anything of the bot; /dev is read-only with only
  null, zero, random and urandom, no /dev/shm; the only writable place is a small tmpfs;
- one budget per submission across all its processes: a cgroup v2 (memory, swap, pids, cpu)
  where one is delegated, else the host polls the process tree; rlimits per process always;
- limits enforced from outside: the host times every test itself, kills on the per-test wall
  and CPU limit and on the submission's total budget, and reads results only from the
  supervisor's channel, which member code cannot write to (bot.judge.harness);
- when the bot runs as root the sandbox runs as a uid leased host-wide (bot.judge.slots).
Plain subprocess is never used as a fallback: if any of this is unavailable, judging is off.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import logging
import math
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from bot.core.questions import CodeCase, CodeLimits
from bot.judge import cgroups, proctree, reaper
from bot.judge.base import CaseInput, JudgeUnavailable, RawOutcome
from bot.judge.outcomes import ProcessResult, build_job, outcome_from_done, parse_events
from bot.judge.seccomp import SeccompUnavailable, filter_program, syscall_number
from bot.judge.slots import UidLease, UidPool

log = logging.getLogger(__name__)

SANDBOX_PYTHON_CANDIDATES = ("/usr/local/bin/python3", "/usr/bin/python3")
OUTPUT_CAP_BYTES = 4 * 1024 * 1024  # one result line holds at most a 1 MB value
STDERR_CAP_BYTES = 32 * 1024
STARTUP_SECONDS = 5.0  # sandbox + interpreter start, once per sandbox (generous: a loaded host)
INTERPRETER_MEMORY_MB = 64  # address space the interpreter itself needs on top of the limit
SUBMISSION_MEMORY_SLACK_MB = 96  # the supervisor and a worker's interpreter, across processes
MAX_SUBMISSION_SECONDS = 20.0  # the test part of a submission's wall/CPU budget, at most
WALL_GRACE = 0.5  # host-side slack on a test's wall limit (the supervisor stops it on time; this
# only catches a supervisor that did not, so it also allows for a loaded host reading late)
CPU_GRACE = 0.1  # the kernel counts in 10 ms ticks, and the supervisor's own work is counted too
# A test's time limit is CPU seconds, so a verdict does not depend on how busy the host is; the
# wall clock only stops code that waits (sleeps, blocks) instead of computing, at WALL_FACTOR x.
WALL_FACTOR = 2.0
POLL_SECONDS = 0.02
KEYCTL_JOIN_SESSION_KEYRING = 1
DEVICES = ("null", "zero", "random", "urandom")


@dataclass(frozen=True, slots=True)
class SelfTestResult:
    ok: bool
    reasons: list[str] = field(default_factory=list)
    missing_protections: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SandboxSettings:
    bwrap: str = "/usr/bin/bwrap"
    setpriv: str = "/usr/bin/setpriv"
    python: str | None = None  # None: pick an interpreter the sandbox uid can reach
    first_uid: int = 62_000  # sandboxes run as a uid leased from first_uid.. when we are root
    uid_count: int = 1000
    lock_dir: str | None = None  # where the uid leases live (default /run/mockloop-judge)
    work_mb: int = 16
    file_mb: int = 8
    open_files: int = 64
    processes: int = 32
    output_cap_bytes: int = OUTPUT_CAP_BYTES
    use_cgroup: bool = True
    bank_paths: tuple[str, ...] = ()  # checked unreachable by the self-test (the bundled bank always)


def _reachable_by_others(path: Path) -> bool:
    """True if every directory on the way is searchable and the file readable by any uid."""
    path = path.resolve()
    for parent in path.parents:
        if not parent.stat().st_mode & 0o001:
            return False
    return bool(path.stat().st_mode & 0o005 == 0o005)


def pick_interpreter(dropping_uid: bool) -> str | None:
    """A python3 the sandbox can run: ours if reachable, else a system one."""
    ours = Path(sys.base_prefix) / "bin" / "python3"
    candidates = [str(ours), *SANDBOX_PYTHON_CANDIDATES]
    for candidate in candidates:
        path = Path(candidate)
        if not path.exists():
            continue
        if dropping_uid and not _reachable_by_others(path):
            continue
        return str(path.resolve())
    return None


_INFO_SCRIPT = (
    "import json,sys,sysconfig;v=sysconfig.get_config_var;print(json.dumps({"
    "'paths':[sysconfig.get_path('stdlib'),sysconfig.get_path('platstdlib'),v('DESTSHARED')],"
    "'libdir':v('LIBDIR'),'shared':bool(v('Py_ENABLE_SHARED'))}))"
)


def interpreter_mounts(python: str) -> list[str]:
    """bwrap arguments that make `python` runnable and show nothing else of its prefix."""
    info = json.loads(
        subprocess.run(
            [python, "-I", "-S", "-c", _INFO_SCRIPT], capture_output=True, text=True, check=True, env={}
        ).stdout
    )
    args: list[str] = []
    system = _system_binds()
    args += system
    bound = ["/usr/lib", "/usr/lib64", "/usr/lib32"]
    real = str(Path(python).resolve())
    args += ["--ro-bind", real, real]
    seen: set[str] = set()
    for raw in info["paths"]:
        if not raw:
            continue
        path = str(Path(raw).resolve())
        if path in seen or any(path.startswith(s + "/") for s in seen) or not Path(path).is_dir():
            continue
        seen.add(path)
        if not any(path.startswith(b + "/") for b in bound):
            args += ["--ro-bind", path, path]
        for hidden in ("site-packages", "dist-packages"):
            if (Path(path) / hidden).is_dir():  # third-party code (the bot itself, without a venv)
                args += ["--tmpfs", str(Path(path) / hidden)]
    libdir = info.get("libdir")
    if info.get("shared") and libdir and Path(libdir).is_dir():
        for lib in sorted(Path(libdir).glob("libpython*.so*")):
            target = str(lib.resolve())
            if not any(target.startswith(b + "/") for b in bound):
                args += ["--ro-bind", target, str(lib)]
    if Path("/etc/ld.so.cache").is_file():
        args += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    return args


def _system_binds() -> list[str]:
    """The shared libraries (/usr/lib and /lib*), never the rest of /usr."""
    args: list[str] = []
    for name in ("/usr/lib", "/usr/lib64", "/usr/lib32"):
        if Path(name).is_dir() and not Path(name).is_symlink():
            args += ["--ro-bind", name, name]
    for name in ("/lib", "/lib64", "/lib32"):
        path = Path(name)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), name]
        elif path.is_dir():
            args += ["--ro-bind", name, name]
    return args


def _device_args() -> list[str]:
    """/dev read-only with the four harmless devices; no /dev/shm, no ptys."""
    args = ["--size", "65536", "--tmpfs", "/dev"]
    for name in DEVICES:
        args += ["--dev-bind", f"/dev/{name}", f"/dev/{name}"]
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0")):
        args += ["--symlink", target, f"/dev/{name}"]
    args += ["--symlink", "/proc/self/fd/1", "/dev/stdout", "--symlink", "/proc/self/fd/2", "/dev/stderr"]
    return [*args, "--remount-ro", "/dev"]


def submission_budget(limits: CodeLimits, case_count: int) -> float:
    """CPU seconds one submission may use in all, sandbox starts included."""
    return min(limits.time_seconds * case_count, MAX_SUBMISSION_SECONDS) + STARTUP_SECONDS


def submission_wall_budget(limits: CodeLimits, case_count: int) -> float:
    """Wall seconds one submission may take: WALL_FACTOR times its tests' part, plus the start."""
    return WALL_FACTOR * min(limits.time_seconds * case_count, MAX_SUBMISSION_SECONDS) + STARTUP_SECONDS


def _new_session_keyring() -> Any:
    """A callable for the child (after fork, before exec): join a new, empty session keyring."""
    number = syscall_number("keyctl")
    if number is None:
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    syscall = libc.syscall
    syscall.restype = ctypes.c_long

    def join() -> None:
        syscall(ctypes.c_long(number), ctypes.c_long(KEYCTL_JOIN_SESSION_KEYRING), ctypes.c_void_p(None))

    return join


@dataclass
class _Budget:
    """What is left of a submission's wall and CPU budget, across sandbox restarts."""

    wall_deadline: float
    cpu_left: float


@dataclass
class _Sandbox:
    """One running sandbox, seen from the host."""

    proc: asyncio.subprocess.Process
    cgroup: cgroups.SandboxCgroup | None
    oom_before: int = 0
    killed_for: str | None = None

    def usage(self) -> tuple[float, int]:
        """(CPU seconds so far, bytes of memory now) of every process of this sandbox."""
        if self.cgroup is not None:
            return self.cgroup.cpu_seconds(), 0
        usage = proctree.tree_usage(self.proc.pid)
        return usage.cpu_seconds, usage.rss_bytes

    def oom_killed(self) -> bool:
        return self.cgroup is not None and self.cgroup.oom_kills() > self.oom_before

    def kill(self, reason: str) -> None:
        """End the whole sandbox: its PID 1 first, so bwrap still reaps it, then the rest."""
        if self.killed_for is None:
            self.killed_for = reason
        tree = proctree.descendants(self.proc.pid)
        for pid in tree[1:2] or tree[:1]:  # bwrap's child, the namespace's PID 1 (else bwrap)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        if self.cgroup is not None:
            self.cgroup.kill()


class BwrapRunner:
    """Runs member code in bubblewrap; at most `max_concurrent` sandboxes at once."""

    name = "bwrap"

    def __init__(self, settings: SandboxSettings | None = None, max_concurrent: int = 2) -> None:
        self.settings = settings or SandboxSettings()
        self.max_concurrent = max(1, max_concurrent)
        self._semaphore: asyncio.Semaphore | None = None
        self._harness = resources.files("bot.judge").joinpath("harness.py").read_text(encoding="utf-8")
        self._uids = UidPool(
            self.settings.first_uid,
            self.settings.uid_count,
            Path(self.settings.lock_dir) if self.settings.lock_dir else None,
        )
        self._mounts: list[str] | None = None
        self._cgroup_base: cgroups.CgroupBase | None = None
        self._cgroup_reason = ""
        self._cgroup_checked = False
        self._keyring = _new_session_keyring()

    # ---- availability ------------------------------------------------------------------

    @property
    def as_root(self) -> bool:
        return os.geteuid() == 0

    def missing_tools(self) -> list[str]:
        """Human-readable reasons this machine cannot sandbox (empty when it can)."""
        missing = []
        if not (Path(self.settings.bwrap).is_file() and os.access(self.settings.bwrap, os.X_OK)):
            missing.append(
                f"bubblewrap was not found at {self.settings.bwrap} (install it: apt-get install bubblewrap)"
            )
        if self.as_root and not os.access(self.settings.setpriv, os.X_OK):
            missing.append(f"setpriv was not found at {self.settings.setpriv} (package util-linux)")
        if self._python() is None:
            missing.append("no Python interpreter the sandbox user can read was found")
        try:
            filter_program()
        except SeccompUnavailable as exc:
            missing.append(str(exc))
        return missing

    def _python(self) -> str | None:
        if self.settings.python:
            return self.settings.python
        return pick_interpreter(self.as_root)

    def missing_protections(self) -> list[str]:
        """What this machine cannot enforce, said at start-up (judging stays on without them)."""
        self._detect_cgroup()
        if self._cgroup_base is not None:
            return []
        return [
            f"no delegated cgroup v2 ({self._cgroup_reason}): a submission's memory across all its "
            "processes, its process count and its CPU share are not enforced by the kernel; the host "
            "polls its processes' memory and CPU every "
            f"{int(POLL_SECONDS * 1000)} ms instead, and the per-process limits stay"
        ]

    def _detect_cgroup(self) -> None:
        if self._cgroup_checked:
            return
        self._cgroup_checked = True
        if not self.settings.use_cgroup:
            self._cgroup_reason = "switched off in the settings"
            return
        self._cgroup_base, self._cgroup_reason = cgroups.detect()

    # ---- running -----------------------------------------------------------------------

    async def run(
        self, code: str, function: str, cases: list[CodeCase], limits: CodeLimits
    ) -> list[RawOutcome]:
        problems = self.missing_tools()
        if problems:  # never fall back to running unsandboxed
            raise JudgeUnavailable("; ".join(problems))
        inputs = [CaseInput.of(c) for c in cases]
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.max_concurrent)
        async with self._semaphore:
            return await self._run_all(code, function, inputs, limits)

    async def _run_all(
        self, code: str, function: str, cases: list[CaseInput], limits: CodeLimits
    ) -> list[RawOutcome]:
        """Every case, restarting a fresh sandbox after one that had to be killed, within one budget."""
        wall = submission_wall_budget(limits, len(cases))
        budget = _Budget(time.monotonic() + wall, submission_budget(limits, len(cases)))
        outcomes: dict[str, RawOutcome] = {}
        remaining = list(cases)
        while remaining:
            if time.monotonic() >= budget.wall_deadline or budget.cpu_left <= 0:
                for case in remaining:
                    outcomes[case.id] = RawOutcome(
                        case.id, "timeout", error="not run: the submission used up its time budget"
                    )
                break
            done, setup, finished = await self._run_sandbox(code, function, remaining, limits, budget)
            if setup is not None:
                return [
                    RawOutcome(c.id, "error", error=setup.error, setup_problem=setup.setup_problem)
                    for c in cases
                ]
            outcomes.update(done)
            if finished:
                break
            if not done:  # a sandbox that made no progress would only make none again
                out_of_time = time.monotonic() >= budget.wall_deadline or budget.cpu_left <= 0
                for case in remaining:
                    outcomes[case.id] = (
                        RawOutcome(case.id, "timeout", error="not run: the submission used up its time budget")
                        if out_of_time
                        else RawOutcome(case.id, "crash", error="the judge could not run this test")
                    )
                break
            remaining = [c for c in remaining if c.id not in outcomes]
        return [
            outcomes.get(c.id, RawOutcome(c.id, "crash", error="no result was reported for this case"))
            for c in cases
        ]

    async def _run_sandbox(
        self,
        code: str,
        function: str,
        cases: list[CaseInput],
        limits: CodeLimits,
        budget: _Budget,
    ) -> tuple[dict[str, RawOutcome], RawOutcome | None, bool]:
        """One sandbox over `cases`: (outcomes it reached, a setup problem, whether it finished)."""
        job = build_job(code, function, cases, limits.time_seconds, WALL_FACTOR * limits.time_seconds)
        job["max_processes"] = self.settings.processes
        try:
            lease = await self._uids.acquire() if self.as_root else UidLease(os.getuid(), None)
        except (TimeoutError, OSError) as exc:
            raise JudgeUnavailable(f"no sandbox user id is free: {exc}") from exc
        group = None
        try:
            self._detect_cgroup()
            if self._cgroup_base is not None:
                group = self._cgroup_base.create(
                    memory_bytes=(limits.memory_mb + SUBMISSION_MEMORY_SLACK_MB) * 1024 * 1024,
                    pids=self.settings.processes,
                )
            try:
                sandbox = await self._spawn(self._command(lease.uid), limits, group)
            except (OSError, subprocess.SubprocessError, ValueError) as exc:
                raise JudgeUnavailable(f"the sandbox could not be started: {exc}") from exc
            try:
                return await self._drive(sandbox, job, cases, limits, budget)
            finally:
                if sandbox.proc.returncode is None:
                    sandbox.kill(sandbox.killed_for or "stopped")
                    try:
                        await asyncio.wait_for(sandbox.proc.wait(), 2.0)
                    except TimeoutError:  # bwrap itself is stuck: it has no child left to reap
                        with contextlib.suppress(ProcessLookupError):
                            sandbox.proc.kill()
                        await sandbox.proc.wait()
        finally:
            if group is not None:
                group.remove()
            lease.release()

    async def _spawn(
        self, argv_and_fd: tuple[list[str], int], limits: CodeLimits, group: cgroups.SandboxCgroup | None
    ) -> _Sandbox:
        argv, seccomp_fd = argv_and_fd
        rlimits = self._limits(limits)
        procs_file = group.procs_file if group is not None else None
        keyring = self._keyring

        def in_child() -> None:  # runs between fork and exec
            if procs_file is not None:
                fd = os.open(procs_file, os.O_WRONLY)
                os.write(fd, str(os.getpid()).encode())
                os.close(fd)
            if keyring is not None:
                keyring()
            for which, value in rlimits:
                resource.setrlimit(which, (value, value))

        oom_before = group.oom_kills() if group is not None else 0
        try:
            proc = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env={},  # nothing of ours reaches bwrap, let alone the sandbox
                start_new_session=True,
                preexec_fn=in_child,
                close_fds=True,
                pass_fds=(seccomp_fd,),
                limit=self.settings.output_cap_bytes,
            )
        finally:
            os.close(seccomp_fd)
        return _Sandbox(proc, group, oom_before)

    async def _drive(
        self,
        sandbox: _Sandbox,
        job: dict[str, Any],
        cases: list[CaseInput],
        limits: CodeLimits,
        budget: _Budget,
    ) -> tuple[dict[str, RawOutcome], RawOutcome | None, bool]:
        """Feed the job, then read the supervisor's events in order while watching the limits."""
        proc = sandbox.proc
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        stderr_task = asyncio.ensure_future(_read_capped(proc.stderr, STDERR_CAP_BYTES))
        with contextlib.suppress(ConnectionError, OSError, TimeoutError):
            proc.stdin.write(json.dumps(job).encode("utf-8"))
            await asyncio.wait_for(proc.stdin.drain(), STARTUP_SECONDS)
        with contextlib.suppress(ConnectionError, OSError):
            proc.stdin.close()
        limit = limits.time_seconds
        memory_budget = (limits.memory_mb + SUBMISSION_MEMORY_SLACK_MB) * 1024 * 1024
        outcomes: dict[str, RawOutcome] = {}
        index = 0  # the case the supervisor must report next
        current_start: tuple[float, float] | None = None  # (wall, cpu) when the current case started
        cpu_at_spawn = 0.0
        cpu_now = 0.0
        phase_deadline = time.monotonic() + STARTUP_SECONDS
        line_task: asyncio.Future[bytes] | None = None
        setup: RawOutcome | None = None
        finished = False
        try:
            while True:
                if line_task is None:
                    line_task = asyncio.ensure_future(proc.stdout.readline())
                await asyncio.wait({line_task}, timeout=POLL_SECONDS)
                now = time.monotonic()
                cpu_now, memory_now = sandbox.usage()
                if budget.cpu_left - (cpu_now - cpu_at_spawn) <= 0:
                    sandbox.kill("timeout")
                elif now > budget.wall_deadline or now > phase_deadline:
                    sandbox.kill("timeout")
                elif current_start is not None and cpu_now - current_start[1] > limit + CPU_GRACE:
                    sandbox.kill("timeout")
                elif memory_now > memory_budget:
                    sandbox.kill("memory")
                if not line_task.done():
                    if sandbox.killed_for is not None:
                        break
                    continue
                try:
                    line = line_task.result()
                except (ValueError, asyncio.LimitOverrunError):  # a line past the cap
                    sandbox.kill("crash")
                    break
                line_task = None
                if not line:
                    break  # the supervisor is gone
                event = _parse_line(line)
                kind = event.get("event") if event else None
                expected = cases[index].id if index < len(cases) else None
                if kind == "setup":
                    setup = _setup_outcome(event)
                    if setup is not None:
                        break
                    sandbox.kill("crash")
                    break
                if kind == "start" and current_start is None and event.get("id") == expected:
                    current_start = (now, cpu_now)
                    phase_deadline = now + WALL_FACTOR * limit + WALL_GRACE
                elif kind == "done" and current_start is not None and event.get("id") == expected:
                    cpu_now, _ = sandbox.usage()
                    elapsed, cpu = now - current_start[0], cpu_now - current_start[1]
                    outcome = outcome_from_done(expected, event, elapsed)
                    if elapsed > WALL_FACTOR * limit + WALL_GRACE or cpu > limit + CPU_GRACE:
                        outcome = RawOutcome(
                            expected, "timeout", error="took longer than the time limit", elapsed=elapsed
                        )
                    elif sandbox.oom_killed():
                        outcome = RawOutcome(expected, "memory", error="ran out of memory", elapsed=elapsed)
                        sandbox.oom_before = sandbox.cgroup.oom_kills() if sandbox.cgroup else 0
                    outcomes[expected] = outcome
                    index += 1
                    current_start = None
                    phase_deadline = now + STARTUP_SECONDS
                elif kind == "end" and current_start is None and index == len(cases):
                    finished = True
                    break
                else:  # out of order, unknown or unreadable: the channel cannot be trusted
                    sandbox.kill("crash")
                    break
        finally:
            if line_task is not None and not line_task.done():
                line_task.cancel()
        budget.cpu_left -= max(0.0, cpu_now - cpu_at_spawn)
        if not finished and setup is None:
            if sandbox.killed_for is None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(proc.wait(), 1.0)
            stderr = b""
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(stderr_task), 0.5)
                stderr = stderr_task.result()
            if index == 0 and current_start is None:  # none of the member's code ran yet
                text = stderr.decode("utf-8", "replace").strip()
                budget_left = time.monotonic() < budget.wall_deadline and budget.cpu_left > 0
                if sandbox.killed_for is None and (text.startswith("bwrap:") or proc.returncode not in (0, None)):
                    raise JudgeUnavailable(f"the sandbox could not be started: {text[-300:] or proc.returncode}")
                if sandbox.killed_for == "timeout" and budget_left:
                    raise JudgeUnavailable(f"the sandbox did not start within {STARTUP_SECONDS:.0f} s")
            if current_start is not None and index < len(cases):
                outcomes[cases[index].id] = self._stopped_outcome(sandbox, cases[index].id, current_start)
        stderr_task.cancel()
        return outcomes, setup, finished

    def _stopped_outcome(self, sandbox: _Sandbox, case_id: str, started: tuple[float, float]) -> RawOutcome:
        """The verdict for the case that was running when its sandbox stopped."""
        elapsed = time.monotonic() - started[0]
        if sandbox.killed_for == "memory" or sandbox.oom_killed():
            return RawOutcome(case_id, "memory", error="ran out of memory", elapsed=elapsed)
        if sandbox.killed_for == "timeout":
            return RawOutcome(
                case_id, "timeout", error="took longer than the time limit (the run was stopped)", elapsed=elapsed
            )
        return RawOutcome(case_id, "crash", error="the test stopped the judge's process", elapsed=elapsed)

    def _command(self, uid: int) -> tuple[list[str], int]:
        """The argv, and the read end of a pipe holding the seccomp program (for `--seccomp`)."""
        python = self._python()
        assert python is not None
        s = self.settings
        if self._mounts is None:
            self._mounts = interpreter_mounts(python)
        read_fd, write_fd = os.pipe()
        os.write(write_fd, filter_program())
        os.close(write_fd)
        argv: list[str] = []
        if self.as_root:
            argv += [s.setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"]
        argv += [
            s.bwrap,
            "--unshare-all",
            "--unshare-user",
            "--disable-userns",
            "--new-session",
            "--die-with-parent",
            "--as-pid-1",
            "--cap-drop",
            "ALL",
            "--seccomp",
            str(read_fd),
            *self._mounts,
            "--proc",
            "/proc",
            *_device_args(),
            "--size",
            str(s.work_mb * 1024 * 1024),
            "--tmpfs",
            "/work",
            "--remount-ro",
            "/",
            "--chdir",
            "/work",
            "--clearenv",
            "--setenv",
            "HOME",
            "/work",
            "--setenv",
            "TMPDIR",
            "/work",
            "--setenv",
            "PATH",
            "/usr/bin:/bin",
            "--setenv",
            "LANG",
            "C.UTF-8",
            "--setenv",
            "PYTHONDONTWRITEBYTECODE",
            "1",
            "--setenv",
            "PYTHONIOENCODING",
            "utf-8",
            "--setenv",  # one hash seed: a submission iterating a set gets the same verdict every time
            "PYTHONHASHSEED",
            "0",
            "--",
            python,
            # -I without its -E: the environment is bwrap's cleared one, and these variables must count
            "-s",
            "-P",
            "-S",
            "-c",
            self._harness,
        ]
        return argv, read_fd

    def _limits(self, limits: CodeLimits) -> list[tuple[int, int]]:
        """Per-process limits for bwrap and everything below it.

        The process count is also set by the harness inside, where the kernel counts it per user
        namespace (this sandbox alone). Outside, as root, the leased uid is this sandbox's own;
        unprivileged, every sandbox shares our uid, so no count is set there that one sandbox's
        fork bomb could use up for the others.
        """
        s = self.settings
        address_space = (limits.memory_mb + INTERPRETER_MEMORY_MB) * 1024 * 1024
        cpu = math.ceil(submission_budget(limits, 1) + limits.time_seconds)
        rlimits = [
            (resource.RLIMIT_CPU, cpu),
            (resource.RLIMIT_AS, address_space),
            (resource.RLIMIT_FSIZE, s.file_mb * 1024 * 1024),
            (resource.RLIMIT_NOFILE, s.open_files),
            (resource.RLIMIT_CORE, 0),
        ]
        if self.as_root:
            rlimits.append((resource.RLIMIT_NPROC, s.processes + 4))
        return rlimits

    # ---- self-test ---------------------------------------------------------------------

    async def self_test(self) -> SelfTestResult:
        """Prove the isolation holds on this machine before accepting any submission."""
        problems = self.missing_tools()
        if problems:
            return SelfTestResult(False, problems)
        reasons = []
        if os.getpid() == 1 and not reaper.reaping():
            reasons.append(
                "the bot runs as PID 1 with nothing reaping orphaned processes (start it under an init: "
                "the image's tini, or `docker run --init`)"
            )
        marker_name = "MOCKLOOP_SELFTEST_MARKER"
        marker_value = f"selftest-{os.getpid()}-{id(self)}"
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        previous = os.environ.get(marker_name)
        os.environ[marker_name] = marker_value
        bank = [str(p) for p in _bank_paths(self.settings)]
        try:
            [outcome] = await self.run(
                _PROBE_CODE,
                "probe",
                [CodeCase(id="probe", args=[port, bank, syscall_number("keyctl") or -1], expected=None)],
                CodeLimits(time_seconds=5.0, memory_mb=128),
            )
        except Exception as exc:  # the sandbox could not even start
            return SelfTestResult(False, [f"the sandbox failed to start: {exc}"])
        finally:
            listener.close()
            if previous is None:
                os.environ.pop(marker_name, None)
            else:
                os.environ[marker_name] = previous
        result = _assess_outcome(outcome, marker_value, self.as_root)
        return SelfTestResult(
            result.ok and not reasons, reasons + result.reasons, self.missing_protections()
        )


def _bank_paths(settings: SandboxSettings) -> list[Path]:
    """The bank folders the sandbox must not see: configured ones and the bundled one."""
    paths = [Path(p) for p in settings.bank_paths]
    with contextlib.suppress(Exception):
        from bot.settings import bundled_questions

        paths.append(bundled_questions())
    repo_bank = Path(__file__).resolve().parents[2] / "questions"
    paths.append(repo_bank)
    for prefix in {sys.prefix, sys.base_prefix, "/usr", "/usr/local"}:
        candidate = Path(prefix) / "share" / "mockloop" / "questions"
        if candidate.is_dir():
            paths.append(candidate)
    return [p for p in dict.fromkeys(paths) if p.exists()]


def _assess_outcome(outcome: RawOutcome, marker_value: str, as_root: bool) -> SelfTestResult:
    if outcome.status != "ok" or not isinstance(outcome.value, dict):
        detail = outcome.error or "no output"
        return SelfTestResult(False, [f"the sandbox probe did not run: {detail}"])
    seen = outcome.value
    reasons = []
    if marker_value in json.dumps(seen) or marker_value in outcome.stdout:
        reasons.append("an environment variable of the bot is visible inside the sandbox")
    if seen.get("pid1_environ"):
        reasons.append("/proc/1/environ inside the sandbox is not empty")
    if seen.get("network"):
        reasons.append(f"the sandbox can reach the network: {', '.join(seen['network'])}")
    if seen.get("writable"):
        reasons.append(f"the sandbox can write outside its work folder: {', '.join(seen['writable'])}")
    if not seen.get("work_writable"):
        reasons.append("the sandbox cannot write to its own work folder")
    if as_root and seen.get("uid") == 0:
        reasons.append("sandboxed code runs as root")
    if seen.get("bank"):
        reasons.append(f"the question bank is readable inside the sandbox: {', '.join(seen['bank'])}")
    if seen.get("keyring"):
        reasons.append("the kernel keyring is reachable inside the sandbox")
    if seen.get("sysv_ipc"):
        reasons.append("SysV shared memory can be allocated inside the sandbox")
    return SelfTestResult(not reasons, reasons)


def _assess_probe(result: ProcessResult, marker_value: str, as_root: bool) -> SelfTestResult:
    """The same assessment from a raw harness output (remote engines, tests)."""
    events = parse_events(result.stdout, {"probe"})
    outcome = events.done.get("probe")
    if outcome is None:
        detail = result.stderr.strip()[-300:] or "no output"
        return SelfTestResult(False, [f"the sandbox probe did not run: {detail}"])
    assessed = _assess_outcome(outcome, marker_value, as_root)
    leak = "an environment variable of the bot is visible inside the sandbox"
    if (marker_value in result.stdout or marker_value in result.stderr) and leak not in assessed.reasons:
        return SelfTestResult(False, [leak, *assessed.reasons])
    return assessed


_PROBE_CODE = """
import ctypes, os, socket

def probe(port, bank, keyctl):
    seen = {"network": [], "writable": [], "uid": os.getuid(), "bank": []}
    seen["env"] = dict(os.environ)
    try:
        seen["pid1_environ"] = open("/proc/1/environ", "rb").read().decode("utf-8", "replace")
    except OSError:
        seen["pid1_environ"] = ""
    for host, p in (("127.0.0.1", port), ("1.1.1.1", 53), ("8.8.8.8", 443)):
        try:
            socket.create_connection((host, p), timeout=1).close()
            seen["network"].append(f"{host}:{p}")
        except OSError:
            pass
    try:
        socket.getaddrinfo("example.com", 443)
        seen["network"].append("DNS")
    except OSError:
        pass
    for path in ("/probe", "/usr/probe", "/tmp/probe", "/etc/probe", "/root/probe",
                 "/dev/probe", "/dev/shm/probe"):
        try:
            with open(path, "w") as handle:
                handle.write("x")
            seen["writable"].append(path)
        except OSError:
            pass
    for path in bank:
        if os.path.exists(path):
            seen["bank"].append(path)
    try:
        with open("/work/probe", "w") as handle:
            handle.write("x")
        seen["work_writable"] = True
    except OSError:
        seen["work_writable"] = False
    libc = ctypes.CDLL(None, use_errno=True)
    KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING = 0, -3
    libc.syscall.restype = ctypes.c_long
    seen["keyring"] = keyctl >= 0 and libc.syscall(keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0) >= 0
    libc.shmget.restype = ctypes.c_int
    seen["sysv_ipc"] = libc.shmget(0, 1 << 20, 0o1600) >= 0
    return seen
"""


def _parse_line(line: bytes) -> dict[str, Any] | None:
    text = line.decode("utf-8", "replace")
    if not text.startswith("@@judge "):
        return None
    try:
        event = json.loads(text[len("@@judge ") :])
    except (ValueError, RecursionError, MemoryError):
        return None
    return event if isinstance(event, dict) else None


def _setup_outcome(event: dict[str, Any] | None) -> RawOutcome | None:
    if not event or event.get("problem") not in ("syntax_error", "wrong_signature"):
        return None
    return RawOutcome("", "error", error=str(event.get("error", ""))[:2000], setup_problem=event["problem"])


async def _read_capped(stream: asyncio.StreamReader, cap: int) -> bytes:
    """Read to EOF, keeping at most `cap` bytes; a flood costs time, not memory."""
    kept = bytearray()
    while chunk := await stream.read(65536):
        if len(kept) < cap:
            kept += chunk[: cap - len(kept)]
    return bytes(kept)
