"""Benchmark: do model gradings in flight slow the bot's other interactions?

    .venv/bin/python bench/bench_model_grader.py [--gradings 20] [--samples 300] [--delay 2.0]

The real bot (MockloopBot on discord.py) runs in this process against the loopback FakeDiscord,
with the model grader pointed at the stand-in OpenAI-compatible server of tests/openai_stub,
which answers every grading after `--delay` seconds. `--gradings` members each finish a round
(their Done presses, deferred first, start a model call each); while those calls are in flight,
`/mock status` by another member is timed from dispatch to the bot's callback. The baseline is
the same `/mock status` in the same run with nothing in flight. Target (issue 18): the p99 with
gradings in flight within 10% of the baseline's.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

import discord
import yarl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine_line, print_table, summary
from bot.app import bootstrap
from bot.discordbot.client import MockloopBot
from bot.settings import Settings
from tests.conftest import make_question
from tests.fakediscord import FakeDiscord
from tests.openai_stub.server import StubModel, slow

MANAGE_GUILD = 1 << 5
ANSWER = "Bias is the error from wrong assumptions in the model. Variance is sensitivity to the training set."
VERDICTS = {
    "key_points": [{"id": "bias", "verdict": "made", "quote": "Bias is the error from wrong assumptions"}],
    "misconceptions": [],
    "follow_up": "",
}


def _button(message: dict, label: str) -> str:
    return next(
        c["custom_id"] for row in message["components"] for c in row["components"] if c.get("label") == label
    )


async def _time_status(fake: FakeDiscord, user: dict, samples: int) -> list[float]:
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        it = await fake.slash(user, "mock status")
        await it.response(timeout=10)
        times.append((time.perf_counter() - started) * 1000)
    return times


async def _ready_round(fake: FakeDiscord, user: dict) -> dict:
    """Start a round and answer it through the form; the question message with its buttons."""
    it = await fake.slash(user, "mock start", {"round": "ml_theory"})
    (reply,) = await it.followups(timeout=10)
    thread_id = reply["content"].split("<#", 1)[1].split(">", 1)[0]
    question = await fake.wait_for_message(thread_id, lambda m: bool(m.get("components")), timeout=10)
    opened = await fake.click(user, question, _button(question, "Answer"))
    form = (await opened.response())["data"]["custom_id"]
    await (await fake.submit_modal(user, form, {"answer": ANSWER}, message=question)).followups(timeout=10)
    return question


async def _finish(fake: FakeDiscord, user: dict, question: dict, done_id: str) -> None:
    for _ in range(3):  # two follow-ups skipped, then the score (and its model call)
        it = await fake.click(user, question, done_id)
        await it.followups(timeout=60)


async def main(gradings: int, samples: int, delay: float) -> None:
    print(machine_line())
    bank_questions = [make_question(f"ml-bench-{i}") for i in range(3)]
    from bot.core.bank import QuestionBank

    bank = QuestionBank(bank_questions)
    async with FakeDiscord(validate_spec=False) as fake, StubModel([slow(delay, VERDICTS)]) as stub:
        guild = fake.add_guild("Bench")
        fake.add_channel(guild, "practice")
        users = [fake.add_user(f"member{i}") for i in range(gradings + 1)]
        for user in users:
            fake.add_member(guild, user)
        discord.http.Route.BASE = fake.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings.model_construct(
                db_path=Path(tmp) / "bench.db",
                llm_base_url=stub.base_url,
                llm_model="stub-model",
                llm_api_key=None,
                llm_timeout=delay * gradings,  # nobody falls back: every grading waits its turn
                llm_max_concurrency=4,
            )
            services = await bootstrap(settings, "discord", bank=bank, rng=random.Random(3))
            bot = MockloopBot(services, guild_ready_timeout=0.05)
            task = asyncio.create_task(bot.start("bench-token"))
            await asyncio.wait_for(bot.wait_until_ready(), 20)
            try:
                on = await fake.slash(users[0], "mockadmin llm", {"enabled": True}, permissions=MANAGE_GUILD)
                await on.response()
                probe, graders = users[0], users[1:]
                questions = [await _ready_round(fake, u) for u in graders]
                done_ids = [_button(q, "Done") for q in questions]
                await _time_status(fake, probe, 20)  # warm-up
                baseline = await _time_status(fake, probe, samples)
                finishing = [
                    asyncio.create_task(_finish(fake, u, q, d))
                    for u, q, d in zip(graders, questions, done_ids, strict=True)
                ]
                for _ in range(200):  # until the concurrency limit's worth of model calls is in flight
                    if stub.in_flight >= min(4, gradings):
                        break
                    await asyncio.sleep(0.05)
                in_flight_at_start = stub.in_flight
                loaded = await _time_status(fake, probe, samples)
                still_in_flight = stub.in_flight
                await asyncio.gather(*finishing)
                await asyncio.sleep(0.5)  # the last results' post edits
            finally:
                await bot.close()
                await services.close()
                await asyncio.wait_for(task, 10)
    print(
        f"model calls: {len(stub.requests)} (in flight when timing began: {in_flight_at_start}, "
        f"when it ended: {still_in_flight}); stand-in answers after {delay:.1f} s, concurrency limit 4"
    )
    print_table(
        [("/mock status, nothing in flight", baseline), (f"/mock status, {gradings} gradings pending", loaded)],
        baseline="/mock status, nothing in flight",
    )
    p99_base, p99_loaded = summary(baseline)[2], summary(loaded)[2]
    print(f"p99 with gradings pending / baseline p99: {p99_loaded / p99_base:.2f} (target ≤ 1.10)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gradings", type=int, default=20)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--delay", type=float, default=2.0)
    args = parser.parse_args()
    asyncio.run(main(args.gradings, args.samples, args.delay))
