"""`FakeDiscord`: a loopback HTTP + gateway server that the real discord.py client can talk to."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from . import limits
from .faults import Fault, FaultPlan
from .gateway import GatewaySession
from .interactions import (
    OPTION_ATTACHMENT,
    OPTION_CHANNEL,
    OPTION_MENTIONABLE,
    OPTION_ROLE,
    OPTION_USER,
    Interaction,
    InteractionTimeout,
    build_options,
    find_command,
)
from .rest import DiscordError, RestApi, json_response, message_payload
from .spec import shared_validator
from .world import DEFAULT_MEMBER_PERMISSIONS, DM_CHANNEL, TEXT_CHANNEL, Guild, Member, World, iso_now

API_PREFIX = "/api/v10"
log = logging.getLogger("fakediscord")
ATTACHMENT_SIZE_LIMIT = 25 * 1024 * 1024


@dataclass
class RecordedRequest:
    method: str
    path: str
    json: Any
    status: int = 0


@dataclass
class Rejection:
    method: str
    path: str
    body: Any
    errors: dict[str, Any]


class FakeDiscord:
    """Discord's REST API and gateway on 127.0.0.1, with helpers that play the human users."""

    def __init__(self, *, bot_name: str = "mockloop", validate_spec: bool = True) -> None:
        self.world = World(bot_name)
        self.gateway = GatewaySession(self)
        self.rest = RestApi(self)
        self.faults = FaultPlan()
        self.spec = shared_validator() if validate_spec else None
        self.interaction_deadline = 3.0
        self.requests: list[RecordedRequest] = []
        self.rejected: list[Rejection] = []
        self.unknown_routes: list[RecordedRequest] = []
        self.interactions_by_token: dict[str, Interaction] = {}
        self.modals: dict[tuple[str, str], dict[str, Any]] = {}
        self._messages_changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port = 0

    # -- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        for method, path, handler in self.rest.routes():
            app.router.add_route(method, API_PREFIX + path, handler)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", self._serve_attachment)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        conn = self.gateway.connection
        if conn is not None and not conn.ws.closed:
            await conn.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def api_base(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/gateway"

    # -- world building (thin wrappers so tests only need the fake) ------------------------------

    @property
    def bot_user(self) -> dict[str, Any]:
        return self.world.bot_user

    @property
    def application_id(self) -> str:
        return self.world.application_id

    def add_guild(self, name: str = "Mock Guild") -> Guild:
        return self.world.add_guild(name)

    def add_channel(
        self, guild: Guild | str, name: str = "general", *, can_create_threads: bool = True
    ) -> dict:
        return self.world.add_channel(guild, name, can_create_threads=can_create_threads)

    def add_user(self, name: str) -> dict[str, Any]:
        return self.world.add_user(name)

    def add_member(
        self,
        guild: Guild | str,
        user: dict[str, Any] | str,
        *,
        permissions: int = DEFAULT_MEMBER_PERMISSIONS,
        roles: list[dict[str, Any] | str] | None = None,
    ) -> Member:
        return self.world.add_member(guild, user, permissions=permissions, roles=roles)

    def add_role(self, guild: Guild | str, name: str, permissions: int = 0) -> dict[str, Any]:
        return self.world.add_role(guild, name, permissions)

    def commands(self, guild: Guild | str | None = None) -> list[dict[str, Any]]:
        """Registered commands: global ones, plus the guild's when a guild is given."""
        found = list(self.world.commands.get(None, []))
        if guild is not None:
            found += self.world.commands.get(self.world.guild(guild).id, [])
        return found

    async def announce_guild(self, guild: Guild | str) -> None:
        """GUILD_CREATE for a guild built after the bot connected (e.g. the bot 'joins' it)."""
        await self.dispatch("GUILD_CREATE", self.world.guild_create_payload(self.world.guild(guild)))

    async def announce_channel(self, channel: dict[str, Any]) -> None:
        """CHANNEL_CREATE for a channel added after the bot connected."""
        await self.dispatch("CHANNEL_CREATE", self.world.public_channel(channel))

    # -- gateway controls -----------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        await self.gateway.dispatch(event, data)

    async def wait_until_identified(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        await asyncio.wait_for(self.gateway.identified.wait(), timeout)

    def drop_gateway(self) -> None:
        """Abruptly cut the websocket; discord.py should reconnect and RESUME."""
        self.gateway.drop()

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT; discord.py should reconnect and RESUME."""
        await self.gateway.send_reconnect()

    async def wait_resumed(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        await asyncio.wait_for(self.gateway.resumed.wait(), timeout)

    # -- faults ----------------------------------------------------------------------------------

    def inject(
        self, method: str, path_regex: str, status: int, times: int = 1, retry_after: float | None = None
    ) -> Fault:
        """Answer the next `times` matching requests with `status` (429, 500, 502, ...).

        `path_regex` is searched in the path after /api/v10, e.g. r"/channels/\\d+/messages$".
        """
        return self.faults.add(method, path_regex, status, times, retry_after)

    # -- HTTP plumbing ---------------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        path = request.path
        if path == "/gateway" or path.startswith("/attachments/"):
            return await handler(request)
        api_path = path[len(API_PREFIX) :] if path.startswith(API_PREFIX) else path
        record = RecordedRequest(request.method, api_path, None)
        self.requests.append(record)
        if len(self.requests) > 20000:
            del self.requests[:5000]
        if request.body_exists and request.content_type == "application/json":
            try:
                record.json = json.loads(await request.text())
            except ValueError:
                record.json = None
        injected = self.faults.take(request.method, api_path)
        if injected is not None:
            record.status = injected.status
            return injected
        if request.match_info.http_exception is not None:
            self.unknown_routes.append(record)
            log.warning("unknown route %s %s", request.method, api_path)
            record.status = 404
            return json_response({"message": "404: Not Found", "code": 0}, 404)
        try:
            response = await handler(request)
        except DiscordError as error:
            response = error.response()
        record.status = response.status
        return response

    async def read_body(self, request: web.Request) -> tuple[dict[str, Any], list[tuple[str, bytes, str]]]:
        """JSON body, or multipart `payload_json` plus `files[n]` parts as (filename, bytes, type)."""
        if request.content_type.startswith("multipart/"):
            payload: dict[str, Any] = {}
            files: list[tuple[str, bytes, str]] = []
            reader = await request.multipart()
            async for part in reader:
                name = part.name or ""
                if name == "payload_json":
                    payload = json.loads(await part.text())  # type: ignore[union-attr]
                elif name.startswith("files["):
                    data = await part.read()  # type: ignore[union-attr]
                    content_type = part.headers.get("Content-Type", "application/octet-stream")
                    files.append((part.filename or "file", bytes(data), content_type))
            self.requests[-1].json = payload
            return payload, files
        return await self.read_json(request), []

    async def read_json(self, request: web.Request) -> Any:
        if not request.body_exists:
            return {}
        try:
            return json.loads(await request.text())
        except ValueError as exc:
            raise DiscordError(400, 50109, "The request body contains invalid JSON.") from exc

    def validate(
        self, request: web.Request, body: Any, checker: Callable[[Any, limits.ErrorTree], None]
    ) -> None:
        """Limits first (always), then the OpenAPI schema; any problem answers 400 / 50035."""
        errors = limits.ErrorTree()
        checker(body, errors)
        if self.spec is not None:
            template = _spec_template(request)
            self.spec.validate(template, request.method, body, errors)
        if errors:
            api_path = request.path[len(API_PREFIX) :]
            self.rejected.append(Rejection(request.method, api_path, body, errors.tree))
            log.warning("rejected %s %s: %s", request.method, api_path, errors.tree)
            raise DiscordError(400, 50035, "Invalid Form Body", errors.tree)

    async def _serve_attachment(self, request: web.Request) -> web.Response:
        stored = self.world.attachments.get(request.match_info["attachment_id"])
        if stored is None:
            return web.Response(status=404, text="not found")
        _, data, content_type = stored
        return web.Response(body=data, content_type=content_type.split(";")[0])

    # -- messages --------------------------------------------------------------------------------

    def store_attachment(self, channel_id: str, filename: str, data: bytes, content_type: str) -> dict:
        attachment_id = self.world.ids.next()
        self.world.attachments[attachment_id] = (filename, data, content_type)
        url = f"{self.base_url}/attachments/{channel_id}/{attachment_id}/{filename}"
        return {
            "id": attachment_id,
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
        }

    def attach_file(self, filename: str, data: bytes, content_type: str = "application/octet-stream") -> dict:
        """An uploaded attachment, for slash-command attachment options and `post_message`."""
        return self.store_attachment("0", filename, data, content_type)

    def attachment_bytes(self, attachment: dict[str, Any]) -> bytes:
        return self.world.attachments[attachment["id"]][1]

    async def create_message(
        self,
        channel_id: str,
        author: dict[str, Any],
        body: dict[str, Any],
        files: list[tuple[str, bytes, str]] | None = None,
        *,
        interaction: Interaction | None = None,
        attachments: list[dict[str, Any]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        channel = self.world.channels[channel_id]
        message = message_payload(self.world.ids.next(), channel, author, body)
        message.update(extra or {})
        message["attachments"] = list(attachments or [])
        for filename, data, content_type in files or []:
            message["attachments"].append(self.store_attachment(channel_id, filename, data, content_type))
        if interaction is not None:
            message["webhook_id"] = self.world.application_id
            message["application_id"] = self.world.application_id
            message["type"] = 20 if interaction.payload["type"] == 2 else 19
            message["interaction_metadata"] = {
                "id": interaction.id,
                "type": interaction.payload["type"],
                "user": _interaction_user(interaction.payload),
                "authorizing_integration_owners": {},
            }
        self.world.messages[message["id"]] = message
        channel["last_message_id"] = message["id"]
        if not message["flags"] & (1 << 6):  # ephemeral messages never reach the gateway
            await self.dispatch("MESSAGE_CREATE", message)
        self.notify_messages()
        return message

    async def edit_message(
        self,
        message_id: str,
        body: dict[str, Any],
        files: list[tuple[str, bytes, str]] | None = None,
        *,
        clear_loading: bool = False,
    ) -> dict[str, Any]:
        message = self.world.messages[message_id]
        for key in ("content", "embeds", "components"):
            if key in body:
                message[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
        if "attachments" in body:
            keep = {str(a.get("id")) for a in body["attachments"] or []}
            message["attachments"] = [a for a in message["attachments"] if a["id"] in keep]
        for filename, data, content_type in files or []:
            message["attachments"].append(
                self.store_attachment(message["channel_id"], filename, data, content_type)
            )
        if "flags" in body and body["flags"] is not None:
            message["flags"] = (message["flags"] & (1 << 6)) | int(body["flags"])
        if clear_loading:
            message["flags"] &= ~(1 << 7)
        message["edited_timestamp"] = iso_now()
        if not message["flags"] & (1 << 6):
            await self.dispatch("MESSAGE_UPDATE", message)
        self.notify_messages()
        return message

    async def delete_message(self, message_id: str) -> None:
        message = self.world.messages.pop(message_id)
        event = {"id": message_id, "channel_id": message["channel_id"]}
        if "guild_id" in message:
            event["guild_id"] = message["guild_id"]
        await self.dispatch("MESSAGE_DELETE", event)
        self.notify_messages()

    def notify_messages(self) -> None:
        self._messages_changed.set()

    def add_thread(self, parent: dict[str, Any], name: str, kind: int, owner_id: str) -> dict[str, Any]:
        thread = self.world.add_channel(parent["guild_id"], name, channel_type=kind)
        thread.update(
            {
                "parent_id": parent["id"],
                "owner_id": owner_id,
                "member_count": 1,
                "message_count": 0,
                "total_message_sent": 0,
                "thread_metadata": {
                    "archived": False,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": iso_now(),
                    "locked": False,
                    "invitable": False,
                    "create_timestamp": iso_now(),
                },
            }
        )
        self.world.thread_members[thread["id"]] = {owner_id}
        return thread

    def dm_channel(self, recipient: dict[str, Any]) -> dict[str, Any]:
        for channel in self.world.channels.values():
            if channel["type"] == DM_CHANNEL and channel["recipients"][0]["id"] == recipient["id"]:
                return channel
        channel = {
            "id": self.world.ids.next(),
            "type": DM_CHANNEL,
            "recipients": [recipient],
            "last_message_id": None,
            "flags": 0,
        }
        self.world.channels[channel["id"]] = channel
        return channel

    def threads(self, parent: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return [
            c
            for c in self.world.channels.values()
            if c["type"] in (11, 12) and (parent is None or c["parent_id"] == parent["id"])
        ]

    async def wait_for_message(
        self,
        channel_id: str | None = None,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        from_bot: bool = True,
    ) -> dict[str, Any]:
        """The newest message (by the bot, unless `from_bot=False`) matching; waits if none yet.

        Edits count: a message that starts matching after a PATCH is returned then.
        """
        deadline = time.monotonic() + timeout
        while True:
            for message in reversed(list(self.world.messages.values())):
                if channel_id is not None and message["channel_id"] != str(channel_id):
                    continue
                if from_bot and message["author"]["id"] != self.world.bot_user["id"]:
                    continue
                if predicate is None or predicate(message):
                    return message
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise InteractionTimeout(f"no matching message in channel {channel_id} within {timeout}s")
            self._messages_changed.clear()
            try:
                await asyncio.wait_for(self._messages_changed.wait(), remaining)
            except TimeoutError:
                continue

    # -- playing the users -------------------------------------------------------------------------

    async def post_message(
        self,
        user: dict[str, Any],
        channel: dict[str, Any] | str,
        content: str,
        attachments: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A human posts in a channel (or DM/thread): MESSAGE_CREATE reaches the bot."""
        channel_id = channel if isinstance(channel, str) else channel["id"]
        stored = self.world.channels[channel_id]
        extra: dict[str, Any] = {}
        if stored.get("guild_id"):
            guild = self.world.guilds[stored["guild_id"]]
            if user["id"] not in guild.members:
                self.world.add_member(guild, user)
            extra["member"] = {k: v for k, v in guild.members[user["id"]].payload().items() if k != "user"}
        return await self.create_message(
            channel_id, user, {"content": content}, attachments=attachments or [], extra=extra
        )

    async def slash(
        self,
        user: dict[str, Any],
        command: str,
        options: dict[str, Any] | None = None,
        *,
        guild: Guild | str | None = None,
        channel: dict[str, Any] | str | None = None,
        permissions: int | None = None,
    ) -> Interaction:
        """Runs `/command sub ...` as `user`. Options are typed from the registered command."""
        data, resolved = self._command_data(command, options or {}, guild, channel)
        return await self._interact(user, 2, data, resolved, guild, channel, permissions)

    async def autocomplete(
        self,
        user: dict[str, Any],
        command: str,
        options: dict[str, Any],
        focused: str,
        *,
        guild: Guild | str | None = None,
        channel: dict[str, Any] | str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[dict[str, Any]]:
        """Asks for suggestions while `user` types option `focused`; returns the bot's choices."""
        data, resolved = self._command_data(command, options, guild, channel, focused=focused)
        interaction = await self._interact(user, 4, data, resolved, guild, channel, None)
        response = await interaction.response(timeout)
        if response["type"] != 8:
            raise AssertionError(f"autocomplete answered with callback type {response['type']}")
        return interaction.choices or []

    async def click(
        self, user: dict[str, Any], message: dict[str, Any] | str, custom_id: str, **where: Any
    ) -> Interaction:
        msg = self._stored_message(message)
        component = _find_component(msg.get("components") or [], custom_id)
        data = {"custom_id": custom_id, "component_type": component.get("type", 2) if component else 2}
        return await self._component_interaction(user, msg, data, **where)

    async def select(
        self,
        user: dict[str, Any],
        message: dict[str, Any] | str,
        custom_id: str,
        values: list[str],
        **where: Any,
    ) -> Interaction:
        msg = self._stored_message(message)
        component = _find_component(msg.get("components") or [], custom_id)
        data = {
            "custom_id": custom_id,
            "component_type": component.get("type", 3) if component else 3,
            "values": list(values),
        }
        return await self._component_interaction(user, msg, data, **where)

    async def submit_modal(
        self,
        user: dict[str, Any],
        custom_id: str,
        values: dict[str, str],
        message: dict[str, Any] | str | None = None,
        **where: Any,
    ) -> Interaction:
        """Submits the modal the bot showed `user` (mirrors its rows/labels) with `values`."""
        shown = self.modals.get((user["id"], custom_id))
        if shown is None:
            raise LookupError(f"the bot never showed {user['username']} a modal {custom_id!r}")
        components = [_submitted(c, values) for c in shown.get("components") or []]
        data = {"custom_id": custom_id, "components": components}
        msg = self._stored_message(message) if message is not None else None
        if msg is not None:
            where.setdefault("channel", msg["channel_id"])
        return await self._interact(user, 5, data, {}, where.get("guild"), where.get("channel"), None, msg)

    # -- interaction payloads ----------------------------------------------------------------------

    def _stored_message(self, message: dict[str, Any] | str) -> dict[str, Any]:
        message_id = message if isinstance(message, str) else message["id"]
        return self.world.messages[message_id]

    async def _component_interaction(
        self, user: dict[str, Any], msg: dict[str, Any], data: dict[str, Any], **where: Any
    ) -> Interaction:
        channel = where.get("channel") or msg["channel_id"]
        return await self._interact(
            user, 3, data, {}, where.get("guild"), channel, where.get("permissions"), msg
        )

    def _where(
        self, guild: Guild | str | None, channel: dict[str, Any] | str | None
    ) -> tuple[Guild | None, dict[str, Any]]:
        if channel is not None:
            stored = self.world.channels[channel if isinstance(channel, str) else channel["id"]]
            guild_id = stored.get("guild_id")
            return (self.world.guilds[guild_id] if guild_id else None), stored
        found = self.world.guild(guild) if guild is not None else next(iter(self.world.guilds.values()))
        for channel_id in found.channel_ids:
            if self.world.channels[channel_id]["type"] == TEXT_CHANNEL:
                return found, self.world.channels[channel_id]
        raise LookupError(f"guild {found.name!r} has no text channel to run the command in")

    def _command_data(
        self,
        command: str,
        options: dict[str, Any],
        guild: Guild | str | None,
        channel: dict[str, Any] | str | None,
        focused: str | None = None,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        where_guild, _ = self._where(guild, channel)
        registered = self.commands(where_guild)
        top, sub_path = find_command(registered, command.split())
        resolved: dict[str, dict[str, Any]] = {}

        def resolve(option_type: int, value: Any) -> Any:
            return self._resolve(option_type, value, resolved, where_guild)

        built = build_options(top, sub_path, options, resolve, focused)
        data: dict[str, Any] = {"id": top["id"], "name": top["name"], "type": 1, "options": built}
        if top.get("guild_id"):
            data["guild_id"] = top["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return data, resolved

    def _resolve(self, option_type: int, value: Any, resolved: dict[str, dict], guild: Guild | None) -> Any:
        if (
            option_type in (OPTION_USER, OPTION_MENTIONABLE)
            and isinstance(value, dict)
            and "username" in value
        ):
            resolved.setdefault("users", {})[value["id"]] = value
            if guild is not None and value["id"] in guild.members:
                member = self.world.member_payload(guild, value["id"], with_permissions=True)
                member.pop("user")
                resolved.setdefault("members", {})[value["id"]] = member
            return value["id"]
        if option_type == OPTION_CHANNEL:
            channel = value if isinstance(value, dict) else self.world.channels[str(value)]
            public = self.world.public_channel(channel)
            resolved.setdefault("channels", {})[channel["id"]] = {**public, "permissions": str((1 << 50) - 1)}
            return channel["id"]
        if option_type in (OPTION_ROLE, OPTION_MENTIONABLE) and isinstance(value, dict):
            resolved.setdefault("roles", {})[value["id"]] = value
            return value["id"]
        if option_type == OPTION_ATTACHMENT:
            resolved.setdefault("attachments", {})[value["id"]] = value
            return value["id"]
        return value

    async def _interact(
        self,
        user: dict[str, Any],
        kind: int,
        data: dict[str, Any],
        resolved: dict[str, Any],
        guild: Guild | str | None,
        channel: dict[str, Any] | str | None,
        permissions: int | None,
        message: dict[str, Any] | None = None,
    ) -> Interaction:
        where_guild, where_channel = self._where(guild, channel)
        interaction_id = self.world.ids.next()
        token = f"tok{interaction_id}"
        payload: dict[str, Any] = {
            "id": interaction_id,
            "application_id": self.world.application_id,
            "type": kind,
            "data": data,
            "token": token,
            "version": 1,
            "channel_id": where_channel["id"],
            "channel": self.world.public_channel(where_channel),
            "app_permissions": str((1 << 50) - 1),
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if where_guild is not None:
            if user["id"] not in where_guild.members:
                self.world.add_member(where_guild, user)
            member = self.world.member_payload(where_guild, user["id"], with_permissions=True)
            if permissions is not None:
                member["permissions"] = str(permissions)
            payload.update(
                {
                    "guild_id": where_guild.id,
                    "guild": {"id": where_guild.id, "locale": "en-US", "features": []},
                    "guild_locale": "en-US",
                    "member": member,
                    "context": 0,
                    "authorizing_integration_owners": {"0": where_guild.id},
                }
            )
            bot_perms = self.world.member_permissions(where_guild, self.world.bot_user["id"])
            payload["app_permissions"] = str(bot_perms)
        else:
            payload.update({"user": user, "context": 1, "authorizing_integration_owners": {"1": user["id"]}})
        if message is not None:
            payload["message"] = message
        interaction = Interaction(
            id=interaction_id, token=token, payload=payload, channel_id=where_channel["id"]
        )
        interaction._messages = self.world.messages
        self.interactions_by_token[token] = interaction
        await self.dispatch("INTERACTION_CREATE", payload)
        return interaction


def _interaction_user(payload: dict[str, Any]) -> dict[str, Any]:
    return payload["member"]["user"] if "member" in payload else payload["user"]


def _find_component(components: list[dict[str, Any]], custom_id: str) -> dict[str, Any] | None:
    for component in components:
        if component.get("custom_id") == custom_id:
            return component
        inner = list(component.get("components") or [])
        if isinstance(component.get("component"), dict):
            inner.append(component["component"])
        if isinstance(component.get("accessory"), dict):
            inner.append(component["accessory"])
        found = _find_component(inner, custom_id)
        if found is not None:
            return found
    return None


def _submitted(component: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    """What Discord sends back for one shown modal component once the user filled it in."""
    kind = component.get("type")
    ids = {"id": component["id"]} if component.get("id") is not None else {}
    if kind == 1:
        return {"type": 1, **ids, "components": [_submitted(c, values) for c in component.get("components") or []]}
    if kind == 18:
        return {"type": 18, **ids, "component": _submitted(component["component"], values)}
    custom_id = component.get("custom_id")
    if kind == 4:
        return {
            "type": 4,
            **ids,
            "custom_id": custom_id,
            "value": str(values.get(custom_id, component.get("value") or "")),
        }
    if kind in (3, 5, 6, 7, 8):
        chosen = values.get(custom_id, [])
        return {
            "type": kind,
            **ids,
            "custom_id": custom_id,
            "values": [chosen] if isinstance(chosen, str) else chosen,
        }
    return {k: v for k, v in component.items() if k in ("type", "id")}  # a text display: type and id only


def _spec_template(request: web.Request) -> str:
    """The OpenAPI path template for the matched route (our names mapped to the spec's)."""
    canonical = request.match_info.route.resource.canonical  # type: ignore[union-attr]
    template = canonical[len(API_PREFIX) :]
    if template.startswith("/interactions/"):
        return "/interactions/{interaction_id}/{interaction_token}/callback"
    if template.startswith("/webhooks/"):
        template = template.replace("{application_id}", "{webhook_id}").replace("{token}", "{webhook_token}")
    return template
