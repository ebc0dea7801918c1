"""Small helpers the fault tests share."""

from __future__ import annotations

import sqlite3
from typing import Any

from tests.fakediscord import FakeDiscord

TABLES = ("rounds", "answer_parts", "timers", "scores", "members", "sessions")


def row_counts(db_path: str) -> dict[str, int]:
    """How many rows each table the round flow writes holds (read from a separate connection)."""
    conn = sqlite3.connect(db_path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def button(message: dict[str, Any], label: str) -> str:
    for row in message["components"]:
        for component in row["components"]:
            if component.get("label") == label:
                return component["custom_id"]
    raise AssertionError(f"no {label!r} button in {message['components']}")


async def start_round(fake: FakeDiscord, user: dict, **options: Any) -> tuple[dict, dict]:
    """/mock start; returns (thread, question message)."""
    it = await fake.slash(user, "mock start", {"round": "ml_theory", **options})
    (reply,) = await it.followups()
    thread_id = reply["content"].split("<#", 1)[1].split(">", 1)[0]
    question = await fake.wait_for_message(thread_id, lambda m: bool(m.get("components")))
    return fake.world.channels[thread_id], question


async def open_form(fake: FakeDiscord, user: dict, question: dict) -> str:
    opened = await fake.click(user, question, button(question, "Answer"))
    return (await opened.response())["data"]["custom_id"]


def reply_text(message: dict[str, Any]) -> str:
    return message.get("content") or " ".join(e.get("description", "") for e in message.get("embeds", []))
