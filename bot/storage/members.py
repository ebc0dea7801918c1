"""Guilds and members come into being the first time someone acts in them."""

from __future__ import annotations

import aiosqlite


async def ensure_member(
    conn: aiosqlite.Connection, guild_id: int, user_id: int, name: str, now: float
) -> None:
    """Create the guild, its settings row and the member if new; keep the latest display name."""
    await conn.execute("INSERT OR IGNORE INTO guilds (id, created_at) VALUES (?, ?)", (guild_id, now))
    await conn.execute("INSERT OR IGNORE INTO guild_settings (guild_id) VALUES (?)", (guild_id,))
    await conn.execute(
        "INSERT INTO members (guild_id, user_id, display_name, created_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (guild_id, user_id) DO UPDATE SET display_name = excluded.display_name"
        " WHERE excluded.display_name != ''",
        (guild_id, user_id, name, now),
    )
