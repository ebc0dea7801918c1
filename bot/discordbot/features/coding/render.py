"""A judge report as embeds: one line per test, and for a failing visible example its input beside
the expected and the returned value; split across embeds when long. Hidden tests show only
their id and verdict (their inputs and answers never leave the judge)."""

from __future__ import annotations

from typing import Any

import discord

from bot.core.questions import CodeAnswer, CodeCase, Question
from bot.discordbot import limits
from bot.judge.judge import VERDICT_LABELS, JudgeReport

SHOWN_VALUE = 300  # a value longer than this is shown shortened, with a visible "…"
DETAIL_LINES = 6


def call_text(answer: CodeAnswer, case: CodeCase) -> str:
    """How an example's input reads: the call itself, `two_sum([2, 7, 11, 15], 9)`."""
    return f"{answer.function}({', '.join(repr(a) for a in case.args)})"


def value_text(value: Any) -> str:
    return limits.shorten(repr(value), SHOWN_VALUE)


def examples_text(answer: CodeAnswer) -> str:
    """The visible examples as the question shows them: each call and what it returns."""
    lines = [f">>> {call_text(answer, case)}\n{value_text(case.expected)}" for case in answer.examples]
    return "**Examples**\n```python\n" + "\n".join(lines) + "\n```"


def report_embeds(report: JudgeReport, question: Question | None = None) -> list[discord.Embed]:
    kind = "Examples" if report.which == "examples" else "Hidden tests"
    colour = discord.Colour.green() if report.all_passed else discord.Colour.red()
    answer = question.answer if question is not None and isinstance(question.answer, CodeAnswer) else None
    inputs = {case.id: case for case in answer.examples} if answer is not None else {}
    lines: list[str] = []
    for v in report.verdicts:
        mark = "✅" if v.passed else "❌"
        line = f"{mark} `{v.case_id}` {VERDICT_LABELS[v.verdict]}"
        if v.verdict == "time_limit":
            line += f" (stopped after {v.elapsed:.1f}s)"
        lines.append(line)
        if v.visible and not v.passed:
            case = inputs.get(v.case_id)
            shown = []
            if case is not None and answer is not None:
                shown.append(f"input    {call_text(answer, case)}")
            if v.verdict == "wrong_answer":
                shown += [f"expected {value_text(v.expected)}", f"got      {value_text(v.got)}"]
            if shown:
                lines.append("```python\n" + "\n".join(shown) + "\n```")
        detail = v.detail.strip().splitlines()[-DETAIL_LINES:]
        if detail:
            lines.append("```text\n" + "\n".join(detail) + "\n```")
    noun = "examples" if report.which == "examples" else "hidden tests"
    lines.append(f"Passed {report.passed}/{report.total} {noun}")
    chunks = limits.split_text("\n".join(lines), limits.EMBED_DESCRIPTION)
    embeds = [discord.Embed(description=c, colour=colour) for c in chunks]
    embeds[0].title = f"{kind}: {report.passed}/{report.total} passed"
    return embeds


def judging_disabled(reason: str) -> str:
    return (
        f"⚠️ Code judging is disabled here: {reason}. "
        "Your answer is still scored on its explanation (the rubric). An admin can check the logs."
    )
