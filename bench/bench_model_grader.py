"""Benchmark: do model gradings in flight slow the bot's other interactions?

    .venv/bin/python bench/bench_model_grader.py [--gradings 20] [--rounds 6] [--delay 2.0] [--trace]
    .venv/bin/python bench/bench_model_grader.py --cpu [--rounds 6] [--profile FILE]

Three processes, as in a deployment: the bot is `python -m bot run` (the real entry point, the
bundled bank) against the loopback FakeDiscord in this process, and the stand-in
OpenAI-compatible server of tests/openai_stub runs in a process of its own, answering every
grading after `--delay` seconds (a model server is never inside the bot's process, and Discord
is never inside it either).

Each round, `--gradings` members answer the same realistic question (a 1,550-character answer,
5 key points, 2 misconceptions); then three windows are timed, in alternating order from round
to round (baseline, A/A, loaded; then loaded, A/A, baseline):

- baseline: nothing pending; `/mock status` by another member, one every 10 ms, timed from
  dispatch to the bot's callback, for as long as a loaded window lasts;
- A/A: the same as the baseline, once more: its p99 against the baseline's is what the host's
  noise alone does to the ratio (the noise floor the real ratio is read against);
- loaded: the members press Done on their main answers together (the model grades each main
  answer then, and its verdicts pick the probing follow-up); once every press is deferred,
  their gradings are in flight (4 at a time at the model, the rest queued) and the same
  `/mock status` is timed until the last follow-up question is posted: it covers the waits and
  the moments replies arrive (the checking, scoring and posting). Afterwards, untimed, each
  member skips the follow-ups and the result is posted from the cached verdicts.

Target (issue 18): the p99 with gradings pending within 10% of the same run's baseline p99.
The figure is the median over rounds of the per-round ratio, with the spread, beside the A/A
ratio's median and spread and the spread of the baselines themselves (the host's noise), and
the ratio of the p99s of all rounds' samples pooled (more samples, a tighter p99). More rounds
tighten both (`--rounds`; each takes about 40 s; the guild's daily model cap is raised to fit).
Every Done press must be answered with a defer before its model call reaches the stand-in
(checked, not assumed).

`--cpu` times no probes: it prints the bot process's CPU seconds per grading (from the Done
press until the follow-up is posted, then the skips until the result), split into the bot's own
process (its event loop and threads: what other interactions wait behind) and its scoring
worker (bot/scoring_process.py), and the Discord requests each grading costs: the working
figure on a shared host, where wall-clock p99s are noise.
`--profile FILE` (with `--cpu`) runs cProfile on the bot's event-loop thread, counting thread
CPU time, during those windows only, and writes the stats to FILE (read with `pstats`).

`--trace` makes the bot process log every event-loop callback that ran longer than 5 ms (an
import hook in the bot's interpreter, like asyncio's slow-callback log without debug mode's
overhead), and prints them per window.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import pstats
import re
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine_line, measuring_process_gc_off, percentile, print_table
from bot.bank.loader import load_default_bank
from bot.core.questions import Question
from tests.fakediscord import FakeDiscord
from tests.faults.botprocess import REPO, BotProcess
from tests.openai_stub.server import StubModel, slow

MANAGE_GUILD = 1 << 5
QUESTION_ID = "ml-rrf-hnsw-vs-ivfpq"
PROBE_GAP = 0.010  # seconds between /mock status probes
MARKER = re.compile(r"\(practice run (\d+)\.(\d+)\)")
SLOW_CALLBACK_MS = 5.0
# The windows of a round, alternating: the second baseline ("aa", the A/A check) always sits
# between the other two, so it is after the baseline when the loaded window is, and before it
# when the loaded window is: the A/A ratio sees the same position effects as the real one.
ORDERS = (("baseline", "aa", "loaded"), ("loaded", "aa", "baseline"))

# Loaded into the bot's interpreter by --trace (as sitecustomize): every asyncio callback that
# takes longer than the threshold is appended to a file with its monotonic start, its duration and
# the loop thread's CPU time in it (less than the duration: the thread waited for the GIL or a core).
TRACE_HOOK = """
import os, time
path = os.environ.get("MOCKLOOP_BENCH_TRACE")
if path:
    import asyncio.events as _events
    _run = _events.Handle._run
    _out = open(path, "a", buffering=1)
    def _timed(self, _run=_run, _out=_out):
        t0, c0 = time.monotonic(), time.thread_time()
        _run(self)
        took = time.monotonic() - t0
        if took * 1000 > THRESHOLD_MS:
            cpu = time.thread_time() - c0
            owner = getattr(self._callback, "__self__", None)
            name = owner.get_coro().__qualname__ if hasattr(owner, "get_coro") else repr(self._callback)
            _out.write("%.6f %.2f %.2f %s\\n" % (t0, took * 1000, cpu * 1000, name[:120].replace("\\n", " ")))
    _events.Handle._run = _timed
