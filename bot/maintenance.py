"""Database maintenance the CLI offers (`mockloop db upgrade`, `mockloop db backup`): the one
place outside bot/storage that opens the database for it, so no front end imports storage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.core.clock import SystemClock
from bot.storage.database import Database, DatabaseError
from bot.storage.migrations import current_version, upgrade

__all__ = ["DatabaseError", "Upgraded", "backup_database", "upgrade_database"]


@dataclass(frozen=True, slots=True)
class Upgraded:
    path: str
    version: int
    applied: int  # migrations applied by this run


async def upgrade_database(db_path: str | Path) -> Upgraded:
    """Apply pending migrations. DatabaseError when the file is unusable."""
    db = await Database.open(db_path)
    try:
        applied = await upgrade(db, SystemClock().now())
        return Upgraded(db.path, await current_version(db), len(applied))
    finally:
        await db.close()


async def backup_database(db_path: str | Path, target: str | Path) -> str:
    """SQLite's online backup of the live database to `target`; returns the database's path."""
    db = await Database.open(db_path)
    try:
        await db.backup(target)
        return db.path
    finally:
        await db.close()
