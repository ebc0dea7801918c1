"""Whose process fires a round's timers is the front end stored with its session, not a guild id."""

from __future__ import annotations

from bot.service import InterviewService, Member, RoundEvent


async def test_timers_follow_the_stored_front_end_whatever_the_guild_id(db_path, bank, clock) -> None:
    bot_side = await InterviewService.open(db_path, bank, clock, timer_scope="discord")
    terminal = await InterviewService.open(db_path, bank, clock, timer_scope="terminal")
    fired: dict[str, list[int]] = {"bot": [], "terminal": []}

    def listener(name: str):
        async def on(event: RoundEvent) -> None:
            fired[name].append(event.round.user_id)

        return on

    bot_side.listeners.append(listener("bot"))
    terminal.listeners.append(listener("terminal"))
    try:
        # A terminal round in a non-zero guild and a Discord round in guild 0: only the stored
        # front end (the default of each service) says whose they are.
        await terminal.start_round(Member(77, 1, "t"), "coding", minutes=30)
        await bot_side.start_round(Member(0, 2, "d"), "coding", minutes=30)
        clock.advance(31 * 60)
        await terminal.timers.run_due()
        assert fired["terminal"] and set(fired["terminal"]) == {1}
        await bot_side.timers.run_due()
        assert fired["bot"] and set(fired["bot"]) == {2}
        assert await bot_side.pending_timers() == []
    finally:
        await terminal.close()
        await bot_side.close()
