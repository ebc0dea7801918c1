"""Scoring answers and checking model replies in a worker process, so the bot's event loop stays free.

Scoring a typed answer (`score_answer`) and checking a model's reply against it (`check_reply`)
are pure CPU work: ~4-5 ms per grading in the bot, more for a long answer. Model replies arrive
in bursts (every grading that waited on the same slow model returns at once), and run on the
event loop those bursts held every other member's interaction back behind them
(bench/bench_model_grader.py). The Discord bot therefore runs them in one worker process of its
own (`WorkerScorer`): the loop only pickles the job and reads the result (~0.1 ms) and serves
other interactions meanwhile. The terminal, `mockloop score`, calibrate and tests that build no
Discord service score on the caller's thread (`Scorer`), as before.

The worker runs the very functions the inline scorer calls, on the question object itself
(pickled, so a guild's imported question or a round's reordered follow-ups are scored against
their own text, never looked up by id): a score does not depend on where it was computed. A
question is sent once per worker and named by a token afterwards (a counter, never reused).

The worker is a fresh interpreter (`python -I`, so no PYTHON* variable or user site applies)
started with an environment built here, not inherited: the Discord token and the model API key
never reach it. It dies with the bot (`die_with_parent`). A worker that died (killed for memory)
is replaced; when a replacement dies before finishing a job, or no process can be started, the
work runs inline from then on (logged once). A job the worker fails (it raised, or took longer
than JOB_TIMEOUT) runs inline, so an error surfaces exactly as it would have there.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
import json
import logging
import os
import pickle
import signal
import struct
import sys
from collections import OrderedDict
from typing import Any, BinaryIO

from bot.core.model_verdicts import CheckedReply, MalformedReply, check_reply, parse_reply
from bot.core.questions import Question
from bot.core.scoring import ScoreResult, score_answer

log = logging.getLogger(__name__)

JOB_TIMEOUT = 20.0  # seconds: a job (the start-up included) longer than this means a stuck worker
QUESTION_MEMO = 1024  # questions a worker keeps (and tokens the bot keeps for question objects)
_HEADER = struct.Struct(">I")  # every frame: its length, then a pickle


def checked_reply(question: Question, answer: str, content: str) -> CheckedReply | str:
    """The model's raw reply parsed and checked against the answer, or why it is unusable."""
    try:
        data = parse_reply(content)
    except MalformedReply as exc:
        return str(exc)
    return check_reply(question, answer, data)


def _score(question: Question, *args: Any, **kwargs: Any) -> ScoreResult:
    return score_answer(question, *args, **kwargs)


_JOBS = {"score": _score, "check": checked_reply}


