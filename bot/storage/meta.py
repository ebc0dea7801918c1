"""Key/value facts about this installation."""

from __future__ import annotations

from bot.storage.repository import Repository


class MetaRepository(Repository):
    async def get(self, key: str) -> str | None:
        return await self.db.scalar("SELECT value FROM meta WHERE key = ?", (key,))

    async def set(self, key: str, value: str) -> None:
        conn = self.tx
        await conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
