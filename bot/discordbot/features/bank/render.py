"""Long line lists (import errors, the question list) as code-block embeds, or a file when long."""

from __future__ import annotations

import io
from typing import Any

import discord

from bot.discordbot import limits

MAX_PAGES = 3  # longer line lists show the first page and attach the whole list as a file


async def send_lines(
    interaction: discord.Interaction[Any],
    headline: str,
    lines: list[str],
    filename: str,
    colour: discord.Colour,
) -> None:
    """Every line in code-block embeds (one per message); a long list shows its first page and
    comes whole as a .txt attachment, so nothing is cut and every message fits Discord's limits."""
    full = "\n".join(lines)
    pages = limits.split_text("```\n" + full + "\n```", limits.EMBED_DESCRIPTION)
    if len(pages) <= MAX_PAGES:
        for number, page in enumerate(pages):
            embed = discord.Embed(description=page, colour=colour)
            if len(pages) > 1:
                embed.set_footer(text=f"Part {number + 1}/{len(pages)}")
            if number == 0:
                await interaction.followup.send(headline, embed=embed, ephemeral=True)
            else:
                await interaction.followup.send(embed=embed, ephemeral=True)
        return
    shown = pages[0].count("\n") - 1  # lines between the fences
    embed = discord.Embed(description=pages[0], colour=colour)
    embed.set_footer(text=f"First {shown} of {len(lines)} lines; all of them are in {filename}")
    await interaction.followup.send(
        headline,
        embed=embed,
        file=discord.File(io.BytesIO((full + "\n").encode()), filename=filename),
        ephemeral=True,
    )
