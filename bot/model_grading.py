"""ModelGrader: asks the configured model for verdicts, checks them, and says why when it can't.

The built-in rubric grader is the default and the fallback. A guild's admin turns the model on
(`/mockadmin llm on`); each guild-local day allows `daily_cap` model calls. A reply is cached by
(question version, answer hash, model), so a retry or a re-score costs no call. Whatever goes
wrong (not configured, switched off, cap reached, timeout, refused, 429, 5xx, bad JSON, wrong
shape) ends as `ModelGrading(reply=None, fallback=reason)` and the rubric grades the answer.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.clock import Clock
from bot.core.model_verdicts import CheckedReply
from bot.core.questions import ChoiceAnswer, Question
from bot.core.scoring.choice import read_choice
from bot.core.scoring.scorer import model_graded_text
from bot.llm.client import ChatModel, ModelUnavailable
from bot.llm.request import grading_request
from bot.memo import remember
from bot.scoring_process import Scorer, checked_reply
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.guilds import GuildRepository
from bot.storage.model_grader import ModelGraderRepository, ModelGraderSettings

NO_MODEL = "--grader llm needs a model: set MOCKLOOP_LLM_BASE_URL and MOCKLOOP_LLM_MODEL."
DEFAULT_DAILY_CAP = 200
MAX_DAILY_CAP = 100_000
CHECKED_MEMO = 256  # checked replies this process keeps: the result re-uses the plan's at Done


@dataclass(frozen=True, slots=True)
class ModelGrading:
    reply: CheckedReply | None  # None: the rubric grades this answer
    fallback: str | None = None  # why the model was asked but did not decide, for the result's note
    model: str | None = None  # the model that decided, for the result's footer


@dataclass(frozen=True, slots=True)
class ModelGraderStatus:
    configured: bool
    model: str | None
    endpoint: str | None
    enabled: bool
    daily_cap: int
    calls_today: int


class ModelGrader:
    def __init__(self, chat: ChatModel | None, db: Database, clock: Clock, scorer: Scorer | None = None) -> None:
        self.chat = chat
        self.db = db
        self._scorer = scorer or Scorer()  # checks replies: in the bot's scoring worker, else here
        self._repo = ModelGraderRepository(db)
        self._guilds = GuildRepository(db)
        self._clock = clock
        # (question key, answer hash, model) -> the checked grading: checking is deterministic, so the
        # result's re-grading of an answer the Done press graded reuses it instead of re-checking
        self._checked: OrderedDict[tuple[str, str, str], ModelGrading] = OrderedDict()

    async def close(self) -> None:
        if self.chat is not None:
            await self.chat.close()

    @property
    def configured(self) -> bool:
        return self.chat is not None

    async def status(self, guild_id: int) -> ModelGraderStatus:
        settings = await self._repo.settings(guild_id)
        return ModelGraderStatus(
            configured=self.configured,
            model=self.chat.model if self.chat else None,
            endpoint=self.chat.url if self.chat else None,
            enabled=settings.enabled,
            daily_cap=settings.daily_cap or DEFAULT_DAILY_CAP,
            calls_today=await self._repo.calls(guild_id, await self._day(guild_id)),
        )

    async def switch(self, guild_id: int, on: bool) -> bool:
        """Turns the model on or off for a guild; True when the data notice is due (first time on)."""
        settings = await self._repo.settings(guild_id)
        notice = on and not settings.notice_shown
        async with self.db.unit_of_work() as uow:
            await uow.model_grader.save_settings(
                guild_id, ModelGraderSettings(on, settings.daily_cap, settings.notice_shown or on)
            )
        return notice

    async def set_daily_cap(self, guild_id: int, cap: int) -> None:
        settings = await self._repo.settings(guild_id)
        async with self.db.unit_of_work() as uow:
            await uow.model_grader.save_settings(
                guild_id, ModelGraderSettings(settings.enabled, cap, settings.notice_shown)
            )

    async def grade(self, question: Question, answer: str, *, guild_id: int | None) -> ModelGrading:
        """The checked verdicts for `answer`, or why the rubric grades it.

        `guild_id=None` is a terminal or command-line grading: the person who set the endpoint up
        is the one grading, so neither the guild switch nor the cap applies.
        """
        text = model_graded_text(question, answer)
        if self.chat is None or text is None:
            return ModelGrading(None)
        settings = await self._repo.settings(guild_id) if guild_id is not None else None
        if settings is not None and not settings.enabled:
            return ModelGrading(None)
        key, digest, model = question_key(question), answer_hash(answer), self.chat.model
        memo = (key, digest, model)
        if (known := self._checked.get(memo)) is not None:
            self._checked.move_to_end(memo)
            return known
        content = await self._repo.cached_reply(key, digest, model)
        fresh = content is None
        if content is None:
            if guild_id is not None and settings is not None:
                cap = settings.daily_cap or DEFAULT_DAILY_CAP
                day = await self._day(guild_id)
                async with self.db.unit_of_work() as uow:
                    allowed = await uow.model_grader.take_call(guild_id, day, cap)
                if not allowed:
                    return ModelGrading(None, f"this server's {cap} model gradings for today are used up")
            try:
                content = await self.chat.complete(_request(question, answer, text, model))
            except ModelUnavailable as exc:
                return ModelGrading(None, exc.reason)
        grading = _grading(await self._scorer.check(question, text, content), model)
        if grading.reply is not None:
            if fresh:
                async with self.db.unit_of_work() as uow:
                    await uow.model_grader.cache_reply(key, digest, model, content, self._clock.now())
            remember(self._checked, memo, grading, CHECKED_MEMO)
        return grading

    async def _day(self, guild_id: int) -> str:
        policy = await self._guilds.policy(guild_id)
        try:
            zone = ZoneInfo(policy.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        return datetime.fromtimestamp(self._clock.now(), tz=zone).date().isoformat()


def checked(question: Question, answer: str, content: str, model: str) -> ModelGrading:
    """A model's raw reply read and checked against the answer (bot.core.model_verdicts)."""
    return _grading(checked_reply(question, answer, content), model)