""".replace("THRESHOLD_MS", repr(SLOW_CALLBACK_MS))

# Loaded by --profile: SIGUSR1 turns cProfile on in the bot's main thread (its event loop),
# SIGUSR2 turns it off, writes what it gathered since SIGUSR1 and starts afresh (one window each).
PROFILE_HOOK = """
import os, signal
path = os.environ.get("MOCKLOOP_BENCH_PROFILE")
if path:
    import cProfile
    import time
    _prof = [cProfile.Profile(time.thread_time)]  # CPU of the loop thread, not wall time
    def _on(*_): _prof[0].enable()
    def _off(*_):
        _prof[0].disable()
        _prof[0].dump_stats(path + ".tmp")
        os.replace(path + ".tmp", path)  # the bench reads it when it appears, never half written
        _prof[0] = cProfile.Profile(time.thread_time)
    signal.signal(signal.SIGUSR1, _on)
    signal.signal(signal.SIGUSR2, _off)
"""


def answer_text(question: Question, round_no: int, member: int) -> str:
    """The question's reference answer, made unique per grading so no cached verdict is reused."""
    return f"{question.reference_answer.strip()}\n\n(practice run {round_no}.{member})"


def scripted_verdicts(question: Question) -> dict[str, Any]:
    """A reply a good model would give: each key point made, quoting the sentence of the answer
    that shares the most words with it (so mockloop's checks do their full work)."""
    sentences = [s.strip() for s in re.split(r"(?<=[.;])\s+", question.reference_answer) if s.strip()]

    def words(text: str) -> set[str]:
        return set(re.findall(r"[a-z0-9]+", text.lower()))

    points = []
    for point in question.rubric:
        wanted = words(" ".join([point.point, *point.phrases]))
        best = max(sentences, key=lambda s: len(words(s) & wanted))
        points.append({"id": point.id, "verdict": "made", "quote": best})
    return {"key_points": points, "misconceptions": [], "follow_up": "How would you test that in production?"}


def _stub_process(conn: Connection, delay: float, verdicts: dict[str, Any]) -> None:
    asyncio.run(_serve_stub(conn, delay, verdicts))


async def _serve_stub(conn: Connection, delay: float, verdicts: dict[str, Any]) -> None:
    async with StubModel([slow(delay, verdicts)]) as stub:
        conn.send(stub.base_url)
        while (message := await asyncio.to_thread(conn.recv)) != "stop":
            assert message == "stats"
            arrivals = []
            for at, body in zip(stub.arrived, stub.requests, strict=True):
                answer = json.loads(body["messages"][-1]["content"]).get("answer", "")
                found = MARKER.search(answer)
                arrivals.append((at, found.group(0) if found else ""))
            conn.send(
                {"max_in_flight": stub.max_in_flight, "rejected": stub.rejected[:3], "arrivals": arrivals}
            )


