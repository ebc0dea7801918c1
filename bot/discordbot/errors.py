"""One error path for every command, button and form.

A mistake a member can make (a MockloopError, a missing permission) gets a short ephemeral
message; anything else is logged with its traceback and answered with a generic apology.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.core.errors import (
    MockloopError,
    NoGroupNamed,
    NoOpenRound,
    NothingAnswered,
    RoundAlreadyActive,
    RoundOfSomeoneElse,
)
from bot.core.models import with_article

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on our side. It has been logged; please try again."


def member_message(error: BaseException) -> str | None:
    """The message to show a member for errors they caused, or None for our own bugs."""
    if isinstance(error, app_commands.CommandInvokeError | discord.app_commands.TransformerError):
        error = error.__cause__ or error
    if isinstance(error, MockloopError):
        return discord_words(error)
    if isinstance(error, app_commands.MissingPermissions):
        perms = ", ".join(p.replace("_", " ").replace("guild", "server") for p in error.missing_permissions)
        return f"You need the {perms} permission to use this."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works in a server, not in DMs."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: try again in {error.retry_after:.0f}s."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    return None


def discord_words(error: MockloopError) -> str:
    """A core error as a Discord member reads it: with the command to use, the thread to open."""
    if isinstance(error, RoundAlreadyActive):
        where = f" in <#{error.thread_id}>" if error.thread_id else ""
        return (
            f"You already have {with_article(error.round_label)} round open{where} (round #{error.round_id}). "
            "Finish it or give up before starting another."
        )
    if isinstance(error, NothingAnswered):
        return "You haven't answered yet: send your answer first, then press Done."
    if isinstance(error, NoOpenRound):
        return f"{error} Start one with /mock start."
    if isinstance(error, RoundOfSomeoneElse):
        return "This round belongs to someone else; start your own with /mock start."
    if isinstance(error, NoGroupNamed) and not error.known:
        return f"{error} Create one with /group create."
    return str(error)


async def reply_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    message = member_message(error)
    if message is None:
        original = getattr(error, "original", error)
        log.error(
            "unexpected error in %s",
            getattr(interaction.command, "qualified_name", None) or (interaction.data or {}).get("custom_id"),
            exc_info=(type(original), original, original.__traceback__),
        )
        message = APOLOGY
    try:
        if interaction.response.is_done():
            await _drop_public_thinking(interaction)
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not deliver an error message to the member", exc_info=True)


async def _drop_public_thinking(interaction: discord.Interaction[Any]) -> None:
    """Deletes a public "thinking…" message that is still loading, so the error stays private.

    On Discord the first follow-up after a deferred response fills that response in and keeps
    its visibility, whatever the follow-up's own flags: after a public defer, an "ephemeral"
    error would be shown to the whole channel. With the deferred message gone, the follow-up
    is a new message of its own, ephemeral as asked.
    """
    if interaction.response.type is not discord.InteractionResponseType.deferred_channel_message:
        return
    original = await interaction.original_response()
    if original.flags.loading and not original.flags.ephemeral:
        await original.delete()


async def on_app_command_error(
    interaction: discord.Interaction[Any], error: app_commands.AppCommandError
) -> None:
    await reply_error(interaction, error)
