"""The default local engine: the harness inside a bubblewrap sandbox.

Layers, each of which must hold on its own:
- bwrap is started with an EMPTY environment (its PID 1 would otherwise keep ours, token
  included, readable at /proc/1/environ) and `--clearenv` for the child;
- all namespaces unshared (no network), new session, dies with its parent, no capabilities,
  no further user namespaces; only /usr and the interpreter's prefix visible, read-only;
  the only writable place is a size-capped tmpfs at /work;
- when the bot runs as root the sandbox runs as another uid (setpriv), so RLIMIT_NPROC counts;
- rlimits on CPU, address space, processes, file size and open files;
- a wall-clock deadline after which the whole process group is killed; output read with a cap.
Plain subprocess is never used as a fallback: if any of this is unavailable, judging is off.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import resource
import signal
import socket
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from bot.core.questions import CodeCase, CodeLimits
from bot.judge.base import CaseInput, JudgeUnavailable, RawOutcome
from bot.judge.outcomes import ProcessResult, build_job, parse_events, run_in_batches

SANDBOX_PYTHON_CANDIDATES = ("/usr/local/bin/python3", "/usr/bin/python3")
OUTPUT_CAP_BYTES = 256 * 1024
STARTUP_SLACK_SECONDS = 3.0
INTERPRETER_MEMORY_MB = 64  # address space the interpreter itself needs on top of the limit


@dataclass(frozen=True, slots=True)
class SelfTestResult:
    ok: bool
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SandboxSettings:
    bwrap: str = "/usr/bin/bwrap"
    setpriv: str = "/usr/bin/setpriv"
    python: str | None = None  # None: pick an interpreter the sandbox uid can reach
    first_uid: int = 64_000  # slot i runs as first_uid + i when we are root
    work_mb: int = 16
    file_mb: int = 8
    open_files: int = 64
    processes: int = 48
    output_cap_bytes: int = OUTPUT_CAP_BYTES


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


def _interpreter_prefix(python: str) -> str:
    return str(Path(python).resolve().parent.parent)


def _system_binds() -> list[str]:
    """/usr read-only, plus /lib, /lib64, /bin as symlinks or binds as this system has them."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("/lib", "/lib64", "/lib32", "/bin"):
        path = Path(name)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), name]
        elif path.is_dir():
            args += ["--ro-bind", name, name]
    return args


