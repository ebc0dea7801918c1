"""Judge a member's code for /mock run (examples) and /mock submit (hidden tests)."""

from __future__ import annotations

from typing import Any

import discord

from bot.core.errors import UnknownQuestion
from bot.discordbot.attachments import read_code_file
from bot.discordbot.context import Services
from bot.discordbot.features.coding.render import judging_disabled, report_embeds
from bot.discordbot.messaging import member_from, send_embeds
from bot.judge.judge import Which
from bot.service import AnswerAck


class CodingFlow:
    def __init__(self, services: Services) -> None:
        self.coding = services.coding
        self.interviews = services.interviews

    async def run(
        self, interaction: discord.Interaction[Any], which: Which, file: discord.Attachment | None
    ) -> AnswerAck | None:
        """Show the report; returns the answer step a hidden-test run made (the caller presents it)."""
        member = member_from(interaction)
        await interaction.response.defer(thinking=True)
        code = await read_code_file(file) if file is not None else None
        report, ack = await self.coding.run(
            member,
            which,
            code,
            source="file" if file else "submit",
            external_id=f"i{interaction.id}",
        )
        if report.disabled_reason is not None:
            await interaction.followup.send(judging_disabled(report.disabled_reason))
            return None
        try:
            question = self.interviews.bank_for(member.guild_id).get(report.question_id)
        except UnknownQuestion:  # a question removed from the bank since: the report still shows
            question = None
        await send_embeds(interaction.followup, report_embeds(report, question))
        return ack
