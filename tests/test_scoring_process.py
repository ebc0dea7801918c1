"""The Discord bot's scoring worker (bot.scoring_process): the same results as scoring inline, a
loop that keeps serving meanwhile, a killed worker replaced, no secret in its environment."""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import scoring_process
from bot.app import Services, bootstrap
from bot.bank.loader import load_default_bank
from bot.core.bank import QuestionBank
from bot.core.clock import FakeClock
from bot.core.follow_up_plan import follow_up_as_question
from bot.core.questions import Question
from bot.core.scoring import score_answer
from bot.scoring_process import WorkerScorer, checked_reply
from bot.service import Member, RoundResult
from bot.settings import Settings
from tests.conftest import make_question

KINDS = ("open", "numeric", "choice", "star", "design", "code")
PER_KIND = 4


@pytest.fixture(scope="module")
def bundled() -> list[Question]:
    """A spread of the bundled bank: the first PER_KIND questions of every answer kind."""
    questions = sorted(load_default_bank().bank.filter(), key=lambda q: q.id)
    return [q for kind in KINDS for q in [q for q in questions if q.answer.kind == kind][:PER_KIND]]


@pytest.fixture
async def worker() -> AsyncIterator[WorkerScorer]:
    scorer = await WorkerScorer.start()
    assert scorer.pid is not None, "no worker process started"
    yield scorer
    await scorer.close()


