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

RECENT_REQUESTS = 100  # review requests are looked for among the channel's latest messages


class ReviewFlow:
    def __init__(self, services: Services, client: discord.Client) -> None:
        self.services = services
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

    async def share(
        self, interaction: discord.Interaction[Any], round_id: int | None, group: str | None = None
    ) -> None:
        member = member_from(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        role_id = None
        if group is not None:  # checked before anything is shared: an unknown group changes nothing
            role_id = (await self.services.study.group(member.guild_id, group)).role_id
        rnd = await self.reviews.share(member, round_id)
        question = await self.reviews.question_for(rnd.id or 0)
        channel = await channel_of(self.client, rnd.channel_id) or interaction.channel
        embed = render.review_request_embed(interaction.user.mention, rnd.id or 0, question)
        ping = f"<@&{role_id}>" if role_id else None  # only the group's own role may be pinged
        await channel.send(  # type: ignore[union-attr]
            content=ping,
            embed=embed,
            view=review_request_controls(rnd.id or 0),
            allowed_mentions=discord.AllowedMentions(roles=[discord.Object(role_id)] if role_id else False, users=False),
        )
        await interaction.followup.send(f"Round #{rnd.id} is shared for review.", ephemeral=True)

    async def on_review_button(self, interaction: discord.Interaction[Any], round_id: int) -> None:
        _, question, _ = await self.reviews.for_peer(member_from(interaction), round_id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        parts = await self.services.interviews.parts(round_id)
        await send_embeds(
            interaction.followup,
            render.peer_reading_embeds(question, render.labelled_parts(question, parts)),
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
        await self._mark_request(outcome, interaction.user.mention)
        await self._notify_owner(interaction, outcome, comment)

    async def _mark_request(self, outcome: ReviewOutcome, reviewer_mention: str) -> None:
        """Edit the round's review request to show who reviewed it."""
        rnd = outcome.round
        channel = await channel_of(self.client, rnd.channel_id)
        me = self.client.user
        if channel is None or me is None:
            return
        wanted = f"mockloop:review:{rnd.id}"
        async for message in channel.history(limit=RECENT_REQUESTS):
            if message.author.id != me.id or not message.embeds:
                continue
            ids = [getattr(c, "custom_id", None) for row in message.components for c in getattr(row, "children", [])]
            if wanted in ids:
                embed = render.reviewed_request(message.embeds[0], reviewer_mention)
                try:
                    await message.edit(embed=embed, allowed_mentions=discord.AllowedMentions.none())
                except discord.HTTPException as exc:
                    log.info("could not mark the review request of round %s (%s)", rnd.id, exc.status)
                return

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
        for where in (rnd.thread_id, rnd.channel_id):  # a closed (locked) thread refuses the post
            channel = await channel_of(self.client, where)
            if channel is None:
                continue
            try:
                await channel.send(content=f"<@{rnd.user_id}>", embed=embed)
                return
            except discord.HTTPException as exc:
                log.info("could not post the review note of round %s in %s (%s)", rnd.id, where, exc.status)
