"""Read back thread messages members posted while the bot was down.

A fresh gateway session does not replay what happened before it, so after every connect the
bot lists the recent messages of each thread that still takes answers and stores the ones it
has not stored yet (the message id is the answer part's external id, so nothing is stored twice).
"""

from __future__ import annotations

import logging

import discord

from bot.discordbot.features.rounds.flow import RoundFlow

log = logging.getLogger(__name__)

RECENT = 100  # messages read back per thread; a member rarely posts more while the bot restarts
WINDOW = 24 * 3600.0  # timed-out rounds still store late messages for a day


async def catch_up_threads(flow: RoundFlow) -> int:
    """Store missed thread messages; returns how many were new. Never raises."""
    interviews, client = flow.interviews, flow.client
    stored = 0
    try:
        rounds = await interviews.rounds_taking_messages(interviews.clock.now() - WINDOW)
    except Exception:
        log.exception("catch-up: could not list rounds")
        return 0
    for rnd in rounds:
        try:
            thread = client.get_channel(rnd.thread_id or 0) or await client.fetch_channel(rnd.thread_id or 0)
            if not isinstance(thread, discord.Thread):
                continue
            known = await interviews.known_message_ids(rnd.id or 0)
            missed = [
                m
                async for m in thread.history(limit=RECENT)
                if m.author.id == rnd.user_id and f"m{m.id}" not in known
            ]
            for message in sorted(missed, key=lambda m: m.id):
                await flow.on_message(message)
                stored += 1
        except discord.HTTPException as exc:
            log.warning("catch-up: thread %s unreadable (%s)", rnd.thread_id, exc.status)
        except Exception:
            log.exception("catch-up: round %s failed", rnd.id)
    if stored:
        log.info("catch-up: read back %d thread message(s) sent while the bot was away", stored)
    return stored
