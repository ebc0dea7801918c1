"""Answer an interaction directly when the work is quick, and defer it first when it is not.

Discord drops an interaction whose first response comes after 3 s. A write can wait up to the
database's busy timeout (5 s) for another writer, so steps that answer with a plain message
start the work, and defer (the member sees "thinking…") if it is still running after 2 s.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

import discord

T = TypeVar("T")

DEFER_AFTER = 2.0  # seconds; leaves a second of Discord's 3 s for the defer request itself


async def within_deadline(interaction: discord.Interaction[Any], work: Awaitable[T], *, ephemeral: bool) -> T:
    """Await `work`; if it is still running after DEFER_AFTER seconds, defer the interaction meanwhile."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
    if not done and not interaction.response.is_done():
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    return await task


async def send(interaction: discord.Interaction[Any], content: str, *, ephemeral: bool, **extra: Any) -> None:
    """The answer: the initial response, or the follow-up after a defer."""
    if interaction.response.is_done():
        await interaction.followup.send(content, ephemeral=ephemeral, **extra)
    else:
        await interaction.response.send_message(content, ephemeral=ephemeral, **extra)
