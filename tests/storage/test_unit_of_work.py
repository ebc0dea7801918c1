"""The one transaction boundary: writes only inside `Database.unit_of_work()`, all or nothing."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.errors import RoundAlreadyActive
from bot.core.models import Difficulty, RoundType
from bot.core.rounds import new_round
from bot.storage.database import Database
from bot.storage.migrations import upgrade
from bot.storage.rounds import OpenRoundExists, RoundRepository


async def open_db(path: str) -> Database:
    db = await Database.open(path)
    await upgrade(db, 0.0)
    return db


def a_round(user_id: int = 1):
    return new_round(
        guild_id=10,
        user_id=user_id,
        question_id="q-1",
        round_type=RoundType.ML_THEORY,
        difficulty=Difficulty.MEDIUM,
        topic="probability",
        minutes=60,
        now=1000.0,
    )


async def test_a_repository_outside_a_unit_of_work_refuses_to_write(db_path) -> None:
    db = await open_db(db_path)
    try:
        with pytest.raises(RuntimeError, match="unit_of_work"):
            await RoundRepository(db).insert(a_round(), "discord")
        assert await db.scalar("SELECT count(*) FROM rounds") == 0
    finally:
        await db.close()


async def test_an_error_inside_rolls_back_every_write_of_the_unit(db_path) -> None:
    db = await open_db(db_path)
    try:
        with pytest.raises(ZeroDivisionError):
            async with db.unit_of_work() as uow:
                await uow.members.ensure(10, 1, "ann", 1000.0)
                round_id = await uow.rounds.insert(a_round(), "discord")
                await uow.timers.add("time_up", round_id, 2000.0, 1000.0)
                _ = 1 / 0
        for table in ("members", "sessions", "rounds", "timers"):
            assert await db.scalar(f"SELECT count(*) FROM {table}") == 0, table
        async with db.unit_of_work() as uow:
            await uow.members.ensure(10, 1, "ann", 1000.0)
            await uow.rounds.insert(a_round(), "discord")
        assert await db.scalar("SELECT count(*) FROM rounds") == 1
    finally:
        await db.close()


async def test_a_second_open_round_is_a_typed_error(db_path) -> None:
    db = await open_db(db_path)
    try:
        async with db.unit_of_work() as uow:
            await uow.members.ensure(10, 1, "ann", 1000.0)
            await uow.rounds.insert(a_round(), "discord")
        with pytest.raises(OpenRoundExists):
            async with db.unit_of_work() as uow:
                await uow.rounds.insert(a_round(), "discord")
        assert await db.scalar("SELECT count(*) FROM rounds") == 1
        assert await db.scalar("SELECT count(*) FROM sessions") == 1  # the session row rolled back too
    finally:
        await db.close()


async def test_two_starts_at_once_open_one_round_and_name_it(service, alice) -> None:
    results = await asyncio.gather(
        service.start_round(alice, "ml_theory"), service.start_round(alice, "coding"), return_exceptions=True
    )
    opened = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(opened) == 1 and len(refused) == 1
    assert isinstance(refused[0], RoundAlreadyActive) and refused[0].round_id == opened[0].round.id
    assert await service.db.scalar("SELECT count(*) FROM rounds") == 1
