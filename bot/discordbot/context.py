"""What a Discord feature may take from the bot: the services, and nothing else.

Features type the bot as `HasServices` (a protocol), never as `MockloopBot`, so no feature
imports `client.py`: the bot is the composition root and nothing depends on it. A component
callback reaches the services with `services_of(interaction)`; a cog gets the bot (typed
`Bot`: a discord.py bot that has services) in its extension's `setup`.
"""

from __future__ import annotations

from typing import Any, Protocol

import discord
from discord.ext import commands

from bot.coding import CodingService
from bot.discordbot.components import ModalRouter
from bot.guild_bank import GuildBankService
from bot.model_grading import ModelGrader
from bot.reviews import ReviewService
from bot.service import InterviewService
from bot.study import StudyService


class Services(Protocol):
    """The services one process built once (`bot.app.bootstrap` returns a dataclass of this shape)."""

    @property
    def front_end(self) -> str: ...
    @property
    def interviews(self) -> InterviewService: ...
    @property
    def study(self) -> StudyService: ...
    @property
    def reviews(self) -> ReviewService: ...
    @property
    def coding(self) -> CodingService: ...
    @property
    def banks(self) -> GuildBankService: ...
    @property
    def grader(self) -> ModelGrader: ...


class HasServices(Protocol):
    """A client that carries the services and the modal router (MockloopBot does)."""

    @property
    def services(self) -> Services: ...
    @property
    def modals(self) -> ModalRouter: ...


class Bot(commands.Bot):
    """A discord.py bot that carries the services and the modal router: what a cog is given.
    MockloopBot (client.py) is the one that is run; features only ever name this base."""

    services: Services
    modals: ModalRouter


Interaction = discord.Interaction[Any]


def services_of(interaction: discord.Interaction[Any]) -> Services:
    """The services of the bot that received this interaction."""
    client: HasServices = interaction.client
    return client.services
