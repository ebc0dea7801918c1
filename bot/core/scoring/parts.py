"""Splitting a round's stored answer parts into the main answer and one answer per follow-up."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.core.questions import Question
from bot.core.rounds import PartKind


class AnswerPart(Protocol):
    @property
    def kind(self) -> PartKind: ...
    @property
    def follow_up_index(self) -> int | None: ...
    @property
    def content(self) -> str: ...


def answer_parts(question: Question, parts: Sequence[AnswerPart]) -> tuple[str, list[str | None] | None]:
    """(main answer, follow-up answers aligned with question.follow_ups, None = skipped).

    The second item is None when the question has no follow-ups at all.
    """
    main = "\n\n".join(p.content for p in parts if p.kind is not PartKind.FOLLOW_UP)
    if not question.follow_ups:
        return main, None
    answers: list[str | None] = []
    for i in range(len(question.follow_ups)):
        texts = [p.content for p in parts if p.kind is PartKind.FOLLOW_UP and p.follow_up_index == i]
        answers.append("\n\n".join(texts) if texts else None)
    return main, answers
