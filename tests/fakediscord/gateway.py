"""The gateway side of the fake: one resumable session, zlib-stream framing, sequence numbers."""

from __future__ import annotations

import asyncio
import json
import secrets
import zlib
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from .server import FakeDiscord

DISPATCH, HEARTBEAT, IDENTIFY, RESUME, RECONNECT, REQUEST_MEMBERS = 0, 1, 2, 6, 7, 8
INVALID_SESSION, HELLO, HEARTBEAT_ACK = 9, 10, 11


class Connection:
    """One websocket. Sends are serialised so the shared zlib stream stays in order."""

    def __init__(self, request: web.Request, ws: web.WebSocketResponse, compress: str | None) -> None:
        self.request = request
        self.ws = ws
        self._zlib = zlib.compressobj() if compress == "zlib-stream" else None
        self._lock = asyncio.Lock()

    async def send(self, payload: dict[str, Any]) -> None:
        text = json.dumps(payload, separators=(",", ":"))
        async with self._lock:
            if self.ws.closed:
                return
            if self._zlib is not None:
                data = self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                await self.ws.send_bytes(data)
            else:
                await self.ws.send_str(text)

    def abort(self) -> None:
        transport = self.request.transport
        if transport is not None:
            transport.abort()


class GatewaySession:
    """Sequence numbers and the replay buffer live here, across reconnects, like Discord's session."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.session_id: str | None = None
        self.seq = 0
        self.sent: list[dict[str, Any]] = []
        self.connection: Connection | None = None
        self.identified = asyncio.Event()
        self.resumes = 0
        self.identifies = 0
        self.resumed = asyncio.Event()
        self.compressions: list[str | None] = []  # what each connection asked for

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Sends a DISPATCH now, or keeps it for the next RESUME if the client is away."""
        self.seq += 1
        payload = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
        self.sent.append(payload)
        if len(self.sent) > 5000:
            del self.sent[:1000]
        conn = self.connection
        if conn is not None and self.session_id is not None:
            try:
                await conn.send(payload)
            except (ConnectionError, RuntimeError):
                pass  # replayed on resume

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        compress = request.query.get("compress")
        self.compressions.append(compress)
        conn = Connection(request, ws, compress)
        self.connection = conn
        await conn.send({"op": HELLO, "d": {"heartbeat_interval": 41250}})
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                await self._on_message(conn, json.loads(msg.data))
        finally:
            if self.connection is conn:
                self.connection = None
        return ws

    async def _on_message(self, conn: Connection, msg: dict[str, Any]) -> None:
        op, data = msg.get("op"), msg.get("d")
        if op == HEARTBEAT:
            await conn.send({"op": HEARTBEAT_ACK})
        elif op == IDENTIFY:
            await self._identify(conn)
        elif op == RESUME:
            await self._resume(conn, data or {})
        elif op == REQUEST_MEMBERS:
            await self._members_chunk(data or {})

    async def _identify(self, conn: Connection) -> None:
        self.identifies += 1
        self.session_id = secrets.token_hex(16)
        self.seq = 0
        self.sent.clear()
        world = self.fake.world
        ready = {
            "v": 10,
            "user": {**world.bot_user, "verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": gid, "unavailable": True} for gid in world.guilds],
            "session_id": self.session_id,
            "resume_gateway_url": self.fake.gateway_url,
            "application": {"id": world.application_id, "flags": 0},
            "private_channels": [],
            "relationships": [],
            "user_settings": {},
            "session_type": "normal",
            "auth_session_id_hash": "fake",
            "geo_ordered_rtc_regions": ["fake"],
        }
        await self.dispatch("READY", ready)
        for guild in world.guilds.values():
            await self.dispatch("GUILD_CREATE", world.guild_create_payload(guild))
        self.identified.set()

    async def _resume(self, conn: Connection, data: dict[str, Any]) -> None:
        if data.get("session_id") != self.session_id or self.session_id is None:
            await conn.send({"op": INVALID_SESSION, "d": False})
            return
        last = data.get("seq") or 0
        for payload in list(self.sent):
            if payload["s"] > last:
                await conn.send(payload)
        self.resumes += 1
        await self.dispatch("RESUMED", {})
        self.resumed.set()

    async def _members_chunk(self, data: dict[str, Any]) -> None:
        guild = self.fake.world.guilds.get(str(data.get("guild_id")))
        if guild is None:
            return
        chunk = {
            "guild_id": guild.id,
            "members": [m.payload() for m in guild.members.values()],
            "chunk_index": 0,
            "chunk_count": 1,
            "nonce": data.get("nonce"),
        }
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    async def send_reconnect(self) -> None:
        """Op 7: Discord asks the client to reconnect and resume."""
        self.resumed.clear()
        if self.connection is not None:
            await self.connection.send({"op": RECONNECT, "d": None})

    def drop(self) -> None:
        """Cuts the TCP connection without a close frame, as a network failure would."""
        self.resumed.clear()
        conn = self.connection
        self.connection = None
        if conn is not None:
            conn.abort()
