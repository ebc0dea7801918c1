"""`mockloop db upgrade`, `mockloop db check` and `mockloop db backup PATH`."""

from __future__ import annotations

import argparse
import asyncio

from bot import app
from bot.cli.common import command_name
from bot.maintenance import DatabaseError, backup_database, check_database, upgrade_database
from bot.settings import SettingsError, load_settings


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
        done = await upgrade_database(load_settings().db_path)
    except (SettingsError, DatabaseError) as exc:
        return app.fail(str(exc))
    print(
        f"Database {done.path} is at version {done.version}"
        + (f" (applied {done.applied})" if done.applied else "")
    )
    return 0


async def _check() -> int:
    try:
        checked = await check_database(load_settings().db_path)
    except (SettingsError, DatabaseError) as exc:
        return app.fail(str(exc))
    print(
        f"Database {checked.path}: integrity check ok, {checked.megabytes:.1f} MB, "
        f"schema version {checked.version}"
    )
    if checked.pending > 0:
        print(f"  {checked.pending} migration(s) pending: `{command_name()} db upgrade` applies them")
    if checked.read_only:
        print(f"  read-only here: {checked.read_only}")
    return 0


async def _backup(path: str) -> int:
    try:
        source = await backup_database(load_settings().db_path, path)
    except (SettingsError, DatabaseError) as exc:
        return app.fail(str(exc))
    except OSError as exc:
        return app.fail(f"Cannot write the backup {path}: {exc.strerror or exc}")
    print(f"Backed up {source} to {path} (both passed SQLite's integrity check)")
    return 0
