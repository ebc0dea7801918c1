"""`mockloop run`: start the Discord bot."""

from __future__ import annotations

import argparse
import asyncio
import logging

from bot import app
from bot.log import setup_logging

NO_TOKEN = """No Discord bot token found.

Set DISCORD_TOKEN in the environment or in a .env file in this folder:
  1. Open https://discord.com/developers/applications and create an application.
  2. Bot -> Reset Token, copy it, and turn on the Message Content intent.
  3. echo 'DISCORD_TOKEN=your-token' > .env   (never commit this file)
  4. Invite the bot with the applications.commands and bot scopes.

No token yet? Practise in the terminal right away:  mockloop practice --round ml_theory"""


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
        print(NO_TOKEN)
        return 2
    setup_logging(settings.log_level, secrets=[settings.discord_token.get_secret_value()])
    log = logging.getLogger("mockloop")
    for warning in loaded.warnings:
        log.warning("question bank: %s", warning)
    log.info("loaded %d questions from %s", len(loaded.bank), settings.questions_dir)
    try:
        return asyncio.run(_run(loaded))
    except KeyboardInterrupt:
        return 0


async def _run(loaded: app.Loaded) -> int:
    from bot.charts import close_renderer
    from bot.discordbot.client import run_bot

    runner = await app.prepare_judge(loaded.settings)
    try:
        services = await app.bootstrap(loaded.settings, "discord", bank=loaded.bank, runner=runner)
    except app.StartupError as exc:
        return app.fail(str(exc))
    app.freeze_startup_heap()
    try:
        await run_bot(loaded.settings, services)
    finally:
        await services.close()
        close_renderer()
    return 0
