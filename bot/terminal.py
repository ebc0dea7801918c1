"""The terminal practice driver: one timed round without Discord, on the same service and database."""

from __future__ import annotations

import asyncio
import getpass
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table

from bot.core.errors import MockloopError, NoOpenRound, NothingAnswered
from bot.core.rounds import RoundStatus, TimerKind
from bot.service import AnswerAck, Member, RoundEvent, RoundResult

if TYPE_CHECKING:
    from bot.app import Services

# The terminal's member: guild 0 is the terminal's own namespace for members and history (a
# Discord interaction without a server is refused, never mapped here). Which process fires a
# round's timers is decided by the front end stored with its session, not by this id.
LOCAL_GUILD = 0
LOCAL_USER = 0

ROUND_STYLE = {"coding": "cyan", "ml_theory": "magenta", "system_design": "yellow", "behavioral": "green"}


def local_member() -> Member:
    try:
        name = getpass.getuser()
    except Exception:
        name = "you"
    return Member(LOCAL_GUILD, LOCAL_USER, name)


def terminal_words(error: MockloopError) -> str:
    """A core error as the terminal says it: with the command or keys to use here."""
    if isinstance(error, NoOpenRound):
        return f"{error} Start one with: mockloop practice --round ROUND"
    if isinstance(error, NothingAnswered):
        return "You haven't answered yet: type your answer, then a line holding only '.'."
    return str(error)


