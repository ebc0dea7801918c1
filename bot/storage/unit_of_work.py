"""One transaction and the repositories bound to it (cosmicpython's unit of work).

    async with db.unit_of_work() as uow:
        round_id = await uow.rounds.insert(rnd, "discord")
        await uow.timers.add("half_time", round_id, due, now)

Everything inside commits together on a clean exit and rolls back on any error; repositories
never commit on their own. Reads outside a unit of work go through the repositories (or the
Database) directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import aiosqlite

from bot.storage.code_runs import CodeRunRepository
from bot.storage.drafts import DraftRepository
from bot.storage.guild_bank import GuildQuestionRepository
from bot.storage.guilds import GuildRepository
from bot.storage.members import MemberRepository
from bot.storage.meta import MetaRepository
from bot.storage.model_grader import ModelGraderRepository
from bot.storage.reviews import ReviewRepository
from bot.storage.rounds import RoundRepository
from bot.storage.study import StudyRepository
from bot.storage.timers import TimerRepository

if TYPE_CHECKING:
    from bot.storage.database import Database


class UnitOfWork:
    def __init__(self, db: Database, conn: aiosqlite.Connection) -> None:
        self.rounds = RoundRepository(db, conn)
        self.timers = TimerRepository(db, conn=conn)
        self.reviews = ReviewRepository(db, conn)
        self.code_runs = CodeRunRepository(db, conn)
        self.study = StudyRepository(db, conn)
        self.guilds = GuildRepository(db, conn)
        self.members = MemberRepository(db, conn)
        self.meta = MetaRepository(db, conn)
        self.guild_questions = GuildQuestionRepository(db, conn)
        self.drafts = DraftRepository(db, conn)
        self.model_grader = ModelGraderRepository(db, conn)