class StubServer:
    """The stand-in model server in a process of its own; `stats()` asks it what it saw."""

    def __init__(self, delay: float, verdicts: dict[str, Any]) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_stub_process, args=(child, delay, verdicts), daemon=True)

    def __enter__(self) -> StubServer:
        self._proc.start()
        if not self._conn.poll(60):
            raise RuntimeError("the stand-in model server did not start")
        self.base_url: str = self._conn.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.send("stop")
        self._proc.join(10)
        if self._proc.is_alive():
            self._proc.kill()

    async def stats(self) -> dict[str, Any]:
        def ask() -> dict[str, Any]:
            self._conn.send("stats")
            return self._conn.recv()

        return await asyncio.to_thread(ask)


def _button(message: dict, label: str) -> str:
    return next(
        c["custom_id"] for row in message["components"] for c in row["components"] if c.get("label") == label
    )


async def first_answer(fake: FakeDiscord, user: dict) -> None:
    """Wait until the bot answers an interaction (commands synced, handlers ready)."""
    while True:
        try:
            await (await fake.slash(user, "mock status")).response(timeout=1)
            return
        except (LookupError, AssertionError):
            await asyncio.sleep(0.05)


async def ready_round(fake: FakeDiscord, user: dict, answer: str) -> tuple[dict, str]:
    """Start the bench question and answer it through the form: the next Done press asks the
    model for the main answer's verdicts. The question message and its Done id."""
    it = await fake.slash(user, "mock start", {"round": "ml_theory", "question": QUESTION_ID})
    (reply,) = await it.followups(timeout=20)
    thread_id = reply["content"].split("<#", 1)[1].split(">", 1)[0]
    question = await fake.wait_for_message(thread_id, lambda m: bool(m.get("components")), timeout=20)
    opened = await fake.click(user, question, _button(question, "Answer"))
    form = (await opened.response(timeout=20))["data"]["custom_id"]
    await (await fake.submit_modal(user, form, {"answer": answer}, message=question)).followups(timeout=20)
    return question, _button(question, "Done")


async def skip_follow_ups(fake: FakeDiscord, user: dict, question: dict, done: str, follow_ups: int) -> dict:
    """Done for each follow-up (untimed): the last press posts the result, which is returned."""
    last: dict[str, Any] = {}
    for _ in range(follow_ups):
        last = (await (await fake.click(user, question, done)).followups(timeout=20))[-1]
    return last


async def probe_until(fake: FakeDiscord, user: dict, stop: Callable[[], bool]) -> list[tuple[float, float]]:
    """`/mock status` every PROBE_GAP s until `stop()`: (monotonic dispatch time, ms to callback)."""
    samples = []
    while not stop():
        t0 = time.monotonic()
        it = await fake.slash(user, "mock status")
        await it.response(timeout=10)
        samples.append((t0, (time.monotonic() - t0) * 1000))
        await asyncio.sleep(PROBE_GAP)
    return samples


class Press:
    """One member's Done press on the main answer: when its defer arrived and when the follow-up
    question the verdicts picked did (`result` is replaced by the round's result afterwards)."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.callback_at: float | None = None
        self.callback_type: int | None = None
        self.result_at: float | None = None
        self.result: dict[str, Any] | None = None

    async def run(self, fake: FakeDiscord, user: dict, question: dict, done: str, wait_s: float) -> None:
        it = await fake.click(user, question, done)
        notify = it.notify

        def stamped() -> None:  # the instant the fake Discord stores the callback, not when we wake up
            if it.callback is not None and self.callback_at is None:
                self.callback_at = time.monotonic()
            notify()

        it.notify = stamped  # type: ignore[method-assign]
        if it.callback is not None and self.callback_at is None:
            self.callback_at = time.monotonic()
        self.callback_type = (await it.response(timeout=wait_s))["type"]
        (self.result,) = await it.followups(timeout=wait_s)
        self.result_at = time.monotonic()


async def baseline_window(fake: FakeDiscord, probe: dict, seconds: float) -> list[tuple[float, float]]:
    end = time.monotonic() + seconds
    with measuring_process_gc_off():
        return await probe_until(fake, probe, lambda: time.monotonic() >= end)


async def loaded_window(
    fake: FakeDiscord,
    probe: dict,
    members: list[dict],
    ready: list[tuple[dict, str]],
    markers: list[str],
    wait_s: float,
) -> tuple[list[tuple[float, float]], list[Press], float, float]:
    """Presses Done for every member at once and probes until every result is posted. Returns the
    samples, the presses, when the presses were sent and when the last one was deferred."""
    presses = [Press(m) for m in markers]
    with measuring_process_gc_off():
        sent = time.monotonic()
        tasks = [
            asyncio.create_task(p.run(fake, u, q, d, wait_s))
            for p, u, (q, d) in zip(presses, members, ready, strict=True)
        ]
        samples = await probe_until(fake, probe, lambda: all(t.done() for t in tasks))
        await asyncio.gather(*tasks)
    deferred = max(p.callback_at or math.inf for p in presses)
    return samples, presses, sent, deferred


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU time (user + system, s) used so far by `pid` and by its child processes (the scoring
    worker): how much work a window cost the bot, whatever the rest of the host was doing."""
    tick = os.sysconf("SC_CLK_TCK")

    def stat(path: Path) -> tuple[int, float]:
        fields = path.read_text().rsplit(")", 1)[1].split()
        return int(fields[1]), (int(fields[11]) + int(fields[12])) / tick

    own = stat(Path(f"/proc/{pid}/stat"))[1]
    children = 0.0
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent, used = stat(path)
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            children += used
    return own, children


