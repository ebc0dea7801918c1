"""`mockloop db upgrade`, `mockloop db check` and `mockloop db backup PATH`."""

from __future__ import annotations

import argparse
import asyncio

from bot import app
from bot.cli.common import command_name
from bot.core.clock import SystemClock
from bot.settings import SettingsError, load_settings
from bot.storage.database import Database, DatabaseError, damaged_message
from bot.storage.migrations import available_migrations, current_version, upgrade


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("db", help="database maintenance: upgrade, check, backup")
    dbsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = dbsub.add_parser("upgrade", help="apply pending migrations")
    up.set_defaults(func=lambda a: asyncio.run(_upgrade()))
    check = dbsub.add_parser("check", help="where the database is, its version, and SQLite's integrity check")
    check.set_defaults(func=lambda a: asyncio.run(_check()))
    bk = dbsub.add_parser(
        "backup", help="copy the live database to PATH (SQLite online backup; source and copy verified)"
    )
    bk.add_argument("path")
    bk.set_defaults(func=lambda a: asyncio.run(_backup(a.path)))


async def _upgrade() -> int:
    try:
        db = await Database.open(load_settings().db_path, check=True)
    except (SettingsError, DatabaseError) as exc:
        return app.fail(str(exc))
    try:
        applied = await upgrade(db, SystemClock().now())
        version = await current_version(db)
        print(
            f"Database {db.path} is at version {version}" + (f" (applied {len(applied)})" if applied else "")
        )
        return 0
    finally:
        await db.close()


async def _check() -> int:
    """Full PRAGMA integrity_check (slower than the quick_check every open does)."""
    try:
        settings = load_settings()
        db = await Database.open_for_reading(settings.db_path, check=False)
    except (SettingsError, DatabaseError) as exc:
        return app.fail(str(exc))
    try:
        problems = await db.integrity_check()
        if problems:
            return app.fail(damaged_message(db.path, problems))
        version, latest = await current_version(db), len(available_migrations())
        pages = await db.scalar("PRAGMA page_count")
        size = await db.scalar("PRAGMA page_size")
        print(
            f"Database {db.path}: integrity check ok, {pages * size / 1e6:.1f} MB, schema version {version}"
        )
        if version < latest:
            print(f"  {latest - version} migration(s) pending: `{command_name()} db upgrade` applies them")
        if db.read_only:
            print(f"  read-only here: {db.read_only}")
        return 0
    finally:
        await db.close()


async def _backup(path: str) -> int:
    try:
        db = await Database.open_for_reading(load_settings().db_path, check=False)
    except (SettingsError, DatabaseError) as exc:
        return app.fail(str(exc))
    try:
        try:
            await db.verified_backup(path)
        except DatabaseError as exc:
            return app.fail(str(exc))
        except OSError as exc:
            return app.fail(f"Cannot write the backup {path}: {exc.strerror or exc}")
        print(f"Backed up {db.path} to {path} (both passed SQLite's integrity check)")
        return 0
    finally:
        await db.close()
