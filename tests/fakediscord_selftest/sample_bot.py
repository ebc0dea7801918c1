"""A tiny discord.py bot that exercises what mockloop needs: groups, views, modals, threads, files."""

from __future__ import annotations

import asyncio
import io

import discord
from discord import app_commands
from discord.ext import commands

TOPICS = ["bias-variance", "backprop", "batch-norm", "feature-stores", "model-serving"]
ROUND_NEXT = "round:next"
LEVEL_SELECT = "round:level"


class RoundView(discord.ui.View):
    """Persistent: survives restarts because its custom ids are fixed and timeout is None."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Next question", custom_id=ROUND_NEXT, style=discord.ButtonStyle.primary)
    async def next_question(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content=f"Next question for {interaction.user.name}")

    @discord.ui.select(
        custom_id=LEVEL_SELECT,
        options=[discord.SelectOption(label=name, value=name) for name in ("junior", "senior", "staff")],
    )
    async def level(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.send_message(f"Level set to {select.values[0]}", ephemeral=True)


class NotesModal(discord.ui.Modal, title="Your answer"):
    answer: discord.ui.TextInput = discord.ui.TextInput(
        label="Answer", custom_id="answer", style=discord.TextStyle.paragraph, max_length=4000
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"Got {len(self.answer.value)} characters", ephemeral=True)


class SampleBot(commands.Bot):
    def __init__(self) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(command_prefix="!", intents=intents, guild_ready_timeout=0.05)
        self.errors: list[Exception] = []
        self.error_seen = asyncio.Event()
        self.tree.add_command(build_mock_group(self))

    def record_error(self, error: Exception) -> None:
        self.errors.append(error)
        self.error_seen.set()

    async def setup_hook(self) -> None:
        self.add_view(RoundView())
        await self.tree.sync()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        if message.content == "ping":
            await message.channel.send("pong")
        elif message.content == "size" and message.attachments:
            data = await message.attachments[0].read()
            await message.channel.send(f"{len(data)} bytes")


def build_mock_group(bot: SampleBot) -> app_commands.Group:
    mock = app_commands.Group(name="mock", description="Mock interview rounds")
    bank = app_commands.Group(name="bank", description="Question bank", parent=mock)

    @mock.command(name="start", description="Start a round")
    @app_commands.describe(topic="What to practise", minutes="Round length")
    async def start(interaction: discord.Interaction, topic: str, minutes: int = 30) -> None:
        embed = discord.Embed(title=f"Round: {topic}", description=f"{minutes} minutes on the clock")
        embed.add_field(name="Interviewer", value=interaction.client.user.name)
        await interaction.response.send_message(embed=embed, view=RoundView())

    @start.autocomplete("topic")
    async def topic_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t, value=t) for t in TOPICS if current in t][:25]

    @bank.command(name="show", description="Show one question")
    async def show(
        interaction: discord.Interaction, question: str, member: discord.Member | None = None
    ) -> None:
        who = member.name if member else "nobody"
        await interaction.response.send_message(f"{question} for {who}", ephemeral=True)

    @mock.command(name="answer", description="Answer in a modal")
    async def answer(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(NotesModal())

    @mock.command(name="room", description="Open a private practice thread")
    async def room(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            thread = await interaction.channel.create_thread(name=f"practice-{interaction.user.name}")
        except discord.Forbidden:
            await interaction.followup.send("I cannot open threads here", ephemeral=True)
            return
        await thread.add_user(interaction.user)
        await thread.send("Welcome to your practice room")
        await interaction.followup.send(f"Opened {thread.mention}", ephemeral=True)

    @mock.command(name="echo", description="Send a file back")
    async def echo(interaction: discord.Interaction, upload: discord.Attachment) -> None:
        data = await upload.read()
        file = discord.File(fp=io.BytesIO(data.upper()), filename="echo.txt")
        await interaction.response.send_message("Here it is", file=file)

    @mock.command(name="welcome", description="Give the candidate role and say hello in DMs")
    async def welcome(interaction: discord.Interaction) -> None:
        role = discord.utils.get(interaction.guild.roles, name="candidate")
        await interaction.user.add_roles(role)
        await interaction.user.send("Good luck with your mock interview")
        await interaction.response.send_message("Welcome aboard", ephemeral=True)

    @mock.command(name="think", description="Defer, then edit the answer in")
    async def think(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.edit_original_response(content="Thought about it")
        await interaction.followup.send("One more thing")

    @mock.command(name="oops", description="Defer publicly, then answer 'privately'")
    async def oops(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("You have no round open", ephemeral=True)
        await interaction.followup.send("This one is private", ephemeral=True)

    @mock.command(name="reset", description="Admins only: reset the bank")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def reset(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Bank reset", ephemeral=True)

    @reset.error
    async def reset_denied(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await interaction.response.send_message("You need Manage Server for that", ephemeral=True)

    @mock.command(name="huge", description="Break the embed limit")
    async def huge(interaction: discord.Interaction) -> None:
        try:
            await interaction.response.send_message(embed=discord.Embed(description="x" * 4097))
        except discord.HTTPException as exc:
            bot.record_error(exc)

    @mock.command(name="late", description="Answer after the deadline")
    async def late(interaction: discord.Interaction) -> None:
        try:
            await interaction.response.send_message("too late")
        except discord.HTTPException as exc:
            bot.record_error(exc)

    return mock
