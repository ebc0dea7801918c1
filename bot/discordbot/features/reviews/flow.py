"""ReviewFlow: self-review under a result, /mock share, and peer review by study partners."""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.core.errors import MockloopError
from bot.discordbot import limits
from bot.discordbot.context import Services, services_of
from bot.discordbot.deferral import send, within_deadline
from bot.discordbot.features.reviews import render
from bot.discordbot.features.reviews.components import (
    PeerCommentModal,
    peer_select_controls,
    review_request_controls,
)
from bot.discordbot.messaging import channel_of, close_room, member_from, modal_value, send_embeds
from bot.reviews import ReviewOutcome

log = logging.getLogger(__name__)


class ReviewFlow:
    def __init__(self, services: Services, client: discord.Client) -> None:
        self.reviews = services.reviews
        self.client = client

    @classmethod
    def of(cls, interaction: discord.Interaction[Any]) -> ReviewFlow:
        return cls(services_of(interaction), interaction.client)

    async def on_self_review(
        self, interaction: discord.Interaction[Any], round_id: int, ticked: list[str]
    ) -> None:
        work = self.reviews.self_review(member_from(interaction), round_id, ticked)
        outcome = await within_deadline(interaction, work, ephemeral=True)
        first, *rest = limits.split_text(render.self_review_text(outcome), limits.CONTENT)
        await send(interaction, first, ephemeral=True)
        for chunk in rest:
            await interaction.followup.send(chunk, ephemeral=True)
        await close_room(self.client, outcome.round.thread_id)  # result and review done: the room closes

    async def on_reference(self, interaction: discord.Interaction[Any], round_id: int) -> None:
        question = await self.reviews.reference(round_id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await send_embeds(interaction.followup, render.reference_embeds(question), ephemeral=True)

    async def share(self, interaction: discord.Interaction[Any], round_id: int | None) -> None:
        member = member_from(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        rnd = await self.reviews.share(member, round_id)
        question = await self.reviews.question_for(rnd.id or 0)
        channel = await channel_of(self.client, rnd.channel_id) or interaction.channel
        embed = render.review_request_embed(interaction.user.mention, rnd.id or 0, question)
        await channel.send(embed=embed, view=review_request_controls(rnd.id or 0))  # type: ignore[union-attr]
        await interaction.followup.send(f"Round #{rnd.id} is shared for review.", ephemeral=True)

    async def on_review_button(self, interaction: discord.Interaction[Any], round_id: int) -> None:
        _, question, answer = await self.reviews.for_peer(member_from(interaction), round_id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await send_embeds(
            interaction.followup,
            render.peer_reading_embeds(question, answer),
            view=peer_select_controls(round_id, question),
            ephemeral=True,
        )

    async def on_peer_select(
        self, interaction: discord.Interaction[Any], round_id: int, ticked: list[str]
    ) -> None:
        order = [k.id for k in (await self.reviews.question_for(round_id)).rubric]
        mask = sum(1 << order.index(t) for t in ticked if t in order)
        await interaction.response.send_modal(PeerCommentModal(round_id, mask))

    async def on_peer_modal(self, interaction: discord.Interaction[Any], state: str) -> None:
        """A peer-review form submitted (the route for PeerCommentModal.prefix)."""
        round_text, mask_text = state.split(":")
        round_id, mask = int(round_text), int(mask_text, 16)
        comment = modal_value(interaction.data or {}, "comment")  # type: ignore[arg-type]
        order = [k.id for k in (await self.reviews.question_for(round_id)).rubric]
        ticked = [kid for i, kid in enumerate(order) if mask >> i & 1]
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await self.reviews.peer_review(member_from(interaction), round_id, ticked, comment)
        await interaction.followup.send(
            f"Thanks! Your review of round #{round_id} is saved ({len(ticked)} key points ticked).",
            ephemeral=True,
        )
        await self._notify_owner(interaction, outcome, comment)

    async def _notify_owner(
        self, interaction: discord.Interaction[Any], outcome: ReviewOutcome, comment: str
    ) -> None:
        rnd = outcome.round
        embed = render.peer_review_note(interaction.user.mention, outcome, comment)
        try:
            dm = await self.client.create_dm(discord.Object(rnd.user_id))  # type: ignore[arg-type]
            await dm.send(embed=embed)
            return
        except (discord.HTTPException, MockloopError):
            log.info("could not DM the owner of round %s; posting in its thread", rnd.id)
        channel = await channel_of(self.client, rnd.thread_id or rnd.channel_id)
        if channel is not None:
            await channel.send(content=f"<@{rnd.user_id}>", embed=embed)
