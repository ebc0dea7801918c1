"""/bank: a server's own questions (import a YAML file, export, list, disable, enable). Admins only."""

from __future__ import annotations

import io
from collections import Counter

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot import limits
from bot.discordbot.context import Bot, Interaction
from bot.discordbot.features.bank.render import send_lines
from bot.discordbot.messaging import guild_id_of
from bot.guild_bank import MAX_UPLOAD_BYTES, ImportReport, check_size

FILES_PER_MESSAGE = 10


def _is_admin(interaction: Interaction) -> bool:
    perms = interaction.permissions
    return bool(perms.manage_guild or perms.administrator)


class BankCog(commands.Cog):
    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.banks = bot.services.banks

    bank = app_commands.Group(
        name="bank",
        description="This server's own interview questions",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    async def interaction_check(self, interaction: Interaction) -> bool:  # type: ignore[override]
        if not _is_admin(interaction):
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    @bank.command(name="import", description="Add or update questions from a YAML bank file")
    @app_commands.describe(file=f"A question bank YAML file (at most {MAX_UPLOAD_BYTES // 1024} KB)")
    async def import_(self, interaction: Interaction, file: discord.Attachment) -> None:
        check_size(file.filename, file.size)  # before downloading anything
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await file.read()
        report = await self.banks.import_file(
            guild_id_of(interaction), file.filename, data, imported_by=interaction.user.id
        )
        if report.ok:
            for chunk in self._imported_message(guild_id_of(interaction), report):
                await interaction.followup.send(chunk, ephemeral=True)
            return
        count = len(report.errors)
        headline = (
            f"Nothing was imported from `{report.filename}`: {count} {'error' if count == 1 else 'errors'}. "
            "Fix them and upload the file again."
        )
        await send_lines(interaction, headline, report.errors, "bank-errors.txt", discord.Colour.red())

    def _imported_message(self, guild_id: int, report: ImportReport) -> list[str]:
        total = len(report.added) + len(report.updated)
        stored = {s.question.id: s.question for s in self.banks.questions(guild_id)}
        by_group = Counter(
            f"{stored[i].round_type.label} · {stored[i].topic}"
            for i in (*report.added, *report.updated)
            if i in stored
        )
        lines = [
            f"Imported {total} {'question' if total == 1 else 'questions'} from `{report.filename}` "
            f"({len(report.added)} new, {len(report.updated)} updated). Rounds in this server can now pick them:"
        ]
        lines += [f"• {group}: {n}" for group, n in sorted(by_group.items())]
        if report.still_disabled:
            lines.append("Still disabled (use /bank enable): " + ", ".join(report.still_disabled))
        return limits.split_text("\n".join(lines), limits.CONTENT)

    @bank.command(name="export", description="Download this server's questions as YAML files")
    async def export(self, interaction: Interaction) -> None:
        files = self.banks.export(guild_id_of(interaction))
        if not files:
            await interaction.response.send_message(
                "This server has no imported questions yet. Add some with /bank import.", ephemeral=True
            )
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        for start in range(0, len(files), FILES_PER_MESSAGE):
            batch = files[start : start + FILES_PER_MESSAGE]
            content = (
                f"This server's questions in {len(files)} {'file' if len(files) == 1 else 'files'} "
                "(one per round type and topic); each can be uploaded again with /bank import."
                if start == 0
                else "More files:"
            )
            await interaction.followup.send(
                content,
                files=[discord.File(io.BytesIO(f.text.encode()), filename=f.filename) for f in batch],
                ephemeral=True,
            )

    @bank.command(name="list", description="List this server's imported questions")
    async def list_(self, interaction: Interaction) -> None:
        stored = self.banks.questions(guild_id_of(interaction))
        if not stored:
            await interaction.response.send_message(
                "This server has no imported questions yet. Add some with /bank import.", ephemeral=True
            )
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        lines = [
            f"{s.question.id} · {s.question.round_type.label} · {s.question.topic} · "
            f"{s.question.difficulty.value}{' · disabled' if s.disabled else ''} · {s.question.title}"
            for s in stored
        ]
        off = sum(s.disabled for s in stored)
        headline = f"{len(stored)} imported questions ({off} disabled)."
        await send_lines(interaction, headline, lines, "bank-questions.txt", discord.Colour.blurple())

    @bank.command(name="disable", description="Stop offering one of this server's questions")
    @app_commands.describe(id="The question id (old rounds that used it keep working)")
    async def disable(self, interaction: Interaction, id: str) -> None:
        question = await self.banks.set_disabled(guild_id_of(interaction), id, True)
        await interaction.response.send_message(
            f"`{question.id}` ({limits.shorten(question.title, 100)}) is disabled: new rounds will not "
            "pick it; rounds that already used it are unchanged. Undo with /bank enable.",
            ephemeral=True,
        )

    @bank.command(name="enable", description="Offer a disabled question again")
    @app_commands.describe(id="The question id")
    async def enable(self, interaction: Interaction, id: str) -> None:
        question = await self.banks.set_disabled(guild_id_of(interaction), id, False)
        await interaction.response.send_message(
            f"`{question.id}` ({limits.shorten(question.title, 100)}) can be picked again.", ephemeral=True
        )

    @disable.autocomplete("id")
    async def enabled_ids(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return self._id_choices(interaction, current, disabled=False)

    @enable.autocomplete("id")
    async def disabled_ids(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return self._id_choices(interaction, current, disabled=True)

    def _id_choices(
        self, interaction: Interaction, current: str, *, disabled: bool
    ) -> list[app_commands.Choice[str]]:
        if not _is_admin(interaction):
            return []
        needle = current.strip().lower()
        return [
            app_commands.Choice(
                name=limits.shorten(f"{s.question.id} · {s.question.title}", limits.CHOICE_NAME),
                value=s.question.id,
            )
            for s in self.banks.questions(guild_id_of(interaction))
            if s.disabled is disabled and (needle in s.question.id or needle in s.question.title.lower())
        ][: limits.CHOICES]