class Scorer:
    """Scores answers and checks model replies on the caller's thread (the terminal, the tools)."""

    async def score(
        self,
        question: Question,
        answer: str,
        follow_up_answers: list[str | None] | None = None,
        *,
        verdicts: CheckedReply | None = None,
        follow_up_verdicts: list[CheckedReply | None] | None = None,
        main_result: ScoreResult | None = None,
    ) -> ScoreResult:
        """`score_answer`, with the same arguments."""
        kwargs = {"verdicts": verdicts, "follow_up_verdicts": follow_up_verdicts, "main_result": main_result}
        return await self._run("score", question, (answer, follow_up_answers), kwargs)  # type: ignore[no-any-return]

    async def check(self, question: Question, answer: str, content: str) -> CheckedReply | str:
        """`checked_reply`: the model's reply checked against the answer, or why it is unusable."""
        return await self._run("check", question, (answer, content), {})  # type: ignore[no-any-return]

    async def close(self) -> None:
        """Nothing to stop here."""

    async def _run(self, job: str, question: Question, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        return _JOBS[job](question, *args, **kwargs)


class WorkerGone(Exception):
    """The worker process ended (or its pipe broke) before it answered."""


class _Worker:
    """One worker process: jobs go down its stdin, answers come back on its stdout by job id."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.pid = proc.pid
        self.known: set[int] = set()  # question tokens this worker was sent
        self.finished_a_job = False
        self._pending: dict[int, asyncio.Future[tuple[str, Any]]] = {}
        self._ids = itertools.count(1)
        self._gone = False
        self._reader = asyncio.create_task(self._read(), name=f"scoring-worker-{proc.pid}")

    @property
    def alive(self) -> bool:
        return not self._gone and self.proc.returncode is None

    async def call(self, job: tuple[Any, ...]) -> tuple[str, Any]:
        """Send one job (without its id) and wait for its answer: ("ok", value), ("unknown", None)
        when the worker no longer holds the question, or ("error", why)."""
        if not self.alive:
            raise WorkerGone
        assert self.proc.stdin is not None
        job_id = next(self._ids)
        answer: asyncio.Future[tuple[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[job_id] = answer
        try:
            blob = pickle.dumps((job_id, *job), protocol=pickle.HIGHEST_PROTOCOL)
            self.proc.stdin.write(_HEADER.pack(len(blob)) + blob)
            await self.proc.stdin.drain()
            return await asyncio.wait_for(answer, JOB_TIMEOUT)
        except (BrokenPipeError, ConnectionResetError) as exc:
            raise WorkerGone from exc
        finally:
            self._pending.pop(job_id, None)  # answered, cancelled or timed out: a late answer is dropped
            if answer.done() and not answer.cancelled():
                answer.exception()  # the pipe broke first: the worker's end is already being handled

    async def _read(self) -> None:
        assert self.proc.stdout is not None
        try:
            while True:
                (size,) = _HEADER.unpack(await self.proc.stdout.readexactly(_HEADER.size))
                job_id, status, value = pickle.loads(await self.proc.stdout.readexactly(size))  # our own child
                waiting = self._pending.get(job_id)
                if waiting is not None and not waiting.done():
                    waiting.set_result((status, value))
        except (asyncio.IncompleteReadError, ConnectionError, OSError, pickle.UnpicklingError):
            pass
        finally:
            self._gone = True
            for waiting in self._pending.values():
                if not waiting.done():
                    waiting.set_exception(WorkerGone())

    async def stop(self) -> None:
        """End the worker: EOF on its stdin ends it; a worker that does not go is killed."""
        self._gone = True
        if self.proc.returncode is None and self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            await asyncio.wait_for(self.proc.wait(), 2.0)
        except TimeoutError:
            self.kill()
            await self.proc.wait()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader

    def kill(self) -> None:
        self._gone = True
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()


class WorkerScorer(Scorer):
    """Scores in a worker process (the Discord bot), inline where no worker can serve."""

    def __init__(self) -> None:
        self._worker: _Worker | None = None
        self._dead: list[_Worker] = []  # replaced workers, reaped at close
        self._inline: str | None = None  # why every job now runs inline, once that is so
        self._spawning: asyncio.Lock | None = None
        self._deaths_in_a_row = 0  # workers that ended, none of them since the last that finished a job
        # id(question) -> (question, token): the same object keeps its token; `is` guards reuse of an id
        self._tokens: OrderedDict[int, tuple[Question, int]] = OrderedDict()
        self._next_token = itertools.count(1)

    @classmethod
    async def start(cls) -> WorkerScorer:
        """A scorer with its worker starting now: its interpreter start and imports (~0.3-1 s)
        overlap the bot's connecting, and the first job simply waits in the pipe for them."""
        scorer = cls()
        await scorer._current()
        return scorer

    @property
    def pid(self) -> int | None:
        """The worker's process id, while one runs."""
        return self._worker.pid if self._worker is not None and self._worker.alive else None

    async def close(self) -> None:
        self._inline = self._inline or "closed"
        workers = [w for w in (self._worker, *self._dead) if w is not None]
        self._worker, self._dead = None, []
        for worker in workers:
            await worker.stop()

    async def _run(self, job: str, question: Question, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        for _ in range(2):  # a worker that died on the job: once more on its replacement
            worker = await self._current()
            if worker is None:
                break
            token = self._token(question)
            try:
                sent = None if token in worker.known else question
                status, value = await worker.call((job, token, sent, args, kwargs))
                if status == "unknown":  # the worker let the question go from its memo
                    status, value = await worker.call((job, token, question, args, kwargs))
            except WorkerGone:
                worker.kill()  # a broken pipe may come before the reader sees the end
                log.warning("the scoring worker (pid %s) ended; starting another", worker.pid)
                continue
            except TimeoutError:
                log.warning("the scoring worker (pid %s) took over %.0f s; scoring here", worker.pid, JOB_TIMEOUT)
                worker.kill()
                break
            if status == "ok":
                worker.finished_a_job = True
                worker.known.add(token)
                return value
            log.warning("the scoring worker failed a job (%s); scoring here", value)
            break
        return await super()._run(job, question, args, kwargs)

    def _token(self, question: Question) -> int:
        hit = self._tokens.get(id(question))
        if hit is not None and hit[0] is question:
            self._tokens.move_to_end(id(question))
            return hit[1]
        token = next(self._next_token)
        self._tokens[id(question)] = (question, token)
        while len(self._tokens) > QUESTION_MEMO:
            self._tokens.popitem(last=False)
        return token

    async def _current(self) -> _Worker | None:
        """The running worker, a replacement for a dead one, or None: score inline."""
        if self._worker is not None and self._worker.alive:
            return self._worker
        if self._inline is not None:
            return None
        self._spawning = self._spawning or asyncio.Lock()
        async with self._spawning:  # jobs that all saw the same worker die start one replacement
            if self._worker is not None and self._worker.alive:
                return self._worker
            if self._inline is not None:
                return None
            previous = self._worker
            if previous is not None:
                previous.kill()
                self._dead.append(previous)
                self._deaths_in_a_row = 1 if previous.finished_a_job else self._deaths_in_a_row + 1
                if self._deaths_in_a_row > 1:  # a replacement that never finished a job: processes fail here
                    return self._give_up("its worker processes keep ending")
            try:
                self._worker = _Worker(await _spawn())
            except (OSError, NotImplementedError, RuntimeError) as exc:
                return self._give_up(f"no process can be started here: {exc}")
            return self._worker

    def _give_up(self, why: str) -> None:
        log.warning("scoring on the event loop from now on (%s)", why)
        self._inline = why
        self._worker = None
        return None


def worker_environment() -> dict[str, str]:
    """The worker's whole environment, built here: nothing of the bot's (its token, the model's
    API key) is inherited."""
    return {"PATH": os.defpath, "LC_ALL": "C.UTF-8"}


_BOOT = "import json, sys; sys.path[:] = json.loads(sys.argv[1]); from bot.scoring_process import serve; serve(int(sys.argv[2]))"


async def _spawn() -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-I",  # isolated: no PYTHON* variables, no user site, no current directory on the path
        "-c",
        _BOOT,
        json.dumps(sys.path),  # where the bot found its modules (a checkout, a venv)
        str(os.getpid()),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env=worker_environment(),
        close_fds=True,
    )


def serve(parent: int, inp: BinaryIO | None = None, out: BinaryIO | None = None) -> None:
    """The worker's loop: read a job, run it, write its answer, until the bot closes the pipe."""
    from bot.bank.solution_runner import die_with_parent

    die_with_parent(parent)
    worker = inp is None  # the worker process itself, not a test serving pipes in its own process
    if worker:
        # Its start-up heap (every imported module) out of the cyclic GC, as the bot's own
        # (app.freeze_startup_heap): else each full collection during a job walks all of it.
        gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the bot's to handle; EOF ends this
    inp = inp or sys.stdin.buffer
    out = out or sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but answers may reach the pipe
    questions: OrderedDict[int, Question] = OrderedDict()
    while True:
        header = inp.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return
        (size,) = _HEADER.unpack(header)
        job_id, job, token, question, args, kwargs = pickle.loads(inp.read(size))  # from the bot that started us
        fresh = question is not None  # sent with its first job
        if fresh:
            questions[token] = question
            while len(questions) > QUESTION_MEMO:
                questions.popitem(last=False)
        question = questions.get(token)
        if question is None:
            answer: tuple[Any, ...] = (job_id, "unknown", None)
        else:
            questions.move_to_end(token)
            try:
                answer = (job_id, "ok", _JOBS[job](question, *args, **kwargs))
            except Exception as exc:  # the bot reruns the job inline, where it raises for real
                answer = (job_id, "error", f"{type(exc).__name__}: {exc}")
        try:
            blob = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            blob = pickle.dumps((job_id, "error", f"unpicklable answer: {exc}"), protocol=pickle.HIGHEST_PROTOCOL)
        out.write(_HEADER.pack(len(blob)) + blob)
        out.flush()
        if worker and fresh:
            # A question's first job compiled its phrases into the scorer's caches; they and the
            # question live on, so out of the cyclic GC with the rest: else a full collection walks
            # every question seen (70-100 ms once the bank's have been). After the reply, so no job
            # waits for it; collected first, so no garbage is frozen (questions hold no cycles).
            gc.collect()
            gc.freeze()
