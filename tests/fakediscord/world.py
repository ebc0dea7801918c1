"""The fake's view of Discord: users, guilds, channels, roles, members, messages and commands.

Everything is kept as plain dicts shaped like Discord's own payloads, so handlers can return
them directly and tests can assert on the same fields a client would see.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# Discord's epoch (2015-01-01) in milliseconds; snowflakes encode time since then.
DISCORD_EPOCH_MS = 1420070400000

ALL_PERMISSIONS = (1 << 50) - 1
DEFAULT_MEMBER_PERMISSIONS = 0x0000_0000_0006_4BFF_F641 & ALL_PERMISSIONS

TEXT_CHANNEL = 0
DM_CHANNEL = 1
PUBLIC_THREAD = 11
PRIVATE_THREAD = 12


class SnowflakeFactory:
    """Hands out increasing snowflake ids that discord.py can turn back into creation times."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def next(self) -> str:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return str((ms << 22) | (next(self._counter) & 0x3FFFFF))


def iso_now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class Member:
    user: dict[str, Any]
    roles: list[str] = field(default_factory=list)
    permissions: int = DEFAULT_MEMBER_PERMISSIONS
    joined_at: str = field(default_factory=iso_now)

    def payload(self) -> dict[str, Any]:
        return {
            "user": self.user,
            "roles": list(self.roles),
            "joined_at": self.joined_at,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
        }


@dataclass
class Guild:
    id: str
    name: str
    owner_id: str
    roles: dict[str, dict[str, Any]] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)
    channel_ids: list[str] = field(default_factory=list)


class World:
    """In-memory Discord state plus the builders tests use to set a scene."""

    def __init__(self, bot_name: str = "mockloop") -> None:
        self.ids = SnowflakeFactory()
        self.bot_user = self.make_user(bot_name, bot=True)
        self.application_id = self.bot_user["id"]
        self.users: dict[str, dict[str, Any]] = {self.bot_user["id"]: self.bot_user}
        self.guilds: dict[str, Guild] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, dict[str, Any]] = {}
        self.attachments: dict[str, tuple[str, bytes, str]] = {}
        self.thread_members: dict[str, set[str]] = {}
        # Registered commands: key None for global, guild id otherwise.
        self.commands: dict[str | None, list[dict[str, Any]]] = {None: []}

    # -- building a world -------------------------------------------------------------------

    def make_user(self, name: str, *, bot: bool = False) -> dict[str, Any]:
        user = {
            "id": self.ids.next(),
            "username": name,
            "global_name": name,
            "discriminator": "0",
            "avatar": None,
            "bot": bot,
            "public_flags": 0,
        }
        if hasattr(self, "users"):
            self.users[user["id"]] = user
        return user

    def add_user(self, name: str) -> dict[str, Any]:
        return self.make_user(name)

    def add_guild(self, name: str = "Mock Guild") -> Guild:
        guild_id = self.ids.next()
        guild = Guild(id=guild_id, name=name, owner_id=self.bot_user["id"])
        # @everyone shares the guild's id, as on Discord.
        guild.roles[guild_id] = self._role_payload(guild_id, "@everyone", DEFAULT_MEMBER_PERMISSIONS, 0)
        guild.members[self.bot_user["id"]] = Member(user=self.bot_user, permissions=ALL_PERMISSIONS)
        self.guilds[guild_id] = guild
        return guild

    def add_role(self, guild: Guild | str, name: str, permissions: int = 0) -> dict[str, Any]:
        guild = self.guild(guild)
        role = self._role_payload(self.ids.next(), name, permissions, len(guild.roles))
        guild.roles[role["id"]] = role
        return role

    def add_channel(
        self,
        guild: Guild | str,
        name: str = "general",
        *,
        can_create_threads: bool = True,
        channel_type: int = TEXT_CHANNEL,
    ) -> dict[str, Any]:
        guild = self.guild(guild)
        channel = {
            "id": self.ids.next(),
            "type": channel_type,
            "guild_id": guild.id,
            "name": name,
            "position": len(guild.channel_ids),
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }
        if not can_create_threads:
            # Deny the bot (and everyone) thread creation in this channel.
            deny = (1 << 35) | (1 << 36)
            channel["permission_overwrites"] = [{"id": guild.id, "type": 0, "allow": "0", "deny": str(deny)}]
        channel["_can_create_threads"] = can_create_threads
        self.channels[channel["id"]] = channel
        guild.channel_ids.append(channel["id"])
        return channel

    def add_member(
        self,
        guild: Guild | str,
        user: dict[str, Any] | str,
        *,
        permissions: int = DEFAULT_MEMBER_PERMISSIONS,
        roles: list[dict[str, Any] | str] | None = None,
    ) -> Member:
        guild = self.guild(guild)
        if isinstance(user, str):
            user = self.users[user] if user in self.users else self.make_user(user)
        role_ids = [r["id"] if isinstance(r, dict) else r for r in roles or []]
        member = Member(user=user, roles=role_ids, permissions=permissions)
        guild.members[user["id"]] = member
        return member

    # -- lookups ----------------------------------------------------------------------------

    def guild(self, guild: Guild | str) -> Guild:
        return guild if isinstance(guild, Guild) else self.guilds[str(guild)]

    def public_channel(self, channel: dict[str, Any]) -> dict[str, Any]:
        """A channel payload without the fake's private bookkeeping keys."""
        return {k: v for k, v in channel.items() if not k.startswith("_")}

    def member_permissions(self, guild: Guild, user_id: str) -> int:
        member = guild.members.get(user_id)
        if member is None:
            return 0
        perms = member.permissions
        for role_id in member.roles:
            role = guild.roles.get(role_id)
            if role:
                perms |= int(role["permissions"])
        return perms

    def member_payload(self, guild: Guild, user_id: str, *, with_permissions: bool = False) -> dict[str, Any]:
        payload = guild.members[user_id].payload()
        if with_permissions:
            payload["permissions"] = str(self.member_permissions(guild, user_id))
        return payload

    def guild_create_payload(self, guild: Guild) -> dict[str, Any]:
        channels = [self.channels[cid] for cid in guild.channel_ids]
        return {
            "id": guild.id,
            "name": guild.name,
            "icon": None,
            "owner_id": guild.owner_id,
            "unavailable": False,
            "large": False,
            "member_count": len(guild.members),
            "roles": list(guild.roles.values()),
            "emojis": [],
            "stickers": [],
            "features": [],
            "members": [m.payload() for m in guild.members.values()],
            "channels": [self.public_channel(c) for c in channels if c["type"] not in (11, 12)],
            "threads": [self.public_channel(c) for c in channels if c["type"] in (11, 12)],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "system_channel_flags": 0,
            "joined_at": iso_now(),
        }

    @staticmethod
    def _role_payload(role_id: str, name: str, permissions: int, position: int) -> dict[str, Any]:
        return {
            "id": role_id,
            "name": name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": position,
            "permissions": str(permissions),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