class BwrapRunner:
    """Runs member code in bubblewrap; at most `max_concurrent` sandboxes at once."""

    name = "bwrap"

    def __init__(self, settings: SandboxSettings | None = None, max_concurrent: int = 2) -> None:
        self.settings = settings or SandboxSettings()
        self.max_concurrent = max(1, max_concurrent)
        self._slots: asyncio.Queue[int] | None = None
        self._harness = resources.files("bot.judge").joinpath("harness.py").read_text(encoding="utf-8")

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
        return missing

    def _python(self) -> str | None:
        if self.settings.python:
            return self.settings.python
        return pick_interpreter(self.as_root)

    # ---- running -----------------------------------------------------------------------

    async def run(
        self, code: str, function: str, cases: list[CodeCase], limits: CodeLimits
    ) -> list[RawOutcome]:
        inputs = [CaseInput.of(c) for c in cases]

        async def execute(batch: list[CaseInput]) -> ProcessResult:
            job = build_job(code, function, batch, limits.time_seconds)
            return await self._execute(job, limits, len(batch))

        return await run_in_batches(inputs, execute)

    def _slot_queue(self) -> asyncio.Queue[int]:
        if self._slots is None:
            self._slots = asyncio.Queue()
            for slot in range(self.max_concurrent):
                self._slots.put_nowait(slot)
        return self._slots

    async def _execute(self, job: dict, limits: CodeLimits, case_count: int) -> ProcessResult:
        problems = self.missing_tools()
        if problems:  # never fall back to running unsandboxed
            raise JudgeUnavailable("; ".join(problems))
        deadline = limits.time_seconds * (case_count + 1) + STARTUP_SLACK_SECONDS
        slots = self._slot_queue()
        slot = await slots.get()
        try:
            with tempfile.TemporaryDirectory(prefix="mockloop-judge-") as host_dir:
                job_dir = _prepare_job_dir(host_dir, self._harness, job)
                argv = self._command(job_dir, slot)
                try:
                    return await self._spawn(argv, limits, deadline)
                except OSError as exc:
                    raise JudgeUnavailable(f"the sandbox could not be started: {exc}") from exc
        finally:
            if self.as_root:
                await _clear_uid(self.settings.first_uid + slot)
            slots.put_nowait(slot)

    def _command(self, job_dir: Path, slot: int) -> list[str]:
        python = self._python()
        assert python is not None
        s = self.settings
        prefix = _interpreter_prefix(python)
        argv: list[str] = []
        if self.as_root:
            uid = str(s.first_uid + slot)
            argv += [s.setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"]
        argv += [
            s.bwrap,
            "--unshare-all",
            "--unshare-user",
            "--disable-userns",
            "--new-session",
            "--die-with-parent",
            "--cap-drop",
            "ALL",
            *_system_binds(),
        ]
        if not prefix.startswith("/usr/") and prefix != "/usr":
            argv += ["--ro-bind", prefix, prefix]
        argv += [
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--size",
            str(s.work_mb * 1024 * 1024),
            "--tmpfs",
            "/work",
            "--ro-bind",
            str(job_dir),
            "/judge",
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
            "--",
            python,
            "-I",
            "-S",
            "/judge/harness.py",
            "/judge/job.json",
        ]
        return argv

    def _limits(self, limits: CodeLimits, deadline: float) -> list[tuple[int, int]]:
        s = self.settings
        processes = s.processes
        if not self.as_root:  # the count is per real uid, and ours already runs things
            processes += _processes_of(os.getuid())
        address_space = (limits.memory_mb + INTERPRETER_MEMORY_MB) * 1024 * 1024
        cpu = math.ceil(deadline)
        return [
            (resource.RLIMIT_CPU, cpu),
            (resource.RLIMIT_AS, address_space),
            (resource.RLIMIT_NPROC, processes),
            (resource.RLIMIT_FSIZE, s.file_mb * 1024 * 1024),
            (resource.RLIMIT_NOFILE, s.open_files),
            (resource.RLIMIT_CORE, 0),
        ]

    async def _spawn(self, argv: list[str], limits: CodeLimits, deadline: float) -> ProcessResult:
        rlimits = self._limits(limits, deadline)

        def apply_limits() -> None:  # runs in the child between fork and exec
            for which, value in rlimits:
                resource.setrlimit(which, (value, value))

        proc = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env={},  # bwrap's own PID 1 keeps whatever environment it is started with
            start_new_session=True,
            preexec_fn=apply_limits,
            close_fds=True,
        )
        cap = self.settings.output_cap_bytes
        assert proc.stdout is not None and proc.stderr is not None
        stdout_task = asyncio.ensure_future(_read_capped(proc.stdout, cap))
        stderr_task = asyncio.ensure_future(_read_capped(proc.stderr, cap // 8))
        timed_out = False
        try:
            await asyncio.wait_for(proc.wait(), timeout=deadline)
        except TimeoutError:
            timed_out = True
        finally:
            if proc.returncode is None:  # still running (or we were cancelled): not reaped, safe to kill
                _kill_group(proc.pid)
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
            # With the sandbox's PID 1 gone every process in it is dead, so the pipes close soon;
            # the bound only guards against something outside our control holding them open.
            await asyncio.wait([stdout_task, stderr_task], timeout=2.0)
            for task in (stdout_task, stderr_task):
                if not task.done():
                    task.cancel()
        stdout = stdout_task.result() if stdout_task.done() and not stdout_task.cancelled() else b""
        stderr = stderr_task.result() if stderr_task.done() and not stderr_task.cancelled() else b""
        return ProcessResult(
            stdout=stdout.decode("utf-8", "replace"),
            stderr=stderr.decode("utf-8", "replace"),
            returncode=proc.returncode,
            timed_out=timed_out,
        )

    # ---- self-test ---------------------------------------------------------------------

    async def self_test(self) -> SelfTestResult:
        """Prove the isolation holds on this machine before accepting any submission."""
        problems = self.missing_tools()
        if problems:
            return SelfTestResult(False, problems)
        marker_name = "MOCKLOOP_SELFTEST_MARKER"
        marker_value = f"selftest-{os.getpid()}-{id(self)}"
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        previous = os.environ.get(marker_name)
        os.environ[marker_name] = marker_value
        try:
            job = build_job(_PROBE_CODE, "probe", [CaseInput("probe", [port])], time_seconds=5.0)
            result = await self._execute(job, CodeLimits(time_seconds=5.0, memory_mb=128), 1)
        except Exception as exc:  # the sandbox could not even start
            return SelfTestResult(False, [f"the sandbox failed to start: {exc}"])
        finally:
            listener.close()
            if previous is None:
                os.environ.pop(marker_name, None)
            else:
                os.environ[marker_name] = previous
        return _assess_probe(result, marker_value, self.as_root)


def _assess_probe(result: ProcessResult, marker_value: str, as_root: bool) -> SelfTestResult:
    events = parse_events(result.stdout, {"probe"})
    outcome = events.done.get("probe")
    if outcome is None or outcome.status != "ok" or not isinstance(outcome.value, dict):
        detail = (outcome.error if outcome else "") or result.stderr.strip()[-300:] or "no output"
        return SelfTestResult(False, [f"the sandbox probe did not run: {detail}"])
    seen = outcome.value
    reasons = []
    if marker_value in result.stdout or marker_value in result.stderr:
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
    return SelfTestResult(not reasons, reasons)


_PROBE_CODE = """
import os, socket

def probe(port):
    seen = {"network": [], "writable": [], "uid": os.getuid()}
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
    for path in ("/probe", "/usr/probe", "/judge/probe", "/tmp/probe", "/etc/probe", "/root/probe"):
        try:
            with open(path, "w") as handle:
                handle.write("x")
            seen["writable"].append(path)
        except OSError:
            pass
    try:
        with open("/work/probe", "w") as handle:
            handle.write("x")
        seen["work_writable"] = True
    except OSError:
        seen["work_writable"] = False
    return seen
"""


def _prepare_job_dir(host_dir: str, harness: str, job: dict) -> Path:
    """Harness and inputs, readable (not writable) by the sandbox uid; mounted read-only."""
    job_dir = Path(host_dir)
    job_dir.chmod(0o755)
    (job_dir / "harness.py").write_text(harness, encoding="utf-8")
    (job_dir / "job.json").write_text(json.dumps(job), encoding="utf-8")
    for name in ("harness.py", "job.json"):
        (job_dir / name).chmod(0o644)
    return job_dir


async def _read_capped(stream: asyncio.StreamReader, cap: int) -> bytes:
    """Read to EOF, keeping at most `cap` bytes; a flood costs time, not memory."""
    kept = bytearray()
    while chunk := await stream.read(65536):
        if len(kept) < cap:
            kept += chunk[: cap - len(kept)]
    return bytes(kept)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


async def _clear_uid(uid: int) -> None:
    """Make sure nothing of a finished run survives before its uid is handed out again.

    Tearing down the sandbox's PID namespace kills everything in it, but asynchronously;
    the uid belongs to this slot alone, so anything still running under it is ours to kill.
    """
    for _ in range(40):
        pids = _pids_of(uid)
        if not pids:
            return
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        await asyncio.sleep(0.025)


def _pids_of(uid: int) -> list[int]:
    """Live (non-zombie) processes owned by `uid`."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                if entry.stat().st_uid == uid:
                    state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                    if state not in ("Z", "X"):
                        pids.append(int(entry.name))
    return pids


def _processes_of(uid: int) -> int:
    return len(_pids_of(uid))
