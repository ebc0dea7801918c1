"""REST handlers: the subset of Discord's HTTP API that discord.py bots use for interactions."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import limits
from .interactions import EPHEMERAL, Interaction
from .world import DM_CHANNEL, PRIVATE_THREAD, PUBLIC_THREAD, iso_now

if TYPE_CHECKING:
    from .server import FakeDiscord

Checker = Callable[[dict[str, Any], limits.ErrorTree], None]
LOADING = 1 << 7


class DiscordError(Exception):
    """Raised inside a handler to answer with Discord's JSON error shape."""

    def __init__(self, status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors

    def response(self) -> web.Response:
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors is not None:
            body["errors"] = self.errors
        return json_response(body, self.status)


JSON_HEADERS = {"Content-Type": "application/json"}


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """discord.py only parses a body whose Content-Type is exactly `application/json` (no charset)."""
    return web.Response(
        status=status, body=json.dumps(data).encode(), headers={**JSON_HEADERS, **(headers or {})}
    )


def no_content() -> web.Response:
    return web.Response(status=204)


class RestApi:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.world = fake.world

    def routes(self) -> list[tuple[str, str, Any]]:
        app = "/applications/{application_id}"
        hook = "/webhooks/{application_id}/{token}"
        return [
            ("GET", "/users/@me", self.get_me),
            ("GET", "/oauth2/applications/@me", self.get_application),
            ("GET", "/applications/@me", self.get_application),
            ("GET", "/gateway", self.get_gateway),
            ("GET", "/gateway/bot", self.get_gateway),
            ("GET", f"{app}/commands", self.get_commands),
            ("PUT", f"{app}/commands", self.put_commands),
            ("POST", f"{app}/commands", self.post_command),
            ("GET", f"{app}/guilds/{{guild_id}}/commands", self.get_commands),
            ("PUT", f"{app}/guilds/{{guild_id}}/commands", self.put_commands),
            ("POST", f"{app}/guilds/{{guild_id}}/commands", self.post_command),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self.interaction_callback),
            ("POST", hook, self.post_followup),
            ("GET", f"{hook}/messages/{{message_id}}", self.get_webhook_message),
            ("PATCH", f"{hook}/messages/{{message_id}}", self.patch_webhook_message),
            ("DELETE", f"{hook}/messages/{{message_id}}", self.delete_webhook_message),
            ("GET", "/channels/{channel_id}", self.get_channel),
            ("PATCH", "/channels/{channel_id}", self.patch_channel),
            ("GET", "/channels/{channel_id}/messages", self.list_messages),
            ("POST", "/channels/{channel_id}/messages", self.post_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self.patch_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message),
            ("POST", "/channels/{channel_id}/threads", self.create_thread),
            ("POST", "/channels/{channel_id}/messages/{message_id}/threads", self.create_thread),
            ("PUT", "/channels/{channel_id}/thread-members/{user_id}", self.add_thread_member),
            ("POST", "/users/@me/channels", self.open_dm),
            ("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self.add_role),
            ("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self.remove_role),
        ]

    # -- identity -----------------------------------------------------------------------------

    async def get_me(self, request: web.Request) -> web.Response:
        return json_response({**self.world.bot_user, "verified": True, "mfa_enabled": False, "flags": 0})

    async def get_application(self, request: web.Request) -> web.Response:
        world = self.world
        return json_response(
            {
                "id": world.application_id,
                "name": world.bot_user["username"],
                "icon": None,
                "description": "",
                "rpc_origins": [],
                "bot_public": True,
                "bot_require_code_grant": False,
                "bot": world.bot_user,
                "owner": world.bot_user,
                "team": None,
                "verify_key": "0" * 64,
                "flags": 0,
                "summary": "",
                "tags": [],
                "interactions_endpoint_url": None,
                "redirect_uris": [],
                "approximate_guild_count": len(world.guilds),
            }
        )

    async def get_gateway(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return json_response({"url": self.fake.gateway_url, "shards": 1, "session_start_limit": limit})

    # -- application commands -----------------------------------------------------------------

    async def get_commands(self, request: web.Request) -> web.Response:
        return json_response(self.world.commands.get(request.match_info.get("guild_id"), []))

    async def put_commands(self, request: web.Request) -> web.Response:
        guild_id = request.match_info.get("guild_id")
        body = await self.fake.read_json(request)

        def check(payload: Any, errors: limits.ErrorTree) -> None:
            for i, command in enumerate(payload if isinstance(payload, list) else []):
                limits.check_command(command, errors, (i,))

        self.fake.validate(request, body, check)
        old = {c["name"]: c for c in self.world.commands.get(guild_id, [])}
        self.world.commands[guild_id] = [self._stored_command(c, guild_id, old) for c in body]
        return json_response(self.world.commands[guild_id])

    async def post_command(self, request: web.Request) -> web.Response:
        guild_id = request.match_info.get("guild_id")
        body = await self.fake.read_json(request)
        self.fake.validate(request, body, limits.check_command)
        existing = self.world.commands.setdefault(guild_id, [])
        old = {c["name"]: c for c in existing}
        stored = self._stored_command(body, guild_id, old)
        existing[:] = [c for c in existing if c["name"] != stored["name"]] + [stored]
        return json_response(stored, 201)

    def _stored_command(
        self, body: dict[str, Any], guild_id: str | None, old: dict[str, dict[str, Any]]
    ) -> dict[str, Any]:
        previous = old.get(body["name"])
        command = {
            "type": 1,
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            "contexts": None,
            "integration_types": [0],
            **body,
            "id": previous["id"] if previous else self.world.ids.next(),
            "application_id": self.world.application_id,
            "version": self.world.ids.next(),
        }
        if guild_id is not None:
            command["guild_id"] = guild_id
        return command

    # -- interactions -------------------------------------------------------------------------

    def _interaction(self, request: web.Request, *, by_id: bool) -> Interaction:
        token = request.match_info["token"]
        interaction = self.fake.interactions_by_token.get(token)
        if interaction is None or (by_id and interaction.id != request.match_info["interaction_id"]):
            raise DiscordError(404, 10062, "Unknown interaction")
        return interaction

    async def interaction_callback(self, request: web.Request) -> web.Response:
        interaction = self._interaction(request, by_id=True)
        body, files = await self.fake.read_body(request)
        self.fake.validate(request, body, limits.check_interaction_callback)
        if time.monotonic() - interaction.dispatched_at > self.fake.interaction_deadline:
            raise DiscordError(404, 10062, "Unknown interaction")
        if interaction.callback is not None:
            raise DiscordError(400, 40060, "Interaction has already been acknowledged.")
        kind = body.get("type")
        data = body.get("data") or {}
        interaction.callback = {"type": kind, "data": data}
        message = None
        if kind in (4, 5):
            flags = data.get("flags") or 0
            if kind == 5:
                flags |= LOADING
            message = await self.fake.create_message(
                interaction.channel_id,
                self.world.bot_user,
                {**data, "flags": flags},
                files,
                interaction=interaction,
            )
            interaction.message_id = message["id"]
        elif kind == 7:
            clicked = (interaction.payload.get("message") or {}).get("id")
            if clicked in self.world.messages:
                message = await self.fake.edit_message(clicked, data, files)
                interaction.message_id = clicked
        elif kind == 6:
            interaction.message_id = (interaction.payload.get("message") or {}).get("id")
        elif kind == 9:  # kept as shown, with the ids Discord gives components that have none
            self.fake.modals[(interaction.payload_user_id, data.get("custom_id"))] = limits.numbered(data)
        interaction.notify()
        self.fake.notify_messages()
        result: dict[str, Any] = {
            "interaction": {
                "id": interaction.id,
                "type": interaction.payload["type"],
                "response_message_id": interaction.message_id,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool((data.get("flags") or 0) & EPHEMERAL),
            }
        }
        if request.query.get("with_response") not in ("1", "true", "True"):
            return no_content()
        if message is not None:
            result["resource"] = {"type": kind, "message": message}
        else:
            result["resource"] = {"type": kind}
        return json_response(result)

    async def post_followup(self, request: web.Request) -> web.Response:
        interaction = self._webhook_interaction(request)
        body, files = await self.fake.read_body(request)
        self.fake.validate(request, body, limits.check_message)
        if interaction.callback is None:
            raise DiscordError(404, 10015, "Unknown Webhook")
        original = self.world.messages.get(interaction.message_id or "")
        if interaction.callback["type"] == 5 and original is not None and original["flags"] & LOADING:
            # As on Discord, the first follow-up after a deferred reply fills in the "thinking" message
            # and keeps the defer's visibility, whatever its own flags say: an ephemeral follow-up
            # after a public defer is shown to everyone.
            kept = {**body, "flags": (body.get("flags") or 0) & ~EPHEMERAL}
            message = await self.fake.edit_message(original["id"], kept, files, clear_loading=True)
        else:
            message = await self.fake.create_message(
                interaction.channel_id, self.world.bot_user, body, files, interaction=interaction
            )
        interaction.followup_ids.append(message["id"])
        interaction.notify()
        return json_response(message)

    def _webhook_interaction(self, request: web.Request) -> Interaction:
        interaction = self.fake.interactions_by_token.get(request.match_info["token"])
        if interaction is None or not interaction.followups_open:
            raise DiscordError(404, 10015, "Unknown Webhook")
        return interaction

    def _webhook_message_id(self, request: web.Request, interaction: Interaction) -> str:
        message_id = request.match_info["message_id"]
        if message_id == "@original":
            if interaction.message_id is None:
                raise DiscordError(404, 10008, "Unknown Message")
            return interaction.message_id
        if message_id not in self.world.messages:
            raise DiscordError(404, 10008, "Unknown Message")
        return message_id

    async def get_webhook_message(self, request: web.Request) -> web.Response:
        interaction = self._webhook_interaction(request)
        return json_response(self.world.messages[self._webhook_message_id(request, interaction)])

    async def patch_webhook_message(self, request: web.Request) -> web.Response:
        interaction = self._webhook_interaction(request)
        body, files = await self.fake.read_body(request)
        self.fake.validate(request, body, limits.check_message)
        message_id = self._webhook_message_id(request, interaction)
        message = await self.fake.edit_message(message_id, body, files, clear_loading=True)
        interaction.notify()
        return json_response(message)

    async def delete_webhook_message(self, request: web.Request) -> web.Response:
        interaction = self._webhook_interaction(request)
        await self.fake.delete_message(self._webhook_message_id(request, interaction))
        interaction.notify()
        return no_content()

    # -- channels and messages ----------------------------------------------------------------

    def _channel(self, request: web.Request) -> dict[str, Any]:
        channel = self.world.channels.get(request.match_info["channel_id"])
        if channel is None:
            raise DiscordError(404, 10003, "Unknown Channel")
        return channel

    def _message(self, request: web.Request) -> dict[str, Any]:
        message = self.world.messages.get(request.match_info["message_id"])
        if message is None or message["channel_id"] != request.match_info["channel_id"]:
            raise DiscordError(404, 10008, "Unknown Message")
        return message

    async def get_channel(self, request: web.Request) -> web.Response:
        return json_response(self.world.public_channel(self._channel(request)))

    async def patch_channel(self, request: web.Request) -> web.Response:
        """Modify a thread: archive, lock, rename (what a bot does to a round's room)."""
        channel = self._channel(request)
        body = await self.fake.read_json(request)
        self.fake.validate(request, body, _check_thread_patch)
        meta = channel.get("thread_metadata")
        if meta is None:
            raise DiscordError(400, 50024, "Cannot execute action on this channel type")
        for key in ("archived", "locked", "auto_archive_duration", "invitable"):
            if key in body:
                meta[key] = body[key]
        if "archived" in body:
            meta["archive_timestamp"] = iso_now()
        if "name" in body:
            channel["name"] = body["name"]
        await self.fake.dispatch("THREAD_UPDATE", self.world.public_channel(channel))
        return json_response(self.world.public_channel(channel))

    async def list_messages(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        limit = int(request.query.get("limit", 50))
        found = [m for m in self.world.messages.values() if m["channel_id"] == channel["id"]]
        return json_response(list(reversed(found))[:limit])

    async def get_message(self, request: web.Request) -> web.Response:
        return json_response(self._message(request))

    async def post_message(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        body, files = await self.fake.read_body(request)
        self.fake.validate(request, body, limits.check_message)
        if not (body.get("content") or body.get("embeds") or body.get("components") or files):
            raise DiscordError(400, 50006, "Cannot send an empty message")
        meta = channel.get("thread_metadata")
        if meta is not None and meta.get("archived"):  # as on Discord: a send reopens it, unless locked
            if meta.get("locked"):
                raise DiscordError(400, 50083, "Thread is archived")
            meta["archived"] = False
        message = await self.fake.create_message(channel["id"], self.world.bot_user, body, files)
        return json_response(message)

    async def patch_message(self, request: web.Request) -> web.Response:
        message = self._message(request)
        body, files = await self.fake.read_body(request)
        self.fake.validate(request, body, limits.check_message)
        return json_response(await self.fake.edit_message(message["id"], body, files))

    async def delete_message(self, request: web.Request) -> web.Response:
        await self.fake.delete_message(self._message(request)["id"])
        return no_content()

    async def create_thread(self, request: web.Request) -> web.Response:
        parent = self._channel(request)
        body = await self.fake.read_json(request)
        self.fake.validate(request, body, _check_thread)
        if not parent.get("_can_create_threads", True):
            raise DiscordError(403, 50013, "Missing Permissions")
        from_message = "message_id" in request.match_info
        if from_message:
            self._message(request)
        kind = PUBLIC_THREAD if from_message else int(body.get("type") or PRIVATE_THREAD)
        thread = self.fake.add_thread(parent, body["name"], kind, self.world.bot_user["id"])
        if from_message:  # as on Discord, a thread started from a message takes the message's id
            old_id, thread["id"] = thread["id"], request.match_info["message_id"]
            self.world.channels[thread["id"]] = self.world.channels.pop(old_id)
            self.world.thread_members[thread["id"]] = self.world.thread_members.pop(old_id)
            ids = self.world.guilds[thread["guild_id"]].channel_ids
            ids[ids.index(old_id)] = thread["id"]
        await self.fake.dispatch(
            "THREAD_CREATE", {**self.world.public_channel(thread), "newly_created": True}
        )
        return json_response(self.world.public_channel(thread), 201)

    async def add_thread_member(self, request: web.Request) -> web.Response:
        thread = self._channel(request)
        user_id = request.match_info["user_id"]
        if user_id == "@me":
            user_id = self.world.bot_user["id"]
        if thread["type"] not in (PUBLIC_THREAD, PRIVATE_THREAD):
            raise DiscordError(400, 50024, "Cannot execute action on this channel type")
        members = self.world.thread_members.setdefault(thread["id"], set())
        members.add(user_id)
        thread["member_count"] = len(members)
        await self.fake.dispatch(
            "THREAD_MEMBERS_UPDATE",
            {
                "id": thread["id"],
                "guild_id": thread["guild_id"],
                "member_count": len(members),
                "added_members": [
                    {"id": thread["id"], "user_id": user_id, "join_timestamp": iso_now(), "flags": 0}
                ],
            },
        )
        return no_content()

    async def open_dm(self, request: web.Request) -> web.Response:
        body = await self.fake.read_json(request)
        self.fake.validate(request, body, lambda b, e: None)
        recipient = self.world.users.get(str(body.get("recipient_id")))
        if recipient is None:
            raise DiscordError(400, 50035, "Invalid Form Body", {"recipient_id": {"_errors": []}})
        return json_response(self.world.public_channel(self.fake.dm_channel(recipient)))

    async def add_role(self, request: web.Request) -> web.Response:
        return await self._change_role(request, add=True)

    async def remove_role(self, request: web.Request) -> web.Response:
        return await self._change_role(request, add=False)

    async def _change_role(self, request: web.Request, *, add: bool) -> web.Response:
        guild = self.world.guilds.get(request.match_info["guild_id"])
        if guild is None:
            raise DiscordError(404, 10004, "Unknown Guild")
        member = guild.members.get(request.match_info["user_id"])
        if member is None:
            raise DiscordError(404, 10007, "Unknown Member")
        role_id = request.match_info["role_id"]
        if role_id not in guild.roles:
            raise DiscordError(404, 10011, "Unknown Role")
        if add and role_id not in member.roles:
            member.roles.append(role_id)
        elif not add and role_id in member.roles:
            member.roles.remove(role_id)
        await self.fake.dispatch("GUILD_MEMBER_UPDATE", {"guild_id": guild.id, **member.payload()})
        return no_content()


def _check_thread_patch(body: dict[str, Any], errors: limits.ErrorTree) -> None:
    if "name" in body:
        errors.len_between(("name",), body.get("name"), 1, 100)


def _check_thread(body: dict[str, Any], errors: limits.ErrorTree) -> None:
    errors.len_between(("name",), body.get("name"), 1, 100)


def message_payload(
    message_id: str, channel: dict[str, Any], author: dict[str, Any], body: dict[str, Any]
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": message_id,
        "channel_id": channel["id"],
        "author": author,
        "content": body.get("content") or "",
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": bool(body.get("tts")),
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": list(body.get("embeds") or []),
        "components": list(body.get("components") or []),
        "pinned": False,
        "type": 0,
        "flags": int(body.get("flags") or 0),
    }
    if channel.get("guild_id"):
        payload["guild_id"] = channel["guild_id"]
    if channel["type"] == DM_CHANNEL:
        payload.pop("guild_id", None)
    return payload
