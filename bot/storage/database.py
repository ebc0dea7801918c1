"""One aiosqlite connection per process, with WAL, foreign keys, a busy timeout and explicit transactions."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
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


class DatabaseDamaged(DatabaseError):
    """PRAGMA quick_check / integrity_check found damage: the message names the file and the way out."""


class DatabaseNotWritable(DatabaseError):
    """The location cannot be written (and, for a missing file, not created)."""


def damaged_message(path: str, problems: list[str]) -> str:
    shown = "; ".join(problems[:3]) + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else "")
    return (
        f"The database {path} is damaged ({shown}). Nothing was changed.\n"
        f"Way out: restore a backup over it (cp BACKUP {path}), or salvage what SQLite can read with\n"
        f"  sqlite3 {path} .recover | sqlite3 {path}.recovered   then set MOCKLOOP_DB={path}.recovered\n"
        f"or move it aside (mv {path} {path}.damaged) and start with a new one."
    )


def write_problem(path: str | Path) -> str | None:
    """Why nothing can be written at this database location, or None when it can (checked with
    the process's real permissions, before SQLite turns it into 'unable to open database file')."""
    path = Path(path)
    if path.exists():
        if not os.access(path, os.W_OK):
            return f"the file {path} is read-only for this user"
        if not os.access(path.parent, os.W_OK | os.X_OK):
            return (
                f"its folder {path.parent} is read-only for this user "
                "(SQLite needs to write its -wal and -shm files beside the database)"
            )
        return None
    existing = path.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is not a folder, so {path} cannot be created"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"the folder {existing} is read-only for this user, so {path} cannot be created"
    return None


def _exists(path: str) -> bool:
    return os.path.exists(path)


async def quick_check(db: Database) -> list[str]:
    """PRAGMA quick_check: [] when the file is sound, else SQLite's descriptions of the damage."""
    try:
        rows = await db.fetchall("PRAGMA quick_check(20)")
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    problems = [str(r[0]) for r in rows]
    return [] if problems == ["ok"] else problems


def read_only_uri(path: str | Path) -> str:
    """A URI opening the file read-only; in a folder this user cannot write, immutable too: a WAL
    database needs its -shm file, which SQLite cannot create there (nobody can write there anyway)."""
    absolute = os.path.abspath(path)
    writable = os.access(os.path.dirname(absolute), os.W_OK)
    return Path(absolute).as_uri() + ("?mode=ro" if writable else "?mode=ro&immutable=1")


async def integrity_problems(path: str | Path) -> list[str]:
    """PRAGMA integrity_check of a file on its own connection (read-only): [] when it is sound."""
    uri = read_only_uri(path)
    try:
        async with aiosqlite.connect(uri, uri=True) as conn:
            rows = await conn.execute_fetchall("PRAGMA integrity_check(20)")
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    problems = [str(r[0]) for r in rows]
    return [] if problems == ["ok"] else problems


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

    read_only: str | None = None  # why this connection cannot write (set by open_for_reading)

    @classmethod
    async def open(cls, path: str | Path, *, check: bool = False) -> Database:
        """Open for reading and writing; `check` runs PRAGMA quick_check first (DatabaseDamaged).

        The terminal commands check; the bot does not at start: quick_check reads every page,
        0.7-0.9 s on the 1M-round benchmark database (368 MB), against a 2 s start-up target."""
        path = str(path)
        if path != ":memory:":
            problem = write_problem(path)
            if problem is not None:
                raise DatabaseNotWritable(
                    f"Cannot write the database {path}: {problem}. "
                    "Make it writable, or set MOCKLOOP_DB to a file in a folder you can write."
                )
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseNotWritable(
                    f"Cannot create the folder for the database {path}: {exc.strerror}. "
                    "Set MOCKLOOP_DB to a file in a folder you can write."
                ) from None
        db = await cls._connect(path, path, check=check)
        return db

    @classmethod
    async def open_for_reading(cls, path: str | Path, *, check: bool = False) -> Database:
        """Open read-write when the location allows it, else read-only (the reason in `read_only`),
        so history and stats still show from a folder or volume this user cannot write."""
        path = str(path)
        problem = None if path == ":memory:" else write_problem(path)
        if problem is None:
            return await cls.open(path, check=check)
        if not _exists(path):
            raise DatabaseNotWritable(
                f"There is no database at {path} yet, and none can be created: {problem}. "
                "Set MOCKLOOP_DB to the file you use, or to a place you can write."
            )
        uri = read_only_uri(path)
        db = await cls._connect(uri, path, check=check, uri=True)
        db.read_only = problem
        return db

    @classmethod
    async def _connect(cls, target: str, path: str, *, check: bool, uri: bool = False) -> Database:
        try:
            conn = await aiosqlite.connect(target, isolation_level=None, uri=uri)
        except sqlite3.Error as exc:
            raise DatabaseError(f"Cannot open the database at {path}: {exc}") from None
        conn.row_factory = aiosqlite.Row
        db = cls(conn, path)
        try:
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA foreign_keys = ON")
            if not uri:
                mode = await db.scalar("PRAGMA journal_mode = WAL")
                if path != ":memory:" and str(mode).lower() != "wal":
                    log.warning("SQLite refused WAL mode (got %s); continuing", mode)
                await conn.execute("PRAGMA synchronous = NORMAL")
            await db.scalar("SELECT count(*) FROM sqlite_master")  # fails early on a corrupt file
            problems = await quick_check(db) if check and path != ":memory:" else []
        except sqlite3.DatabaseError as exc:
            await conn.close()
            raise DatabaseError(
                f"The database at {path} is not usable ({exc}). Restore a backup or point MOCKLOOP_DB elsewhere."
            ) from None
        if problems:
            await conn.close()
            raise DatabaseDamaged(damaged_message(path, problems))
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

        A task cancelled while awaiting BEGIN has not stopped it: aiosqlite's thread runs it
        anyway. Without the ROLLBACK below that transaction would stay open with no owner, and
        every later write would fail ("cannot start a transaction within a transaction"),
        each member told that nothing was saved until a restart.
        """
        async with self._write_lock:
            try:
                await self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise _friendly(exc) from exc
            except BaseException:
                await self._rollback()  # queued behind the BEGIN, so it runs after it
                raise
            try:
                yield self.conn
                await self.conn.execute("COMMIT")
            except BaseException as exc:
                await self._rollback()
                if isinstance(exc, sqlite3.OperationalError):
                    raise _friendly(exc) from exc
                raise

    async def _rollback(self) -> None:
        """ROLLBACK whatever this connection has open (nothing, after a COMMIT that ran)."""
        try:
            await self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass

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

    async def integrity_check(self) -> list[str]:
        """PRAGMA integrity_check (reads every page): [] when the file is sound."""
        try:
            problems = [str(r[0]) for r in await self.fetchall("PRAGMA integrity_check(20)")]
        except sqlite3.DatabaseError as exc:
            return [str(exc)]
        return [] if problems == ["ok"] else problems

    async def verified_backup(self, target: str | Path) -> None:
        """integrity_check the live database, back it up, integrity_check the copy. A damaged
        source is not copied and a damaged copy is deleted: DatabaseDamaged either way."""
        problems = await self.integrity_check()
        if problems:
            raise DatabaseDamaged(damaged_message(self.path, problems) + "\nNo backup was written.")
        await self.backup(target)
        copy_problems = await integrity_problems(target)
        if copy_problems:
            with contextlib.suppress(FileNotFoundError):
                os.remove(target)
            raise DatabaseDamaged(
                f"The backup copy {target} failed its integrity check ({'; '.join(copy_problems[:3])}); "
                "it was deleted. Check the disk it was written to and try again."
            )
