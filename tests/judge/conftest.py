"""Shared helpers: a small coding question built in code, and a real bubblewrap runner."""

from __future__ import annotations

import json
import os
import pwd
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.core.questions import Question
from bot.judge.bwrap import BwrapRunner


def make_question(
    *,
    function: str = "solve",
    examples: list[tuple[list[Any], Any]],
    tests: list[tuple[list[Any], Any]] | None = None,
    compare: str = "exact",
    tolerance: float = 1e-6,
    time_seconds: float = 1.0,
    memory_mb: int = 64,
) -> Question:
    """A coding question; hidden tests default to eight copies of the first example."""
    hidden = tests or [examples[0]] * 8
    answer = {
        "kind": "code",
        "function": function,
        "signature": f"def {function}(x)",
        "starter": f"def {function}(x):\n    ...\n",
        "examples": [{"id": f"ex-{i}", "args": a, "expected": e} for i, (a, e) in enumerate(examples)],
        "tests": [{"id": f"t-{i}", "args": a, "expected": e} for i, (a, e) in enumerate(hidden)],
        "compare": compare,
        "tolerance": tolerance,
        "limits": {"time_seconds": time_seconds, "memory_mb": memory_mb},
        "solution": "pass",
    }
    return Question.model_validate(
        {
            "id": "code-test-question",
            "round_type": "coding",
            "topic": "arrays",
            "title": "A test question",
            "difficulty": "easy",
            "prompt": "Solve it.",
            "rubric": [{"id": "works", "point": "It works", "phrases": ["works"]}],
            "reference_answer": "It works.",
            "answer": answer,
        }
    )


@pytest.fixture
async def runner() -> BwrapRunner:
    sandbox = BwrapRunner(max_concurrent=2)
    check = await sandbox.self_test()
    assert check.ok, (
        f"the sandbox self-test must pass for these tests (apt-get install bubblewrap): {check.reasons}"
    )
    return sandbox


@pytest.fixture
def question():
    """Factory fixture: `question(examples=[...], ...)` builds a coding question."""
    return make_question


# ---- running a judge process as root or as an unprivileged user ------------------------------

SANDBOX_TEST_USER = "mlsandbox-test"
ATTACK_RUNNER = Path(__file__).with_name("attack_runner.py")


def _hidden_ancestor(path: Path) -> Path | None:
    """The first folder on the way to `path` that other users cannot enter (e.g. /root)."""
    for parent in reversed(path.resolve().parents):
        if parent != Path("/") and not parent.stat().st_mode & 0o001:
            return parent
    return None


def _unprivileged_uid() -> int:
    try:
        return pwd.getpwnam(SANDBOX_TEST_USER).pw_uid
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SANDBOX_TEST_USER],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(SANDBOX_TEST_USER).pw_uid


def judge_command(user: str) -> list[str]:
    """argv running the attack runner as `user` ("root" or "unprivileged")."""
    command = [sys.executable, str(ATTACK_RUNNER)]
    if user == "root" or os.geteuid() != 0:
        return command
    uid = _unprivileged_uid()
    drop = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--", "env", "HOME=/tmp", *command]
    hidden = _hidden_ancestor(Path(sys.base_prefix))
    if hidden is None:
        return drop
    # Our interpreter lives under a folder only root may enter: in a private mount namespace,
    # cover that folder with an empty tmpfs and bind back only the interpreter's tree.
    keep = Path(sys.base_prefix).resolve()
    script = (
        "set -e; mount -t tmpfs tmpfs /mnt; mkdir -p /mnt/keep; "
        f"mount --bind {shlex.quote(str(keep))} /mnt/keep; "
        f"mount -t tmpfs -o mode=755 tmpfs {shlex.quote(str(hidden))}; "
        f"mkdir -p {shlex.quote(str(keep))}; mount --move /mnt/keep {shlex.quote(str(keep))}; "
        f"exec {shlex.join(drop)}"
    )
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script]


def run_judge_process(
    user: str,
    spec: dict[str, Any],
    *,
    timeout: float = 90,
    prefix: list[str] | None = None,
    last_two: bool = False,
):
    """Run the attack runner as `user` on `spec`; its JSON answer (and, with `last_two`, the
    line a wrapper such as cpu_meter.py printed after it, as answer["meter"])."""
    proc = subprocess.run(
        [*(prefix or []), *judge_command(user)],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd="/",
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    answer = json.loads(lines[-2] if last_two else lines[-1])
    if last_two:
        answer["meter"] = json.loads(lines[-1])
    assert "self_test" not in answer, f"the sandbox self-test failed as {user}: {answer['self_test']}"
    return answer


@pytest.fixture(params=["root", "unprivileged"])
def user(request) -> str:
    """Every attack runs twice: the judge process as root, and as an ordinary user."""
    if request.param == "root" and os.geteuid() != 0:
        pytest.skip("the root variant needs the tests to run as root")
    return request.param
