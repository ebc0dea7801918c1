"""A scheduled poster: posts what the study service has claimed once it falls due.

The daily question and the weekly winners share this: one DueLoop sleeps until the next post
is due (waking early on `poke()`), and each post is claimed in the database before it is sent,
so a restart posts a missed one once and never twice. Subclasses implement `run_once`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

from bot.due_loop import DueLoop
from bot.study import StudyService


class ScheduledPoster:
    def __init__(
        self,
        study: StudyService,
        client: discord.Client,
        *,
        next_due: Callable[[], Awaitable[float | None]],
        name: str,
        max_sleep: float,
    ) -> None:
        self.client = client
        self.study = study
        self.posted = 0
        self._loop = DueLoop(
            study.clock,
            self.run_once,
            next_due,
            name=name,
            max_sleep=max_sleep,
            min_sleep=0.5,
            before=client.wait_until_ready,
        )

    async def run_once(self) -> int:
        """Post whatever is due now; returns how many posts went out."""
        raise NotImplementedError

    async def channel(self, channel_id: int) -> discord.abc.Messageable:
        """The post's channel, from the cache or fetched (discord.NotFound / Forbidden when gone)."""
        found = self.client.get_channel(channel_id) or await self.client.fetch_channel(channel_id)
        return found  # type: ignore[return-value]

    def poke(self) -> None:
        self._loop.poke()

    def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()
