"""Sending helpers every feature shares: embeds in as many messages as the limits need, the
channel a round lives in, the member behind an interaction, a modal's submitted value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord

from bot.core.errors import NotInServer
from bot.discordbot import limits
from bot.service import Member


def guild_id_of(interaction: discord.Interaction[Any]) -> int:
    """The server an interaction came from. A DM has none, and must never be taken for guild 0
    (the terminal's own), so it is refused with a clear message."""
    if interaction.guild_id is None:
        raise NotInServer("This works in a server, not in DMs.")
    return interaction.guild_id


def member_from(interaction: discord.Interaction[Any]) -> Member:
    """The member who used a command or component, in the server they used it in (never a DM)."""
    user = interaction.user
    return Member(guild_id_of(interaction), user.id, getattr(user, "display_name", user.name))


def batch_embeds(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Group embeds into messages that respect 10 embeds and 6000 characters per message."""
    batches: list[list[discord.Embed]] = [[]]
    size = 0
    for embed in embeds:
        n = len(embed)
        if batches[-1] and (len(batches[-1]) >= limits.EMBEDS_PER_MESSAGE or size + n > limits.EMBED_TOTAL):
            batches.append([])
            size = 0
        batches[-1].append(embed)
        size += n
    return batches


async def send_embeds(
    target: discord.abc.Messageable | discord.Webhook,
    embeds: Sequence[discord.Embed],
    *,
    content: str | None = None,
    view: discord.ui.View | None = None,
    ephemeral: bool = False,
    allowed_mentions: discord.AllowedMentions | None = None,
) -> discord.Message | None:
    """Send embeds as as many messages as the limits need; the view goes on the last one."""
    batches = batch_embeds(embeds)
    last: discord.Message | None = None
    for i, batch in enumerate(batches):
        kwargs: dict[str, Any] = {"embeds": batch}
        if i == 0 and content:
            kwargs["content"] = content
            if allowed_mentions is not None:
                kwargs["allowed_mentions"] = allowed_mentions
        if i == len(batches) - 1 and view is not None:
            kwargs["view"] = view
        if isinstance(target, discord.Webhook):
            last = await target.send(ephemeral=ephemeral, wait=True, **kwargs)
        else:
            last = await target.send(**kwargs)
    return last


async def channel_of(client: discord.Client, channel_id: int | None) -> discord.abc.Messageable | None:
    """A channel or thread by id (from the cache, else fetched); None when it is gone or unreadable."""
    if channel_id is None:
        return None
    channel = client.get_channel(channel_id)
    if channel is None:
        try:
            channel = await client.fetch_channel(channel_id)
        except discord.HTTPException:
            return None
    return channel if isinstance(channel, discord.abc.Messageable) else None


async def close_room(client: discord.Client, thread_id: int | None) -> bool:
    """Archive and lock a round's thread once its result and reviews are done (the member can
    still read it; /mock result shows the result again). False when it could not be closed."""
    thread = await channel_of(client, thread_id)
    if not isinstance(thread, discord.Thread):
        return False
    if thread.archived and thread.locked:
        return True
    try:
        await thread.edit(archived=True, locked=True)
    except discord.HTTPException:
        return False
    return True


def modal_value(data: dict[str, Any], custom_id: str) -> str:
    """The submitted value of one text input of a modal (components arrive as rows or labels)."""
    for row in data.get("components", []):
        for component in row.get("components", [row.get("component")] if "component" in row else []):
            if component and component.get("custom_id") == custom_id:
                return str(component.get("value") or "")
    return ""
