"""The interviewer asks first about the weakest key point (bot.core.follow_up_plan)."""

from __future__ import annotations

from bot.core.follow_up_plan import FollowUpPlan, asked_question, follow_up_as_question, plan_follow_ups
from bot.core.scoring import score_answer
from tests.conftest import make_question

FOLLOW_UPS = [
    {
        "prompt": "What does a penalty on the weights do to the fit?",
        "probes": ["reg"],
        "key_points": [{"id": "shrinks", "point": "Shrinks the weights", "phrases": ["shrinks the weights"]}],
    },
    {
        "prompt": "Where does the error of a too-simple model come from?",
        "probes": ["bias"],
        "key_points": [{"id": "underfit", "point": "Underfitting", "phrases": ["it underfits"]}],
    },
    {
        "prompt": "What happens when you train the same model on another sample?",
        "probes": ["variance"],
        "key_points": [{"id": "changes", "point": "The fit changes", "phrases": ["the fit changes a lot"]}],
    },
]


def question():
    return make_question("ml-test-plan", follow_ups=FOLLOW_UPS)


def credits(answer: str) -> dict[str, float]:
    return {p.id: p.earned for p in score_answer(question(), answer).points}


def test_the_follow_up_on_the_heaviest_missed_point_comes_first() -> None:
    # bias (weight 2) and reg (weight 1) made; variance (weight 2) missed
    answer = "Bias is the error from wrong assumptions. Regularisation reduces variance."
    plan = plan_follow_ups(question(), credits(answer))
    assert plan.probes == "variance"
    asked = asked_question(question(), plan)
    assert asked.follow_ups[0].prompt == "What happens when you train the same model on another sample?"
    assert len(asked.follow_ups) == 3  # every follow-up is still asked, the rest in bank order
    assert [f.prompt for f in asked.follow_ups][1:] == [FOLLOW_UPS[0]["prompt"], FOLLOW_UPS[1]["prompt"]]


def test_a_half_made_point_is_probed_when_nothing_weighs_more() -> None:
    plan = plan_follow_ups(question(), {"bias": 1.0, "variance": 1.0, "reg": 0.5})
    assert plan.probes == "reg"
    assert plan.order[0] == 0


def test_a_complete_answer_keeps_the_bank_order_and_ignores_a_model_question() -> None:
    plan = plan_follow_ups(question(), {"bias": 1, "variance": 1, "reg": 1}, "Anything else?")
    assert plan == FollowUpPlan((0, 1, 2))
    assert asked_question(question(), plan) == question()


def test_the_model_question_replaces_the_first_follow_up_and_is_graded_on_the_probed_point() -> None:
    plan = plan_follow_ups(question(), {"bias": 0, "variance": 1, "reg": 1}, "Why would a linear model miss a curve?")
    asked = asked_question(question(), plan)
    first = asked.follow_ups[0]
    assert first.prompt == "Why would a linear model miss a curve?"
    assert [k.id for k in first.key_points] == ["bias"] and first.probes == ["bias"]
    assert len(asked.follow_ups) == 3
    # its answer is scored on the probed key point
    result = score_answer(asked, "x", ["Bias is the error from wrong assumptions.", None, None])
    assert result.follow_ups[0].score == 100


def test_the_plan_survives_storage_and_a_changed_bank() -> None:
    plan = FollowUpPlan((2, 0, 1), "variance", "Why?")
    assert FollowUpPlan.from_json(plan.to_json()) == plan
    assert FollowUpPlan.from_json(None) is None
    shorter = make_question("ml-test-plan", follow_ups=FOLLOW_UPS[:2])  # index 2 was removed since
    asked = asked_question(shorter, FollowUpPlan((2, 1, 0)))
    assert [f.prompt for f in asked.follow_ups] == [FOLLOW_UPS[1]["prompt"], FOLLOW_UPS[0]["prompt"]]


def test_a_follow_up_as_a_question_of_its_own_for_the_model() -> None:
    q = follow_up_as_question(question(), 1)
    assert [k.id for k in q.rubric] == ["underfit"]
    assert q.prompt.endswith("Follow-up question: Where does the error of a too-simple model come from?")
    assert q.answer.kind == "open" and q.follow_ups == []
