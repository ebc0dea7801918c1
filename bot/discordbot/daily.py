"""The daily question: a poster loop and the persistent option buttons under each post.

Each guild-local day is claimed in the database before anything is sent (bot.study), so a
restart posts a missed day once and never twice. Buttons carry the post id and option in
their custom_id, so they work after a restart.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.core.questions import Question
from bot.discordbot import limits
from bot.discordbot.embeds import ROUND_COLOURS
from bot.discordbot.errors import reply_error
from bot.due_loop import DueLoop
from bot.service import Member
from bot.storage.study import DailyPost
from bot.study import StudyService

if TYPE_CHECKING:
    from bot.discordbot.client import MockloopBot

log = logging.getLogger(__name__)

MAX_SLEEP_S = 60.0


def daily_embeds(question: Question, answered: int) -> list[discord.Embed]:
    colour = ROUND_COLOURS[question.round_type]
    options = question.answer.options  # type: ignore[union-attr]
    body = question.prompt + "\n\n" + "\n".join(f"**{o.key.upper()}.** {o.text}" for o in options)
    chunks = limits.split_text(body, limits.EMBED_DESCRIPTION)[: limits.EMBEDS_PER_MESSAGE]
    title = limits.shorten(f"Question of the day · {question.title}", limits.EMBED_TITLE)
    embeds = [
        discord.Embed(title=title if i == 0 else None, description=chunk, colour=colour)
        for i, chunk in enumerate(chunks)
    ]
    who = "nobody yet" if answered == 0 else f"{answered} member{'s' if answered != 1 else ''}"
    embeds[-1].set_footer(
        text=f"Answered by {who} · one answer each; a right answer earns points and keeps your streak"
    )
    return embeds


class DailyAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
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

    async def callback(self, interaction: discord.Interaction[MockloopBot]) -> None:
        try:
            await self._answer(interaction)
        except Exception as exc:
            await reply_error(interaction, exc)

    async def _answer(self, interaction: discord.Interaction[MockloopBot]) -> None:
        user = interaction.user
        member = Member(interaction.guild_id or 0, user.id, getattr(user, "display_name", user.name))
        result = await interaction.client.study.answer_daily(member, self.post_id, self.key)
        answer = result.question.answer
        right = ", ".join(k.upper() for k in answer.correct)  # type: ignore[union-attr]
        if not result.first_time:
            text = f"You already answered {result.chosen.upper()} today; the answer is {right}."
        elif result.correct:
            text = f"✅ Right, it is {right}. +{result.points} points."
        else:
            text = f"❌ Not this time: the answer is {right}. Your answer still counts for your streak."
        explanation = getattr(answer, "explanation", None)
        if explanation:
            text += f"\n{explanation}"
        await interaction.response.send_message(text, ephemeral=True)  # explanation <= 1500 by the schema
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


class DailyPoster:
    """Posts each guild's daily question when it falls due; wakes early on `poke()`."""

    def __init__(self, bot: MockloopBot, study: StudyService) -> None:
        self.bot = bot
        self.study = study
        self.posted = 0
        self._loop = DueLoop(
            study.clock,
            self.run_once,
            study.next_daily_due,
            name="mockloop-daily",
            max_sleep=MAX_SLEEP_S,
            min_sleep=0.5,
            before=bot.wait_until_ready,
        )

    def poke(self) -> None:
        self._loop.poke()

    async def run_once(self) -> int:
        """Post whatever is due now; returns how many posts went out."""
        sent = 0
        for post, question in await self.study.claim_due_posts():
            try:
                channel = self.bot.get_channel(post.channel_id) or await self.bot.fetch_channel(
                    post.channel_id
                )
                message = await channel.send(  # type: ignore[union-attr]
                    embeds=daily_embeds(question, 0), view=daily_controls(post, question)
                )
            except (discord.Forbidden, discord.NotFound):
                log.warning("cannot post the daily question in channel %s; skipping today", post.channel_id)
                continue
            except (discord.HTTPException, OSError):
                log.exception("daily question for guild %s failed; will retry", post.guild_id)
                await self.study.release_post(post)
                continue
            await self.study.posted(post, message.id)
            sent += 1
        self.posted += sent
        return sent

    def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()
