"""/mock: start, status, hint, end, history, run, submit, share; thread messages as answer parts.

The one /mock group: run and submit call the coding flow, share the reviews flow (imports go
one way: rounds -> coding, reviews). Also posts timer messages and reads back, after every
connect, the thread messages sent while the bot was away.
"""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.models import RoundType
from bot.discordbot import limits
from bot.discordbot.choices import DIFFICULTY_CHOICES, ROUND_CHOICES
from bot.discordbot.context import Bot, Interaction
from bot.discordbot.features.coding.flow import CodingFlow
from bot.discordbot.features.reviews.flow import ReviewFlow
from bot.discordbot.features.rounds.catch_up import catch_up_threads
from bot.discordbot.features.rounds.components import (
    AnswerModal,
    GiveUpChoice,
    HistoryPager,
    OptionButton,
    PickReasonModal,
    RoundButton,
    StudyNextButton,
)
from bot.discordbot.features.rounds.flow import RoundFlow
from bot.discordbot.features.rounds.timers import TimerPoster
from bot.discordbot.messaging import guild_id_of
from bot.judge.judge import Which


class MockCog(commands.Cog):
    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.interviews = bot.services.interviews
        self.flow = RoundFlow(bot.services, bot)
        self.timers = TimerPoster(bot.services, bot)
        self.coding = CodingFlow(bot.services)
        self.reviews = ReviewFlow(bot.services, bot)
        self.catching_up: asyncio.Task[int] | None = None

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(RoundButton, OptionButton, GiveUpChoice, StudyNextButton, HistoryPager)
        self.bot.modals.add(AnswerModal.prefix, self.flow.on_answer_modal)
        self.bot.modals.add(PickReasonModal.prefix, self.flow.on_pick_modal)
        self.interviews.listeners.append(self.timers.on_round_event)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(RoundButton, OptionButton, GiveUpChoice, StudyNextButton, HistoryPager)
        self.bot.modals.remove(AnswerModal.prefix)
        self.bot.modals.remove(PickReasonModal.prefix)
        self.interviews.listeners.remove(self.timers.on_round_event)

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
        interaction: Interaction,
        round: app_commands.Choice[str],
        difficulty: app_commands.Choice[str] | None = None,
        topic: str | None = None,
        minutes: app_commands.Range[int, 5, 120] | None = None,
        question: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        await self.flow.start(
            interaction, round.value, difficulty and difficulty.value, topic, minutes, question
        )

    @start.autocomplete("topic")
    async def topic_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        chosen = getattr(interaction.namespace, "round", None)
        bank = self.interviews.bank_for(guild_id_of(interaction))
        try:
            topics = bank.topics(chosen) if chosen else bank.topics()
        except ValueError:
            topics = bank.topics()
        needle = current.lower().replace(" ", "_")
        return [
            app_commands.Choice(name=limits.shorten(t.replace("_", " "), limits.CHOICE_NAME), value=t)
            for t in topics
            if needle in t
        ][: limits.CHOICES]

    @start.autocomplete("question")
    async def question_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        bank = self.interviews.bank_for(guild_id_of(interaction))
        chosen = getattr(interaction.namespace, "round", None)
        needle = current.lower()
        pool = bank.filter(round_type=chosen) if chosen in {r.value for r in RoundType} else list(bank)
        found = [
            q for q in pool if needle in q.id or needle in q.title.lower()  # choice ones are answered by buttons
        ]
        return [
            app_commands.Choice(name=limits.shorten(f"{q.id} · {q.title}", limits.CHOICE_NAME), value=q.id)
            for q in sorted(found, key=lambda q: q.id)[: limits.CHOICES]
        ]

    @mock.command(name="status", description="Show your open round: time left, parts received, hints used")
    async def status(self, interaction: Interaction) -> None:
        await self.flow.status(interaction)

    @mock.command(name="hint", description="Get the next hint for your open round")
    async def hint(self, interaction: Interaction) -> None:
        await self.flow.hint(interaction)

    @mock.command(name="end", description="Give up your open round (kept in history, no points)")
    async def end(self, interaction: Interaction) -> None:
        await self.flow.end(interaction)

    @mock.command(name="history", description="Past rounds with score and time used")
    @app_commands.describe(member="Whose history (yours if left out)")
    async def history(self, interaction: Interaction, member: discord.Member | None = None) -> None:
        await self.flow.history(interaction, member or interaction.user)

    @mock.command(name="result", description="Show a finished round's result again (privately)")
    @app_commands.describe(round_id="Round number (your latest finished round if left out)")
    async def result(
        self, interaction: Interaction, round_id: app_commands.Range[int, 1] | None = None
    ) -> None:
        await self.flow.show_result(interaction, round_id)

    @mock.command(name="run", description="Run your code on the coding question's visible examples")
    @app_commands.describe(file="A .py file (else the latest code block in your answer is used)")
    async def run(self, interaction: Interaction, file: discord.Attachment | None = None) -> None:
        await self._judge(interaction, "examples", file)

    @mock.command(name="submit", description="Submit your code to the hidden tests and finish the answer")
    @app_commands.describe(file="A .py file (else the latest code block in your answer is used)")
    async def submit(self, interaction: Interaction, file: discord.Attachment | None = None) -> None:
        await self._judge(interaction, "tests", file)

    async def _judge(self, interaction: Interaction, which: Which, file: discord.Attachment | None) -> None:
        ack = await self.coding.run(interaction, which, file)
        if ack is not None:  # the hidden tests finished the answer: the same result path as Done
            await self.flow.after_answer(interaction, ack, acknowledged=False)

    @mock.command(name="share", description="Ask your study group to review a finished round")
    @app_commands.describe(
        round_id="Round number (your latest finished round if left out)",
        group="A study group whose role is pinged with the request (if the group has one)",
    )
    async def share(
        self,
        interaction: Interaction,
        round_id: app_commands.Range[int, 1] | None = None,
        group: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        await self.reviews.share(interaction, round_id, group)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        await self.flow.on_message(message)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        # A new session (start-up, or a reconnect that could not resume) replays nothing sent before it.
        self.catching_up = asyncio.create_task(catch_up_threads(self.flow), name="mockloop-catch-up")
