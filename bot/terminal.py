"""The terminal practice driver: one timed round without Discord, on the same service and database.

Nothing typed is lost: every line is stored as a draft as it is entered, and only becomes answer
parts when the member ends the answer. Ctrl-C asks what to do; a second Ctrl-C, the end of input
on a terminal, a closed terminal (SIGHUP) or a closed output pipe leave the round open with its
draft, and the next `mockloop practice` offers to resume it (the clock keeps running, as in a
real interview) or give it up.
"""

from __future__ import annotations

import getpass
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from bot.cli.errors import silence_stdout
from bot.core.errors import MockloopError, NoOpenRound, NothingAnswered, RoundAlreadyActive
from bot.core.models import with_article
from bot.core.prose import reflow
from bot.core.questions import ChoiceAnswer, Question
from bot.core.rounds import Round, RoundStatus, TimerKind
from bot.core.scoring.choice import stored_pick
from bot.core.scoring.results import MODEL_GRADERS
from bot.core.scoring.scorer import CHOICE_PICK_SHARE
from bot.service import (
    MAX_ANSWER_CHARS,
    MAX_PART_CHARS,
    AnswerAck,
    Member,
    RoundEvent,
    RoundResult,
)
from bot.terminal_input import Item, Signal

if TYPE_CHECKING:
    from bot.app import Services
    from bot.judge.base import Runner

# The terminal's member: guild 0 is the terminal's own namespace for members and history (a
# Discord interaction without a server is refused, never mapped here). Which process fires a
# round's timers is decided by the front end stored with its session, not by this id.
LOCAL_GUILD = 0
LOCAL_USER = 0

ROUND_STYLE = {"coding": "cyan", "ml_theory": "magenta", "system_design": "yellow", "behavioral": "green"}
COMMANDS = ("/hint", "/skip", "/time", "/run", "/undo", "/clear")
KEEP_OPEN = 130  # the exit status when the round stays open (interrupted)
TTY_LINE_MAX = 4095  # Linux's canonical-mode line buffer: longer typed or pasted lines are cut

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count(n: int, noun: str, plural: str | None = None) -> str:
    """A count as words, so it never reads like a key point's number: 'one key point', 'no lines'."""
    word = NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"
    return f"{word} {noun if n == 1 else (plural or noun + 's')}"


def prose_markdown(text: str) -> str:
    """Bank text for the terminal's Markdown: the same reflow Discord shows (`core.prose.reflow`:
    hard-wrapped paragraphs joined, lists and code kept, a mid-sentence '- ' read as a dash)."""
    return reflow(text)


def picker_text(q: Question) -> str:
    """A choice question's options, lettered and numbered, with how to pick (Markdown)."""
    spec = q.answer
    if not isinstance(spec, ChoiceAnswer):
        return ""
    lines = [f"{i}. **{o.key.upper()}** · {o.text}" for i, o in enumerate(spec.options, 1)]
    last = spec.options[-1].key.upper()
    return (
        "\n\n" + "\n".join(lines)
        + f"\n\nPick one: type its letter (A-{last}) or number (1-{len(spec.options)}), say why on the lines"
        f" after it (the reason earns {1 - CHOICE_PICK_SHARE:.0%} of the score), then a lone '.'."
    )


def picked_answer(q: Question, text: str) -> str:
    """The answer as stored: a first line that is only a letter or a number picks that option
    ("b", "B)", "2" -> "b) <option text>"); anything else is kept as typed (the scorer reads
    keys and option text either way)."""
    spec = q.answer
    if not isinstance(spec, ChoiceAnswer):
        return text
    first, _, rest = text.strip().partition("\n")
    token = first.strip().strip("().").lower()
    option = spec.option(token)
    if option is None and token.isdigit() and 1 <= int(token) <= len(spec.options):
        option = spec.options[int(token) - 1]
    if option is None:
        return text
    return stored_pick(option, rest)


