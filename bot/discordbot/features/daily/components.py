"""The option buttons under each daily post; the post id and option live in the custom_id."""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot.core.errors import InvalidOption
from bot.core.questions import Question
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
    def __init__(self, post_id: int, key: str) -> None:
        # Only the letter: the options' text is in the embed, where it wraps on a phone.
        super().__init__(
            discord.ui.Button(
                label=key.upper(), style=discord.ButtonStyle.primary, custom_id=f"mockloop:daily:{post_id}:{key}"
            )
        )
        self.post_id, self.key = post_id, key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> DailyAnswerButton:
        return cls(int(match["post"]), match["key"])

    @classmethod
    def examples(cls) -> list[Component[Any]]:
        return [cls(2**63 - 1, "z")]

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


class DailyRoleToggle(Component[discord.ui.Button[Any]], template=r"mockloop:dailyrole:(?P<role>[0-9]{1,20})"):
    """Opt in to (or out of) the role each daily post pings."""

    def __init__(self, role_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Ping me daily",
                emoji="🔔",
                style=discord.ButtonStyle.secondary,
                custom_id=f"mockloop:dailyrole:{role_id}",
            )
        )
        self.role_id = role_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> DailyRoleToggle:
        return cls(int(match["role"]))

    @classmethod
    def examples(cls) -> list[Component[Any]]:
        return [cls(2**63 - 1)]

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        member = member_from(interaction)  # refuses a DM
        user = interaction.user
        if not isinstance(user, discord.Member):
            raise InvalidOption("Use this button in the server.")
        if await services_of(interaction).study.daily_role(member.guild_id) != self.role_id:
            raise InvalidOption("The daily question no longer pings that role; nothing changed.")
        role = discord.Object(self.role_id)
        has = any(r.id == self.role_id for r in user.roles)
        try:
            if has:
                await user.remove_roles(role, reason="daily question: opted out")
            else:
                await user.add_roles(role, reason="daily question: opted in")
        except discord.Forbidden:
            raise InvalidOption(
                "I may not give out that role here (I need Manage Roles, above the role); ask an admin."
            ) from None
        text = (
            f"You will no longer be pinged for the daily question (<@&{self.role_id}> removed)."
            if has
            else f"You will be pinged for each daily question (<@&{self.role_id}>). Press again to stop."
        )
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )


def daily_controls(post: DailyPost, question: Question, role_id: int | None = None) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for option in question.answer.options:  # type: ignore[union-attr]
        view.add_item(DailyAnswerButton(post.id, option.key))
    if role_id is not None:
        view.add_item(DailyRoleToggle(role_id))
    return view
