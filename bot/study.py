"""StudyService: groups, leaderboards, streaks, stats and the daily question.

It sits beside InterviewService and shares its Database, bank and Clock; both front ends call it.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from bot.core.bank import QuestionBank
from bot.core.clock import Clock
from bot.core.errors import GroupError, InvalidOption, NoGroupNamed, UnknownQuestion
from bot.core.farming import allowed_points, check_cap
from bot.core.leaderboard import (
    BoardPage,
    Period,
    Ranked,
    local_date,
    local_midnight,
    page_of,
    parse_period,
    period_bounds,
    rank,
    zone,
)
from bot.core.models import Difficulty, RoundType
from bot.core.policy import parse_round_type
from bot.core.questions import Question
from bot.core.scoring.points import compute_points
from bot.core.stats import MemberStats, summarise
from bot.core.streaks import Streak, streak
from bot.service import InterviewService, Member
from bot.storage.database import Database
from bot.storage.study import DailyPost, Group, StudyRepository, StudySettings, WeeklyPost

GROUP_NAME = re.compile(r"^[\w][\w .'-]{1,31}$")
RECENT_DAILY_AVOID = 30


def group_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def check_group_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not GROUP_NAME.match(cleaned) or cleaned.replace("_", "").isdigit():
        raise GroupError(
            "A group name is 2-32 characters: letters, digits, spaces, and . ' - _ "
            "(starting with a letter or digit, not only digits)."
        )
    return cleaned


def parse_time_of_day(value: str) -> int:
    """'07:30' -> minutes after midnight."""
    match = re.fullmatch(r"\s*([01]?\d|2[0-3])[:.h]([0-5]\d)\s*", value or "")
    if not match:
        raise InvalidOption(f"'{value}' is not a time of day; use HH:MM in 24-hour form, e.g. 09:00.")
    return int(match[1]) * 60 + int(match[2])


def local_time(day: date, minute: int, tz: str) -> float:
    """The instant of a wall-clock time on a guild-local day (DST-aware)."""
    return datetime.combine(day, time(minute // 60, minute % 60), zone(tz)).timestamp()


@dataclass(frozen=True, slots=True)
class BoardLine:
    rank: int
    user_id: int
    name: str
    points: int
    streak: int


@dataclass(frozen=True, slots=True)
class Leaderboard:
    guild_id: int
    group: Group | None
    period: Period
    round_type: RoundType | None
    page: BoardPage
    lines: list[BoardLine]
    caller: BoardLine | None
    caller_streak: Streak
    points_cap: int
    streak_freezes: int = 0  # missed days a week that do not break a streak


@dataclass(frozen=True, slots=True)
class StudyStats:
    user_id: int
    name: str
    summary: MemberStats
    streak: Streak
    daily_answered: int
    daily_points: int
    rounds_over_time: list[tuple[float, RoundType, float]]  # (when, type, score) of scored rounds
    timezone: str = "UTC"  # the server's: the chart's days and the last round's time are in it
    week_points: int = 0  # points this week (Monday 00:00 in the server's zone) so far
    last_week_points: int = 0
    last_round_at: float | None = None

    @property
    def total_points(self) -> int:
        return self.summary.points + self.daily_points

    @property
    def weekly_change(self) -> int:
        return self.week_points - self.last_week_points


@dataclass(frozen=True, slots=True)
class DailyAnswer:
    post: DailyPost
    question: Question
    correct: bool
    points: int
    first_time: bool  # False: they had answered already; nothing changed
    chosen: str
    answered: int


@dataclass(frozen=True, slots=True)
class DailyRecap:
    """How the previous daily question went, for the top of the next day's post."""

    day: date
    yesterday: bool  # the previous post was the day before (not an older one)
    question: Question
    right: int
    answered: int


@dataclass(frozen=True, slots=True)
class WeeklyLine:
    rank: int
    user_id: int
    name: str
    points: int
    gap: int | None  # points behind the member one place up (None for first place)


@dataclass(frozen=True, slots=True)
class WeeklyWinners:
    """A finished week's standings, for the weekly post."""

    post: WeeklyPost
    first_day: date  # the guild-local Monday the week began
    next_reset: float  # when the week now running ends (its board resets)
    lines: list[WeeklyLine]


