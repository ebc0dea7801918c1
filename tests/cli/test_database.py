"""Where the database lives, and what the commands do when it is read-only or damaged."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.terminal.pty import REPO

UNPRIVILEGED = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOCKLOOP_", "DISCORD_", "XDG_"))}
    env.update(MOCKLOOP_JUDGE="off", COLUMNS="200", PYTHONPATH=str(REPO))
    env.update(extra)
    return env


def mockloop(
    *args: str, env: dict[str, str], cwd: Path, stdin: str = "", unprivileged: bool = False
) -> subprocess.CompletedProcess[str]:
    prefix = UNPRIVILEGED if unprivileged and os.geteuid() == 0 else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "bot", *args],
        input=stdin,
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_round(db: Path) -> str:
    """A finished round in `db`; its question id."""
    proc = mockloop(
        "practice", "--question", "prob-ppv-rare-disease",
        env=base_env(MOCKLOOP_DB=str(db)), cwd=db.parent,
        stdin="Bayes: 95 / 590, about 16%; the low base rate.\n.\n.\n.\n.\n\n",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return "prob-ppv-rare-disease"


def test_the_default_database_follows_the_user_not_the_folder(tmp_path: Path) -> None:
    env = base_env(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "xdg"))
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    first = mockloop("practice", "--round", "behavioral", env=env, cwd=here, stdin="/skip\n")
    assert first.returncode == 0, first.stderr
    expected = tmp_path / "xdg" / "mockloop" / "mockloop.db"
    assert f"new database at {expected}" in first.stderr and expected.exists()
    later = mockloop("history", env=env, cwd=there)
    assert (
        later.returncode == 0 and "behavioral" in later.stdout.lower() and "No rounds yet" not in later.stdout
    )
    assert "new database" not in later.stderr
    assert not (here / "data").exists() and not (there / "data").exists()
    # MOCKLOOP_DB still wins.
    own = tmp_path / "own.db"
    proc = mockloop("history", env={**env, "MOCKLOOP_DB": str(own)}, cwd=there)
    assert "No rounds yet" in proc.stdout and own.exists()


needs_setpriv = pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None,
    reason="root ignores file modes; setpriv (util-linux) drops that privilege for the child",
)


@needs_setpriv
def test_a_read_only_location_still_shows_history_and_says_what_cannot_be_written(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "m.db"
    qid = one_round(db)
    db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    folder.chmod(0o555)
    env = base_env(MOCKLOOP_DB=str(db))
    try:
        for command in (["history"], ["stats"], ["rounds"], ["db", "check"]):
            proc = mockloop(*command, env=env, cwd=tmp_path, unprivileged=True)
            assert proc.returncode == 0, (command, proc.stderr)
            assert "Traceback" not in proc.stderr
        history = mockloop("history", env=env, cwd=tmp_path, unprivileged=True)
        assert qid in history.stdout
        assert "opened read-only" in history.stderr and "nothing can be written" in history.stderr
        assert f"the file {db} is read-only" in history.stderr
        practice = mockloop("practice", env=env, cwd=tmp_path, unprivileged=True)
        assert practice.returncode == 2 and "Traceback" not in practice.stderr
        assert practice.stderr.startswith(f"mockloop: Cannot write the database {db}")
        # A new database (and its folder) inside the read-only folder: a sentence, not a traceback.
        new = folder / "sub" / "n.db"
        for command in ("history", "practice"):
            proc = mockloop(command, env=base_env(MOCKLOOP_DB=str(new)), cwd=tmp_path, unprivileged=True)
            assert proc.returncode == 2 and "Traceback" not in proc.stderr
            assert f"the folder {folder} is read-only" in proc.stderr and "MOCKLOOP_DB" in proc.stderr
        assert not (folder / "sub").exists()
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)


def damage(db: Path) -> None:
    """Overwrite the rounds table's root page: the file opens, its data does not read."""
    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'rounds'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db.open("r+b") as f:
        f.seek((root - 1) * size)
        f.write(b"\x0d\x00\x00\xff\xff\xff\xff\xff" + b"\xee" * 200)


def test_a_damaged_database_is_a_clear_message_and_no_backup_is_claimed(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    one_round(db)
    good = mockloop(
        "db", "backup", str(tmp_path / "good.db"), env=base_env(MOCKLOOP_DB=str(db)), cwd=tmp_path
    )
    assert good.returncode == 0 and "integrity check" in good.stdout and (tmp_path / "good.db").exists()
    damage(db)
    env = base_env(MOCKLOOP_DB=str(db))
    for command in (["stats"], ["history"], ["practice"], ["db", "check"]):
        proc = mockloop(*command, env=env, cwd=tmp_path)
        assert proc.returncode == 2, (command, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert f"The database {db} is damaged" in proc.stderr and "Way out" in proc.stderr
    backup = mockloop("db", "backup", str(tmp_path / "copy.db"), env=env, cwd=tmp_path)
    assert backup.returncode == 2 and "No backup was written" in backup.stderr
    assert "Backed up" not in backup.stdout and not (tmp_path / "copy.db").exists()
    # The way out works: the earlier backup restored over it.
    shutil.copyfile(tmp_path / "good.db", db)
    assert mockloop("db", "check", env=env, cwd=tmp_path).returncode == 0
