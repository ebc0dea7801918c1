"""Sandbox user ids handed out host-wide, so two mockloop processes never share one.

When the bot runs as root each sandbox runs as its own uid (RLIMIT_NPROC then counts per
sandbox). A uid is held through an exclusive `fcntl.flock` on `<lock dir>/uid-<n>.lock` for as
long as its sandbox lives; a second process (another bot, `mockloop judge`, a test) simply
takes the next free one. The kernel drops a lock when its holder dies, so a crash frees it.
Nothing is ever killed by uid: a sandbox's processes die with its pid namespace / cgroup.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_LOCK_DIRS = (Path("/run/mockloop-judge"), Path("/tmp/mockloop-judge-locks"))


@dataclass
class UidLease:
    uid: int
    fd: int | None

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)  # closing drops the flock
            self.fd = None


class UidPool:
    """`count` uids from `first`; `acquire` waits (politely) while all are held elsewhere."""

    def __init__(self, first: int, count: int, lock_dir: Path | None = None) -> None:
        self.first = first
        self.count = max(1, count)
        self.lock_dir = lock_dir or _pick_lock_dir()
        self._next = 0

    def try_acquire(self) -> UidLease | None:
        self.lock_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        for step in range(self.count):
            index = (self._next + step) % self.count
            uid = self.first + index
            path = self.lock_dir / f"uid-{uid}.lock"
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            self._next = (index + 1) % self.count
            return UidLease(uid, fd)
        return None

    async def acquire(self) -> UidLease:
        for _ in range(1200):  # the holders are other processes: no event to wait on, so poll
            lease = self.try_acquire()
            if lease is not None:
                return lease
            await asyncio.sleep(0.05)
        raise TimeoutError(f"no sandbox uid free in {self.first}..{self.first + self.count - 1} for a minute")


def _pick_lock_dir() -> Path:
    """/run (root-only, cleared at boot) when it exists, else a 0700 folder in /tmp."""
    for candidate in DEFAULT_LOCK_DIRS:
        if candidate.parent.is_dir() and os.access(candidate.parent, os.W_OK):
            return candidate
    return DEFAULT_LOCK_DIRS[-1]
