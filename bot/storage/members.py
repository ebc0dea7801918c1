"""Guilds and members come into being the first time someone acts in them."""

from __future__ import annotations

import aiosqlite

from bot.storage.repository import Repository


async def ensure_member(
    conn: aiosqlite.Connection, guild_id: int, user_id: int, name: str, now: float
) -> None:
    """Create the guild, its settings row and the member if new; keep the latest display name.
    For repositories writing inside a unit of work; elsewhere use `uow.members.ensure`."""
    await conn.execute("INSERT OR IGNORE INTO guilds (id, created_at) VALUES (?, ?)", (guild_id, now))
    await conn.execute("INSERT OR IGNORE INTO guild_settings (guild_id) VALUES (?)", (guild_id,))
    await conn.execute(
        "INSERT INTO members (guild_id, user_id, display_name, created_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (guild_id, user_id) DO UPDATE SET display_name = excluded.display_name"
        " WHERE excluded.display_name != ''",
        (guild_id, user_id, name, now),
    )


class MemberRepository(Repository):
    async def ensure(self, guild_id: int, user_id: int, name: str, now: float) -> None:
        await ensure_member(self.tx, guild_id, user_id, name, now)

    async def name(self, guild_id: int, user_id: int) -> str | None:
        """The member's latest display name, if they ever acted here."""
        return await self.db.scalar(
            "SELECT display_name FROM members WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