def terminal_words(error: MockloopError, command: str = "mockloop") -> str:
    """A core error as the terminal says it: with the command or keys to use here."""
    if isinstance(error, NoOpenRound):
        return f"{error} Start one with: {command} practice --round ROUND"
    if isinstance(error, RoundAlreadyActive):
        return (
            f"You already have {with_article(error.round_label)} round open (round #{error.round_id}). "
            f"Run `{command} practice` again to resume or give it up."
        )
    if isinstance(error, NothingAnswered):
        return "You haven't answered yet: type your answer, then a line holding only '.'."
    return str(error)


def local_member() -> Member:
    try:
        name = getpass.getuser()
    except Exception:
        name = "you"
    return Member(LOCAL_GUILD, LOCAL_USER, name)


def fmt_duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def split_parts(text: str, limit: int = MAX_PART_CHARS) -> list[str]:
    """Answer text in parts of at most `limit` characters, cut at line ends where possible."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # one line longer than a part: cut it at a space if there is one
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:cut])
            line = line[cut:].lstrip(" ")
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        parts.append(current)
    return [p for p in parts if p.strip()]


class Input(Protocol):
    is_tty: bool

    def start(self) -> None: ...
    def stop(self) -> None: ...
    async def get(self) -> Item: ...


class Leave(Exception):
    """Stop now with this exit status (the round stays as it is; drafts are already saved)."""

    def __init__(self, code: int, message: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class GaveUp(Exception):
    pass


class PipeSafeConsole(Console):
    """A rich Console that lets a closed output pipe surface as BrokenPipeError (rich's own
    handling exits with status 1), so the caller decides: practice keeps the round and exits 130."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("highlight", False)
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def on_broken_pipe(self) -> None:
        self.quiet = True
        silence_stdout()
        raise BrokenPipeError


