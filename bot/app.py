"""The composition root: settings -> bank -> `bootstrap()` -> Services, shared by every command.

`bootstrap` is the one place that opens the database and builds the services. The Discord bot
and the terminal receive the `Services` it returns and build nothing themselves.
"""

from __future__ import annotations

import gc
import random
import sys
from dataclasses import dataclass, field

from bot.bank.loader import load_bank
from bot.coding import CodingService
from bot.core.bank import QuestionBank
from bot.core.clock import Clock, SystemClock
from bot.guild_bank import GuildBankService
from bot.judge.base import Runner
from bot.judge.disabled import DisabledRunner
from bot.model_grading import ModelGrader, chat_model
from bot.reviews import ReviewService
from bot.scoring_process import Scorer, WorkerScorer
from bot.service import InterviewService
from bot.settings import Settings, SettingsError, load_settings
from bot.storage.database import Database, DatabaseError
from bot.storage.migrations import available_migrations, current_version, upgrade
from bot.storage.timers import TimerScope
from bot.study import StudyService

FrontEnd = TimerScope  # "discord", "terminal", or "all" (tests and tools that fire every timer)


class StartupError(Exception):
    """A problem the user can fix (bad setting, broken bank, unusable database): print it, exit 2."""


@dataclass
class Loaded:
    settings: Settings
    bank: QuestionBank
    warnings: list[str]


def load(require_clean_bank: bool = False) -> Loaded:
    try:
        settings = load_settings()
    except SettingsError as exc:
        raise StartupError(str(exc)) from None
    data_dir = settings.db_path.parent if str(settings.db_path) != ":memory:" else None
    result = load_bank(
        [settings.questions_dir], cache_dir=data_dir / "bank-cache" if data_dir else None, keep_for_life=True
    )
    warnings = [str(e) for e in result.errors]
    if len(result.bank) == 0:
        raise StartupError(
            f"No valid questions found in {settings.questions_dir}.\n" + "\n".join(warnings[:20])
        )
    if warnings and require_clean_bank:
        raise StartupError("The question bank has errors:\n" + "\n".join(warnings))
    return Loaded(settings, result.bank, warnings)


@dataclass
class Services:
    """Every service of one process, built once by `bootstrap`. Front ends take what they need."""

    front_end: FrontEnd
    interviews: InterviewService
    study: StudyService
    reviews: ReviewService
    coding: CodingService
    banks: GuildBankService
    grader: ModelGrader
    read_only: str | None = None  # why the database cannot be written here, when it cannot
    scorer: Scorer = field(default_factory=Scorer)  # the Discord bot's: a worker process

    async def close(self) -> None:
        await self.grader.close()
        await self.interviews.close()
        await self.scorer.close()


async def bootstrap(
    settings: Settings,
    front_end: FrontEnd,
    *,
    bank: QuestionBank,
    clock: Clock | None = None,
    rng: random.Random | None = None,
    runner: Runner | None = None,
    reading_only: bool = False,
    check: bool = False,
) -> Services:
    """Open and migrate the database, then build every service once for one front end.

    The interview service fires only `front_end`'s round timers. Without a `runner`, code
    judging is disabled (with the reason shown to members). `reading_only` (history, stats,
    rounds) opens a location this user cannot write read-only (`Services.read_only` says why);
    `check` runs SQLite's quick_check first. A database the user must fix becomes a StartupError.
    The Discord front end scores answers in a worker process it starts here (bot.scoring_process),
    so other members' interactions do not wait behind a score; every other front end scores inline.
    """
    clock = clock or SystemClock()
    try:
        opener = Database.open_for_reading if reading_only else Database.open
        db = await opener(str(settings.db_path), check=check)
    except DatabaseError as exc:
        raise StartupError(str(exc)) from None
    scorer: Scorer = Scorer()
    try:
        await _migrate(db, clock.now())
        if front_end == "discord" and not reading_only:
            scorer = await WorkerScorer.start()
        grader = ModelGrader(chat_model(settings), db, clock, scorer)
        interviews = InterviewService(db, bank, clock, rng, timer_scope=front_end, grader=grader, scorer=scorer)
        banks = GuildBankService(interviews)
        await banks.load_all()
    except BaseException as exc:
        await scorer.close()
        await db.close()
        if isinstance(exc, DatabaseError):
            raise StartupError(str(exc)) from None
        raise
    return Services(
        front_end=front_end,
        interviews=interviews,
        study=StudyService(interviews, db),
        reviews=ReviewService(interviews),
        coding=CodingService(interviews, runner or DisabledRunner("code judging is not configured")),
        banks=banks,
        grader=grader,
        read_only=db.read_only,
        scorer=scorer,
    )


async def _migrate(db: Database, now: float) -> None:
    if not db.read_only:
        await upgrade(db, now)
        return
    have, need = await current_version(db), len(available_migrations())
    if have < need:
        raise StartupError(
            f"The database {db.path} is at version {have} and this mockloop needs {need}; upgrading it "
            f"needs write access ({db.read_only}). Run `mockloop db upgrade` where it is writable."
        )


async def open_front_end(front_end: FrontEnd, *, runner: Runner | None = None) -> tuple[Loaded, Services]:
    """Settings, bank and services for one front end; StartupError for anything the user can fix."""
    loaded = load()
    return loaded, await bootstrap(loaded.settings, front_end, bank=loaded.bank, runner=runner)


def freeze_startup_heap() -> None:
    """Exempt what start-up built (modules, settings, the service; the bank already is, see
    load_bank's keep_for_life) from the cyclic garbage collector. Otherwise every full
    collection walks all of it and stalls the event loop for a third of a second under load
    (seen in bench/bench_latency.py). No collection first: it would cost start-up more than the
    little import-time garbage it would free."""
    gc.freeze()


def fail(message: str) -> int:
    """Print a problem the user can fix, one `mockloop: ...` line per line of the message."""
    for line in message.splitlines() or [""]:
        print(f"mockloop: {line}", file=sys.stderr)
    return 2


async def prepare_judge(settings: Settings) -> Runner:
    """The code runner the settings ask for; a DisabledRunner (with the reason) when it is unsafe."""
    from bot.judge.engine import prepare_runner

    key = settings.judge_api_key.get_secret_value() if settings.judge_api_key else None
    return await prepare_runner(
        settings.judge_engine,
        max_concurrent=settings.judge_max_concurrent,
        remote_url=settings.judge_url,
        api_key=key,
    )
