"""Interactions the fake has dispatched, and what the bot did with each of them."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

EPHEMERAL = 1 << 6
FOLLOWUP_WINDOW = 15 * 60

OPTION_SUB_COMMAND, OPTION_SUB_COMMAND_GROUP = 1, 2
OPTION_USER, OPTION_CHANNEL, OPTION_ROLE, OPTION_MENTIONABLE, OPTION_ATTACHMENT = 6, 7, 8, 9, 11


class InteractionTimeout(AssertionError):
    """The bot did not do what the test waited for in time."""


@dataclass
class Interaction:
    """A dispatched interaction. Await `response()` / `followups()` to see the bot's answer."""

    id: str
    token: str
    payload: dict[str, Any]
    channel_id: str
    dispatched_at: float = field(default_factory=time.monotonic)
    callback: dict[str, Any] | None = None
    message_id: str | None = None
    followup_ids: list[str] = field(default_factory=list)
    _changed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)
    _messages: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def notify(self) -> None:
        self._changed.set()

    async def _wait(self, ready: Any, timeout: float, what: str) -> Any:  # noqa: ASYNC109
        deadline = time.monotonic() + timeout
        while True:
            result = ready()
            if result is not None:
                return result
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise InteractionTimeout(f"interaction {self.id}: no {what} within {timeout}s")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                continue

    async def response(self, timeout: float = 5.0) -> dict[str, Any]:  # noqa: ASYNC109
        """The initial callback the bot sent: `{"type": int, "data": dict}`."""
        return await self._wait(lambda: self.callback, timeout, "initial response")

    async def followups(self, count: int = 1, timeout: float = 5.0) -> list[dict[str, Any]]:  # noqa: ASYNC109
        """The first `count` follow-up messages (waits until there are that many)."""

        def ready() -> list[dict[str, Any]] | None:
            if len(self.followup_ids) >= count:
                return [self._messages[mid] for mid in self.followup_ids]
            return None

        return await self._wait(ready, timeout, f"{count} follow-up(s)")

    async def original_message(self, timeout: float = 5.0) -> dict[str, Any]:  # noqa: ASYNC109
        """The message the callback created (or the clicked message a type-7 callback edited)."""

        def ready() -> dict[str, Any] | None:
            mid = self.message_id
            return self._messages.get(mid) if mid else None

        return await self._wait(ready, timeout, "response message")

    @property
    def message(self) -> dict[str, Any] | None:
        return self._messages.get(self.message_id) if self.message_id else None

    @property
    def payload_user_id(self) -> str:
        holder = self.payload.get("member") or self.payload
        return holder["user"]["id"]

    @property
    def ephemeral(self) -> bool:
        data = (self.callback or {}).get("data") or {}
        return bool((data.get("flags") or 0) & EPHEMERAL)

    @property
    def acknowledged(self) -> bool:
        return self.callback is not None

    @property
    def followups_open(self) -> bool:
        return time.monotonic() - self.dispatched_at < FOLLOWUP_WINDOW

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        """Autocomplete choices, once the bot answered with a type-8 callback."""
        if self.callback and self.callback["type"] == 8:
            return list((self.callback.get("data") or {}).get("choices") or [])
        return None


def find_command(commands: list[dict[str, Any]], path: list[str]) -> tuple[dict[str, Any], list[str]]:
    """Returns the top-level command called `path[0]` and the remaining (sub)command names."""
    for command in commands:
        if command.get("name") == path[0] and command.get("type", 1) == 1:
            return command, path[1:]
    known = sorted(c.get("name", "?") for c in commands)
    raise LookupError(f"slash command {path[0]!r} is not registered (registered: {known})")


def build_options(
    command: dict[str, Any],
    sub_path: list[str],
    values: dict[str, Any],
    resolve: Any,
    focused: str | None = None,
) -> list[dict[str, Any]]:
    """Nests `values` under the subcommand group / subcommand named in `sub_path`.

    `resolve(option_type, value)` turns user/channel/role/attachment values into ids and
    records them in the interaction's `resolved` block.
    """
    schema = command.get("options") or []
    if sub_path:
        name = sub_path[0]
        for option in schema:
            if option["name"] == name and option["type"] in (OPTION_SUB_COMMAND, OPTION_SUB_COMMAND_GROUP):
                inner = build_options(option, sub_path[1:], values, resolve, focused)
                return [{"name": name, "type": option["type"], "options": inner}]
        subs = [o["name"] for o in schema if o["type"] in (OPTION_SUB_COMMAND, OPTION_SUB_COMMAND_GROUP)]
        raise LookupError(f"{command['name']!r} has no subcommand {name!r} (has: {subs})")
    if any(o["type"] in (OPTION_SUB_COMMAND, OPTION_SUB_COMMAND_GROUP) for o in schema):
        subs = [o["name"] for o in schema]
        raise LookupError(f"{command['name']!r} needs a subcommand (one of {subs})")
    by_name = {o["name"]: o for o in schema}
    unknown = set(values) - set(by_name)
    if unknown:
        raise LookupError(f"{command['name']!r} has no option(s) {sorted(unknown)} (has: {sorted(by_name)})")
    missing = [o["name"] for o in schema if o.get("required") and o["name"] not in values]
    if missing and focused is None:
        raise LookupError(f"{command['name']!r} is missing required option(s) {missing}")
    built = []
    for option in schema:
        if option["name"] not in values:
            continue
        value = values[option["name"]]
        entry: dict[str, Any] = {"name": option["name"], "type": option["type"]}
        if option["name"] == focused:
            entry["focused"] = True
            entry["value"] = str(value)
        else:
            entry["value"] = resolve(option["type"], value)
        built.append(entry)
    return built
