"""`mockloop db upgrade` and `mockloop db backup PATH`."""

from __future__ import annotations

import argparse
import asyncio

from bot import app
from bot.core.clock import SystemClock
from bot.settings import SettingsError, load_settings
from bot.storage.database import Database, DatabaseError
from bot.storage.migrations import current_version, upgrade


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("db", help="database maintenance")
    dbsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = dbsub.add_parser("upgrade", help="apply pending migrations")
    up.set_defaults(func=lambda a: asyncio.run(_upgrade()))
    bk = dbsub.add_parser("backup", help="copy the live database to PATH (SQLite online backup)")
    bk.add_argument("path")
    bk.set_defaults(func=lambda a: asyncio.run(_backup(a.path)))


async def _open() -> Database:
    settings = load_settings()
    return await Database.open(settings.db_path)


async def _upgrade() -> int:
    try:
        db = await _open()
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


async def _backup(path: str) -> int:
    try:
        db = await _open()
    except (SettingsError, DatabaseError) as exc:
        return app.fail(str(exc))
    try:
        await db.backup(path)
        print(f"Backed up {db.path} to {path}")
        return 0
    finally:
        await db.close()
