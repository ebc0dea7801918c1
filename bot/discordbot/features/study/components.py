"""The leaderboard's page buttons; the board's group, period, round type and page live in the custom_id."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.core.errors import InvalidOption
from bot.core.models import RoundType
from bot.discordbot.components import Component
from bot.discordbot.context import services_of
from bot.discordbot.features.study.flow import stats_message
from bot.discordbot.features.study.render import leaderboard_embed
from bot.discordbot.messaging import guild_id_of
from bot.study import Leaderboard

MAX_ID = 2**63 - 1


class LeaderboardPager(
    Component[discord.ui.Button[Any]],
    template=(
        r"mockloop:lb:(?P<group>[0-9]{1,20}):(?P<period>week|month|all):(?P<round>[a-z_]{1,20}):"
        r"(?P<page>[0-9]{1,6}):(?P<dir>prev|next)"
    ),
):
    def __init__(
        self, group_id: int, period: str, round_type: str, page: int, direction: str, disabled: bool = False
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label="◀ Previous" if direction == "prev" else "Next ▶",
                style=discord.ButtonStyle.secondary,
                custom_id=f"mockloop:lb:{group_id}:{period}:{round_type}:{page}:{direction}",
                disabled=disabled,
            )
        )
        self.group_id, self.period, self.round_type, self.page = group_id, period, round_type, page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> LeaderboardPager:
        return cls(int(match["group"]), match["period"], match["round"], int(match["page"]), match["dir"])

    @classmethod
    def examples(cls) -> list[Component[Any]]:
        longest = max((r.value for r in RoundType), key=len)
        return [cls(MAX_ID, "month", longest, 999_999, d) for d in ("prev", "next")] + [
            cls(0, "week", "any", 0, "next")
        ]

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        board = await services_of(interaction).study.leaderboard(
            guild_id_of(interaction),
            interaction.user.id,
            group=self.group_id or None,
            period=self.period,
            round_type=None if self.round_type == "any" else self.round_type,
            page=self.page,
        )
        await interaction.response.edit_message(
            embed=leaderboard_embed(board), view=leaderboard_controls(board)
        )


class LeaderboardShare(
    Component[discord.ui.Button[Any]],
    template=(
        r"mockloop:lbshare:(?P<group>[0-9]{1,20}):(?P<period>week|month|all):(?P<round>[a-z_]{1,20}):"
        r"(?P<page>[0-9]{1,6})"
    ),
):
    """Posts the board (as the member sees it now) to the channel, for everyone."""

    def __init__(self, group_id: int, period: str, round_type: str, page: int, disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label="Shared" if disabled else "Share",
                emoji="📣",
                style=discord.ButtonStyle.primary,
                custom_id=f"mockloop:lbshare:{group_id}:{period}:{round_type}:{page}",
                disabled=disabled,
            )
        )
        self.group_id, self.period, self.round_type, self.page = group_id, period, round_type, page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> LeaderboardShare:
        return cls(int(match["group"]), match["period"], match["round"], int(match["page"]))

    @classmethod
    def examples(cls) -> list[Component[Any]]:
        longest = max((r.value for r in RoundType), key=len)
        return [cls(MAX_ID, "month", longest, 999_999), cls(0, "week", "any", 0)]

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        board = await services_of(interaction).study.leaderboard(
            guild_id_of(interaction),
            interaction.user.id,
            group=self.group_id or None,
            period=self.period,
            round_type=None if self.round_type == "any" else self.round_type,
            page=self.page,
        )
        # The private board's Share turns into a disabled "Shared"; the post is a new, public message.
        await interaction.response.edit_message(
            embed=leaderboard_embed(board), view=leaderboard_controls(board, shared=True)
        )
        await interaction.followup.send(
            embed=leaderboard_embed(board, shared_by=interaction.user.display_name), ephemeral=False
        )


def leaderboard_controls(board: Leaderboard, shared: bool = False) -> discord.ui.View:
    """Share (posts the board to the channel), and page buttons when there is more than one page."""
    page, pages = board.page.page, board.page.pages
    ids = (board.group.id if board.group else 0, board.period.value, board.round_type or "any")
    view = discord.ui.View(timeout=None)
    if pages > 1:
        view.add_item(LeaderboardPager(*ids, max(page - 1, 0), "prev", disabled=page == 0))
        view.add_item(LeaderboardPager(*ids, min(page + 1, pages - 1), "next", disabled=page >= pages - 1))
    view.add_item(LeaderboardShare(*ids, page, disabled=shared))
    return view


class StatsShare(Component[discord.ui.Button[Any]], template=r"mockloop:statsshare:(?P<user>[0-9]{1,20})"):
    """Posts a member's /stats (with the chart) to the channel, for everyone."""

    def __init__(self, user_id: int, disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label="Shared" if disabled else "Share",
                emoji="📣",
                style=discord.ButtonStyle.primary,
                custom_id=f"mockloop:statsshare:{user_id}",
                disabled=disabled,
            )
        )
        self.user_id = user_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> StatsShare:
        return cls(int(match["user"]))

    @classmethod
    def examples(cls) -> list[Component[Any]]:
        return [cls(MAX_ID), cls(1)]

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        stats = await services_of(interaction).study.stats(guild_id_of(interaction), self.user_id)
        if stats is None:
            raise InvalidOption("There are no stats to share any more.")
        # Acknowledge at once (the chart takes a moment); the post is a new, public follow-up.
        await interaction.response.edit_message(view=stats_controls(self.user_id, shared=True))
        embed, file = await stats_message(stats, shared_by=interaction.user.display_name)
        if file is None:
            await interaction.followup.send(embed=embed, ephemeral=False)
        else:
            await interaction.followup.send(embed=embed, file=file, ephemeral=False)


def stats_controls(user_id: int, shared: bool = False) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(StatsShare(user_id, disabled=shared))
    return view