WEEKLY_SHOWN = 10
MAX_STREAK_FREEZES = 3
STREAK_CACHE_SIZE = 20_000
BOARD_MEMO_SIZE = 5_000
_T = TypeVar("_T")


class StudyService:
    def __init__(self, interviews: InterviewService, db: Database | None = None) -> None:
        """`db` is the process's database (bootstrap passes it; by default the interview service's)."""
        self.interviews = interviews
        self.db = db or interviews.db
        self._repo = StudyRepository(self.db)  # reads; every write is a `db.unit_of_work()`
        # (guild, member) -> ((tz, local day, activity marks), streak); see _streaks_of
        self._streak_cache: dict[tuple[int, int], tuple[tuple[object, ...], Streak]] = {}
        # (guild, what) -> (board version, value); see _remember
        self._board_memo: dict[tuple[object, ...], tuple[int, object]] = {}
        # called after a guild's daily-question settings changed (the Discord poster wakes up)
        self.daily_listeners: list[Callable[[], None]] = []
        # called after a guild's weekly-post settings changed (the weekly poster wakes up)
        self.weekly_listeners: list[Callable[[], None]] = []

    @property
    def bank(self) -> QuestionBank:
        return self.interviews.bank

    @property
    def clock(self) -> Clock:
        return self.interviews.clock

    async def timezone(self, guild_id: int) -> str:
        return (await self.interviews.policy(guild_id)).timezone

    # ---- groups ---------------------------------------------------------------------------

    async def create_group(self, member: Member, name: str, role_id: int | None = None) -> Group:
        """Create a group; its creator is its first member."""
        cleaned = check_group_name(name)
        now = self.clock.now()
        async with self.db.unit_of_work() as uow:
            group = await uow.study.create_group(
                member.guild_id, cleaned, group_key(cleaned), role_id, member.user_id, now
            )
            if group is not None:
                await uow.study.add_member(group, member.user_id, member.name, now)  # the creator joins
        if group is None:
            existing = await self._repo.group(member.guild_id, group_key(cleaned))
            taken = existing.name if existing else cleaned
            raise GroupError(f"A group called '{taken}' already exists here (names ignore upper/lower case).")
        return group

    async def group(self, guild_id: int, name: str) -> Group:
        group = await self._repo.group(guild_id, group_key(name or ""))
        if group is None:
            raise NoGroupNamed(name, [g.name for g, _ in await self._repo.groups(guild_id)])
        return group

    async def join_group(self, member: Member, name: str) -> tuple[Group, bool]:
        group = await self.group(member.guild_id, name)
        async with self.db.unit_of_work() as uow:
            joined = await uow.study.add_member(group, member.user_id, member.name, self.clock.now())
        return group, joined

    async def leave_group(self, member: Member, name: str) -> tuple[Group, bool]:
        group = await self.group(member.guild_id, name)
        async with self.db.unit_of_work() as uow:
            left = await uow.study.remove_member(group.id, member.user_id)
        return group, left

    async def groups(self, guild_id: int) -> list[tuple[Group, int]]:
        return await self._repo.groups(guild_id)

    async def group_members(self, guild_id: int, name: str) -> tuple[Group, list[tuple[int, str]]]:
        group = await self.group(guild_id, name)
        ids = await self._repo.member_ids(group.id)
        names = await self._repo.names(guild_id, ids)
        return group, [(uid, names.get(uid, f"member {uid}")) for uid in ids]

    # ---- leaderboard ----------------------------------------------------------------------

    async def leaderboard(
        self,
        guild_id: int,
        caller_id: int,
        *,
        group: str | int | None = None,
        period: str | Period | None = None,
        round_type: str | RoundType | None = None,
        page: int = 0,
    ) -> Leaderboard:
        chosen_period = parse_period(period)
        rtype = parse_round_type(round_type) if round_type else None
        # Everything below is reused while the guild's board version stays the same: a busy
        # board costs one indexed read instead of a scan of the period's points.
        version = await self._repo.board_version(guild_id)

        async def remember(key: tuple[object, ...], compute: Callable[[], Awaitable[_T]]) -> _T:
            return await self._remember(guild_id, version, key, compute)

        if isinstance(group, int):
            found = await remember(("group id", group), lambda: self._repo.group_by_id(group))
            if found is None or found.guild_id != guild_id:
                raise GroupError("That group no longer exists.")
            the_group: Group | None = found
        else:
            the_group = (
                await remember(("group", group), lambda: self.group(guild_id, group)) if group else None
            )
        tz = await remember(("tz",), lambda: self.timezone(guild_id))
        now = self.clock.now()
        start, end = period_bounds(chosen_period, now, tz)
        group_id = the_group.id if the_group else None

        async def ranked() -> list[Ranked]:
            return rank(await self._repo.standings(guild_id, start, end, rtype, group_id))

        board = page_of(await remember(("ranked", start, end, rtype, group_id), ranked), page, caller_id)
        shown = [*board.entries, *([board.caller] if board.caller else [])]
        ids = sorted({caller_id, *(r.user_id for r in shown)})
        names = await remember(("names", *ids), lambda: self._repo.names(guild_id, ids))
        settings = await remember(("settings",), lambda: self._repo.settings(guild_id))
        freezes = settings.streak_freezes
        streaks = await remember(
            ("streaks", tz, freezes, local_date(now, tz), *ids),
            lambda: self._streaks_of(guild_id, ids, tz, now, freezes),
        )
        caller_streak = streaks[caller_id]

        def line(r: Ranked) -> BoardLine:
            name = names.get(r.user_id, f"member {r.user_id}")
            return BoardLine(r.rank, r.user_id, name, r.points, streaks[r.user_id].current)

        return Leaderboard(
            guild_id,
            the_group,
            chosen_period,
            rtype,
            board,
            [line(r) for r in board.entries],
            line(board.caller) if board.caller else None,
            caller_streak,
            settings.points_cap,
            freezes,
        )

    async def _remember(
        self, guild_id: int, version: int, key: tuple[object, ...], compute: Callable[[], Awaitable[_T]]
    ) -> _T:
        """`compute()`'s value, kept while the guild's board version is `version`. The version is
        read before computing, so a value is never filed under a version newer than its data."""
        full_key = (guild_id, *key)
        hit = self._board_memo.get(full_key)
        if hit is not None and hit[0] == version:
            return hit[1]  # type: ignore[no-any-return]
        value = await compute()
        if len(self._board_memo) >= BOARD_MEMO_SIZE:
            self._board_memo.clear()
        self._board_memo[full_key] = (version, value)
        return value

    async def _streaks_of(
        self, guild_id: int, user_ids: list[int], tz: str, now: float, freezes: int = 0
    ) -> dict[int, Streak]:
        """Streaks of several members. A member's streak is recomputed only when their activity
        (count, latest), the local day or the guild's streak freezes changed: a busy leaderboard
        reads two numbers per member."""
        today = local_date(now, tz)
        marks = await self._repo.activity_marks(guild_id, user_ids)
        found: dict[int, Streak] = {}
        stale = []
        for uid in user_ids:
            key = (tz, today, freezes, marks.get(uid))
            cached = self._streak_cache.get((guild_id, uid))
            if cached is not None and cached[0] == key:
                found[uid] = cached[1]
            else:
                stale.append(uid)
        if stale:
            for uid, times in (await self._repo.activity_times_of(guild_id, stale)).items():
                found[uid] = streak(times, tz, now, freezes_per_week=freezes)
                self._streak_cache[(guild_id, uid)] = ((tz, today, freezes, marks.get(uid)), found[uid])
            while len(self._streak_cache) > STREAK_CACHE_SIZE:
                self._streak_cache.pop(next(iter(self._streak_cache)))
        return found

    async def streak(
        self, guild_id: int, user_id: int, tz: str | None = None, freezes: int | None = None
    ) -> Streak:
        tz = tz or await self.timezone(guild_id)
        if freezes is None:
            freezes = (await self._repo.settings(guild_id)).streak_freezes
        times = await self._repo.activity_times(guild_id, user_id)
        return streak(times, tz, self.clock.now(), freezes_per_week=freezes)

    # ---- stats ----------------------------------------------------------------------------

    async def stats(self, guild_id: int, user_id: int) -> StudyStats | None:
        """The member's figures, or None when they have neither rounds nor daily answers."""
        now = self.clock.now()
        records = await self._repo.round_records(guild_id, user_id, now)
        answered, daily_points = await self._repo.daily_points(guild_id, user_id)
        if not records and not answered:
            return None
        name = await self.interviews.member_name(guild_id, user_id)
        tz = await self.timezone(guild_id)
        settings = await self._repo.settings(guild_id)
        week_start, week_end = period_bounds(Period.WEEK, now, tz)
        last_week_start = local_midnight(local_date(week_start, tz) - timedelta(days=7), tz)
        return StudyStats(
            user_id,
            name,
            summarise(records),
            await self.streak(guild_id, user_id, tz, settings.streak_freezes),
            answered,
            daily_points,
            [(r.started_at, r.round_type, r.score) for r in records if r.score is not None],
            timezone=tz,
            week_points=await self._repo.points_between(guild_id, user_id, week_start, week_end),
            last_week_points=await self._repo.points_between(guild_id, user_id, last_week_start, week_start),
            last_round_at=max((r.started_at for r in records), default=None),
        )

    # ---- settings -------------------------------------------------------------------------

    async def settings(self, guild_id: int) -> StudySettings:
        return await self._repo.settings(guild_id)

    async def set_timezone(self, guild_id: int, name: str) -> str:
        tz = zone(name).key
        policy = await self.interviews.policy(guild_id)
        await self.interviews.save_policy(guild_id, replace(policy, timezone=tz))
        return tz

    async def set_streak_freezes(self, guild_id: int, per_week: int) -> int:
        """Missed days per week that do not break a streak (0 turns streak freezes off)."""
        if not 0 <= per_week <= MAX_STREAK_FREEZES:
            raise InvalidOption(
                f"Streak freezes are 0 (off) to {MAX_STREAK_FREEZES} missed days a week; got {per_week}."
            )
        async with self.db.unit_of_work() as uow:
            await uow.study.save_streak_freezes(guild_id, per_week)
        return per_week

    async def set_points_cap(self, guild_id: int, cap: int) -> int:
        async with self.db.unit_of_work() as uow:
            await uow.study.save_cap(guild_id, check_cap(cap))
        return cap

    async def set_daily(
        self,
        guild_id: int,
        channel_id: int | None,
        at: str | None = None,
        round_type: str | None = None,
        role_id: int | None = None,
    ) -> StudySettings:
        """Turn the daily question on (channel, HH:MM local time, round type, a role to ping) or
        off (no channel)."""
        if channel_id is None:
            async with self.db.unit_of_work() as uow:
                await uow.study.save_daily(guild_id, None, None, None, self.clock.now())
        else:
            minute = parse_time_of_day(at or "09:00")
            rtype = parse_round_type(round_type or RoundType.ML_THEORY)
            if not self.daily_candidates(rtype):
                raise InvalidOption(
                    f"The bank has no multiple-choice {rtype.label.lower()} questions for a daily question; "
                    "pick another round type."
                )
            async with self.db.unit_of_work() as uow:
                await uow.study.save_daily(guild_id, channel_id, minute, rtype, self.clock.now(), role_id)
        for listener in self.daily_listeners:
            listener()
        return await self.settings(guild_id)

    # ---- the weekly winners post ----------------------------------------------------------

    async def set_weekly(self, guild_id: int, channel_id: int | None) -> StudySettings:
        """Post each week's winners in `channel_id` when the week resets; None turns it off."""
        async with self.db.unit_of_work() as uow:
            await uow.study.save_weekly(guild_id, channel_id, self.clock.now())
        for listener in self.weekly_listeners:
            listener()
        return await self.settings(guild_id)

    @staticmethod
    def week_start(now: float, tz: str) -> date:
        """The guild-local Monday of the week containing `now`."""
        today = local_date(now, tz)
        return today - timedelta(days=today.weekday())

    async def next_weekly_due(self) -> float | None:
        """The next week reset of any guild with the weekly post on (for the poster's sleep)."""
        now = self.clock.now()
        resets = [
            local_midnight(self.week_start(now, tz) + timedelta(days=7), tz)
            for _, _, tz in await self._repo.weekly_guilds()
        ]
        return min(resets, default=None)

    async def claim_due_weekly(self) -> list[WeeklyWinners]:
        """Claim each guild's post for the week that ended last (once per guild and week, across
        restarts: the claim is a row before anything is sent). A week that ended before the post
        was set up is not owed; after a long outage only the latest week is posted. A week with no
        points is claimed and not posted."""
        now = self.clock.now()
        owed = []
        for guild_id, settings, tz in await self._repo.weekly_guilds():
            this_week = self.week_start(now, tz)
            ended_at = local_midnight(this_week, tz)
            if settings.weekly_channel_id is None or (settings.weekly_since or 0) >= ended_at:
                continue
            first_day = this_week - timedelta(days=7)
            if await self._repo.weekly_post(guild_id, first_day.isoformat()) is not None:
                continue
            async with self.db.unit_of_work() as uow:
                post = await uow.study.claim_weekly(
                    guild_id, first_day.isoformat(), settings.weekly_channel_id, now
                )
            if post is None:
                continue
            ranked = rank(await self._repo.standings(guild_id, local_midnight(first_day, tz), ended_at))
            ranked = [r for r in ranked if r.points > 0][:WEEKLY_SHOWN]
            if not ranked:
                continue
            names = await self._repo.names(guild_id, [r.user_id for r in ranked])
            lines = [
                WeeklyLine(
                    r.rank,
                    r.user_id,
                    names.get(r.user_id, f"member {r.user_id}"),
                    r.points,
                    None if i == 0 else ranked[i - 1].points - r.points,
                )
                for i, r in enumerate(ranked)
            ]
            next_reset = local_midnight(this_week + timedelta(days=7), tz)
            owed.append(WeeklyWinners(post, first_day, next_reset, lines))
        return owed

    async def release_weekly(self, post: WeeklyPost) -> None:
        async with self.db.unit_of_work() as uow:
            await uow.study.release_weekly(post.id)

    async def weekly_posted(self, post: WeeklyPost, message_id: int) -> None:
        async with self.db.unit_of_work() as uow:
            await uow.study.set_weekly_message(post.id, message_id)

    # ---- daily question -------------------------------------------------------------------

    def daily_candidates(self, rtype: RoundType) -> list[Question]:
        return sorted(
            (q for q in self.bank.filter(round_type=rtype) if q.answer.kind == "choice"), key=lambda q: q.id
        )

    @staticmethod
    def due_at(settings: StudySettings, tz: str, now: float) -> float | None:
        """When today's daily post is (or was) due in the guild's day; None if today's is not owed."""
        if not settings.daily_enabled or settings.daily_minute is None:
            return None
        due = local_time(local_date(now, tz), settings.daily_minute, tz)
        if settings.daily_since is not None and due < settings.daily_since:
            return None  # set up after today's time: the first post is tomorrow
        return due

    async def next_daily_due(self) -> float | None:
        """The earliest future moment a guild's daily post falls due (for the poster's sleep)."""
        now = self.clock.now()
        best: float | None = None
        for _, settings, tz in await self._repo.daily_guilds():
            if settings.daily_minute is None:
                continue
            today = local_date(now, tz)
            for day in (today, today + timedelta(days=1)):
                when = local_time(day, settings.daily_minute, tz)
                if when > now:
                    best = when if best is None else min(best, when)
                    break
        return best

    async def claim_due_posts(self) -> list[tuple[DailyPost, Question]]:
        """Claim every daily post that is due and not yet posted. Each day is claimed at most once."""
        now = self.clock.now()
        claimed = []
        for guild_id, settings, tz in await self._repo.daily_guilds():
            due = self.due_at(settings, tz, now)
            if due is None or due > now or settings.daily_channel_id is None:
                continue
            day = local_date(now, tz).isoformat()
            if await self._repo.post_for_day(guild_id, day) is not None:
                continue
            question = await self._pick_daily(guild_id, settings.daily_round_type or RoundType.ML_THEORY, day)
            if question is None:
                continue
            async with self.db.unit_of_work() as uow:
                post = await uow.study.claim_post(guild_id, day, question.id, settings.daily_channel_id, now)
            if post is not None:
                claimed.append((post, question))
        return claimed

    async def _pick_daily(self, guild_id: int, rtype: RoundType, day: str) -> Question | None:
        candidates = self.daily_candidates(rtype)
        if not candidates:
            return None
        recent = set(await self._repo.recent_question_ids(guild_id, RECENT_DAILY_AVOID))
        fresh = [q for q in candidates if q.id not in recent] or candidates
        return fresh[datetime.fromisoformat(day).toordinal() % len(fresh)]

    async def daily_recap(self, post: DailyPost) -> DailyRecap | None:
        """The answer to the guild's previous daily question and how many got it right."""
        before = await self._repo.previous_post(post.guild_id, post.day)
        if before is None:
            return None
        try:
            question = self.bank.get(before.question_id)
        except UnknownQuestion:  # it left the bank since: no recap rather than a failed post
            return None
        day = date.fromisoformat(before.day)
        yesterday = date.fromisoformat(post.day) - day == timedelta(days=1)
        right, answered = await self._repo.right_count(before.id), await self._repo.answer_count(before.id)
        return DailyRecap(day, yesterday, question, right, answered)

    async def daily_role(self, guild_id: int) -> int | None:
        return (await self._repo.settings(guild_id)).daily_role_id

    async def release_post(self, post: DailyPost) -> None:
        async with self.db.unit_of_work() as uow:
            await uow.study.release_post(post.id)

    async def posted(self, post: DailyPost, message_id: int) -> None:
        async with self.db.unit_of_work() as uow:
            await uow.study.set_post_message(post.id, message_id)

    async def daily_post(self, post_id: int) -> tuple[DailyPost, Question, int]:
        post = await self._repo.post(post_id)
        if post is None:
            raise InvalidOption("That daily question no longer exists.")
        return post, self.bank.get(post.question_id), await self._repo.answer_count(post.id)

    async def answer_daily(self, member: Member, post_id: int, choice: str) -> DailyAnswer:
        post, question, _ = await self.daily_post(post_id)
        if post.guild_id != member.guild_id:
            raise InvalidOption("That daily question belongs to another server.")
        answer = question.answer
        if answer.kind != "choice":
            raise InvalidOption("That daily question is not multiple choice.")
        if choice not in {o.key for o in answer.options}:
            raise InvalidOption(f"'{choice}' is not one of the options.")
        tz = await self.timezone(post.guild_id)
        if local_date(self.clock.now(), tz).isoformat() != post.day:
            raise InvalidOption("That daily question has closed; answer today's instead.")
        previous = await self._repo.answer_of(post.id, member.user_id)
        if previous is not None:
            return await self._answer_result(post, question, previous["choice"], previous["points"], False)
        correct = set(answer.correct) == {choice}
        raw = compute_points(100 if correct else 0, Difficulty(question.difficulty), 0, 0, 0, 0, False, False)
        now = self.clock.now()
        async with self.db.unit_of_work() as uow:  # the cap is read and the answer stored together
            earned = await uow.study.earned_on_day(post.guild_id, member.user_id, local_date(now, tz), tz)
            cap = (await uow.study.settings(post.guild_id)).points_cap
            points = allowed_points(raw, repeated=False, earned_today=earned, daily_cap=cap)
            first = await uow.study.record_answer(
                post, member.user_id, member.name, choice, correct, points, question.round_type, now
            )
        if not first:  # a double click raced us
            stored = await self._repo.answer_of(post.id, member.user_id)
            assert stored is not None
            return await self._answer_result(post, question, stored["choice"], stored["points"], False)
        return await self._answer_result(post, question, choice, points, True)

    async def _answer_result(
        self, post: DailyPost, question: Question, choice: str, points: int, first: bool
    ) -> DailyAnswer:
        correct = set(question.answer.correct) == {choice}  # type: ignore[union-attr]
        return DailyAnswer(
            post, question, correct, points, first, choice, await self._repo.answer_count(post.id)
        )
