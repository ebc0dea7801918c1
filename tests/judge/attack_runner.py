"""Judge submissions in a process of its own (run as root or as an unprivileged user by the tests).

stdin: {"question": {...make_question kwargs...}, "submissions": [{"code": ..., "which": ...}],
        "max_concurrent": 2, "expect": optional}
stdout: one JSON line: {"reports": [report.to_dict(), ...], "uid": ..., "pid": ..., "zombies": [...]}
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.judge.bwrap import BwrapRunner, SandboxSettings
from bot.judge.judge import judge
from tests.judge.conftest import make_question


def zombies() -> list[str]:
    """Zombie processes visible in this pid namespace (all of them when we are its PID 1)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if stat.rsplit(")", 1)[1].split()[0] == "Z":
                found.append(stat.split(")", 1)[0] + ")")
    return found


def add_session_key(description: str, payload: str) -> int:
    """Put a secret into this process's session keyring, as a bot's keyring might hold one."""
    add_key = {"x86_64": 248, "aarch64": 217}[os.uname().machine]
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    data = payload.encode()
    key = libc.syscall(
        ctypes.c_long(add_key),
        b"user",
        description.encode(),
        data,
        ctypes.c_size_t(len(data)),
        ctypes.c_int(-3),  # KEY_SPEC_SESSION_KEYRING
    )
    if key < 0:
        raise OSError(ctypes.get_errno(), "add_key failed")
    return int(key)


async def main() -> None:
    spec = json.loads(sys.stdin.read())
    key_id = add_session_key(*spec["session_key"]) if spec.get("session_key") else None
    kwargs = spec["question"]
    kwargs["examples"] = [tuple(e) for e in kwargs["examples"]]
    if kwargs.get("tests"):
        kwargs["tests"] = [tuple(t) for t in kwargs["tests"]]
    question = make_question(**kwargs)
    settings = SandboxSettings(**spec.get("settings", {}))
    runner = BwrapRunner(settings, max_concurrent=spec.get("max_concurrent", 2))
    check = await runner.self_test() if spec.get("self_test", True) else None
    if check is not None and not check.ok:
        print(json.dumps({"self_test": check.reasons}))
        return
    sem = asyncio.Semaphore(spec.get("parallel", 1))

    async def one(sub: dict) -> dict:
        async with sem:
            return (await judge(question, sub["code"], sub.get("which", "tests"), runner)).to_dict()

    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    reports = await asyncio.gather(*(one(s) for s in spec["submissions"]))
    wall = time.monotonic() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    print(
        json.dumps(
            {
                "reports": reports,
                "uid": os.getuid(),
                "pid": os.getpid(),
                "zombies": zombies(),
                "wall": wall,
                "sandbox_cpu": cpu,
                "key_id": key_id,
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
