"""/group: create, join, leave, list and show study groups (optionally tied to a role)."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.errors import GroupError
from bot.discordbot import limits
from bot.discordbot.context import Bot, Interaction
from bot.discordbot.deferral import send, within_deadline
from bot.discordbot.messaging import guild_id_of, member_from
from bot.study import Group

log = logging.getLogger(__name__)


async def _change_role(interaction: Interaction, role_id: int, *, add: bool) -> str:
    """Grant or take the group's role where the bot may; a sentence to append to the reply."""
    user = interaction.user
    if not isinstance(user, discord.Member):
        return ""
    role = discord.Object(role_id)
    try:
        if add:
            await user.add_roles(role, reason="joined a mockloop study group")
        else:
            await user.remove_roles(role, reason="left a mockloop study group")
    except discord.HTTPException as exc:
        log.info("could not %s role %s: %s", "grant" if add else "remove", role_id, exc)
        return f" (I couldn't {'give you' if add else 'remove'} the <@&{role_id}> role; ask an admin.)"
    return f" You {'now have' if add else 'no longer have'} the <@&{role_id}> role."


class GroupsCog(commands.Cog):
    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.study = bot.services.study

    group = app_commands.Group(name="group", description="Study groups", guild_only=True)

    @group.command(name="create", description="Create a study group (optionally tied to a role)")
    @app_commands.describe(name="Group name (2-32 characters)", role="A role members get when they join")
    async def create(
        self,
        interaction: Interaction,
        name: app_commands.Range[str, 1, 100],
        role: discord.Role | None = None,
    ) -> None:
        if role is not None:
            perms = interaction.permissions
            if not (perms.manage_roles or perms.administrator):
                raise GroupError("Tying a group to a role needs the Manage Roles permission.")
            if role.is_default() or role.managed:
                raise GroupError("Pick a normal role (not @everyone or a bot/integration role).")

        async def work() -> tuple[Group, str]:
            made = await self.study.create_group(member_from(interaction), name, role.id if role else None)
            extra = await _change_role(interaction, made.role_id, add=True) if made.role_id else ""
            return made, extra

        made, extra = await within_deadline(interaction, work(), ephemeral=False)
        await send(
            interaction,
            f"Created the study group **{discord.utils.escape_markdown(made.name)}** and added you to it.{extra} "
            f"Others can join with `/group join {made.name}`.",
            ephemeral=False,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @group.command(name="join", description="Join a study group")
    @app_commands.describe(name="Group name")
    async def join(self, interaction: Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        async def work() -> str:
            group, joined = await self.study.join_group(member_from(interaction), name)
            shown = discord.utils.escape_markdown(group.name)
            if not joined:
                return f"You are already in **{shown}**."
            extra = await _change_role(interaction, group.role_id, add=True) if group.role_id else ""
            return f"You joined **{shown}**.{extra}"

        await send(interaction, await within_deadline(interaction, work(), ephemeral=True), ephemeral=True)

    @group.command(name="leave", description="Leave a study group")
    @app_commands.describe(name="Group name")
    async def leave(self, interaction: Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        async def work() -> str:
            group, left = await self.study.leave_group(member_from(interaction), name)
            shown = discord.utils.escape_markdown(group.name)
            if not left:
                return f"You are not in **{shown}**."
            extra = await _change_role(interaction, group.role_id, add=False) if group.role_id else ""
            return f"You left **{shown}**.{extra}"

        await send(interaction, await within_deadline(interaction, work(), ephemeral=True), ephemeral=True)

    @group.command(name="list", description="Study groups in this server")
    async def list_groups(self, interaction: Interaction) -> None:
        groups = await self.study.groups(guild_id_of(interaction))
        if not groups:
            await interaction.response.send_message(
                "No study groups yet. Create one with `/group create`.", ephemeral=True
            )
            return
        lines = [
            f"**{discord.utils.escape_markdown(g.name)}** · {n} member{'s' if n != 1 else ''}"
            + (f" · <@&{g.role_id}>" if g.role_id else "")
            for g, n in groups
        ]
        embed = discord.Embed(title="Study groups", colour=discord.Colour.blurple())
        chunks = limits.split_text("\n".join(lines), limits.EMBED_DESCRIPTION)
        embed.description = chunks[0]
        if len(chunks) > 1:
            embed.set_footer(text=f"and more: {len(groups)} groups in all")
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @group.command(name="members", description="Who is in a study group")
    @app_commands.describe(name="Group name")
    async def members(self, interaction: Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        group, people = await self.study.group_members(guild_id_of(interaction), name)
        embed = discord.Embed(
            title=limits.shorten(f"{group.name} · {len(people)} members", limits.EMBED_TITLE),
            colour=discord.Colour.blurple(),
        )
        text = "\n".join(f"<@{uid}>" for uid, _ in people) or "Nobody yet."
        chunks = limits.split_text(text, limits.EMBED_DESCRIPTION)
        embed.description = chunks[0]
        if len(chunks) > 1:
            embed.set_footer(text="Showing the first members only.")
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )
