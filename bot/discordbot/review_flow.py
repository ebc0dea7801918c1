"""ReviewFlow: self-review under a result, /mock share, and peer review by study partners."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.core.errors import MockloopError, RoundNotFound
from bot.discordbot import limits
from bot.discordbot.deferral import send, within_deadline
from bot.discordbot.errors import reply_error
from bot.discordbot.flow import member_of, modal_value
from bot.discordbot.review_views import (
    PEER_MODAL_PREFIX,
    PeerCommentModal,
    peer_select_controls,
    review_request_controls,
)
from bot.reviews import ReviewOutcome, ReviewService

if TYPE_CHECKING:
    from bot.discordbot.client import MockloopBot

log = logging.getLogger(__name__)
Interaction = discord.Interaction["MockloopBot"]


def _names(outcome: ReviewOutcome, ids: list[str]) -> str:
    points = {k.id: k.point for k in outcome.question.rubric}
    return "; ".join(limits.shorten(points[i], 80) for i in ids) or "none"


class ReviewFlow:
    def __init__(self, bot: MockloopBot, reviews: ReviewService) -> None:
        self.bot = bot
        self.reviews = reviews

    async def on_self_review(self, interaction: Interaction, round_id: int, ticked: list[str]) -> None:
        try:
            work = self.reviews.self_review(member_of(interaction), round_id, ticked)
            outcome = await within_deadline(interaction, work, ephemeral=True)
            c = outcome.comparison
            text = (
                f"Self-review saved: you ticked {len(c.ticked)} of {len(outcome.question.rubric)} key points.\n"
                f"**You and the scorer agree on:** {_names(outcome, c.agreed)}\n"
                f"**Only you ticked:** {_names(outcome, c.only_reviewer)}\n"
                f"**Only the scorer found:** {_names(outcome, c.only_scorer)}\n"
                "Your automatic score is unchanged; the review is kept beside it."
            )
            first, *rest = limits.split_text(text, limits.CONTENT)
            await send(interaction, first, ephemeral=True)
            for chunk in rest:
                await interaction.followup.send(chunk, ephemeral=True)
        except Exception as exc:
            await reply_error(interaction, exc)

    async def on_reference(self, interaction: Interaction, round_id: int) -> None:
        try:
            rnd = await self.bot.service.rounds.get(round_id)
            if rnd is None or not rnd.status.is_final:
                raise RoundNotFound("The reference answer opens once the round is finished.")
            question = self.bot.service.question_of(rnd)
            rubric = "\n".join(f"• **{k.point}** (weight {k.weight:g})" for k in question.rubric)
            text = f"**Reference answer**\n{question.reference_answer}\n\n**Rubric**\n{rubric}"
            chunks = limits.split_text(text, limits.EMBED_DESCRIPTION)
            embeds = [discord.Embed(description=c, colour=discord.Colour.dark_teal()) for c in chunks]
            await interaction.response.defer(ephemeral=True, thinking=True)
            await self.bot.flow.send_embeds(interaction.followup, embeds, ephemeral=True)
        except Exception as exc:
            await reply_error(interaction, exc)

    async def share(self, interaction: Interaction, round_id: int | None) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        rnd = await self.reviews.share(member_of(interaction), round_id)
        question = self.bot.service.question_of(rnd)
        channel = await self.bot.flow._round_channel(rnd.channel_id) or interaction.channel
        embed = discord.Embed(
            title=limits.shorten(f"Review request · {question.title}", limits.EMBED_TITLE),
            description=(
                f"{interaction.user.mention} asks for a review of round #{rnd.id} "
                f"({question.round_type.label}, {question.difficulty.value}). Press **Review** to read the "
                "answer, tick the key points it made and leave a comment."
            ),
            colour=discord.Colour.gold(),
        )
        await channel.send(embed=embed, view=review_request_controls(rnd.id or 0))  # type: ignore[union-attr]
        await interaction.followup.send(f"Round #{rnd.id} is shared for review.", ephemeral=True)

    async def on_review_button(self, interaction: Interaction, round_id: int) -> None:
        try:
            rnd = await self.bot.service.rounds.get(round_id)
            if rnd is None:
                raise RoundNotFound(f"Round #{round_id} does not exist.")
            from bot.core.reviews import check_peer_review

            check_peer_review(rnd, interaction.user.id, await self.reviews.is_shared(round_id))
            question = self.bot.service.question_of(rnd)
            parts = await self.bot.service.parts(round_id)
            answer = "\n\n".join(p.content for p in parts if not p.late) or "(no answer was written)"
            text = f"**Question:** {question.title}\n\n**Their answer**\n{answer}"
            embeds = [
                discord.Embed(description=c, colour=discord.Colour.gold())
                for c in limits.split_text(text, limits.EMBED_DESCRIPTION)
            ]
            await interaction.response.defer(ephemeral=True, thinking=True)
            await self.bot.flow.send_embeds(
                interaction.followup, embeds, view=peer_select_controls(round_id, question), ephemeral=True
            )
        except Exception as exc:
            await reply_error(interaction, exc)

    async def on_peer_select(self, interaction: Interaction, round_id: int, ticked: list[str]) -> None:
        try:
            rnd = await self.bot.service.rounds.get(round_id)
            if rnd is None:
                raise RoundNotFound(f"Round #{round_id} does not exist.")
            question = self.bot.service.question_of(rnd)
            order = [k.id for k in question.rubric]
            mask = sum(1 << order.index(t) for t in ticked if t in order)
            await interaction.response.send_modal(PeerCommentModal(round_id, mask))
        except Exception as exc:
            await reply_error(interaction, exc)

    async def on_interaction(self, interaction: Interaction) -> None:
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        custom_id = str((interaction.data or {}).get("custom_id", ""))
        if not custom_id.startswith(PEER_MODAL_PREFIX):
            return
        try:
            round_text, mask_text = custom_id.removeprefix(PEER_MODAL_PREFIX).split(":")
            round_id, mask = int(round_text), int(mask_text, 16)
            comment = modal_value(interaction.data or {}, "comment")
            rnd = await self.bot.service.rounds.get(round_id)
            if rnd is None:
                raise RoundNotFound(f"Round #{round_id} does not exist.")
            order = [k.id for k in self.bot.service.question_of(rnd).rubric]
            ticked = [kid for i, kid in enumerate(order) if mask >> i & 1]
            await interaction.response.defer(ephemeral=True, thinking=True)
            outcome = await self.reviews.peer_review(member_of(interaction), round_id, ticked, comment)
            await interaction.followup.send(
                f"Thanks! Your review of round #{round_id} is saved ({len(ticked)} key points ticked).",
                ephemeral=True,
            )
            await self._notify_owner(interaction, outcome, comment)
        except Exception as exc:
            await reply_error(interaction, exc)

    async def _notify_owner(self, interaction: Interaction, outcome: ReviewOutcome, comment: str) -> None:
        rnd = outcome.round
        embed = discord.Embed(
            title=limits.shorten(f"New peer review · {outcome.question.title}", limits.EMBED_TITLE),
            description=(
                f"{interaction.user.mention} reviewed your round #{rnd.id}.\n"
                f"**They saw:** {_names(outcome, outcome.comparison.ticked)}\n"
                + (f"**Comment:** {comment}" if comment else "")
            ),
            colour=discord.Colour.gold(),
        )
        try:
            dm = await self.bot.create_dm(discord.Object(rnd.user_id))
            await dm.send(embed=embed)
            return
        except (discord.HTTPException, MockloopError):
            log.info("could not DM the owner of round %s; posting in its thread", rnd.id)
        channel = await self.bot.flow._round_channel(rnd.thread_id or rnd.channel_id)
        if channel is not None:
            await channel.send(content=f"<@{rnd.user_id}>", embed=embed)
