"""Which question next: filter the bank, then prefer what this member has not seen."""

from __future__ import annotations

import random
from collections.abc import Sequence

from bot.core.errors import NoQuestionAvailable
from bot.core.models import Difficulty, RoundType, in_prose
from bot.core.questions import Question


def choose_question(
    candidates: Sequence[Question],
    seen_oldest_first: Sequence[str],
    rng: random.Random,
    *,
    round_type: RoundType,
    difficulty: Difficulty | None = None,
    topic: str | None = None,
) -> Question:
    """Pick uniformly among unseen questions; once the pool is used up, among the least recent.

    `candidates` are already filtered by the caller; the filter values are only used for the
    message when nothing matches. Sorting by id makes the choice depend on `rng` alone.
    """
    pool = sorted(candidates, key=lambda q: q.id)
    if not pool:
        wanted = " ".join(
            part
            for part in (difficulty and difficulty.value, in_prose(round_type.label), topic and f"'{topic}'")
            if part
        )
        raise NoQuestionAvailable(
            f"There is no {wanted} question in the bank. Try without a topic or difficulty."
        )
    seen = set(seen_oldest_first)
    unseen = [q for q in pool if q.id not in seen]
    if unseen:
        return rng.choice(unseen)
    # Pool used up: start over, but not with what was asked most recently.
    last_seen = {qid: i for i, qid in enumerate(seen_oldest_first)}
    pool.sort(key=lambda q: last_seen.get(q.id, -1))
    return rng.choice(pool[: max(1, len(pool) // 2)])
