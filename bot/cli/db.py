"""`mockloop db upgrade` and `mockloop db backup PATH`."""

from __future__ import annotations

import argparse
import asyncio

from bot import app
from bot.maintenance import DatabaseError, backup_database, upgrade_database
from bot.settings import SettingsError, load_settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("db", help="database maintenance")
    dbsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = dbsub.add_parser("upgrade", help="apply pending migrations")
    up.set_defaults(func=lambda a: asyncio.run(_upgrade()))
    bk = dbsub.add_parser("backup", help="copy the live database to PATH (SQLite online backup)")
    bk.add_argument("path")
    bk.set_defaults(func=lambda a: asyncio.run(_backup(a.path)))


async def _upgrade() -> int:
    try:
        done = await upgrade_database(load_settings().db_path)
    except (SettingsError, DatabaseError) as exc:
        return app.fail(str(exc))
    print(
        f"Database {done.path} is at version {done.version}"
        + (f" (applied {done.applied})" if done.applied else "")
    )
    return 0


async def _backup(path: str) -> int:
    try:
        source = await backup_database(load_settings().db_path, path)
    except (SettingsError, DatabaseError) as exc:
        return app.fail(str(exc))
    print(f"Backed up {source} to {path}")
    return 0
