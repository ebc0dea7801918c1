"""Posts each guild's daily question when it falls due.

Each guild-local day is claimed in the database before anything is sent (bot.study), so a
restart posts a missed day once and never twice.
"""

from __future__ import annotations

import logging

import discord

from bot.core.questions import Question
from bot.discordbot import limits
from bot.discordbot.features.daily.components import daily_controls
from bot.discordbot.features.daily.render import daily_embeds, post_content
from bot.discordbot.posting import ScheduledPoster
from bot.study import StudyService

log = logging.getLogger(__name__)

MAX_SLEEP_S = 60.0


class DailyPoster(ScheduledPoster):
    """Posts each guild's daily question when it falls due; wakes early on `poke()`."""

    def __init__(self, study: StudyService, client: discord.Client) -> None:
        super().__init__(
            study, client, next_due=study.next_daily_due, name="mockloop-daily", max_sleep=MAX_SLEEP_S
        )

    async def run_once(self) -> int:
        """Post whatever is due now; returns how many posts went out."""
        sent = 0
        for post, question in await self.study.claim_due_posts():
            recap = await self.study.daily_recap(post)
            role_id = await self.study.daily_role(post.guild_id)
            try:
                message = await (await self.channel(post.channel_id)).send(
                    content=post_content(recap, role_id),
                    embeds=daily_embeds(question, 0),
                    view=daily_controls(post, question, role_id),
                    allowed_mentions=discord.AllowedMentions(
                        everyone=False, users=False, roles=[discord.Object(role_id)] if role_id else False
                    ),
                )
            except (discord.Forbidden, discord.NotFound):
                log.warning("cannot post the daily question in channel %s; skipping today", post.channel_id)
                continue
            except (discord.HTTPException, OSError):
                log.exception("daily question for guild %s failed; will retry", post.guild_id)
                await self.study.release_post(post)
                continue
            await self.study.posted(post, message.id)
            await self._open_thread(message, question)
            sent += 1
        self.posted += sent
        return sent

    async def _open_thread(self, message: discord.Message, question: Question) -> None:
        """A discussion thread under the post; the post stands without it (e.g. no permission)."""
        try:
            thread = await message.create_thread(
                name=limits.shorten(f"Discuss · {question.title}", 100), auto_archive_duration=1440
            )
            await thread.send(
                "Talk it through here. Answer with the buttons first; tomorrow's post gives the answer "
                "and how many got it right."
            )
        except discord.HTTPException:
            log.warning("could not open a discussion thread under daily post %s", message.id, exc_info=True)
