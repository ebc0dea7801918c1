"""A write cancelled at any moment (a shutdown, a cancelled task) leaves the database writable.

aiosqlite runs each statement in its own thread, so cancelling the task that awaits BEGIN does
not stop the BEGIN. The next write must still work, and the cancelled one leaves nothing behind.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.storage.database import Database


async def test_a_write_cancelled_at_any_point_leaves_nothing_and_the_next_write_is_stored(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "bot.db")
    try:
        await db.conn.execute("CREATE TABLE answers (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")

        async def cancelled_write() -> None:
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO answers (text) VALUES ('cancelled')")
                await conn.execute("INSERT INTO answers (text) VALUES ('cancelled too')")

        failures = []
        for steps in range(40):  # cancel after 0, 1, 2, ... turns of the event loop
            task = asyncio.create_task(cancelled_write())
            for _ in range(steps):
                await asyncio.sleep(0)
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
            try:
                async with db.transaction() as conn:
                    await conn.execute("INSERT INTO answers (text) VALUES (?)", (f"after {steps}",))
            except Exception as exc:  # what the member would have been told
                failures.append((steps, str(exc)))
                await db.conn.execute("ROLLBACK")  # so the other cancellation points are tested too
        assert failures == []
        texts = [r[0] for r in await db.fetchall("SELECT text FROM answers ORDER BY id")]
        assert [t for t in texts if t.startswith("after")] == [f"after {i}" for i in range(40)]
        cancelled = [t for t in texts if t.startswith("cancelled")]
        assert len(cancelled) % 2 == 0, "a cancelled write was half stored"
        assert not db.conn.in_transaction
    finally:
        await db.close()
