"""What the terminal commands share: how to spell `mockloop` for this user, opening the service
(read-only where the location allows only that), the bank's warnings, due terminal timers."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bot import app
from bot.app import Services
from bot.service import InterviewService, RoundEvent, RoundResult


def command_name() -> str:
    """How this user runs mockloop, for the commands our messages suggest, derived from how they
    started this one: `mockloop` when that is on PATH and is this program, else the path they
    typed (`.venv/bin/mockloop` after the README's quick start), else for `python -m bot` the
    script beside this interpreter or `python -m bot` itself. Called from elsewhere (a test, an
    embedding program): `mockloop`."""
    argv0 = sys.argv[0] if sys.argv and sys.argv[0] else ""
    if Path(argv0).name == "mockloop":
        script = Path(argv0)
    elif Path(argv0).name == "__main__.py" and Path(argv0).parent.name == "bot":
        script = Path(sys.executable).parent / "mockloop"
        if not script.exists():
            return f"{_short(Path(sys.executable))} -m bot"
    else:
        return "mockloop"
    on_path = shutil.which("mockloop")
    if on_path and Path(on_path).resolve() == script.resolve():
        return "mockloop"
    return _short(script)


def _short(path: Path) -> str:
    """The path relative to the current folder when it is inside it, else absolute."""
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(Path.cwd())
    except ValueError:
        return str(absolute)
    text = str(relative)
    return text if "/" in text else f"./{text}"


def warn(message: str) -> None:
    for line in message.splitlines():
        print(f"mockloop: {line}", file=sys.stderr)


def warn_bank(warnings: list[str]) -> None:
    """Once per command: which bank files or questions were skipped, and why (file:line)."""
    if not warnings:
        return
    shown = warnings[:5]
    warn(f"warning: the question bank has {len(warnings)} problem(s); what they name was skipped:")
    for line in shown:
        warn(f"  {line}")
    if len(warnings) > len(shown):
        warn(f"  … and {len(warnings) - len(shown)} more")
    warn(f"  (`{command_name()} bank validate PATH` lists every error)")


@dataclass
class Opened:
    loaded: app.Loaded
    services: Services
    timed_out: list[RoundResult] = field(default_factory=list)  # rounds that ran out while away

    @property
    def service(self) -> InterviewService:
        return self.services.interviews

    @property
    def read_only(self) -> str | None:
        return self.services.read_only


async def open_terminal(*, write: bool, quiet_bank: bool = False) -> Opened:
    """Settings, bank (warning once about skipped files) and the terminal's services.

    `write=False` (history, stats, rounds) opens read-only when the location cannot be written,
    saying so. A writable open fires the terminal's due timers first, so a round that ran past its
    deadline while nobody was there is timed out and scored now, as the Discord bot does."""
    loaded = app.load()
    if not quiet_bank:
        warn_bank(loaded.warnings)
    path = loaded.settings.db_path
    is_new = str(path) != ":memory:" and not path.exists()
    services = await app.bootstrap(
        loaded.settings, "terminal", bank=loaded.bank, reading_only=not write, check=True
    )
    if is_new:
        warn(f"new database at {path} (your rounds are kept there; MOCKLOOP_DB chooses another file)")
    if services.read_only:
        warn(
            f"{path} is opened read-only: {services.read_only}. Showing what is saved; nothing can be "
            "written there (no new rounds, answers, reviews, abandons or due time-ups)."
        )
    opened = Opened(loaded, services)
    if not services.read_only:
        opened.timed_out = await fire_due_timers(services.interviews)
    return opened


async def fire_due_timers(service: InterviewService) -> list[RoundResult]:
    """Run the terminal's overdue timers now; the results of rounds they timed out."""
    results: list[RoundResult] = []

    async def collect(event: RoundEvent) -> None:
        if event.result is not None:
            results.append(event.result)

    service.listeners.append(collect)
    try:
        await service.timers.run_due()
    finally:
        service.listeners.remove(collect)
    return results
