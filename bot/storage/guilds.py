"""Per-guild settings."""

from __future__ import annotations

import json

from bot.core.models import RoundType
from bot.core.policy import GuildPolicy
from bot.core.rounds import TimeUpMode
from bot.storage.repository import Repository


class GuildRepository(Repository):
    async def policy(self, guild_id: int) -> GuildPolicy:
        row = await self.db.fetchone("SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
        if row is None:
            return GuildPolicy()
        return GuildPolicy(
            durations={RoundType(k): int(v) for k, v in json.loads(row["durations_json"]).items()},
            disabled=frozenset(RoundType(r) for r in json.loads(row["disabled_rounds_json"])),
            time_up_mode=TimeUpMode(row["time_up_mode"]),
            practice_channel_id=row["practice_channel_id"],
            timezone=row["timezone"],
        )

    async def save_policy(self, guild_id: int, policy: GuildPolicy, now: float) -> None:
        conn = self.tx
        await conn.execute("INSERT OR IGNORE INTO guilds (id, created_at) VALUES (?, ?)", (guild_id, now))
        await conn.execute(
            "INSERT INTO guild_settings (guild_id, practice_channel_id, time_up_mode, durations_json,"
            " disabled_rounds_json, timezone) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET practice_channel_id = excluded.practice_channel_id,"
            " time_up_mode = excluded.time_up_mode, durations_json = excluded.durations_json,"
            " disabled_rounds_json = excluded.disabled_rounds_json, timezone = excluded.timezone",
            (
                guild_id,
                policy.practice_channel_id,
                policy.time_up_mode.value,
                json.dumps({k.value: v for k, v in policy.durations.items()}),
                json.dumps(sorted(r.value for r in policy.disabled)),
                policy.timezone,
            ),
        )
