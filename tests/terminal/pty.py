"""`mockloop practice` in a real pseudo-terminal (pexpect), as a person at a keyboard runs it."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pexpect

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 30


def env_for(db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOCKLOOP_", "DISCORD_"))}
    env.update(MOCKLOOP_DB=str(db), MOCKLOOP_JUDGE="off", COLUMNS="120", PYTHONPATH=str(REPO), TERM="dumb")
    env.update(extra)
    return env


def spawn(db: Path, *args: str, **extra: str) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "bot", *args],
        env=env_for(db, **extra),
        cwd=str(db.parent),
        encoding="utf-8",
        timeout=TIMEOUT,
        maxread=200_000,
        dimensions=(50, 120),
    )
    return child


def finish(child: pexpect.spawn) -> tuple[int | None, str]:
    """Wait for the process to end; its exit status and everything it printed."""
    child.expect(pexpect.EOF)
    out = child.before or ""
    child.close()
    return child.exitstatus, out


def rows(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def wait_rows(db: Path, sql: str, want: int, timeout: float = 10.0) -> list[tuple[Any, ...]]:
    """Poll until the query returns `want` rows (each line is stored as it arrives)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        found = rows(db, sql) if db.exists() else []
        if len(found) >= want or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def words(text: str) -> str:
    """A pattern for this text wherever the terminal wrapped it."""
    import re

    return r"\s+".join(re.escape(w) for w in text.split())
