"""Timer messages in Discord: half time (no ping), five minutes left, time up (and the
result after a hard time-up), posted exactly once where the round lives, also after a crash; and
the room closing (thread archived and locked) a while after the result."""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.core.rounds import RoundStatus, TimerKind
from bot.discordbot.context import Services
from bot.discordbot.features.rounds import render
from bot.discordbot.features.rounds.flow import NO_PINGS, RoundFlow
from bot.discordbot.features.rounds.render import (
    FIVE_MINUTES_MARK,
    HALF_TIME_MARK,
    RESULT_MARK,
    TIME_UP_MARK,
    TIMER_MARKS,
)
from bot.discordbot.messaging import channel_of, close_room
from bot.service import RoundEvent

log = logging.getLogger(__name__)

RECENT_FOR_REPEATS = 50


class TimerPoster:
    def __init__(self, services: Services, client: discord.Client) -> None:
        self.services = services
        self.client = client
        self.flow = RoundFlow(services, client)

    async def on_round_event(self, event: RoundEvent) -> None:
        """Post a warning or time-up where the round lives. Raising makes the dispatcher retry.

        Only 5 minutes left and time-up ping the member; half time names them without a ping.
        Inside the round's own thread no message carries a round tag (only one round lives there).
        """
        rnd = event.round
        if event.kind is TimerKind.CLOSE_ROOM:
            await close_room(self.client, rnd.thread_id)
            return
        channel = await channel_of(self.client, rnd.thread_id or rnd.channel_id)
        if channel is None:
            log.warning("round %s has no reachable channel; timer %s dropped", rnd.id, event.kind)
            return
        posted = await self._already_posted(channel, rnd) if event.maybe_repeat else set()
        who = f"<@{rnd.user_id}>"
        own_thread = isinstance(channel, discord.Thread) and channel.id == rnd.thread_id
        tag = "" if own_thread else f" · {render.round_tag(rnd.id or 0)}"  # where several share a channel
        left = rnd.time_left(self.services.interviews.clock.now())
        if event.kind is TimerKind.HALF_TIME:
            if HALF_TIME_MARK not in posted:  # names the member without a ping
                await channel.send(
                    f"⏳ {who} {HALF_TIME_MARK}: about {render.minutes(left)} left"
                    f" (ends {render.ts(rnd.deadline)}){tag}",
                    allowed_mentions=NO_PINGS,
                )
        elif event.kind is TimerKind.FIVE_MINUTES:
            if FIVE_MINUTES_MARK not in posted:
                await channel.send(
                    f"⏳ {who} {FIVE_MINUTES_MARK} (ends {render.ts(rnd.deadline)}). Start wrapping up.{tag}"
                )
        elif rnd.status is RoundStatus.TIMED_OUT and event.result is not None:
            if TIME_UP_MARK not in posted:
                await channel.send(f"⏰ {who} {TIME_UP_MARK}. Here is how your answer scored.{tag}")
            if RESULT_MARK not in posted:
                await self.flow.send_result(channel, event.result)
        elif TIME_UP_MARK not in posted:
            await channel.send(
                f"⏰ {who} {TIME_UP_MARK}. You may still finish: your answer will be marked overtime.{tag}"
            )

    async def _already_posted(self, channel: discord.abc.Messageable, rnd: Any) -> set[str]:
        """Which of the round's timer messages the bot already posted where the round lives.

        Asked only when an earlier attempt may have posted before dying (see RoundEvent.maybe_repeat):
        one read of the channel's recent messages. In the round's own thread every bot message is
        the round's; in a shared channel (threads not allowed there) only those naming the round:
        timer messages carry its tag, result embeds its number in the footer.
        """
        own_thread = isinstance(channel, discord.Thread) and channel.id == rnd.thread_id
        tag, number = render.round_tag(rnd.id or 0), render.result_footer_number(rnd.id or 0)
        me = self.client.user
        found: set[str] = set()
        async for message in channel.history(limit=RECENT_FOR_REPEATS):
            if me is None or message.author.id != me.id:
                continue
            if own_thread or message.content.endswith(tag):
                found.update(mark for mark in TIMER_MARKS if mark in message.content)
            for embed in message.embeds:
                footer = embed.footer.text or ""
                if (embed.title or "").startswith("Result") and (own_thread or footer.startswith(number)):
                    found.add(RESULT_MARK)
        return found
