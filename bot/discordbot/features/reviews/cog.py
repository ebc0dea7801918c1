"""The reviews extension: no commands of its own (/mock share is in the /mock group), but it
registers the review components and the peer-review form's route."""

from __future__ import annotations

from discord.ext import commands

from bot.discordbot.context import Bot
from bot.discordbot.features.reviews.components import KeyPointSelect, PeerCommentModal, RoundLinkButton
from bot.discordbot.features.reviews.flow import ReviewFlow


class ReviewsCog(commands.Cog):
    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.flow = ReviewFlow(bot.services, bot)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(KeyPointSelect, RoundLinkButton)
        self.bot.modals.add(PeerCommentModal.prefix, self.flow.on_peer_modal)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(KeyPointSelect, RoundLinkButton)
        self.bot.modals.remove(PeerCommentModal.prefix)
