"""The shared adapter helpers: who an interaction's member is, and the one error path."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bot.core.errors import NotInServer
from bot.discordbot.features.rounds.components import RoundButton
from bot.discordbot.messaging import member_from


class Response:
    def __init__(self) -> None:
        self.sent: list[tuple[str, bool]] = []

    def is_done(self) -> bool:
        return bool(self.sent)

    async def send_message(self, content: str, *, ephemeral: bool = False, **_: Any) -> None:
        self.sent.append((content, ephemeral))


def interaction(guild_id: int | None) -> Any:
    user = SimpleNamespace(id=5, name="ann", display_name="Ann")
    return SimpleNamespace(guild_id=guild_id, user=user, response=Response(), command=None, data={})


def test_a_member_is_the_user_in_the_server_they_acted_in() -> None:
    member = member_from(interaction(42))
    assert (member.guild_id, member.user_id, member.name) == (42, 5, "Ann")


def test_a_dm_is_refused_rather_than_taken_for_the_terminals_guild() -> None:
    with pytest.raises(NotInServer, match="in a server, not in DMs"):
        member_from(interaction(None))


async def test_a_component_used_in_a_dm_answers_privately_and_runs_nothing() -> None:
    dm = interaction(None)
    allowed = await RoundButton("hint", 7).interaction_check(dm)
    assert allowed is False
    assert dm.response.sent == [("This works in a server, not in DMs.", True)]


def test_a_shortened_quote_ends_at_a_whole_word() -> None:
    from bot.discordbot.limits import shorten

    quote = "down-sample the negatives and reweight them, then calibrate the scores on held-out data"
    cut = shorten(quote, 40)
    assert len(cut) <= 40 and cut.endswith("…")
    assert quote.startswith(cut[:-1]) and quote[len(cut) - 1] == " "  # the next character starts a new word
