"""Wiring shared by every command: settings -> logging -> bank -> service."""

from __future__ import annotations

import gc
import random
import sys
from dataclasses import dataclass

from bot.bank.loader import load_bank
from bot.core.bank import QuestionBank
from bot.core.clock import Clock, SystemClock
from bot.judge.base import Runner
from bot.service import InterviewService
from bot.settings import Settings, SettingsError, load_settings
from bot.storage.database import DatabaseError
from bot.storage.timers import TimerScope


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


async def open_service(
    loaded: Loaded,
    front_end: TimerScope,
    clock: Clock | None = None,
    rng: random.Random | None = None,
) -> InterviewService:
    """The service for one front end; it fires only that front end's round timers."""
    try:
        return await InterviewService.open(
            str(loaded.settings.db_path), loaded.bank, clock or SystemClock(), rng, timer_scope=front_end
        )
    except DatabaseError as exc:
        raise StartupError(str(exc)) from None


async def open_front_end(front_end: TimerScope) -> tuple[Loaded, InterviewService]:
    """Settings, bank and service for one front end; StartupError for anything the user can fix."""
    loaded = load()
    return loaded, await open_service(loaded, front_end)


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
