"""The base every persistent component derives from, and the one router for modal submits.

A `Component` is a discord.py `DynamicItem`: its state lives in its custom_id (which must
match its own `template`), so it keeps working after a restart. It checks who may use it in
`interaction_check` (as discord.py's persistent-view example does) and runs its `run()` inside
the one error path (`reply_error`), so no callback needs its own try/except.

Modals are not dynamic items, and a form opened before a restart is no longer in discord.py's
view store; so every submit is routed here by custom_id prefix (`ModalRouter`), from the one
`on_interaction` listener the bot installs.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, TypeVar

import discord

from bot.discordbot.errors import reply_error

log = logging.getLogger(__name__)

ItemT = TypeVar("ItemT", bound=discord.ui.Item[Any])
ModalHandler = Callable[[discord.Interaction[Any], str], Awaitable[None]]

CUSTOM_ID_MAX = 100  # Discord's limit for every component and modal custom_id


class Component(discord.ui.DynamicItem[ItemT], template=r"mockloop:component-base"):
    """A persistent component. Subclasses set `template=`, build their item in `__init__`,
    parse it back in `from_custom_id`, and implement `run()` (and `check()` to limit who may
    use it). `examples()` returns instances at their longest, for the extensions meta-test."""

    async def check(self, interaction: discord.Interaction[Any]) -> None:
        """Raise a MockloopError when this member may not use the component. Anyone may by default."""

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError

    @classmethod
    def examples(cls) -> list[Component[Any]]:
        raise NotImplementedError(f"{cls.__name__} gives no examples for the meta-test")

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        try:
            await self.check(interaction)
        except Exception as exc:
            await reply_error(interaction, exc)
            return False
        return True

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await self.run(interaction)
        except Exception as exc:
            await reply_error(interaction, exc)


class RoutedModal(discord.ui.Modal):
    """A form whose submit is handled by the `ModalRouter` route for its `prefix` (also after a
    restart); the custom_id is `prefix` + the form's state."""

    prefix: ClassVar[str]

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        return None  # handled by the ModalRouter route for `prefix`


class ModalRouter:
    """Custom_id prefix -> handler(interaction, rest of the custom_id), for every modal submit."""

    def __init__(self) -> None:
        self._routes: dict[str, ModalHandler] = {}

    @property
    def prefixes(self) -> frozenset[str]:
        return frozenset(self._routes)

    def add(self, prefix: str, handler: ModalHandler) -> None:
        taken = [p for p in self._routes if p.startswith(prefix) or prefix.startswith(p)]
        if taken:
            raise ValueError(f"modal prefix {prefix!r} overlaps {taken[0]!r}")
        self._routes[prefix] = handler

    def remove(self, prefix: str) -> None:
        self._routes.pop(prefix, None)

    async def dispatch(self, interaction: discord.Interaction[Any]) -> None:
        """The `on_interaction` listener: run the route of a modal submit, in the one error path."""
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        custom_id = str((interaction.data or {}).get("custom_id", ""))
        for prefix, handler in self._routes.items():
            if custom_id.startswith(prefix):
                try:
                    await handler(interaction, custom_id.removeprefix(prefix))
                except Exception as exc:
                    await reply_error(interaction, exc)
                return
