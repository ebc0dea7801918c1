"""`mockloop db upgrade` and `mockloop db backup` on a real file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MOCKLOOP_DB=str(tmp_path / "live.db"))
    return subprocess.run(
        [sys.executable, "-m", "bot", "db", *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_upgrade_then_backup_copies_a_consistent_database(tmp_path: Path) -> None:
    first = run(tmp_path, "upgrade")
    assert first.returncode == 0 and "is at version" in first.stdout and "applied" in first.stdout
    again = run(tmp_path, "upgrade")
    assert again.returncode == 0 and "applied" not in again.stdout  # nothing left to apply
    live = sqlite3.connect(tmp_path / "live.db")
    version = live.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    live.execute("INSERT INTO guilds (id, created_at) VALUES (42, 0)")
    live.commit()
    backup = run(tmp_path, "backup", str(tmp_path / "copies" / "b.db"))
    assert backup.returncode == 0, backup.stderr
    copy = sqlite3.connect(tmp_path / "copies" / "b.db")
    assert copy.execute("SELECT id FROM guilds").fetchall() == [(42,)]
    assert copy.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == version


def test_corrupt_file_is_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "live.db").write_bytes(b"garbage" * 500)
    proc = run(tmp_path, "upgrade")
    assert proc.returncode == 2 and "not usable" in proc.stderr and "Traceback" not in proc.stderr
