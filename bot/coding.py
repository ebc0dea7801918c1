"""Coding rounds judged for real: run the member's code on the examples or the hidden tests.

The verdicts are stored per run; the latest hidden-test run feeds the round's score (tests
70%, rubric 30%: bot.core.scoring.combine_with_tests) when the round is scored.
"""

from __future__ import annotations

import logging

from bot.core.code_extract import extract_code, latest_code
from bot.core.errors import InvalidOption, NoCodeFound
from bot.core.questions import CodeAnswer
from bot.core.rounds import RoundStatus
from bot.judge.base import Runner
from bot.judge.judge import JudgeReport, Which, judge
from bot.judge.scheduler import submitted_by
from bot.service import AnswerAck, InterviewService, Member

log = logging.getLogger(__name__)

MAX_CODE_CHARS = 20_000


class CodingService:
    def __init__(self, service: InterviewService, runner: Runner) -> None:
        self.service = service
        self.runner = runner

    def use_runner(self, runner: Runner) -> None:
        """Judge with `runner` from now on: the terminal prepares its sandbox only once a coding
        round starts, so other rounds never wait for the sandbox's self-test."""
        self.runner = runner

    @property
    def disabled_reason(self) -> str | None:
        """Why code is not judged here, or None when it is."""
        return (
            getattr(self.runner, "reason", None) if getattr(self.runner, "name", "") == "disabled" else None
        )

    @property
    def engine(self) -> str:
        """The judging engine's name (bwrap, piston, judge0, disabled)."""
        return str(getattr(self.runner, "name", "sandbox"))

    async def run(
        self,
        member: Member,
        which: Which,
        code: str | None = None,
        *,
        source: str = "submit",
        external_id: str | None = None,
    ) -> tuple[JudgeReport, AnswerAck | None]:
        """Judge `code` (or the latest code in the member's answer) for their open coding round.

        For the hidden tests the code is also stored as an answer part, and the round moves on
        (follow-ups or the result) exactly as Done would.
        """
        view = await self.service.require_open_round(member)
        rnd, question = view.round, view.question
        if not isinstance(question.answer, CodeAnswer):
            raise InvalidOption("Your open round is not a coding round, so there is nothing to run.")
        if rnd.status not in (RoundStatus.ASKED, RoundStatus.ANSWERING):
            raise InvalidOption("Code can be run while you answer the main question, before the follow-ups.")
        if code is not None:
            code = extract_code(code) or code
        else:
            parts = [p.content for p in await self.service.parts(rnd.id or 0) if not p.late]
            code = latest_code(parts)
            if code is None:
                raise NoCodeFound(
                    "I found no code in your answer yet. Post it in a ```python code block, attach a .py file, "
                    "or paste it in the Answer form."
                )
        if len(code) > MAX_CODE_CHARS:
            raise InvalidOption(f"That code is {len(code):,} characters; the limit is {MAX_CODE_CHARS:,}.")
        with submitted_by(member.guild_id, member.user_id, which):  # cooldown, queue per server
            report = await judge(question, code, which, self.runner)
        await self._store(rnd.id or 0, which, code, report)
        ack = None
        if which == "tests" and report.disabled_reason is None:
            fenced = f"```python\n{code.rstrip()}\n```"
            parts_now = [p.content for p in await self.service.parts(rnd.id or 0)]
            if latest_code(parts_now) != code:
                await self.service.add_answer(
                    member, fenced, source=source, external_id=external_id, round_id=rnd.id
                )
            ack = await self.service.finish(member, rnd.id)
        return report, ack

    async def _store(self, round_id: int, which: str, code: str, report: JudgeReport) -> None:
        if report.disabled_reason is not None:
            return
        async with self.service.db.unit_of_work() as uow:
            await uow.code_runs.add(
                round_id, which, code, report.passed, report.total, report.to_dict(), self.service.clock.now()
            )
