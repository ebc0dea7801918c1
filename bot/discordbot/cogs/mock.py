"""/mock: start, status, hint, end, history; thread messages as answer parts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.models import Difficulty, RoundType
from bot.discordbot import limits

if TYPE_CHECKING:
    from bot.discordbot.client import MockloopBot

ROUND_CHOICES = [app_commands.Choice(name=r.label, value=r.value) for r in RoundType]
DIFFICULTY_CHOICES = [app_commands.Choice(name=d.value.title(), value=d.value) for d in Difficulty]


class MockCog(commands.Cog):
    def __init__(self, bot: MockloopBot) -> None:
        self.bot = bot

    mock = app_commands.Group(name="mock", description="Timed mock interview rounds", guild_only=True)

    @mock.command(name="start", description="Start a timed mock interview round in a private thread")
    @app_commands.describe(
        round="Kind of round: coding, ML theory, system design or behavioral",
        difficulty="Easy, medium or hard (any if left out)",
        topic="A topic within the round type (any if left out)",
        minutes="Round length; each round type has an allowed range (e.g. coding 30-45)",
        question="A specific question id (any unseen one if left out)",
    )
    @app_commands.choices(round=ROUND_CHOICES, difficulty=DIFFICULTY_CHOICES)
    async def start(
        self,
        interaction: discord.Interaction[MockloopBot],
        round: app_commands.Choice[str],
        difficulty: app_commands.Choice[str] | None = None,
        topic: str | None = None,
        minutes: app_commands.Range[int, 5, 120] | None = None,
        question: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        await self.bot.flow.start(
            interaction, round.value, difficulty and difficulty.value, topic, minutes, question
        )

    @start.autocomplete("topic")
    async def topic_autocomplete(
        self, interaction: discord.Interaction[MockloopBot], current: str
    ) -> list[app_commands.Choice[str]]:
        chosen = getattr(interaction.namespace, "round", None)
        try:
            topics = (
                self.bot.service.bank_for(interaction.guild_id or 0).topics(chosen)
                if chosen
                else self.bot.service.bank_for(interaction.guild_id or 0).topics()
            )
        except ValueError:
            topics = self.bot.service.bank_for(interaction.guild_id or 0).topics()
        needle = current.lower().replace(" ", "_")
        return [
            app_commands.Choice(name=limits.shorten(t.replace("_", " "), limits.CHOICE_NAME), value=t)
            for t in topics
            if needle in t
        ][: limits.CHOICES]

    @start.autocomplete("question")
    async def question_autocomplete(
        self, interaction: discord.Interaction[MockloopBot], current: str
    ) -> list[app_commands.Choice[str]]:
        bank = self.bot.service.bank_for(interaction.guild_id or 0)
        chosen = getattr(interaction.namespace, "round", None)
        needle = current.lower()
        pool = bank.filter(round_type=chosen) if chosen in {r.value for r in RoundType} else list(bank)
        found = [
            q for q in pool if q.answer.kind != "choice" and (needle in q.id or needle in q.title.lower())
        ]
        return [
            app_commands.Choice(name=limits.shorten(f"{q.id} · {q.title}", limits.CHOICE_NAME), value=q.id)
            for q in sorted(found, key=lambda q: q.id)[: limits.CHOICES]
        ]

    @mock.command(name="status", description="Show your open round: time left, parts received, hints used")
    async def status(self, interaction: discord.Interaction[MockloopBot]) -> None:
        await self.bot.flow.status(interaction)

    @mock.command(name="hint", description="Get the next hint for your open round")
    async def hint(self, interaction: discord.Interaction[MockloopBot]) -> None:
        await self.bot.flow.hint(interaction)

    @mock.command(name="end", description="Give up your open round (kept in history, no points)")
    async def end(self, interaction: discord.Interaction[MockloopBot]) -> None:
        await self.bot.flow.end(interaction)

    @mock.command(name="history", description="Past rounds with score and time used")
    @app_commands.describe(member="Whose history (yours if left out)")
    async def history(
        self, interaction: discord.Interaction[MockloopBot], member: discord.Member | None = None
    ) -> None:
        await self.bot.flow.history(interaction, member or interaction.user)

    @mock.command(name="run", description="Run your code on the coding question's visible examples")
    @app_commands.describe(file="A .py file (else the latest code block in your answer is used)")
    async def run(
        self, interaction: discord.Interaction[MockloopBot], file: discord.Attachment | None = None
    ) -> None:
        await self.bot.coding_flow.run(interaction, "examples", file)

    @mock.command(name="submit", description="Submit your code to the hidden tests and finish the answer")
    @app_commands.describe(file="A .py file (else the latest code block in your answer is used)")
    async def submit(
        self, interaction: discord.Interaction[MockloopBot], file: discord.Attachment | None = None
    ) -> None:
        await self.bot.coding_flow.run(interaction, "tests", file)

    @mock.command(name="share", description="Ask your study group to review a finished round")
    @app_commands.describe(round_id="Round number (your latest finished round if left out)")
    async def share(
        self,
        interaction: discord.Interaction[MockloopBot],
        round_id: app_commands.Range[int, 1] | None = None,
    ) -> None:
        await self.bot.review_flow.share(interaction, round_id)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        await self.bot.flow.on_message(message)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[MockloopBot]) -> None:
        await self.bot.flow.on_interaction(interaction)
        await self.bot.review_flow.on_interaction(interaction)


async def setup(bot: MockloopBot) -> None:
    await bot.add_cog(MockCog(bot))
