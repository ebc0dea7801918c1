"""The /stats reply, drawn once for the private answer and again for Share."""

from __future__ import annotations

import io

import discord

from bot.charts import ChartsUnavailable, render_stats_chart
from bot.discordbot.features.study.render import CHART_NAME, stats_embed
from bot.study import StudyStats


async def stats_message(stats: StudyStats, shared_by: str | None = None) -> tuple[discord.Embed, discord.File | None]:
    """The embed and its chart (None when matplotlib is missing)."""
    try:
        png: bytes | None = await render_stats_chart(stats)
    except ChartsUnavailable:
        png = None
    embed = stats_embed(stats, chart=png is not None, shared_by=shared_by)
    return embed, None if png is None else discord.File(io.BytesIO(png), filename=CHART_NAME)
