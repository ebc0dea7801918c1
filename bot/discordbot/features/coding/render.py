"""A judge report as embeds: the verdict table in code blocks, split across embeds when long."""

from __future__ import annotations

import discord

from bot.discordbot import limits
from bot.judge.judge import JudgeReport


def report_embeds(report: JudgeReport) -> list[discord.Embed]:
    kind = "Examples" if report.which == "examples" else "Hidden tests"
    ok = report.all_passed
    colour = discord.Colour.green() if ok else discord.Colour.red()
    table = report.to_table()
    chunks = limits.split_text(f"```text\n{table}\n```", limits.EMBED_DESCRIPTION)
    embeds = [discord.Embed(description=c, colour=colour) for c in chunks]
    embeds[0].title = f"{kind}: {report.passed}/{report.total} passed"
    return embeds


def judging_disabled(reason: str) -> str:
    return (
        f"⚠️ Code judging is disabled here: {reason}. "
        "Your answer is still scored on its explanation (the rubric). An admin can check the logs."
    )