class TerminalPractice:
    def __init__(
        self,
        services: Services,
        console: Console,
        source: Input,
        judge: Callable[[], Awaitable[Runner]] | None = None,
        command: str = "mockloop",
    ):
        self.services = services
        self.service = services.interviews
        self.console = console
        self.input = source
        self.member = local_member()
        self._prepare_judge = judge  # the sandbox is prepared only when a coding round starts
        self.is_coding = False
        self.command = command
        self.timed_out: RoundResult | None = None
        self.round_id: int | None = None
        self.finish_now = False  # "finish now" chosen after a Ctrl-C: no more follow-ups
        self.service.listeners.append(self._on_event)

    # ---- output ---------------------------------------------------------------------------

    def say(self, text: str) -> None:
        self.console.print(text)

    def _keep_open_message(self) -> str:
        return (
            f"Round #{self.round_id} is still open and everything you typed is saved; the clock keeps "
            f"running. Resume it with `{self.command} practice`, or end it with `{self.command} abandon`."
        )

    async def _on_event(self, event: RoundEvent) -> None:
        if event.round.id != self.round_id:
            return
        left = fmt_duration(event.round.time_left(self.service.clock.now()))
        if event.kind is TimerKind.HALF_TIME:
            self.say(f"\n[yellow]⏳ Half time: {left} left.[/]")
        elif event.kind is TimerKind.FIVE_MINUTES:
            self.say(f"\n[bold yellow]⏳ 5 minutes left ({left}).[/]")
        elif event.round.status is RoundStatus.TIMED_OUT:
            self.say(
                "\n[bold red]⏰ Time is up. What you typed before the deadline was scored; "
                "type '.' to see the result.[/]"
            )
            self.timed_out = event.result
        else:
            self.say("\n[bold red]⏰ Time is up. You may finish; your answer will be marked overtime.[/]")

    # ---- input ----------------------------------------------------------------------------

    async def _menu(self) -> str:
        """After one Ctrl-C: finish now, keep the round open (and leave), give up, or go on."""
        self.say(
            "\n[bold]Paused.[/] \\[f] finish now and score what you sent and typed · "
            "\\[k] keep the round open and leave · \\[g] give up (no points) · Enter: go on typing. "
            "[dim](Ctrl-C again keeps the round open.)[/]"
        )
        while True:
            item = await self.input.get()
            if isinstance(item, Signal):
                if item is Signal.HANGUP:
                    raise Leave(KEEP_OPEN)
                raise Leave(KEEP_OPEN, self._keep_open_message())
            choice = item.strip().lower()
            if choice in ("", "c", "continue"):
                self.say("[dim]Go on; your draft is kept.[/]")
                return "continue"
            if choice in ("f", "finish"):
                return "finish"
            if choice in ("k", "keep"):
                raise Leave(KEEP_OPEN, self._keep_open_message())
            if choice in ("g", "give up"):
                return "give_up"
            self.say("[dim]Type f, k or g (or Enter to go on).[/]")

    async def _ask(self, question: str) -> str | None:
        """One line of reply to a prompt; None for end of input; a Ctrl-C means no."""
        self.say(question)
        item = await self.input.get()
        if item is Signal.HANGUP:
            raise Leave(KEEP_OPEN)
        if isinstance(item, Signal):
            return None
        return item.strip()

    async def _collect(self, phase: str) -> tuple[list[str], str]:
        """Lines for this phase until a lone '.', a command, or the end; each line is saved as a
        draft the moment it arrives. Returns (every draft line of the phase, what ended it)."""
        assert self.round_id is not None
        while True:
            item = await self.input.get()
            if item is Signal.HANGUP:
                raise Leave(KEEP_OPEN)
            if item is Signal.EOF:
                if self.input.is_tty:  # Ctrl-D or a closed terminal: nothing is decided for you
                    raise Leave(KEEP_OPEN, self._keep_open_message())
                return await self._lines(phase), "."  # piped input: its end ends the answer
            if item is Signal.INTERRUPT:
                choice = await self._menu()
                if choice == "continue":
                    continue
                self.finish_now = choice == "finish"
                return await self._lines(phase), "." if choice == "finish" else "/give_up"
            stripped = item.strip()
            if stripped == ".":
                return await self._lines(phase), "."
            if stripped in COMMANDS:
                return await self._lines(phase), stripped
            await self.service.save_draft_line(self.round_id, phase, item)
            if self.input.is_tty and len(item.encode()) >= TTY_LINE_MAX:
                self.say(
                    f"[yellow]That line reached the terminal's limit of {TTY_LINE_MAX:,} bytes per line, so the "
                    "terminal may have cut the rest. Paste long text with line breaks in it (each line is "
                    "kept), then /undo this line and paste it again.[/]"
                )

    async def _lines(self, phase: str) -> list[str]:
        assert self.round_id is not None
        return [d.content for d in await self.service.draft(self.round_id, phase)]

    # ---- the round ------------------------------------------------------------------------

    async def run(
        self,
        round_type: str | None,
        difficulty: str | None,
        topic: str | None,
        minutes: int | None,
        question_id: str | None = None,
        timed_out: list[RoundResult] | None = None,
    ) -> int:
        self.input.start()
        try:
            for result in timed_out or []:
                self.say(
                    f"[yellow]Round #{result.round.id} ({escape(result.question.title)}) ran past its "
                    "deadline while you were away; it is closed and scored as timed out.[/]"
                )
                self._result(result)
            return await self._run(round_type, difficulty, topic, minutes, question_id)
        except GaveUp:
            return 0
        except Leave as leave:
            if leave.message:
                self.say(f"\n[yellow]{leave.message}[/]")
            return leave.code
        except (BrokenPipeError, ConnectionResetError):
            silence_stdout()
            return KEEP_OPEN
        except OSError as exc:
            if exc.errno in (5, 32):  # EIO, EPIPE: the terminal or the pipe is gone
                silence_stdout()
                return KEEP_OPEN
            raise
        finally:
            self.input.stop()

    async def _run(
        self,
        round_type: str | None,
        difficulty: str | None,
        topic: str | None,
        minutes: int | None,
        question_id: str | None,
    ) -> int:
        existing = await self.service.open_round(self.member)
        if existing is not None:
            resumed = await self._offer_resume(existing.round, existing.question)
            if resumed is not None:
                return resumed
        if question_id and round_type is None:  # --question implies its round type
            round_type = self.service.bank_for(self.member.guild_id).get(question_id.strip()).round_type.value
        view = await self.service.start_round(
            self.member,
            round_type or "ml_theory",
            difficulty,
            topic,
            minutes,
            front_end="terminal",
            question_id=question_id,
        )
        self.round_id = view.round.id
        self.service.timers.start()
        self._show_question(view.round, view.question)
        return await self._drive(view.round, view.question)

    async def _offer_resume(self, rnd: Round, q: Question) -> int | None:
        """The member has a round open: resume it (returns its exit status) or give it up (None)."""
        self.round_id = rnd.id
        now = self.service.clock.now()
        left = rnd.time_left(now)
        clock = f"{fmt_duration(left)} left (the clock kept running)" if left else "its time is up"
        typed = await self.service.draft(rnd.id or 0)
        saved = f"; {count(len(typed), 'unsent line')} saved" if typed else ""
        reply = await self._ask(
            f"You have {rnd.round_type.in_prose} round open: round #{rnd.id}, "
            f"[bold]{escape(q.title)}[/], {clock}{saved}.\n"
            "\\[r] resume it (Enter) · \\[g] give it up (no points) and start a new one · \\[q] quit, keeping it open"
        )
        if reply is None:
            raise Leave(KEEP_OPEN, self._keep_open_message())
        choice = reply.lower()
        if choice in ("g", "give up"):
            await self.service.give_up(self.member, rnd.id)
            self.say(f"[yellow]Round #{rnd.id} given up. It is saved, with no points.[/]")
            self.round_id = None
            return None
        if choice in ("q", "quit"):
            raise Leave(KEEP_OPEN, self._keep_open_message())
        self.service.timers.start()
        self._show_question(rnd, q)
        return await self._drive(rnd, q)

    async def _prepare_coding(self, q: Question) -> None:
        if q.answer.kind == "code" and not self.is_coding:
            self.is_coding = True
            if self._prepare_judge is not None:
                self.services.coding.use_runner(await self._prepare_judge())

    def _show_question(self, rnd: Round, q: Question) -> None:
        style = ROUND_STYLE.get(q.round_type.value, "white")
        deadline = datetime.fromtimestamp(rnd.deadline).strftime("%H:%M")
        self.console.print(
            Panel(
                Markdown(prose_markdown(q.prompt) + picker_text(q)),
                title=f"[bold {style}]{q.round_type.label}[/] · {escape(q.title)}",
                subtitle=f"{q.difficulty.value} · {q.topic} · {fmt_duration(rnd.limit_seconds)} min · ends {deadline}",
                border_style=style,
            )
        )
        self.say(
            "[dim]Type your answer; every line is saved as you go. End it with a line holding only '.'. "
            "Commands: /hint, /time, /run (coding: try the examples), /undo (drop the last line), "
            "/clear, /skip (give up). Ctrl-C pauses.[/]"
        )

    async def _drive(self, rnd: Round, q: Question) -> int:
        """From wherever the round is (new or resumed) to its result."""
        await self._prepare_coding(q)
        if rnd.status is RoundStatus.FOLLOW_UPS:
            ack: AnswerAck | None = AnswerAck(
                rnd, q, False, False, rnd.overtime, next_follow_up=q.follow_ups[rnd.follow_up_index].prompt
            )
        elif rnd.status in (RoundStatus.ASKED, RoundStatus.ANSWERING):
            restored = await self._lines("answer")
            if restored:
                self.say(
                    f"[dim]Restored {count(len(restored), 'line')} you typed before; go on from here:[/]"
                )
                for line in restored[-3:]:
                    self.console.print(f"  {line}", markup=False, highlight=False)
            ack = await self._main_answer(q)
        elif rnd.status is RoundStatus.SCORING:  # the last run stopped while scoring it
            ack = replace_result(
                AnswerAck(rnd, q, False, False, rnd.overtime),
                await self.service.finish_scoring(self.member, rnd.id or 0),
            )
        else:
            self.say(f"[yellow]Round #{rnd.id} is {rnd.status.value.replace('_', ' ')}.[/]")
            return 0
        if ack is None:
            return 0
        style = ROUND_STYLE.get(q.round_type.value, "white")
        while ack.next_follow_up and ack.result is None:
            if self.finish_now:  # skip the remaining follow-ups: score now
                ack = await self.service.finish(self.member, self.round_id)
                continue
            index = ack.round.follow_up_index
            self.console.print(
                Panel(
                    Markdown(prose_markdown(ack.next_follow_up)),
                    title=f"Follow-up {index + 1}/{ack.round.follow_ups_total}",
                    border_style=style,
                )
            )
            ack = await self._follow_up(ack, index)
        if ack.result is not None:
            await self._full_result(ack.result)
            await self._self_review(ack.result)
        return 0

    async def _full_result(self, result: RoundResult) -> None:
        """The result, with each follow-up answer shown under its own question."""
        parts = await self.service.parts(result.round.id or 0)
        answers: dict[int, list[str]] = {}
        for part in parts:
            if part.kind.value == "follow_up" and part.follow_up_index is not None and not part.late:
                answers.setdefault(part.follow_up_index, []).append(part.content)
        prompts = [f.prompt for f in result.question.follow_ups]
        render_result(
            self.console,
            result,
            self.service.clock.now(),
            follow_up_answers={
                i: (prompts[i] if i < len(prompts) else "", "\n".join(t)) for i, t in answers.items()
            },
        )

    async def _main_answer(self, q: Question) -> AnswerAck | None:
        assert self.round_id is not None
        while True:
            lines, command = await self._collect("answer")
            text = "\n".join(lines).strip()
            if command == "/hint":
                await self._hint()
                continue
            if command == "/run":
                await self._run_examples(text)
                continue
            if command == "/time":
                await self._time_left()
                continue
            if command == "/undo":
                dropped = await self.service.drop_draft_line(self.round_id, "answer")
                self.say(
                    "[dim]Nothing to undo.[/]"
                    if dropped is None
                    else f"[dim]Dropped: {escape(dropped[:80])}[/]"
                )
                continue
            if command == "/clear":
                if await self._confirm(
                    f"Discard the {count(len(lines), 'line')} of this answer not sent yet?"
                ):
                    await self.service.clear_draft(self.round_id, "answer")
                    self.say("[dim]Draft cleared.[/]")
                continue
            if command in ("/skip", "/give_up"):
                await self._give_up()
            if self.timed_out is not None:
                if text:
                    await self._send_parts(text, "answer")
                self._result(self.timed_out)
                return None
            sent = await self._already_sent()
            if not text and not sent:
                if await self._confirm("You have not written anything. Give up this round (no points)?"):
                    await self._give_up()
                self.say("[dim]Go on; end the answer with a lone '.'.[/]")
                continue
            if sent + len(text) > MAX_ANSWER_CHARS:
                over = sent + len(text) - MAX_ANSWER_CHARS
                self.say(
                    f"[red]That answer is {len(text):,} characters"
                    + (f" on top of {sent:,} already sent" if sent else "")
                    + f"; a round holds at most {MAX_ANSWER_CHARS:,}. Cut {over:,} characters "
                    "(/undo drops the last line, /clear starts over), then end with '.' again. "
                    "Your text is kept as a draft.[/]"
                )
                continue
            if text:
                text = picked_answer(q, text)  # a choice question's "b" or "2" becomes "b) <option>"
                ack = await self._send_parts(text, "answer")
                if ack is None:
                    continue
                if ack.late or self.timed_out is not None:
                    result = self.timed_out or await self.service.result(self.round_id)
                    if result:
                        self._result(result)
                    return None
                if q.answer.kind == "code":
                    judged = await self._judge(text)
                    if judged is not None:
                        return judged
            return await self.service.finish(self.member, self.round_id)

    async def _follow_up(self, ack: AnswerAck, index: int) -> AnswerAck:
        assert self.round_id is not None
        phase = f"follow_up:{index}"
        restored = await self._lines(phase)
        if restored:
            self.say(f"[dim]Restored {count(len(restored), 'line')} you typed before.[/]")
        while True:
            lines, command = await self._collect(phase)
            text = "\n".join(lines).strip()
            if command == "/give_up":
                await self._give_up()
            if command in ("/undo", "/clear"):
                if command == "/undo":
                    await self.service.drop_draft_line(self.round_id, phase)
                else:
                    await self.service.clear_draft(self.round_id, phase)
                self.say("[dim]Done.[/]")
                continue
            if command in ("/hint", "/run", "/time"):
                if command == "/time":
                    await self._time_left()
                else:
                    self.say(f"[dim]{command} is for the main answer, not the follow-ups.[/]")
                continue
            if self.timed_out is not None:
                return replace_result(ack, self.timed_out)
            if not text or command == "/skip":
                return await self.service.finish(self.member, self.round_id)
            if len(text) > MAX_PART_CHARS:
                self.say(
                    f"[red]A follow-up answer can be at most {MAX_PART_CHARS:,} characters; this one is "
                    f"{len(text):,}. Cut {len(text) - MAX_PART_CHARS:,} (/undo drops the last line), "
                    "then end with '.' again. Your text is kept as a draft.[/]"
                )
                continue
            try:
                new = await self.service.add_answer(
                    self.member,
                    text,
                    source="terminal",
                    external_id=await self._external_id(phase, 0),
                    round_id=self.round_id,
                )
            except MockloopError as exc:
                self.say(f"[red]{escape(terminal_words(exc, self.command))}[/]")
                continue
            await self.service.clear_draft(self.round_id, phase)
            if new.late and self.timed_out is not None:
                return replace_result(ack, self.timed_out)
            return new

    async def _confirm(self, question: str) -> bool:
        reply = await self._ask(f"{question} \\[y/N]")
        return reply is not None and reply.lower() in ("y", "yes")

    async def _give_up(self) -> None:
        assert self.round_id is not None
        await self.service.give_up(self.member, self.round_id)
        self.say("[yellow]Round given up. It is saved, with no points.[/]")
        raise GaveUp

    async def _already_sent(self) -> int:
        return sum(len(p.content) for p in await self.service.parts(self.round_id or 0))

    async def _external_id(self, phase: str, k: int) -> str:
        """Stable per draft: sending the same draft again after a crash stores it once."""
        first = (await self.service.draft(self.round_id or 0, phase) or [None])[0]
        return f"terminal-{self.round_id}-{phase}-{first.id if first else 'x'}-{k}"

    async def _send_parts(self, text: str, phase: str) -> AnswerAck | None:
        """The draft as answer parts (each within one part's limit), then the draft is cleared."""
        ack: AnswerAck | None = None
        ids = [await self._external_id(phase, k) for k in range(len(split_parts(text)))]
        for part, external_id in zip(split_parts(text), ids, strict=True):
            try:
                ack = await self.service.add_answer(
                    self.member, part, source="terminal", external_id=external_id, round_id=self.round_id
                )
            except MockloopError as exc:
                self.say(f"[red]{escape(terminal_words(exc, self.command))}[/]")
                return None
        await self.service.clear_draft(self.round_id or 0, phase)
        return ack

    async def _self_review(self, result: RoundResult) -> None:
        """Show the reference answer, then ask which key points the member believes they covered."""
        q = result.question
        self.console.print(Panel(Markdown(prose_markdown(q.reference_answer)), title="Reference answer", border_style="dim"))
        for i, point in enumerate(q.rubric, start=1):
            self.console.print(f"  {i}. {escape(point.point)}")
        line = await self._ask(
            "[bold]Self-review:[/] which key points did you cover? Numbers like '1 3', Enter to skip."
        )
        if not line:
            return
        try:
            picked = sorted({int(n) for n in line.replace(",", " ").split()})
            if any(n < 1 or n > len(q.rubric) for n in picked):
                raise ValueError
        except ValueError:
            self.say(f"[red]Use numbers from 1 to {len(q.rubric)}; self-review skipped.[/]")
            return
        try:
            outcome = await self.services.reviews.self_review(
                self.member, result.round.id or 0, [q.rubric[n - 1].id for n in picked]
            )
        except MockloopError as exc:
            self.say(f"[red]{escape(terminal_words(exc, self.command))}[/]")
            return
        c = outcome.comparison
        self.say(
            f"Saved. You and the scorer agree on {count(len(c.agreed), 'key point')}; "
            f"only you ticked {count(len(c.only_reviewer), 'key point')}; "
            f"only the scorer found {count(len(c.only_scorer), 'key point')}. Your score is unchanged."
        )

    async def _run_examples(self, text: str) -> None:
        if not self.is_coding or not text.strip():
            self.say("[dim]/run needs a coding round and some code typed so far.[/]")
            return
        try:
            report, _ = await self.services.coding.run(self.member, "examples", text)
        except MockloopError as exc:
            self.say(f"[red]{escape(terminal_words(exc, self.command))}[/]")
            return
        self.console.print(report.to_table())

    async def _judge(self, answer: str) -> AnswerAck | None:
        """Run the answer's code on the hidden tests; the judged run also finishes the answer."""
        if not self.is_coding:
            return None
        try:
            report, ack = await self.services.coding.run(self.member, "tests", answer, source="terminal")
        except MockloopError as exc:
            self.say(f"[yellow]{escape(terminal_words(exc, self.command))} Scoring by the rubric only.[/]")
            return None
        if report.disabled_reason is not None:
            self.say(
                f"[yellow]Code judging is disabled: {report.disabled_reason}. Scoring by the rubric only.[/]"
            )
            return None
        self.console.print(Panel(report.to_table(), title="Hidden tests", border_style="cyan"))
        return ack

    async def _hint(self) -> None:
        try:
            hint = await self.service.hint(self.member)
        except MockloopError as exc:
            self.say(f"[red]{escape(terminal_words(exc, self.command))}[/]")
            return
        self.say(f"[cyan]💡 Hint {hint.number}/{hint.total}: {escape(reflow(hint.text))}[/]")

    async def _time_left(self) -> None:
        view = await self.service.open_round(self.member)
        if view is None:
            self.say("[dim]No round is open.[/]")
            return
        left = view.round.time_left(self.service.clock.now())
        self.say(f"[dim]{fmt_duration(left)} left.[/]" if left else "[dim]The time is up.[/]")

    def _result(self, result: RoundResult) -> None:
        render_result(self.console, result, self.service.clock.now())


