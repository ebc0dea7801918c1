"""Which follow-up the interviewer asks first: the one that probes the weakest key point.

When the main answer is done, the grader's per-key-point verdicts (the rubric's, or a model's
checked ones) say what the member missed or made only partly. The interviewer then asks first
about the most important of those points (weight x what was not earned): the bank follow-up
whose `probes` name it, or, when a model is configured and its probing question is usable,
the model's own question, graded on that key point. The other follow-ups follow in bank order.

The plan is decided once, stored with the round, and applied by `asked_question`, so every
front end, the scorer and peer review see the follow-ups in the order they were asked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.questions import FollowUp, OpenAnswer, Question


@dataclass(frozen=True, slots=True)
class FollowUpPlan:
    order: tuple[int, ...]  # indexes into the bank question's follow_ups, in the order asked
    probes: str | None = None  # the key point the first follow-up digs into (missed or shaky)
    asked: str | None = None  # the model's own wording of the first follow-up, graded on `probes`

    def to_json(self) -> str:
        return json.dumps({"order": list(self.order), "probes": self.probes, "asked": self.asked})

    @classmethod
    def from_json(cls, text: str | None) -> FollowUpPlan | None:
        if not text:
            return None
        data = json.loads(text)
        return cls(tuple(int(i) for i in data.get("order", [])), data.get("probes"), data.get("asked"))


def weakest_point(question: Question, credits: Mapping[str, float]) -> str | None:
    """The key point with the most weight left unearned (first in rubric order on a tie)."""
    best, best_gap = None, 0.0
    for point in question.rubric:
        gap = point.weight * (1.0 - min(max(credits.get(point.id, 0.0), 0.0), 1.0))
        if gap > best_gap + 1e-9:
            best, best_gap = point.id, gap
    return best


def plan_follow_ups(
    question: Question, credits: Mapping[str, float], model_question: str | None = None
) -> FollowUpPlan:
    """The order to ask `question`'s follow-ups in, given what the main answer earned per key point.

    `credits` maps key point ids to the share earned (0..1). Follow-ups that probe unearned
    weight come first, the one probing the most first; the rest keep their bank order.
    """
    gaps = {
        p.id: p.weight * (1.0 - min(max(credits.get(p.id, 0.0), 0.0), 1.0)) for p in question.rubric
    }

    def need(index: int) -> float:
        return max((gaps.get(k, 0.0) for k in question.follow_ups[index].probes), default=0.0)

    indexes = range(len(question.follow_ups))
    order = tuple(sorted(indexes, key=lambda i: (-need(i), i)))
    weakest = weakest_point(question, credits)
    if weakest is None:
        return FollowUpPlan(tuple(indexes))
    asked = model_question if model_question and order else None
    return FollowUpPlan(order, weakest, asked)


def asked_question(question: Question, plan: FollowUpPlan | None) -> Question:
    """`question` with its follow-ups in the order this round asks them (the plan applied).

    A model's question replaces the first follow-up and is graded on the key point it probes.
    Indexes that no longer exist (the bank changed since) are dropped, never guessed.
    """
    if plan is None or not question.follow_ups:
        return question
    bank = question.follow_ups
    order = [i for i in plan.order if 0 <= i < len(bank)]
    order += [i for i in range(len(bank)) if i not in order]
    follow_ups = [bank[i] for i in order]
    point = next((k for k in question.rubric if k.id == plan.probes), None)
    if plan.asked and point is not None:
        follow_ups[0] = FollowUp(prompt=plan.asked, key_points=[point], probes=[point.id])
    if follow_ups == bank:
        return question
    return question.model_copy(update={"follow_ups": follow_ups})


def follow_up_as_question(question: Question, index: int) -> Question:
    """Follow-up `index` as a question of its own, for a grader: its prompt (after the main one),
    its own key points as the rubric, the main question's misconceptions and reference answer.
    The answer kind is open prose, whatever the main answer's kind (code, numbers) was."""
    follow_up = question.follow_ups[index]
    return question.model_copy(
        update={
            "prompt": f"{question.prompt}\n\nFollow-up question: {follow_up.prompt}",
            "rubric": follow_up.key_points,
            "follow_ups": [],
            "answer": OpenAnswer(kind="open"),
        }
    )