def cpu_split(pid: int) -> tuple[float, float, float]:
    """`cpu_seconds` and the CPU time of the bot's main thread alone (its event loop: what other
    interactions wait behind; the process figure adds discord.py's and aiosqlite's threads)."""
    tick = os.sysconf("SC_CLK_TCK")
    fields = Path(f"/proc/{pid}/task/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (*cpu_seconds(pid), (int(fields[11]) + int(fields[12])) / tick)


def rest_calls(requests: list[Any]) -> Counter[str]:
    """The bot's REST calls by route (ids folded): which requests a grading costs."""
    return Counter(f"{r.method} {re.sub(r'/(tok)?[0-9]+', '/#', r.path.split('?')[0])}" for r in requests)


def p99(samples: list[float]) -> float:
    return percentile(sorted(samples), 0.99)


def read_trace(path: Path) -> list[tuple[float, float, float, str]]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        at, ms, cpu, name = line.split(" ", 3)
        out.append((float(at), float(ms), float(cpu), name))
    return out


def trace_summary(trace: list[tuple[float, float, float, str]], windows: list[tuple[float, float]]) -> str:
    inside = [(ms, cpu, name) for at, ms, cpu, name in trace if any(a <= at < b for a, b in windows)]
    if not inside:
        return f"no callback over {SLOW_CALLBACK_MS:.0f} ms"
    by_name = Counter(name for _, _, name in inside)
    worst = [(ms, name) for ms, _, name in sorted(inside, reverse=True)[:3]]
    return (
        f"{len(inside)} callbacks over {SLOW_CALLBACK_MS:.0f} ms, {sum(ms for ms, _, _ in inside):.0f} ms in all, "
        f"{sum(cpu for _, cpu, _ in inside):.0f} ms of it on the loop thread's CPU; "
        f"most often {', '.join(f'{n} ×{c}' for n, c in by_name.most_common(3))}; "
        f"longest {', '.join(f'{ms:.0f} ms {n}' for ms, n in worst)}"
    )


async def run(args: argparse.Namespace, work: Path) -> None:
    question = load_default_bank().bank.get(QUESTION_ID)
    follow_ups = len(question.follow_ups)
    timeout = args.delay * math.ceil(args.gradings / args.concurrency) + 10  # nobody falls back
    window = args.delay * math.ceil(args.gradings / args.concurrency) + 0.5
    trace_path = work / "trace.txt"
    load_before = os.getloadavg()
    with StubServer(args.delay, scripted_verdicts(question)) as stub:
        async with FakeDiscord(validate_spec=False) as fake:
            guild = fake.add_guild("Bench")
            fake.add_channel(guild, "practice")
            probe = fake.add_user("probe")
            admin = fake.add_user("admin")
            members = [[fake.add_user(f"r{r}m{i}") for i in range(args.gradings)] for r in range(args.rounds)]
            for user in [probe, admin, *(u for batch in members for u in batch)]:
                fake.add_member(guild, user)
            env = {
                "MOCKLOOP_LLM_BASE_URL": stub.base_url,
                "MOCKLOOP_LLM_MODEL": "stub-model",
                "MOCKLOOP_LLM_TIMEOUT": str(min(300.0, timeout)),
                "MOCKLOOP_LLM_MAX_CONCURRENCY": str(args.concurrency),
                "LOG_LEVEL": "WARNING",
            }
            if args.trace or args.profile:
                hook = work / "bench-hooks"
                hook.mkdir()
                (hook / "sitecustomize.py").write_text(TRACE_HOOK + PROFILE_HOOK)
                env["PYTHONPATH"] = f"{hook}{os.pathsep}{REPO}"
                if args.trace:
                    env["MOCKLOOP_BENCH_TRACE"] = str(trace_path)
                if args.profile:
                    env["MOCKLOOP_BENCH_PROFILE"] = args.profile  # made absolute in __main__
            bot = BotProcess(fake, work / "bench.db", work, dev_guild=guild.id, extra_env=env)
            bot.start()
            try:
                await bot.wait_identified(0, timeout=120)
                await first_answer(fake, probe)
                cap = args.gradings * args.rounds * 2 + 10  # the default daily cap would end the bench
                on = await fake.slash(
                    admin, "mockadmin llm", {"enabled": True, "daily_cap": cap}, permissions=MANAGE_GUILD
                )
                await on.response(timeout=10)
                if args.cpu:
                    await cpu_rounds(args, fake, bot, question, members, follow_ups, timeout, window)
                    return
                rounds = []
                for r in range(args.rounds):
                    markers = [f"(practice run {r}.{i})" for i in range(args.gradings)]
                    ready = [
                        await ready_round(fake, u, answer_text(question, r, i))
                        for i, u in enumerate(members[r])
                    ]
                    await asyncio.sleep(1.0)  # the set-up's last posts settle
                    record: dict[str, Any] = {}
                    for kind in ORDERS[r % 2]:
                        assert bot.proc is not None
                        cpu_before = cpu_seconds(bot.proc.pid)
                        if kind in ("baseline", "aa"):
                            t0 = time.monotonic()
                            record[kind] = await baseline_window(fake, probe, window)
                            record[f"{kind}_span"] = (t0, time.monotonic())
                        else:
                            samples, presses, sent, deferred = await loaded_window(
                                fake, probe, members[r], ready, markers, timeout
                            )
                            record.update(loaded=samples, presses=presses, sent=sent, deferred=deferred)
                            record["loaded_span"] = (deferred, max(p.result_at or 0 for p in presses))
                        cpu_after = cpu_seconds(bot.proc.pid)
                        record[f"{kind}_cpu"] = tuple(
                            b - a for a, b in zip(cpu_before, cpu_after, strict=True)
                        )
                        await asyncio.sleep(0.5)
                    for press, user, (q, d) in zip(record["presses"], members[r], ready, strict=True):
                        press.result = await skip_follow_ups(fake, user, q, d, follow_ups)
                    rounds.append(record)
                stats = await stub.stats()
            finally:
                bot.kill()
    load_after = os.getloadavg()
    report(args, rounds, stats, load_before, load_after, read_trace(trace_path) if args.trace else None)


async def cpu_rounds(
    args: argparse.Namespace,
    fake: FakeDiscord,
    bot: BotProcess,
    question: Question,
    members: list[list[dict]],
    follow_ups: int,
    wait_s: float,
    window: float,
) -> None:
    """--cpu: no probes; the bot's CPU seconds per grading, the working figure on a busy host.

    Per round: the Done presses until every follow-up is posted (the model's grading, the
    checking, the plan, the posts), then each member's skips until the result is posted (the
    scoring from the cached verdicts, the result, the closed posts). An idle window of the
    same length as a pending one is measured first, so the bot's idle cost (heartbeats) shows.
    """
    assert bot.proc is not None
    pid = bot.proc.pid
    await asyncio.sleep(1.0)
    t0, idle0 = time.monotonic(), cpu_split(pid)
    await asyncio.sleep(window)
    idle1, span = cpu_split(pid), time.monotonic() - t0
    idle_rate = [(b - a) / span for a, b in zip(idle0, idle1, strict=True)]  # bot, worker, loop thread
    print(machine_line())
    print(f"host load average before: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"bot idle: {idle_rate[0] * 1000:.1f} ms of CPU per second (its worker {idle_rate[1] * 1000:.1f})")
    print(
        f"{'round':>5} {'pending s':>10} {'cpu/grading':>12} {'(bot':>6} {'loop':>6} {'worker)':>8}"
        f" {'finish s':>9} {'cpu/grading':>12} {'(bot':>6} {'loop':>6} {'worker)':>8}   (ms, idle cost removed)"
    )
    pending_ms, finish_ms = [], []
    pending_split: list[list[float]] = []  # per round: bot process, worker, bot's loop thread
    finish_split: list[list[float]] = []

    def per_grading(before: tuple[float, ...], after: tuple[float, ...], seconds: float) -> list[float]:
        """CPU ms per grading of the bot's process, of its children and of its loop thread, each
        less its idle cost."""
        return [
            (b - a - rate * seconds) / args.gradings * 1000
            for a, b, rate in zip(before, after, idle_rate, strict=True)
        ]

    def split(row: list[float]) -> str:
        return f"{row[0] + row[1]:12.1f} {row[0]:6.1f} {row[2]:6.1f} {row[1]:8.1f}"

    calls: dict[str, Counter[str]] = {}
    phases: dict[str, pstats.Stats] = {}  # each phase's profiles, all rounds together
    pending_calls: list[float] = []
    finish_calls: list[float] = []
    for r in range(args.rounds):
        ready = [await ready_round(fake, u, answer_text(question, r, i)) for i, u in enumerate(members[r])]
        await asyncio.sleep(1.0)
        if args.profile:
            os.kill(pid, signal.SIGUSR1)
        t0, c0, n0 = time.monotonic(), cpu_split(pid), len(fake.requests)
        presses = [Press(f"(practice run {r}.{i})") for i in range(args.gradings)]
        await asyncio.gather(
            *(p.run(fake, u, q, d, wait_s) for p, u, (q, d) in zip(presses, members[r], ready, strict=True))
        )
        t1, c1, n1 = time.monotonic(), cpu_split(pid), len(fake.requests)
        if args.profile:
            pending_calls.append(await profile_dump(pid, args.profile, phases, "pending") / args.gradings)
            os.kill(pid, signal.SIGUSR1)
        results = await asyncio.gather(
            *(skip_follow_ups(fake, u, q, d, follow_ups) for u, (q, d) in zip(members[r], ready, strict=True))
        )
        await asyncio.sleep(0.5)  # the closing edits after each result
        t2, c2, n2 = time.monotonic(), cpu_split(pid), len(fake.requests)
        if r == 0:
            calls.update(pending=rest_calls(fake.requests[n0:n1]), finish=rest_calls(fake.requests[n1:n2]))
        if args.profile:
            finish_calls.append(await profile_dump(pid, args.profile, phases, "finish") / args.gradings)
        assert all("Result" in json.dumps(res) for res in results), "a round did not post its result"
        assert not any("graded by the rubric" in json.dumps(p.result) for p in presses), "a fallback"
        pending_split.append(per_grading(c0, c1, t1 - t0))
        finish_split.append(per_grading(c1, c2, t2 - t1))
        pending_ms.append(pending_split[-1][0] + pending_split[-1][1])
        finish_ms.append(finish_split[-1][0] + finish_split[-1][1])
        print(f"{r:>5} {t1 - t0:10.2f} {split(pending_split[-1])} {t2 - t1:9.2f} {split(finish_split[-1])}")
        await asyncio.sleep(0.5)
    print(
        f"bot CPU per grading, median over {args.rounds} rounds: {statistics.median(pending_ms):.1f} ms "
        f"until the follow-up is posted, {statistics.median(finish_ms):.1f} ms more until the result; "
        f"load average after: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(
        f"of which in the bot's process: {statistics.median(r[0] for r in pending_split):.1f} ms until the "
        f"follow-up, {statistics.median(r[0] for r in finish_split):.1f} ms until the result (its event-loop "
        f"thread {statistics.median(r[2] for r in pending_split):.1f} and "
        f"{statistics.median(r[2] for r in finish_split):.1f}); in its scoring worker "
        f"{statistics.median(r[1] for r in pending_split):.1f} and {statistics.median(r[1] for r in finish_split):.1f} ms"
    )
    for phase, counted in calls.items():
        print(
            f"bot's Discord requests per grading, {phase}: "
            + ", ".join(f"{route} {n / args.gradings:g}" for route, n in counted.most_common())
        )
    if args.profile:
        print(
            f"Python function calls per grading in the bot's loop thread (profiled; a load-independent "
            f"figure), median: {statistics.median(pending_calls):,.0f} until the follow-up is posted, "
            f"{statistics.median(finish_calls):,.0f} more until the result "
            f"(the CPU figures above include the profiler's own overhead)"
        )
        for phase, stats in phases.items():
            stats.dump_stats(f"{args.profile}.{phase}")
        print(f"profiles of the measured windows (bot main thread): {args.profile}.{{pending,finish}}")


async def profile_dump(pid: int, path: str, phases: dict[str, pstats.Stats], phase: str) -> int:
    """Stops the bot's profiler, waits for its stats, adds them to `phase`'s; their call count."""
    before = _mtime(path)
    os.kill(pid, signal.SIGUSR2)
    for _ in range(250):
        if _mtime(path) != before:
            stats = pstats.Stats(path)
            if phase in phases:
                phases[phase].add(stats)
            else:
                phases[phase] = stats
            return stats.total_calls  # type: ignore[attr-defined]
        await asyncio.sleep(0.02)
    raise RuntimeError("the bot wrote no profile")


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return 0


def report(
    args: argparse.Namespace,
    rounds: list[dict[str, Any]],
    stats: dict[str, Any],
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
    trace: list[tuple[float, float, float, str]] | None,
) -> None:
    arrivals: dict[str, float] = {marker: at for at, marker in stats["arrivals"]}
    presses = [p for record in rounds for p in record["presses"]]
    not_deferred = [p.marker for p in presses if p.callback_type not in (5, 6)]
    late_defer = [
        p.marker
        for p in presses
        if p.marker not in arrivals or (p.callback_at or math.inf) >= arrivals[p.marker]
    ]
    fallbacks = [p.marker for p in presses if "graded by the rubric" in json.dumps(p.result)]
    print(machine_line())
    print(
        f"host load average: {load_before[0]:.2f} / {load_before[1]:.2f} / {load_before[2]:.2f} before, "
        f"{load_after[0]:.2f} / {load_after[1]:.2f} / {load_after[2]:.2f} after"
    )
    print(
        f"{args.rounds} rounds × {args.gradings} gradings; stand-in answers after {args.delay:.1f} s, "
        f"{args.concurrency} at a time (most at once: {stats['max_in_flight']}); "
        f"model calls {len(stats['arrivals'])}, rejected by the spec {len(stats['rejected'])}"
    )
    print(
        f"Done presses deferred (type 5/6): {len(presses) - len(not_deferred)}/{len(presses)}; "
        f"deferred before their model call reached the stand-in: {len(presses) - len(late_defer)}/{len(presses)}; "
        f"graded by the rubric instead (fallbacks): {len(fallbacks)}"
    )
    print()
    print(
        f"{'round':>5} {'order':>22} {'base n':>7} {'base p99':>9} {'A/A p99':>8} {'load n':>7} {'load p99':>9}"
        f" {'ratio':>6} {'A/A':>6}   (ms; CPU s per window, bot+worker: base / A/A / loaded)"
    )
    ratios, aa_ratios, base_p99s, load_p99s = [], [], [], []
    for r, record in enumerate(rounds):
        base = [ms for _, ms in record["baseline"]]
        aa = [ms for _, ms in record["aa"]]
        loaded = [ms for t, ms in record["loaded"] if t >= record["deferred"]]
        bp, ap, lp = p99(base), p99(aa), p99(loaded)
        ratios.append(lp / bp)
        aa_ratios.append(ap / bp)
        base_p99s.append(bp)
        load_p99s.append(lp)
        order = ", ".join("A/A" if k == "aa" else k for k in ORDERS[r % 2])
        cpu = " / ".join(
            f"{record[f'{k}_cpu'][0]:.2f}+{record[f'{k}_cpu'][1]:.2f}" for k in ("baseline", "aa", "loaded")
        )
        print(
            f"{r:>5} {order:>22} {len(base):>7} {bp:9.2f} {ap:8.2f} {len(loaded):>7} {lp:9.2f}"
            f" {lp / bp:6.2f} {ap / bp:6.2f}   {cpu}"
        )
    print()
    print_table(
        [
            ("/mock status, nothing pending", [ms for rec in rounds for _, ms in rec["baseline"]]),
            ("… again (A/A: the noise floor)", [ms for rec in rounds for _, ms in rec["aa"]]),
            (
                f"/mock status, {args.gradings} gradings pending",
                [ms for rec in rounds for t, ms in rec["loaded"] if t >= rec["deferred"]],
            ),
            (
                "… and while the Done presses land",
                [ms for rec in rounds for t, ms in rec["loaded"] if t < rec["deferred"]],
            ),
        ],
        baseline="/mock status, nothing pending",
    )
    print()
    pooled_base = [ms for rec in rounds for _, ms in rec["baseline"]]
    pooled_aa = [ms for rec in rounds for _, ms in rec["aa"]]
    pooled_load = [ms for rec in rounds for t, ms in rec["loaded"] if t >= rec["deferred"]]
    print(
        f"p99 pending / baseline, per round: median {statistics.median(ratios):.2f} "
        f"(spread {min(ratios):.2f}–{max(ratios):.2f}); median p99s {statistics.median(load_p99s):.2f} "
        f"against {statistics.median(base_p99s):.2f} ms; the baselines' own spread "
        f"{min(base_p99s):.2f}–{max(base_p99s):.2f} ms ({max(base_p99s) / min(base_p99s):.2f}×) · target ≤ 1.10"
    )
    print(
        f"A/A, baseline / baseline (same alternation), per round: median {statistics.median(aa_ratios):.2f} "
        f"(spread {min(aa_ratios):.2f}–{max(aa_ratios):.2f}): a ratio inside this range is noise"
    )
    print(
        f"all rounds pooled, p99 pending / baseline {p99(pooled_load) / p99(pooled_base):.2f}, "
        f"A/A {p99(pooled_aa) / p99(pooled_base):.2f} "
        f"({len(pooled_load)}, {len(pooled_base)} and {len(pooled_aa)} samples)"
    )
    if trace is not None:
        print()
        print("bot event loop, callbacks that ran long (--trace):")
        print("  baseline windows: " + trace_summary(trace, [rec["baseline_span"] for rec in rounds]))
        print("  A/A windows:      " + trace_summary(trace, [rec["aa_span"] for rec in rounds]))
        print("  pending windows:  " + trace_summary(trace, [rec["loaded_span"] for rec in rounds]))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gradings", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=6, help="rounds of alternating windows")
    parser.add_argument("--delay", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=4, help="MOCKLOOP_LLM_MAX_CONCURRENCY")
    parser.add_argument("--trace", action="store_true", help="log the bot loop's callbacks over 5 ms")
    parser.add_argument(
        "--cpu", action="store_true", help="no probes: print the bot's CPU per grading (the working figure)"
    )
    parser.add_argument("--profile", metavar="FILE", help="with --cpu: cProfile the bot's loop into FILE")
    args = parser.parse_args()
    if args.profile:
        args.profile = str(Path(args.profile).resolve())  # the bot runs in a directory of its own
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(args, Path(tmp)))
