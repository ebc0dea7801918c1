"""Slash-command choices several features offer (round type, difficulty)."""

from __future__ import annotations

from discord import app_commands

from bot.core.models import Difficulty, RoundType

ROUND_CHOICES = [app_commands.Choice(name=r.label, value=r.value) for r in RoundType]
DIFFICULTY_CHOICES = [app_commands.Choice(name=d.value.title(), value=d.value) for d in Difficulty]