def fmt_duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class TerminalPractice:
    def __init__(
        self,
        services: Services,
        console: Console,
        read_line: Callable[[], str] | None = None,
    ):
        self.services = services
        self.service = services.interviews
        self.console = console
        self.read_line = read_line or sys.stdin.readline
        self.member = local_member()
        self.timed_out: RoundResult | None = None
        self.is_coding = False
        self.service.listeners.append(self._on_event)

    async def _on_event(self, event: RoundEvent) -> None:
        left = fmt_duration(event.round.time_left(self.service.clock.now()))
        if event.kind is TimerKind.HALF_TIME:
            self.console.print(f"\n[yellow]⏳ Half time: {left} left.[/]")
        elif event.kind is TimerKind.FIVE_MINUTES:
            self.console.print(f"\n[bold yellow]⏳ 5 minutes left ({left}).[/]")
        elif event.round.status is RoundStatus.TIMED_OUT:
            self.console.print(
                "\n[bold red]⏰ Time is up. What you wrote so far is kept; type '.' to see the result.[/]"
            )
            self.timed_out = event.result
        else:
            self.console.print(
                "\n[bold red]⏰ Time is up. You may finish; your answer will be marked overtime.[/]"
            )

    async def _read_block(self) -> tuple[str, str | None]:
        """Lines until a lone '.', Ctrl-D or a command. Returns (text, command)."""
        lines: list[str] = []
        while True:
            line = await asyncio.to_thread(self.read_line)
            if line == "":  # EOF
                return "\n".join(lines), "eof"
            stripped = line.rstrip("\n")
            if stripped.strip() == ".":
                return "\n".join(lines), None
            if stripped.strip() in ("/hint", "/skip", "/time", "/run"):
                return "\n".join(lines), stripped.strip()
            lines.append(stripped)

    async def run(
        self,
        round_type: str,
        difficulty: str | None,
        topic: str | None,
        minutes: int | None,
        question_id: str | None = None,
    ) -> int:
        view = await self.service.start_round(
            self.member,
            round_type,
            difficulty,
            topic,
            minutes,
            front_end="terminal",
            question_id=question_id,
        )
        rnd, q = view.round, view.question
        self.is_coding = q.answer.kind == "code"
        self.service.timers.start()
        style = ROUND_STYLE.get(q.round_type.value, "white")
        deadline = datetime.fromtimestamp(rnd.deadline).strftime("%H:%M")
        self.console.print(
            Panel(
                Markdown(q.prompt),
                title=f"[bold {style}]{q.round_type.label}[/] · {q.title}",
                subtitle=f"{q.difficulty.value} · {q.topic} · {fmt_duration(rnd.limit_seconds)} min · ends {deadline}",
                border_style=style,
            )
        )
        self.console.print(
            "[dim]Type your answer. End with a line holding only '.', or Ctrl-D. "
            "Commands: /hint, /time, /run (coding: try the examples), /skip (give up).[/]"
        )
        pending: list[str] = []
        ack: AnswerAck | None = None
        while True:
            text, command = await self._read_block()
            if text.strip():
                pending.append(text)
            if command == "/hint":
                await self._hint()
                continue
            if command == "/run":
                await self._run_examples("\n".join(pending))
                continue
            if command == "/time":
                await self._time_left()
                continue
            if command == "/skip":
                await self.service.give_up(self.member)
                self.console.print("[yellow]Round given up. It is saved, with no points.[/]")
                return 0
            break
        answer = "\n".join(pending).strip()
        if not answer:
            if self.timed_out is None:
                await self.service.give_up(self.member)
                self.console.print("[yellow]No answer given: the round is saved as given up.[/]")
            else:
                self._result(self.timed_out)
            return 0
        ack = await self._send(answer)
        if ack is None:
            return 1
        if ack.late or self.timed_out is not None:
            result = self.timed_out or await self.service.result(ack.round.id or 0)
            if result:
                self._result(result)
            return 0
        judged = await self._judge(answer) if q.answer.kind == "code" else None
        ack = judged or await self.service.finish(self.member, ack.round.id)
        while ack.next_follow_up and ack.result is None:
            number = ack.round.follow_up_index + 1
            self.console.print(
                Panel(
                    ack.next_follow_up,
                    title=f"Follow-up {number}/{ack.round.follow_ups_total}",
                    border_style=style,
                )
            )
            text, command = await self._read_block()
            if text.strip() and command != "/skip":
                ack = await self._send(text) or ack
            else:
                ack = await self.service.finish(self.member, ack.round.id)
        if ack.result is not None:
            self._result(ack.result)
            await self._self_review(ack.result)
        return 0

    async def _self_review(self, result: RoundResult) -> None:
        """Show the reference answer, then ask which key points the member believes they covered."""
        q = result.question
        self.console.print(Panel(Markdown(q.reference_answer), title="Reference answer", border_style="dim"))
        for i, point in enumerate(q.rubric, start=1):
            self.console.print(f"  {i}. {point.point}")
        self.console.print(
            "[bold]Self-review:[/] which key points did you cover? Numbers like '1 3', Enter to skip."
        )
        line = (await asyncio.to_thread(self.read_line)).strip()
        if not line:
            return
        try:
            picked = sorted({int(n) for n in line.replace(",", " ").split()})
            if any(n < 1 or n > len(q.rubric) for n in picked):
                raise ValueError
        except ValueError:
            self.console.print(f"[red]Use numbers from 1 to {len(q.rubric)}; self-review skipped.[/]")
            return
        outcome = await self.services.reviews.self_review(
            self.member, result.round.id or 0, [q.rubric[n - 1].id for n in picked]
        )
        c = outcome.comparison
        self.console.print(
            f"Saved. You and the scorer agree on {len(c.agreed)}; only you ticked {len(c.only_reviewer)}; "
            f"only the scorer found {len(c.only_scorer)}. Your score is unchanged."
        )

    async def _run_examples(self, text: str) -> None:
        if not self.is_coding or not text.strip():
            self.console.print("[dim]/run needs a coding round and some code typed so far.[/]")
            return
        try:
            report, _ = await self.services.coding.run(self.member, "examples", text)
        except MockloopError as exc:
            self.console.print(f"[red]{terminal_words(exc)}[/]")
            return
        self.console.print(report.to_table())

    async def _judge(self, answer: str) -> AnswerAck | None:
        """Run the answer's code on the hidden tests; the judged run also finishes the answer."""
        try:
            report, ack = await self.services.coding.run(self.member, "tests", answer, source="terminal")
        except MockloopError as exc:
            self.console.print(f"[yellow]{terminal_words(exc)} Scoring by the rubric only.[/]")
            return None
        if report.disabled_reason is not None:
            self.console.print(
                f"[yellow]Code judging is disabled: {report.disabled_reason}. Scoring by the rubric only.[/]"
            )
            return None
        self.console.print(Panel(report.to_table(), title="Hidden tests", border_style="cyan"))
        return ack

    async def _send(self, text: str) -> AnswerAck | None:
        try:
            return await self.service.add_answer(self.member, text, source="terminal")
        except MockloopError as exc:
            self.console.print(f"[red]{terminal_words(exc)}[/]")
            return None

    async def _hint(self) -> None:
        try:
            hint = await self.service.hint(self.member)
        except MockloopError as exc:
            self.console.print(f"[red]{terminal_words(exc)}[/]")
            return
        self.console.print(f"[cyan]💡 Hint {hint.number}/{hint.total}: {hint.text}[/]")

    async def _time_left(self) -> None:
        view = await self.service.open_round(self.member)
        if view is None:
            self.console.print("[dim]No round is open.[/]")
            return
        left = view.round.time_left(self.service.clock.now())
        self.console.print(f"[dim]{fmt_duration(left)} left.[/]" if left else "[dim]The time is up.[/]")

    def _result(self, result: RoundResult) -> None:
        render_result(self.console, result, self.service.clock.now())


def render_result(console: Console, result: RoundResult, now: float) -> None:
    rnd, data = result.round, result.breakdown
    table = Table(show_header=True, header_style="bold", expand=False)
    table.add_column("")
    table.add_column("Key point")
    table.add_column("Weight", justify="right")
    table.add_column("Evidence", overflow="fold", max_width=60)
    for point in data.get("points", []):
        table.add_row(
            "[green]✔[/]" if point["hit"] else "[red]✘[/]",
            point["point"],
            f"{point['weight']:g}",
            point.get("evidence") or "",
        )
    status = {RoundStatus.TIMED_OUT: " (time ran out: no points)"}.get(rnd.status, "")
    console.print(
        Panel(
            f"[bold]Score {result.score:.0f}/100[/] · {result.points} points{status}\n"
            f"Time used {fmt_duration(rnd.time_used(now))} of {fmt_duration(rnd.limit_seconds)} · "
            f"hints {rnd.hints_used}/{rnd.hints_total}" + (" · overtime" if rnd.overtime else ""),
            title=f"Result · {result.question.title}",
        )
    )
    console.print(table)
    for line in data.get("feedback", []):
        console.print(f"• {line}")
