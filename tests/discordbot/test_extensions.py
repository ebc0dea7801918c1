"""A meta-test over the Discord extensions (as python-discord's test_cogs.py does for its cogs).

Every feature extension loads against a bot built from `bot.app.bootstrap`; no two commands
share a name; every persistent component is registered by its extension, and the custom_ids
it emits match its own template and fit Discord's 100 characters; every modal has a route.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from discord import app_commands

from bot.app import bootstrap
from bot.discordbot import features
from bot.discordbot.client import MockloopBot
from bot.discordbot.components import CUSTOM_ID_MAX, Component, RoutedModal
from bot.discordbot.features import EXTENSIONS
from bot.settings import Settings


def all_feature_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(features.__path__, prefix=f"{features.__name__}."))


def subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *subclasses(sub)]
    return found


def current(base: type) -> list[type]:
    """The feature classes deriving from `base`, as the loaded modules define them now (unloading
    an extension drops its modules, and loading it again defines new classes)."""
    for name in all_feature_modules():
        importlib.import_module(name)
    return [
        c
        for c in subclasses(base)
        if c.__module__.startswith(features.__name__)
        and getattr(sys.modules.get(c.__module__), c.__name__, None) is c
    ]


@pytest.fixture
async def loaded(tmp_path: Path, bank, clock) -> AsyncIterator[MockloopBot]:
    services = await bootstrap(
        Settings.model_construct(db_path=tmp_path / "bot.db"),
        "discord",
        bank=bank,
        clock=clock,
        rng=random.Random(1),
    )
    bot = MockloopBot(services)
    try:
        async with bot:  # discord.py's own set-up, without connecting
            for ext in EXTENSIONS:
                await bot.load_extension(ext)
            yield bot
    finally:
        await services.close()


def test_every_feature_package_with_a_setup_is_an_extension() -> None:
    packages = {
        name
        for name in all_feature_modules()
        if name.count(".") == 3 and hasattr(importlib.import_module(name), "setup")
    }
    assert packages == set(EXTENSIONS)


async def test_every_extension_loads_and_no_two_commands_share_a_name(loaded: MockloopBot) -> None:
    assert set(loaded.extensions) == set(EXTENSIONS)
    names = [cmd.qualified_name for cmd in loaded.tree.walk_commands()]
    assert len(names) == len(set(names)), sorted(names)
    top = {cmd.name for cmd in loaded.tree.get_commands()}
    assert {"mock", "mockadmin", "group", "bank", "leaderboard", "stats"} <= top
    assert all(isinstance(c, app_commands.Command | app_commands.Group) for c in loaded.tree.walk_commands())


async def test_every_component_is_registered_and_its_custom_ids_match_its_template(
    loaded: MockloopBot,
) -> None:
    registered = set(loaded._connection._view_store._dynamic_items.values())  # no public getter
    components = current(Component)
    assert len(components) >= 6, components
    for cls in components:
        assert cls in registered, f"{cls.__name__} is not registered by any extension"
        examples = cls.examples()
        assert examples, cls.__name__
        for item in examples:
            custom_id = item.custom_id
            assert cls.__discord_ui_compiled_template__.fullmatch(custom_id), (cls.__name__, custom_id)
            assert len(custom_id) <= CUSTOM_ID_MAX, (cls.__name__, len(custom_id))


async def test_no_two_component_templates_claim_the_same_custom_id() -> None:
    components = current(Component)
    for cls in components:
        for item in cls.examples():
            template = "__discord_ui_compiled_template__"
            claimed = [o.__name__ for o in components if getattr(o, template).fullmatch(item.custom_id)]
            assert claimed == [cls.__name__], (item.custom_id, claimed)


async def test_every_modal_has_a_route_and_fits(loaded: MockloopBot) -> None:
    modals = current(RoutedModal)
    assert len(modals) >= 2, modals
    for cls in modals:
        assert cls.prefix in loaded.modals.prefixes, f"{cls.__name__} has no route"
        for modal in cls.examples():
            assert modal.custom_id.startswith(cls.prefix)
            assert len(modal.custom_id) <= CUSTOM_ID_MAX, (cls.__name__, len(modal.custom_id))


async def test_unloading_an_extension_takes_its_components_and_routes_with_it(loaded: MockloopBot) -> None:
    await loaded.unload_extension("bot.discordbot.features.reviews")
    left = {c.__module__ for c in loaded._connection._view_store._dynamic_items.values()}
    assert not any(m.startswith("bot.discordbot.features.reviews") for m in left), left
    assert "mockloop:peermodal:" not in loaded.modals.prefixes
