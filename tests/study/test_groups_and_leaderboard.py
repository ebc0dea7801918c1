"""Groups and the leaderboard through StudyService on a real database with a fake clock."""

from __future__ import annotations

import pytest

from bot.core.clock import FakeClock
from bot.service import Member
from bot.study import GroupError, StudyService
from tests.study.conftest import GOOD, HALF, MONDAY_2026_01_05


async def test_group_names_are_unique_ignoring_case_and_bad_names_are_explained(study: StudyService) -> None:
    owner = Member(10, 1, "ann")
    made = await study.create_group(owner, "  ML   Study ")
    assert made.name == "ML Study"
    with pytest.raises(GroupError, match="already exists"):
        await study.create_group(owner, "ml study")
    for bad in ("", "x", "!!!", "a" * 33, "1234"):
        with pytest.raises(GroupError, match="2-32 characters"):
            await study.create_group(owner, bad)
    other_guild = await study.create_group(Member(11, 1, "ann"), "ML STUDY")  # another server: fine
    assert other_guild.guild_id == 11
    with pytest.raises(GroupError, match=r"no group called 'nope'.*ML Study"):
        await study.join_group(owner, "nope")


async def test_join_leave_and_members(study: StudyService) -> None:
    await study.create_group(Member(10, 1, "ann"), "Night Owls")
    group, joined = await study.join_group(Member(10, 2, "ben"), "night owls")
    assert joined and group.name == "Night Owls"
    assert (await study.join_group(Member(10, 2, "ben"), "NIGHT OWLS"))[1] is False
    _, people = await study.group_members(10, "Night Owls")
    assert [uid for uid, _ in people] == [1, 2]  # the creator is the first member
    assert (await study.leave_group(Member(10, 2, "ben"), "night owls"))[1] is True
    assert (await study.leave_group(Member(10, 2, "ben"), "night owls"))[1] is False
    assert [(g.name, n) for g, n in await study.groups(10)] == [("Night Owls", 1)]


async def test_leaderboard_ranks_by_points_then_by_who_got_there_first(study, player) -> None:
    ann, ben, cid = player(1, "ann"), player(2, "ben"), player(3, "cid")
    weak = await cid.round(HALF)
    first = await ann.round(GOOD)
    second = await ben.round(GOOD)
    assert first.points == second.points > weak.points > 0
    board = await study.leaderboard(10, caller_id=3)
    assert [(line.rank, line.name, line.points) for line in board.lines] == [
        (1, "ann", first.points),
        (2, "ben", second.points),
        (3, "cid", weak.points),
    ]
    assert board.caller is not None and board.caller.rank == 3
    assert all(line.streak == 1 for line in board.lines)


async def test_abandoned_rounds_earn_nothing_and_do_not_list_the_member(study, player) -> None:
    await player(1, "ann").round(GOOD)
    await player(2, "ben").abandon()
    board = await study.leaderboard(10, caller_id=2)
    assert [line.name for line in board.lines] == ["ann"]
    assert board.caller is None and board.caller_streak.current == 0


async def test_group_board_lists_current_members_only(study, player) -> None:
    ann, ben, cid = player(1, "ann"), player(2, "ben"), player(3, "cid")
    await study.create_group(ann.member, "Owls")
    await study.join_group(ben.member, "Owls")
    for p in (ann, ben, cid):
        await p.round(GOOD)
    await study.leave_group(ben.member, "owls")
    group_board = await study.leaderboard(10, caller_id=1, group="owls")
    assert [line.name for line in group_board.lines] == ["ann"]
    server_board = await study.leaderboard(10, caller_id=1)
    assert sorted(line.name for line in server_board.lines) == ["ann", "ben", "cid"]


async def test_round_filter_and_period(study, player, clock: FakeClock) -> None:
    ann, ben = player(1, "ann"), player(2, "ben")
    await ann.round(GOOD, round_type="coding", minutes_used=20)
    await ben.round(GOOD)
    coding = await study.leaderboard(10, caller_id=1, round_type="coding")
    assert [line.name for line in coding.lines] == ["ann"]
    clock.advance(40 * 86_400)
    assert (await study.leaderboard(10, caller_id=1, period="month")).lines == []
    assert len((await study.leaderboard(10, caller_id=1, period="all")).lines) == 2


async def test_week_boundary_depends_on_the_guild_timezone(study, player, clock: FakeClock) -> None:
    clock.set(MONDAY_2026_01_05 - 40 * 60)  # Sunday 23:20 UTC
    await player(1, "ann").round(GOOD, minutes_used=10)  # scored Sunday 23:30 UTC = Monday 00:30 Berlin
    clock.set(MONDAY_2026_01_05 + 3600)
    assert (await study.leaderboard(10, caller_id=1, period="week")).lines == []
    await study.set_timezone(10, "Europe/Berlin")
    assert [line.name for line in (await study.leaderboard(10, caller_id=1, period="week")).lines] == ["ann"]


async def test_paging_keeps_the_callers_line(study, player) -> None:
    for uid in range(1, 13):
        await player(uid, f"m{uid:02d}").round(GOOD if uid <= 11 else HALF)
    first = await study.leaderboard(10, caller_id=12)
    assert len(first.lines) == 10 and first.page.pages == 2
    assert first.caller is not None and first.caller.rank == 12 and first.caller.name == "m12"
    second = await study.leaderboard(10, caller_id=12, page=1)
    assert [line.rank for line in second.lines] == [11, 12]


async def test_leaderboard_streaks_follow_new_activity_and_new_days(study, player, clock) -> None:
    """Streaks on the board are cached per member; new rounds and a new day must still show."""
    ann = player(1, "ann")
    await ann.round(GOOD)
    assert (await study.leaderboard(10, caller_id=1)).caller_streak.current == 1
    clock.advance(24 * 3600)
    await ann.round(GOOD)
    assert (await study.leaderboard(10, caller_id=1)).caller_streak.current == 2
    clock.advance(3 * 24 * 3600)  # no activity for days: the same cached member must drop to 0
    board = await study.leaderboard(10, caller_id=1)
    assert board.caller_streak.current == 0 and board.caller_streak.best == 2
