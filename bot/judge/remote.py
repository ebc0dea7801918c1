"""Optional external engines (Piston, Judge0) behind the same Runner interface.

The same harness runs there, so parsing and verdicts are shared with the local sandbox; the
service does the isolating. Only inputs are sent, never expected values.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Any

import aiohttp

from bot.core.questions import CodeCase, CodeLimits
from bot.judge.base import CaseInput, JudgeUnavailable, RawOutcome
from bot.judge.outcomes import ProcessResult, build_job, run_in_batches

HTTP_TIMEOUT = aiohttp.ClientTimeout(total=30)
JUDGE0_PYTHON = 71  # "Python (3.8.1)" on a stock Judge0 CE
# Judge0 status ids: 1 queued, 2 processing, 3 accepted, 5 time limit, 6 compile error,
# 7-12 runtime errors (SIGSEGV, SIGXFSZ, SIGFPE, SIGABRT, NZEC, other), 13 internal, 14 exec format.
JUDGE0_PENDING = {1, 2}
JUDGE0_TIME_LIMIT = 5
JUDGE0_SIGNALS = {7: 11, 8: 25, 9: 8, 10: 6}


def _harness_source() -> str:
    return resources.files("bot.judge").joinpath("harness.py").read_text(encoding="utf-8")


class _RemoteRunner:
    name = "remote"

    def __init__(self, base_url: str, *, max_concurrent: int = 2) -> None:
        self.base_url = base_url.rstrip("/")
        self._semaphore = asyncio.Semaphore(max(1, max_concurrent))
        self._harness = _harness_source()

    async def run(
        self, code: str, function: str, cases: list[CodeCase], limits: CodeLimits
    ) -> list[RawOutcome]:
        inputs = [CaseInput.of(c) for c in cases]

        async def execute(batch: list[CaseInput]) -> ProcessResult:
            job = build_job(code, function, batch, limits.time_seconds)
            async with self._semaphore:
                try:
                    async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as session:
                        return await self._execute(session, json.dumps(job), limits, len(batch))
                except (aiohttp.ClientError, TimeoutError, ValueError, KeyError) as exc:
                    raise JudgeUnavailable(f"the {self.name} engine did not answer properly: {exc}") from exc

        return await run_in_batches(inputs, execute)

    async def _execute(
        self, session: aiohttp.ClientSession, stdin: str, limits: CodeLimits, case_count: int
    ) -> ProcessResult:
        raise NotImplementedError


class PistonRunner(_RemoteRunner):
    """Piston: `POST /api/v2/execute` with the harness as the file and the job on stdin."""

    name = "piston"

    async def _execute(
        self, session: aiohttp.ClientSession, stdin: str, limits: CodeLimits, case_count: int
    ) -> ProcessResult:
        payload = {
            "language": "python",
            "version": "3",
            "files": [{"name": "harness.py", "content": self._harness}],
            "stdin": stdin,
            "run_timeout": int(limits.time_seconds * (case_count + 1) * 1000) + 1000,
            "run_memory_limit": (limits.memory_mb + 64) * 1024 * 1024,
        }
        async with session.post(f"{self.base_url}/api/v2/execute", json=payload) as response:
            body: dict[str, Any] = await response.json()
            if response.status != 200:
                raise JudgeUnavailable(f"piston refused the run: {body.get('message', response.status)}")
        run = body["run"]
        code = run.get("code")
        signal_name = run.get("signal")
        timed_out = signal_name == "SIGKILL" and code is None
        returncode = -_SIGNALS.get(signal_name, 9) if signal_name else code
        return ProcessResult(run.get("stdout", ""), run.get("stderr", ""), returncode, timed_out)


_SIGNALS = {"SIGKILL": 9, "SIGSEGV": 11, "SIGXCPU": 24, "SIGXFSZ": 25, "SIGABRT": 6, "SIGFPE": 8}


class Judge0Runner(_RemoteRunner):
    """Judge0: `POST /submissions`, then poll `GET /submissions/{token}` until it finishes."""

    name = "judge0"

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        max_concurrent: int = 2,
        poll_interval: float = 0.5,
        max_polls: int = 120,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(base_url, max_concurrent=max_concurrent)
        self.api_key = api_key
        self.poll_interval = poll_interval
        self.max_polls = max_polls
        self._sleep = sleep

    def _headers(self) -> dict[str, str]:
        return {"X-Auth-Token": self.api_key} if self.api_key else {}

    async def _execute(
        self, session: aiohttp.ClientSession, stdin: str, limits: CodeLimits, case_count: int
    ) -> ProcessResult:
        wall = limits.time_seconds * (case_count + 1) + 1
        payload = {
            "source_code": self._harness,
            "language_id": JUDGE0_PYTHON,
            "stdin": stdin,
            "cpu_time_limit": wall,
            "wall_time_limit": wall,
            "memory_limit": (limits.memory_mb + 64) * 1024,
        }
        url = f"{self.base_url}/submissions?base64_encoded=false&wait=false"
        async with session.post(url, json=payload, headers=self._headers()) as response:
            token = (await response.json())["token"]
        for _ in range(self.max_polls):
            poll = f"{self.base_url}/submissions/{token}?base64_encoded=false"
            async with session.get(poll, headers=self._headers()) as response:
                body: dict[str, Any] = await response.json()
            status = int(body["status"]["id"])
            if status not in JUDGE0_PENDING:
                return _judge0_result(body, status)
            await self._sleep(self.poll_interval)
        raise JudgeUnavailable("judge0 did not finish the run in time")


def _judge0_result(body: dict[str, Any], status: int) -> ProcessResult:
    stdout, stderr = body.get("stdout") or "", body.get("stderr") or ""
    if status == JUDGE0_TIME_LIMIT:
        return ProcessResult(stdout, stderr, None, timed_out=True)
    if status in JUDGE0_SIGNALS:
        return ProcessResult(stdout, stderr, -JUDGE0_SIGNALS[status])
    if status in (3, 4):
        return ProcessResult(stdout, stderr, 0)
    message = body.get("message") or body["status"].get("description", "")
    if status in (13, 14):
        raise JudgeUnavailable(f"judge0 failed internally: {message}")
    return ProcessResult(stdout, stderr or message, body.get("exit_code") or 1)
