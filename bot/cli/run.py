"""`mockloop run`: start the Discord bot. What stops it is one or two lines with the fix."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os

from bot import app
from bot.cli.common import command_name
from bot.log import setup_logging
from bot.settings import Settings

DISCORD_API = "https://discord.com/api/v10"


def no_token_message() -> str:
    return f"""No Discord bot token found.

Set DISCORD_TOKEN in the environment or in a .env file in this folder:
  1. Open https://discord.com/developers/applications and create an application.
  2. Bot -> Reset Token, copy it, and turn on the Message Content intent.
  3. echo 'DISCORD_TOKEN=your-token' > .env   (never commit this file)
  4. Invite the bot with the applications.commands and bot scopes.

No token yet? Practise in the terminal right away:  {command_name()} practice --round ml_theory"""


BAD_TOKEN = (
    "Discord rejected the bot token (401 Unauthorized).\n"
    "Fix: Developer Portal -> your application -> Bot -> Reset Token, and put the new one in DISCORD_TOKEN."
)
NO_INTENT = (
    "Discord refused the connection: the bot needs the Message Content intent, which is off for it.\n"
    "Fix: Developer Portal -> your application -> Bot -> Privileged Gateway Intents -> turn on "
    "Message Content Intent, then start again."
)


class RunFailure(Exception):
    """A start-up problem outside this program (Discord, the network): the message says the fix."""


def unreachable(base: str, why: str) -> str:
    return (
        f"Cannot reach Discord's API at {base}: {why}.\n"
        "Fix: check the network and any firewall or proxy (DISCORD_API_BASE sets another address)."
    )


def connect_error(error: OSError) -> str:
    """'connection refused (nothing listens there)', 'name or service not known', ..."""
    if isinstance(error, ConnectionRefusedError):
        return "connection refused (nothing listens at that address)"
    if error.errno:
        return os.strerror(error.errno).lower()
    return str(error) or type(error).__name__


def silent(base: str, seconds: float) -> str:
    return (
        f"Discord's API at {base} accepted the connection but sent no answer within {seconds:g} s.\n"
        "Fix: check the network or proxy in between; MOCKLOOP_CONNECT_TIMEOUT sets how long to wait."
    )


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="start the Discord bot (needs DISCORD_TOKEN)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        loaded = app.load()
    except app.StartupError as exc:
        return app.fail(str(exc))
    settings = loaded.settings
    if settings.discord_token is None:
        print(no_token_message())
        return 2
    setup_logging(settings.log_level, secrets=[settings.discord_token.get_secret_value()])
    log = logging.getLogger("mockloop")
    for warning in loaded.warnings:
        log.warning("question bank: skipped %s", warning)
    log.info("loaded %d questions from %s", len(loaded.bank), settings.questions_dir)
    try:
        return asyncio.run(_run(loaded))
    except KeyboardInterrupt:
        print("mockloop: stopped (Ctrl-C).", flush=True)
        return 130
    except RunFailure as exc:
        return app.fail(str(exc))


async def check_discord(settings: Settings) -> None:
    """One GET /users/@me before anything else: a wrong token, an address nobody listens on, or a
    server that never answers become RunFailure at once, not a traceback or minutes of silence."""
    import aiohttp

    assert settings.discord_token is not None
    base = settings.api_base or DISCORD_API
    timeout = aiohttp.ClientTimeout(total=settings.connect_timeout)
    headers = {"Authorization": f"Bot {settings.discord_token.get_secret_value()}"}
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(f"{base}/users/@me", headers=headers) as response:
                status = response.status
    except TimeoutError:
        raise RunFailure(silent(base, settings.connect_timeout)) from None
    except aiohttp.ClientConnectorError as exc:
        raise RunFailure(unreachable(base, connect_error(exc.os_error))) from None
    except aiohttp.ClientError as exc:
        raise RunFailure(unreachable(base, str(exc) or type(exc).__name__)) from None
    if status == 401:
        raise RunFailure(BAD_TOKEN)


async def _run(loaded: app.Loaded) -> int:
    import aiohttp
    import discord

    from bot.charts import close_renderer
    from bot.discordbot.client import run_bot

    settings = loaded.settings
    await check_discord(settings)
    if not await asyncio.to_thread(settings.db_path.exists):
        logging.getLogger("mockloop").info(
            "new database at %s (MOCKLOOP_DB chooses another file)", settings.db_path
        )
    runner = await app.prepare_judge(settings)
    try:
        services = await app.bootstrap(settings, "discord", bank=loaded.bank, runner=runner)
    except app.StartupError as exc:
        return app.fail(str(exc))
    app.freeze_startup_heap()
    base = settings.api_base or DISCORD_API
    try:
        await run_bot(settings, services)
    except discord.LoginFailure:
        raise RunFailure(BAD_TOKEN) from None
    except discord.PrivilegedIntentsRequired:
        raise RunFailure(NO_INTENT) from None
    except aiohttp.ClientConnectorError as exc:
        raise RunFailure(unreachable(base, connect_error(exc.os_error))) from None
    except (TimeoutError, discord.GatewayNotFound) as exc:
        raise RunFailure(
            f"Discord stopped answering while the bot connected ({type(exc).__name__}).\n"
            "Fix: check the network; the bot can simply be started again."
        ) from None
    finally:
        await services.close()
        close_renderer()
    return 0
