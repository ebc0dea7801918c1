"""One aiosqlite connection per process, with WAL, foreign keys, a busy timeout and explicit transactions."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.core.errors import StorageUnavailable

if TYPE_CHECKING:
    from bot.storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


class DatabaseError(Exception):
    """The database file itself is unusable (corrupt, not SQLite, not writable): a clear message."""


def _friendly(exc: sqlite3.Error) -> StorageUnavailable:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        why = "the database is busy"
    elif "full" in text:
        why = "the database is full"
    elif "readonly" in text or "read-only" in text:
        why = "the database is read-only"
    else:
        why = "the database could not be written"
    return StorageUnavailable(f"Sorry, {why} right now and nothing was saved. Please try again in a moment.")


class Database:
    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path) -> Database:
        path = str(path)
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = await aiosqlite.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise DatabaseError(f"Cannot open the database at {path}: {exc}") from None
        conn.row_factory = aiosqlite.Row
        db = cls(conn, path)
        try:
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA foreign_keys = ON")
            mode = await db.scalar("PRAGMA journal_mode = WAL")
            if path != ":memory:" and str(mode).lower() != "wal":
                log.warning("SQLite refused WAL mode (got %s); continuing", mode)
            await conn.execute("PRAGMA synchronous = NORMAL")
            await db.scalar("SELECT count(*) FROM sqlite_master")  # fails early on a corrupt file
        except sqlite3.DatabaseError as exc:
            await conn.close()
            raise DatabaseError(
                f"The database at {path} is not usable ({exc}). Restore a backup or point MOCKLOOP_DB elsewhere."
            ) from None
        return db

    async def close(self) -> None:
        await self.conn.close()

    # Reads are one trip to aiosqlite's thread each (execute + fetch + close together): with
    # `async with conn.execute() as cur` a query costs three trips, and under load the thread
    # hand-offs, not SQLite, were most of a command's database time. So the queries given to
    # scalar/fetchone return one row (a key lookup, an aggregate or LIMIT 1).

    async def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        rows = await self.conn.execute_fetchall(sql, tuple(params))
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        return list(await self.conn.execute_fetchall(sql, tuple(params)))

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; any failure rolls back so nothing half-written remains.

        SQLite errors that a member can do nothing about but wait (locked, full, read-only)
        become StorageUnavailable with a friendly message.
        """
        async with self._write_lock:
            try:
                await self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise _friendly(exc) from exc
            try:
                yield self.conn
                await self.conn.execute("COMMIT")
            except BaseException as exc:
                try:
                    await self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                if isinstance(exc, sqlite3.OperationalError):
                    raise _friendly(exc) from exc
                raise

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[UnitOfWork]:
        """The one way to write: a transaction (see `transaction`) with every repository bound
        to it. Commits on a clean exit, rolls back on any error."""
        from bot.storage.unit_of_work import UnitOfWork

        async with self.transaction() as conn:
            yield UnitOfWork(self, conn)

    async def backup(self, target: str | Path) -> None:
        """SQLite's online backup: consistent even while the bot writes."""
        target = str(target)
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        async with aiosqlite.connect(target) as dst:
            await self.conn.backup(dst)
