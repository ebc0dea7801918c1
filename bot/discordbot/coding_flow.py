"""/mock run and /mock submit: the member's code against the examples or the hidden tests."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.coding import CodingService
from bot.discordbot import limits
from bot.discordbot.attachments import read_code_file
from bot.discordbot.flow import member_of
from bot.judge.judge import JudgeReport, Which

if TYPE_CHECKING:
    from bot.discordbot.client import MockloopBot

Interaction = discord.Interaction["MockloopBot"]


def report_embeds(report: JudgeReport) -> list[discord.Embed]:
    kind = "Examples" if report.which == "examples" else "Hidden tests"
    ok = report.all_passed
    colour = discord.Colour.green() if ok else discord.Colour.red()
    table = report.to_table()
    chunks = limits.split_text(f"```text\n{table}\n```", limits.EMBED_DESCRIPTION)
    embeds = [discord.Embed(description=c, colour=colour) for c in chunks]
    embeds[0].title = f"{kind}: {report.passed}/{report.total} passed"
    return embeds


class CodingFlow:
    def __init__(self, bot: MockloopBot, coding: CodingService) -> None:
        self.bot = bot
        self.coding = coding

    async def run(self, interaction: Interaction, which: Which, file: discord.Attachment | None) -> None:
        await interaction.response.defer(thinking=True)
        code = await read_code_file(file) if file is not None else None
        report, ack = await self.coding.run(
            member_of(interaction),
            which,
            code,
            source="file" if file else "submit",
            external_id=f"i{interaction.id}",
        )
        if report.disabled_reason is not None:
            await interaction.followup.send(
                f"⚠️ Code judging is disabled here: {report.disabled_reason}. "
                "Your answer is still scored on its explanation (the rubric). An admin can check the logs.",
            )
            return
        await self.bot.flow.send_embeds(interaction.followup, report_embeds(report))
        if ack is not None:
            await self.bot.flow.after_answer(interaction, ack, acknowledged=False)
