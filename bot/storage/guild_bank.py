"""Per-guild uploaded questions (table guild_questions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.questions import Question
from bot.storage.repository import Repository


@dataclass(frozen=True, slots=True)
class StoredGuildQuestion:
    question: Question
    source_file: str
    disabled: bool


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    added: list[str]
    updated: list[str]


class GuildQuestionRepository(Repository):
    async def all(self, guild_id: int | None = None) -> dict[int, list[StoredGuildQuestion]]:
        """Every stored question, grouped by guild (one guild when `guild_id` is given)."""
        where, params = ("WHERE guild_id = ?", (guild_id,)) if guild_id is not None else ("", ())
        rows = await self.db.fetchall(
            "SELECT guild_id, question_json, source_file, disabled_at FROM guild_questions "
            f"{where} ORDER BY guild_id, round_type, topic, question_id",
            params,
        )
        grouped: dict[int, list[StoredGuildQuestion]] = {}
        for row in rows:
            grouped.setdefault(int(row["guild_id"]), []).append(
                StoredGuildQuestion(
                    Question.model_validate_json(row["question_json"]),
                    row["source_file"],
                    row["disabled_at"] is not None,
                )
            )
        return grouped

    async def of_guild(self, guild_id: int) -> list[StoredGuildQuestion]:
        return (await self.all(guild_id)).get(guild_id, [])

    async def save(
        self,
        guild_id: int,
        questions: Sequence[Question],
        source_file: str,
        imported_by: int | None,
        now: float,
    ) -> SaveOutcome:
        """Insert or replace the guild's questions in one transaction (all or nothing).

        A replaced question keeps its disabled state: re-uploading a file must not quietly
        bring back a question an admin turned off.
        """
        added: list[str] = []
        updated: list[str] = []
        conn = self.tx
        for question in questions:
            async with conn.execute(
                "SELECT 1 FROM guild_questions WHERE guild_id = ? AND question_id = ?",
                (guild_id, question.id),
            ) as cur:
                exists = await cur.fetchone() is not None
            (updated if exists else added).append(question.id)
            await conn.execute(
                "INSERT INTO guild_questions (guild_id, question_id, round_type, topic, question_json,"
                " source_file, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (guild_id, question_id) DO UPDATE SET round_type = excluded.round_type,"
                " topic = excluded.topic, question_json = excluded.question_json,"
                " source_file = excluded.source_file, imported_by = excluded.imported_by,"
                " imported_at = excluded.imported_at",
                (
                    guild_id,
                    question.id,
                    question.round_type.value,
                    question.topic,
                    question.model_dump_json(),
                    source_file,
                    imported_by,
                    now,
                ),
            )
        return SaveOutcome(added, updated)

    async def set_disabled(self, guild_id: int, question_id: str, disabled: bool, now: float) -> bool:
        """Turn one question off (or back on). False when the guild has no such question."""
        conn = self.tx
        cur = await conn.execute(
            "UPDATE guild_questions SET disabled_at = ? WHERE guild_id = ? AND question_id = ?",
            (now if disabled else None, guild_id, question_id),
        )
        return cur.rowcount > 0
