"""Database maintenance the CLI offers (`mockloop db upgrade|check|backup`): the one place outside
bot/storage that opens the database for it, so no front end imports storage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.core.clock import SystemClock
from bot.storage.database import Database, DatabaseError, damaged_message
from bot.storage.migrations import available_migrations, current_version, upgrade

__all__ = ["Checked", "DatabaseError", "Upgraded", "backup_database", "check_database", "upgrade_database"]


@dataclass(frozen=True, slots=True)
class Upgraded:
    path: str
    version: int
    applied: int  # migrations applied by this run


@dataclass(frozen=True, slots=True)
class Checked:
    path: str
    megabytes: float
    version: int
    pending: int  # migrations this mockloop would apply
    read_only: str | None  # why this user cannot write it, when they cannot


async def upgrade_database(db_path: str | Path) -> Upgraded:
    """Apply pending migrations. DatabaseError when the file is unusable or damaged."""
    db = await Database.open(db_path, check=True)
    try:
        applied = await upgrade(db, SystemClock().now())
        return Upgraded(db.path, await current_version(db), len(applied))
    finally:
        await db.close()


async def check_database(db_path: str | Path) -> Checked:
    """SQLite's full integrity check (slower than the quick_check every terminal open does);
    DatabaseError naming the damage and the way out when it fails."""
    db = await Database.open_for_reading(db_path, check=False)
    try:
        problems = await db.integrity_check()
        if problems:
            raise DatabaseError(damaged_message(db.path, problems))
        pages, size = await db.scalar("PRAGMA page_count"), await db.scalar("PRAGMA page_size")
        version = await current_version(db)
        return Checked(db.path, pages * size / 1e6, version, len(available_migrations()) - version, db.read_only)
    finally:
        await db.close()


async def backup_database(db_path: str | Path, target: str | Path) -> str:
    """SQLite's online backup of the live database to `target`, source and copy verified by an
    integrity check (a damaged source is refused, a damaged copy deleted); returns the source path."""
    db = await Database.open_for_reading(db_path, check=False)
    try:
        await db.verified_backup(target)
        return db.path
    finally:
        await db.close()
