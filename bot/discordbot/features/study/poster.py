"""Posts each guild's weekly winners when its week resets (Monday 00:00 in the server's zone).

Each guild's week is claimed in the database before anything is sent (bot.study), so a restart
posts a missed week once and never twice: the daily question's pattern, on the same DueLoop.
"""

from __future__ import annotations

import logging

import discord

from bot.discordbot.features.study.render import weekly_embed
from bot.discordbot.posting import ScheduledPoster
from bot.study import StudyService

log = logging.getLogger(__name__)

MAX_SLEEP_S = 300.0


class WeeklyPoster(ScheduledPoster):
    """Posts the weeks' winners when they fall due; wakes early on `poke()`."""

    def __init__(self, study: StudyService, client: discord.Client) -> None:
        super().__init__(
            study, client, next_due=study.next_weekly_due, name="mockloop-weekly", max_sleep=MAX_SLEEP_S
        )

    async def run_once(self) -> int:
        """Post whatever is due now; returns how many posts went out."""
        sent = 0
        for winners in await self.study.claim_due_weekly():
            post = winners.post
            try:
                message = await (await self.channel(post.channel_id)).send(
                    embed=weekly_embed(winners), allowed_mentions=discord.AllowedMentions.none()
                )
            except (discord.Forbidden, discord.NotFound):
                log.warning(
                    "cannot post the weekly winners in channel %s; skipping the week", post.channel_id
                )
                continue
            except (discord.HTTPException, OSError):
                log.exception("weekly winners for guild %s failed; will retry", post.guild_id)
                await self.study.release_weekly(post)
                continue
            await self.study.weekly_posted(post, message.id)
            sent += 1
        self.posted += sent
        return sent
