"""Numbered SQL migrations (migrations/NNNN_name.sql), applied in order; the version lives in the database."""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from importlib import resources

from bot.storage.database import Database

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    folder = resources.files("bot.storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return found


async def current_version(db: Database) -> int:
    exists = await db.scalar(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    )
    if not exists:
        return 0
    return int(await db.scalar("SELECT coalesce(max(version), 0) FROM schema_migrations") or 0)


async def upgrade(db: Database, now: float, target: int | None = None) -> list[Migration]:
    """Apply every migration newer than the database's version (up to `target`, for tests of an
    upgrade), each in its own transaction."""
    await db.conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at REAL NOT NULL)"
    )
    have = await current_version(db)
    applied = []
    for migration in available_migrations():
        if migration.version <= have or (target is not None and migration.version > target):
            continue
        async with db.transaction() as conn:
            # executescript would COMMIT our transaction; run statement by statement instead.
            for statement in _split_sql(migration.sql):
                await conn.execute(statement)
            await conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, now),
            )
        log.info("applied migration %04d_%s", migration.version, migration.name)
        applied.append(migration)
    return applied


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements. SQLite itself says where one ends
    (`complete_statement` knows a trigger's BEGIN ... END; holds semicolons). Comments are
    whole-line or trailing `--` comments outside string literals."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines():
        pending += line.split("--", 1)[0] + "\n"
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip().removesuffix(";").strip())
            pending = ""
    if pending.strip():
        raise RuntimeError(f"migration ends inside a statement: {pending.strip()[:60]}")
    return statements
