"""The option buttons under each daily post; the post id and option live in the custom_id."""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot.core.questions import Question
from bot.discordbot import limits
from bot.discordbot.components import Component
from bot.discordbot.context import services_of
from bot.discordbot.features.daily.render import answer_text, daily_embeds
from bot.discordbot.messaging import member_from
from bot.study import DailyPost

log = logging.getLogger(__name__)


class DailyAnswerButton(
    Component[discord.ui.Button[Any]],
    template=r"mockloop:daily:(?P<post>[0-9]{1,20}):(?P<key>[a-z])",
):
    def __init__(self, post_id: int, key: str, text: str = "") -> None:
        label = limits.shorten(f"{key.upper()} · {text}" if text else key.upper(), limits.BUTTON_LABEL)
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.primary, custom_id=f"mockloop:daily:{post_id}:{key}"
            )
        )
        self.post_id, self.key = post_id, key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> DailyAnswerButton:
        return cls(int(match["post"]), match["key"], item.label or "")

    @classmethod
    def examples(cls) -> list[Component[Any]]:
        return [cls(2**63 - 1, "z", "x" * 200)]

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        result = await services_of(interaction).study.answer_daily(
            member_from(interaction), self.post_id, self.key
        )
        await interaction.response.send_message(answer_text(result), ephemeral=True)
        if result.first_time and interaction.message is not None:
            try:
                await interaction.message.edit(embeds=daily_embeds(result.question, result.answered))
            except discord.HTTPException:
                log.warning("could not update the answered count on daily post %s", self.post_id)


def daily_controls(post: DailyPost, question: Question) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for option in question.answer.options:  # type: ignore[union-attr]
        view.add_item(DailyAnswerButton(post.id, option.key, option.text))
    return view