def answers_for(question: Question) -> list[str]:
    """A full answer, half of one, a misconception stated as fact, and a bare guess."""
    reference = question.reference_answer.strip()
    claims = [f"I am fairly sure that {m.claim}." for m in question.misconceptions[:2]]
    return [reference, reference[: len(reference) // 2], " ".join([reference[:200], *claims]), "No idea, sorry."]


def follow_up_answers(question: Question) -> list[str | None]:
    """The first follow-up answered with its own key point's phrase, the second skipped, the rest vague."""
    out: list[str | None] = []
    for i, follow_up in enumerate(question.follow_ups):
        if i == 1:
            out.append(None)
        elif follow_up.key_points:
            out.append(f"Here I would say {follow_up.key_points[0].phrases[0]}.")
        else:
            out.append("It depends on the case.")
    return out


def model_reply(question: Question, answer: str) -> str:
    """A plausible model reply: a real quote for the first point, a made-up one, an unknown id."""
    sentences = [s for s in re.split(r"(?<=[.;])\s+", answer) if s.strip()] or [answer]
    points = [{"id": k.id, "verdict": "made", "quote": sentences[0]} for k in question.rubric[:1]]
    points += [{"id": k.id, "verdict": "partly", "quote": "words nobody wrote"} for k in question.rubric[1:2]]
    points.append({"id": "no-such-point", "verdict": "made", "quote": sentences[-1]})
    return json.dumps({"key_points": points, "misconceptions": [], "follow_up": "And then?"})


def same(got: object, expected: object) -> None:
    assert got == expected
    if hasattr(expected, "to_dict"):  # what is stored and shown, byte for byte
        assert json.dumps(got.to_dict(), sort_keys=True) == json.dumps(expected.to_dict(), sort_keys=True)  # type: ignore[attr-defined]


async def test_the_worker_scores_every_answer_kind_exactly_as_inline_scoring_does(
    worker: WorkerScorer, bundled: list[Question]
) -> None:
    assert {q.answer.kind for q in bundled} == set(KINDS)
    jobs = 0
    for question in bundled:
        for answer in answers_for(question):
            same(await worker.score(question, answer), score_answer(question, answer))
            follow_ups = follow_up_answers(question)
            same(
                await worker.score(question, answer, follow_ups),
                score_answer(question, answer, follow_ups),
            )
            jobs += 2
        scored = [i for i, f in enumerate(question.follow_ups) if f.key_points]
        if scored:  # a follow-up graded as a question of its own, as the service does
            as_question = follow_up_as_question(question, scored[0])
            text = f"I would say {question.follow_ups[scored[0]].key_points[0].phrases[0]}."
            same(await worker.score(as_question, text), score_answer(as_question, text))
            jobs += 1
    assert worker.pid is not None and jobs > 100  # all of it in the worker, none fell back


async def test_model_replies_are_checked_and_scored_with_them_exactly_as_inline(
    worker: WorkerScorer, bundled: list[Question]
) -> None:
    for question in [q for q in bundled if q.answer.kind in ("open", "design", "star", "numeric")]:
        answer = answers_for(question)[0]
        content = model_reply(question, answer)
        checked = await worker.check(question, answer, content)
        expected = checked_reply(question, answer, content)
        same(checked, expected)
        assert not isinstance(checked, str)
        assert checked.credit(question.rubric[1].id) == 0.0  # the made-up quote earns nothing there too
        follow_ups = follow_up_answers(question)
        verdicts = [None] * len(follow_ups)
        main = score_answer(question, answer, verdicts=expected)
        same(
            await worker.score(question, answer, follow_ups, verdicts=checked, follow_up_verdicts=verdicts),
            score_answer(question, answer, follow_ups, verdicts=expected, follow_up_verdicts=verdicts),
        )
        same(  # the result reusing the plan's main score, as the service does at the result
            await worker.score(question, answer, follow_ups, verdicts=checked, main_result=main),
            score_answer(question, answer, follow_ups, verdicts=expected, main_result=main),
        )
    question = bundled[0]
    assert await worker.check(question, "x", "{not json") == checked_reply(question, "x", "{not json")
    assert isinstance(await worker.check(question, "x", "{not json"), str)


async def test_two_questions_with_one_id_are_each_scored_against_their_own_text(worker: WorkerScorer) -> None:
    """A guild's imported question may share an id with another guild's: the worker is sent the
    question object, never asked to look an id up."""
    answer = "Bias is the error from wrong assumptions in the model."
    plain = make_question("ml-same-id")
    other = make_question(
        "ml-same-id",
        rubric=[{"id": "bias", "point": "Names the tokenizer", "weight": 1, "phrases": ["byte pair encoding"]}],
    )
    first = await worker.score(plain, answer)
    second = await worker.score(other, answer)
    again = await worker.score(plain, answer)
    same(first, score_answer(plain, answer))
    same(second, score_answer(other, answer))
    same(again, first)
    assert first.score > 0 and second.score == 0


async def test_the_loop_serves_other_work_while_an_answer_is_scored(worker: WorkerScorer) -> None:
    question = make_question("ml-worker-loop")
    long_answer = " ".join(["Bias is the error from wrong assumptions; variance is sensitivity."] * 120)
    await worker.score(question, "warm up")
    ticks = 0
    scoring = asyncio.create_task(worker.score(question, long_answer))
    while not scoring.done():
        ticks += 1
        await asyncio.sleep(0)
    same(await scoring, score_answer(question, long_answer))
    assert ticks > 1


async def test_a_killed_worker_is_replaced_and_a_job_in_flight_is_redone(worker: WorkerScorer) -> None:
    question = make_question("ml-worker-killed")
    # unique sentences, so no cache helps: a job of ~0.1 s, the worker is killed in the middle of it
    answer = " ".join(f"Variance number {i} is sensitivity to the training set {i * 7}." for i in range(3000))
    await worker.score(question, "warm up")
    first = worker.pid
    assert first is not None
    scoring = asyncio.create_task(worker.score(question, answer))
    for _ in range(3):
        await asyncio.sleep(0)  # the job is written to the worker's pipe
    os.kill(first, signal.SIGKILL)
    same(await scoring, score_answer(question, answer))
    assert worker.pid is not None and worker.pid != first
    same(await worker.score(question, "Regularisation reduces variance."), score_answer(question, "Regularisation reduces variance."))
    os.kill(worker.pid, signal.SIGKILL)  # the replacement served a job: it is replaced in turn
    await asyncio.sleep(0.1)
    same(await worker.score(question, answer), score_answer(question, answer))
    assert worker.pid is not None


async def test_where_workers_keep_dying_or_cannot_start_the_answer_is_scored_inline(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    question = make_question("ml-worker-none")
    answer = "Bias is the error from wrong assumptions."

    async def no_process() -> None:
        raise OSError("no processes for you")

    monkeypatch.setattr(scoring_process, "_spawn", no_process)
    scorer = await WorkerScorer.start()
    assert scorer.pid is None
    same(await scorer.score(question, answer), score_answer(question, answer))
    assert "no processes for you" in caplog.text
    await scorer.close()

    async def broken_worker() -> asyncio.subprocess.Process:  # say its imports fail: it ends at once
        return await asyncio.create_subprocess_exec(
            sys.executable, "-c", "raise SystemExit(3)", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
        )

    monkeypatch.setattr(scoring_process, "_spawn", broken_worker)
    caplog.clear()
    dying = await WorkerScorer.start()
    try:
        for _ in range(3):
            same(await dying.score(question, answer), score_answer(question, answer))
        assert dying.pid is None and "keep ending" in caplog.text  # given up after one replacement
    finally:
        await dying.close()


async def test_a_job_the_worker_fails_raises_here_as_it_would_inline(worker: WorkerScorer) -> None:
    question = make_question("ml-worker-raises")
    pid = worker.pid
    with pytest.raises(AttributeError):
        score_answer(question, None)  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        await worker.score(question, None)  # type: ignore[arg-type]
    same(await worker.score(question, "Bias is the error."), score_answer(question, "Bias is the error."))
    assert worker.pid == pid  # the worker itself carried on


def cmdline_of(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode()


def environment_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(item.split("=", 1) for item in raw.decode().split("\0") if "=" in item)


async def test_the_worker_never_receives_the_discord_token_or_the_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    token, key = "MTIz.fake-discord-token.never-in-the-worker", "sk-worker-7f3e-never-there"
    monkeypatch.setenv("DISCORD_TOKEN", token)
    monkeypatch.setenv("MOCKLOOP_DISCORD_TOKEN", token)
    monkeypatch.setenv("MOCKLOOP_LLM_API_KEY", key)
    scorer = await WorkerScorer.start()
    try:
        assert scorer.pid is not None
        await scorer.score(make_question("ml-worker-env"), "Bias is the error.")  # it is up and serving
        environ = environment_of(scorer.pid)
        cmdline = cmdline_of(scorer.pid)
        assert environ == scoring_process.worker_environment()
        everything = json.dumps(environ) + cmdline
        assert token not in everything and key not in everything
        assert not any(name.startswith(("MOCKLOOP_", "DISCORD_")) for name in environ)
    finally:
        await scorer.close()


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def scoring_workers() -> list[int]:
    out = []
    for pid in children_of(os.getpid()):
        try:
            if "bot.scoring_process" in cmdline_of(pid):
                out.append(pid)
        except OSError:
            continue
    return out


ANSWER = "Bias is the error from wrong assumptions. Regularisation reduces variance."


async def play_round(services: Services, kill_worker: bool = False) -> RoundResult:
    """A round to its result through the service API: answer, Done (the follow-up plan scores
    the main answer), skip every follow-up (the result scores the round)."""
    alice = Member(1, 42, "alice")
    service = services.interviews
    await service.start_round(alice, "ml_theory", question_id="ml-test-1")
    await service.add_answer(alice, ANSWER, source="test")
    if kill_worker:
        assert isinstance(services.scorer, WorkerScorer) and services.scorer.pid is not None
        os.kill(services.scorer.pid, signal.SIGKILL)
    ack = await service.finish(alice)
    while ack.result is None:
        ack = await service.finish(alice)
    return ack.result


async def test_the_discord_services_score_in_a_worker_and_the_terminal_inline(
    tmp_path: Path, bank: QuestionBank
) -> None:
    """The Discord front end's round is scored in its worker, with the very result the terminal's
    inline scoring gives, even when the worker is killed mid-round; the terminal starts no process."""
    before = set(scoring_workers())
    terminal = await bootstrap(
        Settings.model_construct(db_path=tmp_path / "terminal.db"), "terminal", bank=bank,
        clock=FakeClock(), rng=random.Random(1),
    )  # fmt: skip
    try:
        assert set(scoring_workers()) == before  # no worker for the terminal
        inline = await play_round(terminal)
    finally:
        await terminal.close()

    for name, kill in (("calm", False), ("killed", True)):
        discord = await bootstrap(
            Settings.model_construct(db_path=tmp_path / f"{name}.db"), "discord", bank=bank,
            clock=FakeClock(), rng=random.Random(1),
        )  # fmt: skip
        try:
            scorer = discord.scorer
            assert isinstance(scorer, WorkerScorer) and scorer.pid in scoring_workers()
            first = scorer.pid
            result = await play_round(discord, kill_worker=kill)
            assert (result.score, result.points) == (inline.score, inline.points) and inline.score > 0
            assert json.dumps(result.breakdown, sort_keys=True) == json.dumps(inline.breakdown, sort_keys=True)
            assert scorer.pid is not None and (scorer.pid != first) is kill  # killed: replaced
        finally:
            await discord.close()
    assert not set(scoring_workers()) - before  # each worker ended with its services
