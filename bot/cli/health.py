"""`mockloop health`: exit 0 while the running bot's heartbeat is fresh (the Docker health check)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bot.settings import SettingsError, load_settings

MAX_AGE_S = 120


def heartbeat_path(db_path: Path) -> Path:
    return db_path.parent / "heartbeat"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("health", help="exit 0 if the running bot is connected and writing its heartbeat")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc)
        return 1
    path = heartbeat_path(settings.db_path)
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        print(f"unhealthy: no heartbeat at {path} (is the bot running and connected?)")
        return 1
    if age > MAX_AGE_S:
        print(f"unhealthy: last heartbeat {age:.0f}s ago")
        return 1
    print(f"healthy: heartbeat {age:.0f}s ago")
    return 0