def replace_result(ack: AnswerAck, result: RoundResult) -> AnswerAck:
    from dataclasses import replace

    return replace(ack, round=result.round, result=result, next_follow_up=None)


def render_result(
    console: Console,
    result: RoundResult,
    now: float,
    follow_up_answers: dict[int, tuple[str, str]] | None = None,
) -> None:
    rnd, data = result.round, result.breakdown
    table = Table(show_header=True, header_style="bold", expand=False)
    table.add_column("")
    table.add_column("Key point")
    table.add_column("Weight", justify="right")
    table.add_column("Evidence", overflow="fold", max_width=60)
    for point in data.get("points", []):
        partly = point["hit"] and point.get("credit") is not None and point["credit"] < 1
        by_model = " [dim](the model's verdict)[/]" if point.get("grader") in MODEL_GRADERS else ""
        table.add_row(
            "[yellow]◐[/]" if partly else "[green]✔[/]" if point["hit"] else "[red]✘[/]",
            escape(point["point"]) + by_model,
            f"{point['weight']:g}",
            escape(point.get("evidence") or ""),
        )
    status = {RoundStatus.TIMED_OUT: " (time ran out: no points)"}.get(rnd.status, "")
    console.print(
        Panel(
            f"[bold]Score {result.score:.0f}/100[/] · {count(result.points, 'point')}{status}\n"
            f"Time used {fmt_duration(rnd.time_used(now))} of {fmt_duration(rnd.limit_seconds)} · "
            f"hints {rnd.hints_used}/{rnd.hints_total}" + (" · overtime" if rnd.overtime else ""),
            title=f"Result · {escape(result.question.title)}",
        )
    )
    numeric = data.get("numeric")
    if numeric:
        mark = "[green]✔[/]" if numeric.get("correct") else "[red]✘[/]"
        console.print(f"{mark} Number: {escape(str(numeric.get('explanation', '')))}")
    console.print(table)
    if data.get("grader") in MODEL_GRADERS and data.get("grader_model"):
        console.print(f"[dim]Key points graded by {escape(data['grader_model'])}; every verdict checked against your words.[/]")
    elif data.get("grader_fallback"):
        console.print(f"[yellow]Graded by the rubric: {escape(data['grader_fallback'])}.[/]")
    render_follow_ups(console, data, follow_up_answers or {})
    render_claims(console, data)
    for line in data.get("feedback", []):
        if not line.startswith(SHOWN_IN_SECTIONS):  # missed points, the number, claims, follow-ups
            console.print(f"• {escape(line)}")


