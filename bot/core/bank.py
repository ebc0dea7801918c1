"""An in-memory, read-only collection of validated questions.

Pure: no file access here. `bot.bank.loader` builds a `QuestionBank` from YAML files, and the
bot mixes a guild's own uploaded questions in with `with_extra`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from bot.core.errors import UnknownQuestion
from bot.core.models import Difficulty, RoundType
from bot.core.questions import Question


class QuestionBank:
    def __init__(self, questions: Iterable[Question] = ()) -> None:
        self._by_id: dict[str, Question] = {}
        for question in questions:
            # The loader reports duplicates; here the first definition wins so lookups are stable.
            self._by_id.setdefault(question.id, question)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id

    def __iter__(self) -> Iterator[Question]:
        return iter(self._by_id.values())

    @property
    def ids(self) -> list[str]:
        return list(self._by_id)

    def get(self, question_id: str) -> Question:
        try:
            return self._by_id[question_id]
        except KeyError:
            raise UnknownQuestion(self._unknown_message(question_id)) from None

    def suggest(self, question_id: str, limit: int = 3) -> list[str]:
        """Ids that look like a mistyped `question_id`, best first."""
        return difflib.get_close_matches(question_id, self._by_id, n=limit, cutoff=0.75)

    def _unknown_message(self, question_id: str) -> str:
        message = f"There is no question with id '{question_id}'."
        close = self.suggest(question_id)
        if close:
            message += " Did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
        return message

    def filter(
        self,
        round_type: RoundType | str | None = None,
        difficulty: Difficulty | str | None = None,
        topic: str | None = None,
    ) -> list[Question]:
        """Questions matching every given criterion, in bank order."""
        return [
            q
            for q in self._by_id.values()
            if (round_type is None or q.round_type == round_type)
            and (difficulty is None or q.difficulty == difficulty)
            and (topic is None or q.topic == topic)
        ]

    def topics(self, round_type: RoundType | str | None = None) -> list[str]:
        """Sorted distinct topics, optionally within one round type."""
        return sorted({q.topic for q in self.filter(round_type=round_type)})

    def with_extra(self, questions: Iterable[Question]) -> QuestionBank:
        """A new bank with `questions` added; an extra question never replaces a bundled one."""
        return QuestionBank([*self._by_id.values(), *questions])
