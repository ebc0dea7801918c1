"""Reading what members attach, with a clear message for anything we can't use."""

from __future__ import annotations

import discord

from bot.core.errors import InvalidOption

MAX_CODE_FILE_BYTES = 100_000


async def read_code_file(attachment: discord.Attachment) -> str:
    """A member's .py attachment as text."""
    if not attachment.filename.lower().endswith(".py"):
        raise InvalidOption(f"Attach a Python file ending in .py ('{attachment.filename}' isn't one).")
    if attachment.size > MAX_CODE_FILE_BYTES:
        raise InvalidOption(f"That file is {attachment.size:,} bytes; the limit is {MAX_CODE_FILE_BYTES:,}.")
    data = await attachment.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidOption("That file isn't UTF-8 text, so it can't be Python source.") from None