# feedback lines the terminal result shows in its own sections, so none is said twice
SHOWN_IN_SECTIONS = ("Missed:", "Misconception:", "Red flag:", "Number:", "Correct number:", "Follow-up ", "  ")


def render_claims(console: Console, data: dict) -> None:
    """Wrong claims (and behavioural red flags) the answer made, each with what is true."""
    claims = [(m, None) for m in data.get("misconceptions") or []]
    claims += [(m, f.get("index")) for f in data.get("follow_ups") or [] for m in f.get("misconceptions") or []]
    if not claims:
        return
    console.print("[bold]What to correct[/]")
    for m, index in claims:
        where = f" (follow-up {index + 1})" if isinstance(index, int) else ""
        label = {"red_flag": "Red flag", "wrong_pick": f"You picked {m.get('evidence')}"}.get(m.get("kind"), "You said")
        cost = float(m.get("penalty", 0))  # a wrong pick costs its score, nothing on top
        console.print(
            f"[yellow]⚠ {escape(label)}{where}:[/] {escape(str(m.get('claim', '')))} — {escape(str(m.get('correction', '')))}"
            + (f" [dim](−{100 * cost:.0f})[/]" if cost else "")
        )


def _follow_up_score(item: dict) -> str:
    """A follow-up's score as the result states it: its own score and its share of the round."""
    score, status, share = item.get("score"), item.get("status"), item.get("share")
    of = f" of {100 * float(share):.0f}" if isinstance(share, (int, float)) else ""
    if status == "skipped" or score is None:
        return f"skipped · 0{of}" if status == "skipped" else "not answered"
    if status == "not scored":
        return "not scored"
    if status == "off-topic":
        return f"off-topic · 0/100 · 0{of}"
    earned = item.get("earned")
    tail = f" · {float(earned):.1f}{of}" if isinstance(earned, (int, float)) and of else ""
    return f"{float(score):.0f}/100{tail}"