def _grading(reply: CheckedReply | str, model: str) -> ModelGrading:
    if isinstance(reply, str):  # why the reply is unusable
        return ModelGrading(None, reply)
    return ModelGrading(reply, model=model)


async def grade_once(chat: ChatModel, question: Question, answer: str) -> ModelGrading:
    """One grading with no cache and no cap: `mockloop score` and `mockloop calibrate --grader llm`."""
    text = model_graded_text(question, answer)
    if text is None:
        return ModelGrading(None)
    try:
        content = await chat.complete(_request(question, answer, text, chat.model))
    except ModelUnavailable as exc:
        return ModelGrading(None, exc.reason)
    return checked(question, text, content, chat.model)


def _request(question: Question, answer: str, text: str, model: str) -> dict:
    """The request for `text` (`model_graded_text` of `answer`): a choice's reason goes with the
    option it argues for, so the model grades the reason for that pick."""
    spec = question.answer
    picked = None
    if isinstance(spec, ChoiceAnswer):
        picked = [f"{o.key}) {o.text}" for key in read_choice(spec, answer) if (o := spec.option(key)) is not None]
    return grading_request(question, text, model, picked=picked)


def chat_model(settings: Settings) -> ChatModel | None:
    """The configured endpoint, or None when MOCKLOOP_LLM_BASE_URL is not set."""
    if not settings.llm_base_url or not settings.llm_model:
        return None
    return ChatModel(
        settings.llm_base_url,
        settings.llm_model,
        api_key=settings.llm_api_key,
        timeout=settings.llm_timeout,
        max_concurrency=settings.llm_max_concurrency,
    )


def question_key(question: Question) -> str:
    """The question's id and a hash of everything the grader is shown, so an edit invalidates."""
    shown = {
        "prompt": question.prompt,
        "rubric": [[k.id, k.point, k.phrases] for k in question.rubric],
        "misconceptions": [[m.id, m.claim, m.phrases] for m in question.misconceptions],
        "reference": question.reference_answer,
    }
    digest = hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()[:16]
    return f"{question.id}:{digest}"


def answer_hash(answer: str) -> str:
    return hashlib.sha256(answer.strip().encode()).hexdigest()
