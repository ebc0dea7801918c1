"""The model grader's tables: the per-guild switch and cap, call counts, and cached replies."""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.repository import Repository


@dataclass(frozen=True, slots=True)
class ModelGraderSettings:
    enabled: bool = False
    daily_cap: int | None = None  # None: the default cap
    notice_shown: bool = False


class ModelGraderRepository(Repository):
    async def settings(self, guild_id: int) -> ModelGraderSettings:
        row = await self.db.fetchone(
            "SELECT enabled, daily_cap, notice_shown FROM model_grader_settings WHERE guild_id = ?", (guild_id,)
        )
        if row is None:
            return ModelGraderSettings()
        return ModelGraderSettings(bool(row["enabled"]), row["daily_cap"], bool(row["notice_shown"]))

    async def save_settings(self, guild_id: int, settings: ModelGraderSettings) -> None:
        await self.tx.execute(
            "INSERT INTO model_grader_settings (guild_id, enabled, daily_cap, notice_shown) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET enabled = excluded.enabled,"
            " daily_cap = excluded.daily_cap, notice_shown = excluded.notice_shown",
            (guild_id, int(settings.enabled), settings.daily_cap, int(settings.notice_shown)),
        )

    async def take_call(self, guild_id: int, day: str, cap: int) -> bool:
        """Counts one model call for the day if the cap allows it; False when the cap is reached."""
        await self.tx.execute(
            "INSERT INTO model_calls (guild_id, day, calls) VALUES (?, ?, 0) ON CONFLICT DO NOTHING",
            (guild_id, day),
        )
        cursor = await self.tx.execute(
            "UPDATE model_calls SET calls = calls + 1 WHERE guild_id = ? AND day = ? AND calls < ?",
            (guild_id, day, cap),
        )
        return cursor.rowcount == 1

    async def calls(self, guild_id: int, day: str) -> int:
        value = await self.db.scalar(
            "SELECT calls FROM model_calls WHERE guild_id = ? AND day = ?", (guild_id, day)
        )
        return int(value or 0)

    async def cached_reply(self, question_key: str, answer_hash: str, model: str) -> str | None:
        return await self.db.scalar(
            "SELECT reply FROM model_replies WHERE question_key = ? AND answer_hash = ? AND model = ?",
            (question_key, answer_hash, model),
        )

    async def cache_reply(self, question_key: str, answer_hash: str, model: str, reply: str, now: float) -> None:
        await self.tx.execute(
            "INSERT OR REPLACE INTO model_replies (question_key, answer_hash, model, reply, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (question_key, answer_hash, model, reply, now),
        )