def render_follow_ups(
    console: Console, data: dict, answers: dict[int, tuple[str, str]] | None = None
) -> None:
    """Each follow-up with the member's answer and, once the scorer provides it, its own score.

    The scorer's hook: `breakdown["follow_ups"]`, a list with, per follow-up, "prompt" and
    "score" (0-100, or None when it was not answered), optionally "index" and "points" shaped
    like the main answer's. Without it the answers are shown as scored with the main answer."""
    answers = answers or {}
    scored = [item for item in data.get("follow_ups") or [] if isinstance(item, dict)]
    if not scored and not answers:
        return
    table = Table(title="Follow-ups", show_header=True, header_style="bold", expand=False)
    table.add_column("#", justify="right")
    table.add_column("Follow-up", overflow="fold", max_width=40)
    table.add_column("Your answer", overflow="fold", max_width=50)
    table.add_column("Score", justify="right")
    table.add_column("Key points made", overflow="fold", max_width=30)
    if scored:
        for i, item in enumerate(scored):
            index = item["index"] if isinstance(item.get("index"), int) else i
            points = item.get("points") or []
            made = [
                p.get("point", "") + (" (the model's verdict)" if p.get("grader") in MODEL_GRADERS else "")
                for p in points
                if isinstance(p, dict) and p.get("hit")
            ]
            table.add_row(
                str(index + 1),
                escape(str(item.get("prompt") or answers.get(index, ("", ""))[0])),
                escape(answers.get(index, ("", ""))[1]),
                _follow_up_score(item),
                escape(", ".join(made)),
            )
    else:
        for index in sorted(answers):
            prompt, text = answers[index]
            table.add_row(str(index + 1), escape(prompt), escape(text), "with the main answer", "")
    console.print(table)
