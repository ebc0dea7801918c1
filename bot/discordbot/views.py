"""Persistent components. All state lives in the custom_id, so they keep working after a restart.

The callbacks only route to `RoundFlow` (bot/discordbot/flow.py); no rules here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.discordbot import limits

if TYPE_CHECKING:
    from bot.discordbot.client import MockloopBot

ROUND_ACTIONS = {
    "answer": ("Answer", discord.ButtonStyle.primary, "✍️"),
    "hint": ("Hint", discord.ButtonStyle.secondary, "💡"),
    "done": ("Done", discord.ButtonStyle.success, "✅"),
    "giveup": ("Give up", discord.ButtonStyle.danger, "🏳️"),
}
MODAL_PREFIX = "mockloop:answer-modal:"


class RoundButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"mockloop:(?P<action>answer|hint|done|giveup):(?P<round_id>[0-9]{1,20})",
):
    def __init__(self, action: str, round_id: int) -> None:
        label, style, emoji = ROUND_ACTIONS[action]
        super().__init__(
            discord.ui.Button(
                label=label, style=style, emoji=emoji, custom_id=f"mockloop:{action}:{round_id}"
            )
        )
        self.action = action
        self.round_id = round_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> RoundButton:
        return cls(match["action"], int(match["round_id"]))

    async def callback(self, interaction: discord.Interaction[MockloopBot]) -> None:
        await interaction.client.flow.on_round_button(interaction, self.action, self.round_id)


def round_controls(round_id: int, *, answer_only: bool = False) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in ("answer",) if answer_only else ROUND_ACTIONS:
        view.add_item(RoundButton(action, round_id))
    return view


class AnswerModal(discord.ui.Modal):
    """The answer form. Submits are handled in `RoundFlow.on_interaction`, which also catches
    submits of forms opened before a restart (those are no longer in discord.py's view store)."""

    def __init__(self, round_id: int, title: str) -> None:
        super().__init__(
            title=limits.shorten(title, limits.MODAL_TITLE),
            custom_id=f"{MODAL_PREFIX}{round_id}",
            timeout=900,
        )
        self.answer: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
            label="Your answer",
            style=discord.TextStyle.paragraph,
            max_length=limits.TEXT_INPUT_VALUE,
            placeholder="Write your answer. Code blocks (```) are kept as code.",
            custom_id="answer",
        )
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        return None  # handled by RoundFlow.on_interaction


class HistoryPager(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"mockloop:history:(?P<guild>[0-9]{1,20}):(?P<user>[0-9]{1,20}):(?P<page>[0-9]{1,6}):(?P<dir>prev|next)",
):
    def __init__(
        self, guild_id: int, user_id: int, page: int, direction: str, disabled: bool = False
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label="◀ Newer" if direction == "prev" else "Older ▶",
                style=discord.ButtonStyle.secondary,
                custom_id=f"mockloop:history:{guild_id}:{user_id}:{page}:{direction}",
                disabled=disabled,
            )
        )
        self.guild_id, self.user_id, self.page, self.direction = guild_id, user_id, page, direction

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> HistoryPager:
        return cls(int(match["guild"]), int(match["user"]), int(match["page"]), match["dir"])

    async def callback(self, interaction: discord.Interaction[MockloopBot]) -> None:
        await interaction.client.flow.on_history_page(interaction, self.guild_id, self.user_id, self.page)


def history_controls(guild_id: int, user_id: int, page: int, pages: int) -> discord.ui.View | None:
    if pages <= 1:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(HistoryPager(guild_id, user_id, max(page - 1, 0), "prev", disabled=page == 0))
    view.add_item(
        HistoryPager(guild_id, user_id, min(page + 1, pages - 1), "next", disabled=page >= pages - 1)
    )
    return view
