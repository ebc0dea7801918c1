"""Study groups, study settings, the daily question and the points ledger (kept in step with
`scores` by the triggers of migration 0007)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import aiosqlite

from bot.core.farming import DEFAULT_DAILY_CAP, REPEAT_WINDOW_SECONDS, FarmingFacts
from bot.core.leaderboard import Standing, local_date, local_midnight
from bot.core.models import RoundType
from bot.core.rounds import Round
from bot.core.stats import RoundRecord
from bot.storage.guilds import GuildRepository
from bot.storage.members import ensure_member
from bot.storage.repository import Repository


@dataclass(frozen=True, slots=True)
class Group:
    id: int
    guild_id: int
    name: str
    role_id: int | None
    created_by: int


@dataclass(frozen=True, slots=True)
class StudySettings:
    points_cap: int = DEFAULT_DAILY_CAP
    daily_channel_id: int | None = None
    daily_minute: int | None = None
    daily_round_type: RoundType | None = None
    daily_since: float | None = None
    daily_role_id: int | None = None
    weekly_channel_id: int | None = None
    weekly_since: float | None = None
    streak_freezes: int = 0  # missed days per week that do not break a streak (0: off)

    @property
    def daily_enabled(self) -> bool:
        return self.daily_channel_id is not None and self.daily_minute is not None


@dataclass(frozen=True, slots=True)
class WeeklyPost:
    id: int
    guild_id: int
    week: str  # the guild-local Monday the week began
    channel_id: int
    message_id: int | None


@dataclass(frozen=True, slots=True)
class DailyPost:
    id: int
    guild_id: int
    day: str
    question_id: str
    channel_id: int
    message_id: int | None
    posted_at: float


def _group(row: aiosqlite.Row) -> Group:
    return Group(row["id"], row["guild_id"], row["name"], row["role_id"], row["created_by"])


def _post(row: aiosqlite.Row) -> DailyPost:
    return DailyPost(
        row["id"],
        row["guild_id"],
        row["day"],
        row["question_id"],
        row["channel_id"],
        row["message_id"],
        row["posted_at"],
    )


class StudyRepository(Repository):
    # ---- groups ---------------------------------------------------------------------------

    async def create_group(
        self, guild_id: int, name: str, key: str, role_id: int | None, by: int, now: float
    ) -> Group | None:
        """The new group, or None when the name is taken (case-insensitively)."""
        conn = self.tx
        cur = await conn.execute(
            "INSERT OR IGNORE INTO study_groups (guild_id, name, name_key, role_id, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (guild_id, name, key, role_id, by, now),
        )
        if cur.rowcount == 0:
            return None
        return Group(cur.lastrowid or 0, guild_id, name, role_id, by)

    async def group(self, guild_id: int, key: str) -> Group | None:
        row = await self.db.fetchone(
            "SELECT * FROM study_groups WHERE guild_id = ? AND name_key = ?", (guild_id, key)
        )
        return None if row is None else _group(row)

    async def group_by_id(self, group_id: int) -> Group | None:
        row = await self.db.fetchone("SELECT * FROM study_groups WHERE id = ?", (group_id,))
        return None if row is None else _group(row)

    async def groups(self, guild_id: int) -> list[tuple[Group, int]]:
        rows = await self.db.fetchall(
            "SELECT g.*, (SELECT count(*) FROM study_group_members m WHERE m.group_id = g.id) AS n"
            " FROM study_groups g WHERE g.guild_id = ? ORDER BY g.name_key",
            (guild_id,),
        )
        return [(_group(r), r["n"]) for r in rows]

    async def add_member(self, group: Group, user_id: int, name: str, now: float) -> bool:
        conn = self.tx
        await ensure_member(conn, group.guild_id, user_id, name, now)
        cur = await conn.execute(
            "INSERT OR IGNORE INTO study_group_members (group_id, user_id, joined_at) VALUES (?, ?, ?)",
            (group.id, user_id, now),
        )
        return cur.rowcount > 0

    async def remove_member(self, group_id: int, user_id: int) -> bool:
        conn = self.tx
        cur = await conn.execute(
            "DELETE FROM study_group_members WHERE group_id = ? AND user_id = ?", (group_id, user_id)
        )
        return cur.rowcount > 0

    async def member_ids(self, group_id: int) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT user_id FROM study_group_members WHERE group_id = ? ORDER BY joined_at, user_id",
            (group_id,),
        )
        return [r[0] for r in rows]

    async def names(self, guild_id: int, user_ids: list[int]) -> dict[int, str]:
        if not user_ids:
            return {}
        marks = ", ".join("?" for _ in user_ids)
        rows = await self.db.fetchall(
            f"SELECT user_id, display_name FROM members WHERE guild_id = ? AND user_id IN ({marks})",
            (guild_id, *user_ids),
        )
        return {r[0]: r[1] for r in rows if r[1]}

    # ---- settings -------------------------------------------------------------------------

    async def settings(self, guild_id: int) -> StudySettings:
        row = await self.db.fetchone("SELECT * FROM study_settings WHERE guild_id = ?", (guild_id,))
        if row is None:
            return StudySettings()
        return StudySettings(
            points_cap=row["points_cap"] if row["points_cap"] is not None else DEFAULT_DAILY_CAP,
            daily_channel_id=row["daily_channel_id"],
            daily_minute=row["daily_minute"],
            daily_round_type=RoundType(row["daily_round_type"]) if row["daily_round_type"] else None,
            daily_since=row["daily_since"],
            daily_role_id=row["daily_role_id"],
            weekly_channel_id=row["weekly_channel_id"],
            weekly_since=row["weekly_since"],
            streak_freezes=row["streak_freezes"] or 0,
        )

    async def save_cap(self, guild_id: int, cap: int) -> None:
        conn = self.tx
        await conn.execute(
            "INSERT INTO study_settings (guild_id, points_cap) VALUES (?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET points_cap = excluded.points_cap",
            (guild_id, cap),
        )

    async def save_daily(
        self,
        guild_id: int,
        channel_id: int | None,
        minute: int | None,
        round_type: RoundType | None,
        now: float,
        role_id: int | None = None,
    ) -> None:
        conn = self.tx
        await conn.execute(
            "INSERT INTO study_settings (guild_id, daily_channel_id, daily_minute, daily_round_type, daily_since,"
            " daily_role_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET"
            " daily_channel_id = excluded.daily_channel_id, daily_minute = excluded.daily_minute,"
            " daily_round_type = excluded.daily_round_type, daily_since = excluded.daily_since,"
            " daily_role_id = excluded.daily_role_id",
            (guild_id, channel_id, minute, round_type.value if round_type else None, now, role_id),
        )

    async def save_weekly(self, guild_id: int, channel_id: int | None, now: float) -> None:
        conn = self.tx
        await conn.execute(
            "INSERT INTO study_settings (guild_id, weekly_channel_id, weekly_since) VALUES (?, ?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET weekly_channel_id = excluded.weekly_channel_id,"
            " weekly_since = excluded.weekly_since",
            (guild_id, channel_id, now),
        )

    async def save_streak_freezes(self, guild_id: int, per_week: int) -> None:
        conn = self.tx
        await conn.execute(
            "INSERT INTO study_settings (guild_id, streak_freezes) VALUES (?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET streak_freezes = excluded.streak_freezes",
            (guild_id, per_week),
        )

    async def weekly_guilds(self) -> list[tuple[int, StudySettings, str]]:
        """Guilds with the weekly winners post on: (guild id, settings, timezone)."""
        rows = await self.db.fetchall(
            "SELECT s.guild_id, coalesce(g.timezone, 'UTC') AS tz FROM study_settings s"
            " LEFT JOIN guild_settings g ON g.guild_id = s.guild_id WHERE s.weekly_channel_id IS NOT NULL"
        )
        return [(r[0], await self.settings(r[0]), r[1]) for r in rows]

    async def weekly_post(self, guild_id: int, week: str) -> WeeklyPost | None:
        row = await self.db.fetchone(
            "SELECT * FROM weekly_posts WHERE guild_id = ? AND week = ?", (guild_id, week)
        )
        if row is None:
            return None
        return WeeklyPost(row["id"], row["guild_id"], row["week"], row["channel_id"], row["message_id"])

    async def claim_weekly(self, guild_id: int, week: str, channel_id: int, now: float) -> WeeklyPost | None:
        """Claim the week's post; None when it was already claimed (never post a week twice)."""
        conn = self.tx
        cur = await conn.execute(
            "INSERT OR IGNORE INTO weekly_posts (guild_id, week, channel_id, posted_at) VALUES (?, ?, ?, ?)",
            (guild_id, week, channel_id, now),
        )
        if cur.rowcount == 0:
            return None
        return WeeklyPost(cur.lastrowid or 0, guild_id, week, channel_id, None)

    async def release_weekly(self, post_id: int) -> None:
        """The post could not be sent at all: let the next pass try again."""
        conn = self.tx
        await conn.execute("DELETE FROM weekly_posts WHERE id = ? AND message_id IS NULL", (post_id,))

    async def set_weekly_message(self, post_id: int, message_id: int) -> None:
        conn = self.tx
        await conn.execute("UPDATE weekly_posts SET message_id = ? WHERE id = ?", (message_id, post_id))

    async def daily_guilds(self) -> list[tuple[int, StudySettings, str]]:
        """Guilds with a daily question set up: (guild id, settings, timezone)."""
        rows = await self.db.fetchall(
            "SELECT s.guild_id, coalesce(g.timezone, 'UTC') AS tz FROM study_settings s"
            " LEFT JOIN guild_settings g ON g.guild_id = s.guild_id"
            " WHERE s.daily_channel_id IS NOT NULL AND s.daily_minute IS NOT NULL"
        )
        return [(r[0], await self.settings(r[0]), r[1]) for r in rows]

    # ---- the ledger -----------------------------------------------------------------------

    async def board_version(self, guild_id: int) -> int:
        """Moves whenever something a leaderboard of the guild shows changes (migration 0007's
        triggers: ledger, groups, names, timezone, points cap), whoever wrote it."""
        return int(await self.db.scalar("SELECT n FROM board_versions WHERE guild_id = ?", (guild_id,)) or 0)

    async def standings(
        self,
        guild_id: int,
        start: float,
        end: float,
        round_type: RoundType | None = None,
        group_id: int | None = None,
    ) -> list[Standing]:
        sql = (
            "SELECT l.user_id, sum(l.points) AS points,"
            " coalesce(max(CASE WHEN l.points > 0 THEN l.at END), min(l.at)) AS reached_at"
            " FROM points_ledger l"
        )
        params: list[object] = []
        if group_id is not None:
            sql += " JOIN study_group_members g ON g.group_id = ? AND g.user_id = l.user_id"
            params.append(group_id)
        sql += " WHERE l.guild_id = ?"
        params.append(guild_id)
        if round_type is not None:
            sql += " AND l.round_type = ?"
            params.append(round_type.value)
        if start > 0:
            sql += " AND l.at >= ?"
            params.append(start)
        if end != float("inf"):
            sql += " AND l.at < ?"
            params.append(end)
        sql += " GROUP BY l.user_id"
        rows = await self.db.fetchall(sql, params)
        return [Standing(r[0], int(r[1]), float(r[2])) for r in rows]

    async def activity_times(self, guild_id: int, user_id: int) -> list[float]:
        """When the member finished a round or answered a daily question (streak days)."""
        rows = await self.db.fetchall(
            "SELECT at FROM points_ledger WHERE guild_id = ? AND user_id = ? ORDER BY at", (guild_id, user_id)
        )
        return [r[0] for r in rows]

    async def activity_marks(self, guild_id: int, user_ids: list[int]) -> dict[int, tuple[int, float]]:
        """(count, latest) of each member's activity: changes whenever their streak can change."""
        if not user_ids:
            return {}
        marks = ", ".join("?" for _ in user_ids)
        rows = await self.db.fetchall(
            f"SELECT user_id, count(*), max(at) FROM points_ledger WHERE guild_id = ? AND user_id IN ({marks})"
            " GROUP BY user_id",
            (guild_id, *user_ids),
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    async def activity_times_of(self, guild_id: int, user_ids: list[int]) -> dict[int, list[float]]:
        """`activity_times` for several members in one query."""
        found: dict[int, list[float]] = {uid: [] for uid in user_ids}
        if not user_ids:
            return found
        marks = ", ".join("?" for _ in user_ids)
        rows = await self.db.fetchall(
            f"SELECT user_id, at FROM points_ledger WHERE guild_id = ? AND user_id IN ({marks})",
            (guild_id, *user_ids),
        )
        for user_id, at in rows:
            found[user_id].append(at)
        return found

    async def points_between(self, guild_id: int, user_id: int, start: float, end: float) -> int:
        """The member's points (rounds and daily answers) earned in [start, end)."""
        return int(
            await self.db.scalar(
                "SELECT coalesce(sum(points), 0) FROM points_ledger"
                " WHERE guild_id = ? AND user_id = ? AND at >= ? AND at < ?",
                (guild_id, user_id, start, end),
            )
            or 0
        )

    async def daily_points(self, guild_id: int, user_id: int) -> tuple[int, int]:
        row = await self.db.fetchone(
            "SELECT count(*), coalesce(sum(points), 0) FROM points_ledger"
            " WHERE guild_id = ? AND user_id = ? AND source = 'daily'",
            (guild_id, user_id),
        )
        assert row is not None
        return int(row[0]), int(row[1])

    async def round_records(self, guild_id: int, user_id: int, now: float) -> list[RoundRecord]:
        rows = await self.db.fetchall(
            "SELECT r.round_type, r.topic, r.status, r.started_at, r.deadline, r.ended_at, s.score, s.points"
            " FROM rounds r LEFT JOIN scores s ON s.round_id = r.id"
            " WHERE r.guild_id = ? AND r.user_id = ? ORDER BY r.started_at",
            (guild_id, user_id),
        )
        return [
            RoundRecord(
                round_type=RoundType(r[0]),
                topic=r[1],
                status=r[2],
                started_at=r[3],
                time_used=max(0.0, (r[5] if r[5] is not None else min(now, r[4])) - r[3]),
                time_limit=r[4] - r[3],
                score=r[6],
                points=r[7] or 0,
            )
            for r in rows
        ]

    async def farming_facts(self, rnd: Round, now: float) -> FarmingFacts:
        """What the farming rules (bot.core.farming) need to decide a scored round's points."""
        repeated = await self.db.scalar(
            "SELECT 1 FROM rounds WHERE guild_id = ? AND user_id = ? AND question_id = ? AND id < ?"
            " AND started_at >= ? LIMIT 1",
            (rnd.guild_id, rnd.user_id, rnd.question_id, rnd.id or 0, rnd.started_at - REPEAT_WINDOW_SECONDS),
        )
        tz = (await GuildRepository(self.db).policy(rnd.guild_id)).timezone
        cap = (await self.settings(rnd.guild_id)).points_cap
        earned = await self.earned_on_day(rnd.guild_id, rnd.user_id, local_date(now, tz), tz)
        return FarmingFacts(bool(repeated), earned, cap)

    async def earned_on_day(self, guild_id: int, user_id: int, day: date, tz: str) -> int:
        """Points already awarded to the member on a guild-local day (rounds and daily answers)."""
        start, end = local_midnight(day, tz), local_midnight(day + timedelta(days=1), tz)
        rounds = await self.db.scalar(
            "SELECT coalesce(sum(s.points), 0) FROM rounds r JOIN scores s ON s.round_id = r.id"
            " WHERE r.guild_id = ? AND r.user_id = ? AND r.started_at >= ? AND s.scored_at >= ?"
            " AND s.scored_at < ?",
            (guild_id, user_id, start - 86_400, start, end),
        )
        daily = await self.db.scalar(
            "SELECT coalesce(sum(points), 0) FROM points_ledger"
            " WHERE guild_id = ? AND user_id = ? AND source = 'daily' AND at >= ? AND at < ?",
            (guild_id, user_id, start, end),
        )
        return int(rounds or 0) + int(daily or 0)

    # ---- daily question -------------------------------------------------------------------

    async def claim_post(
        self, guild_id: int, day: str, question_id: str, channel_id: int, now: float
    ) -> DailyPost | None:
        """Claim the day's post; None when it was already claimed (never post a day twice)."""
        conn = self.tx
        cur = await conn.execute(
            "INSERT OR IGNORE INTO daily_posts (guild_id, day, question_id, channel_id, posted_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (guild_id, day, question_id, channel_id, now),
        )
        if cur.rowcount == 0:
            return None
        return DailyPost(cur.lastrowid or 0, guild_id, day, question_id, channel_id, None, now)

    async def release_post(self, post_id: int) -> None:
        """The post could not be sent at all: let the next pass try again."""
        conn = self.tx
        await conn.execute("DELETE FROM daily_posts WHERE id = ? AND message_id IS NULL", (post_id,))

    async def set_post_message(self, post_id: int, message_id: int) -> None:
        conn = self.tx
        await conn.execute("UPDATE daily_posts SET message_id = ? WHERE id = ?", (message_id, post_id))

    async def post(self, post_id: int) -> DailyPost | None:
        row = await self.db.fetchone("SELECT * FROM daily_posts WHERE id = ?", (post_id,))
        return None if row is None else _post(row)

    async def post_for_day(self, guild_id: int, day: str) -> DailyPost | None:
        row = await self.db.fetchone(
            "SELECT * FROM daily_posts WHERE guild_id = ? AND day = ?", (guild_id, day)
        )
        return None if row is None else _post(row)

    async def recent_question_ids(self, guild_id: int, limit: int) -> list[str]:
        rows = await self.db.fetchall(
            "SELECT question_id FROM daily_posts WHERE guild_id = ? ORDER BY id DESC LIMIT ?",
            (guild_id, limit),
        )
        return [r[0] for r in rows]

    async def record_answer(
        self,
        post: DailyPost,
        user_id: int,
        name: str,
        choice: str,
        correct: bool,
        points: int,
        round_type: RoundType,
        now: float,
    ) -> bool:
        """Store the member's first answer (and its ledger row); False if they had answered already."""
        conn = self.tx
        await ensure_member(conn, post.guild_id, user_id, name, now)
        cur = await conn.execute(
            "INSERT OR IGNORE INTO daily_answers (post_id, user_id, choice, correct, points, answered_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (post.id, user_id, choice, int(correct), points, now),
        )
        if cur.rowcount == 0:
            return False
        await conn.execute(
            "INSERT INTO points_ledger (guild_id, user_id, at, points, round_type, source, ref_id)"
            " VALUES (?, ?, ?, ?, ?, 'daily', ?)",
            (post.guild_id, user_id, now, points, round_type.value, cur.lastrowid),
        )
        return True

    async def answer_of(self, post_id: int, user_id: int) -> aiosqlite.Row | None:
        return await self.db.fetchone(
            "SELECT * FROM daily_answers WHERE post_id = ? AND user_id = ?", (post_id, user_id)
        )

    async def previous_post(self, guild_id: int, day: str) -> DailyPost | None:
        """The latest daily post sent before `day` (the one the next post's recap is about)."""
        row = await self.db.fetchone(
            "SELECT * FROM daily_posts WHERE guild_id = ? AND day < ? AND message_id IS NOT NULL"
            " ORDER BY day DESC LIMIT 1",
            (guild_id, day),
        )
        return None if row is None else _post(row)

    async def right_count(self, post_id: int) -> int:
        return int(
            await self.db.scalar(
                "SELECT count(*) FROM daily_answers WHERE post_id = ? AND correct = 1", (post_id,)
            )
            or 0
        )

    async def answer_count(self, post_id: int) -> int:
        return int(
            await self.db.scalar("SELECT count(*) FROM daily_answers WHERE post_id = ?", (post_id,)) or 0
        )
