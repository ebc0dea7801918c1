"""The base of every repository: reads through the Database, writes only inside a unit of work.

A repository never opens a transaction. Built by `Database.unit_of_work()` it is bound to that
transaction's connection and may write; built on its own (for reads) it refuses to write, so a
call site that writes is always inside a visible `async with db.unit_of_work() as uow:`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import aiosqlite

if TYPE_CHECKING:
    from bot.storage.database import Database


class Repository:
    def __init__(self, db: Database, conn: aiosqlite.Connection | None = None) -> None:
        self.db = db
        self._conn = conn

    @property
    def tx(self) -> aiosqlite.Connection:
        """The open transaction's connection; writing without one is a programming error."""
        if self._conn is None:
            raise RuntimeError(f"{type(self).__name__} writes only inside Database.unit_of_work()")
        return self._conn
