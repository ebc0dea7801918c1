"""Choice questions: chat-style picks are read, and a wrong pick says what its option gets wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank.loader import load_bank
from bot.cli.score import all_questions
from bot.core.questions import ChoiceAnswer
from bot.core.scoring import score_answer
from bot.core.scoring.choice import read_choice
from bot.core.scoring.scorer import score_choice
from tests.core.scoring.scoring_helpers import make_question

CHOICE = {
    "kind": "choice",
    "options": [{"key": "a", "text": "Canary release to 5% of customers"},
                {"key": "b", "text": "A/B test with a 50/50 split"},
                {"key": "c", "text": "Shadow deployment"},
                {"key": "d", "text": "Blue-green deployment with an instant switch"}],
    "correct": ["c"],
}  # fmt: skip
MISCONCEPTIONS = [
    {"id": "canary-is-safe", "claim": "A small canary puts no customer at risk",
     "correction": "Every customer in the canary gets the new model's decisions; only shadow mode exposes none.",
     "options": ["a"]},
    {"id": "split-is-safe", "claim": "An A/B test checks the model without affecting customers",
     "correction": "Half the customers get the new model's decisions; an A/B test measures impact by exposing them.",
     "options": ["b"], "phrases": ["a/b test has no customer impact"]},
]  # fmt: skip


ROLLOUT_RUBRIC = [
    {"id": "no-exposure", "point": "Shadow mode shows no customer the new model's decisions", "weight": 2,
     "phrases": ["nothing the new model says reaches a customer", "only logged", "decisions are logged"]},
    {"id": "others-expose", "point": "Canary, A/B and blue-green all expose some customers", "weight": 1,
     "phrases": ["a/b testing exposes half the customers", "a canary still exposes customers"]},
]  # fmt: skip


def _question(**extra):
    return make_question(CHOICE, ROLLOUT_RUBRIC, misconceptions=MISCONCEPTIONS, **extra)


@pytest.mark.parametrize(
    ("answer", "keys"),
    [
        ("tbh c: shadow is the only one where nobody gets the new decisions", ["c"]),
        ("c, because the new model's outputs are only logged", ["c"]),
        ("I'd go with (b)", ["b"]),
        ("B)", ["b"]),
        ("answer: b", ["b"]),
        ("option b", ["b"]),
        ("ans: c", ["c"]),
        ("hmm, c I think", ["c"]),
        ("probably c tbh", ["c"]),
        ("going with c.", ["c"]),
        ("c - nothing reaches the customer", ["c"]),
        ("c because a/b testing exposes half the customers", ["c"]),  # the ratio is not a second pick
        ("c, since (b) would expose half of them", ["c"]),  # the lead pick, not a key named in the reason
        ("I'd say it depends on the risk appetite", []),  # "I'd" is not d
        ("a/b", []),  # a ratio, not two picks
        ("a lot of teams would canary it first", []),  # the article is no pick
        ("I'd pick the shadow deployment", ["c"]),  # named by the option's text
        ("Not the canary release to 5% of customers: shadow deployment.", ["c"]),
    ],
)
def test_chat_style_picks_are_read(answer: str, keys: list[str]) -> None:
    spec = _question().answer
    assert isinstance(spec, ChoiceAnswer)
    assert read_choice(spec, answer) == keys


def test_a_wrong_pick_shows_what_its_option_gets_wrong() -> None:
    result = score_choice(_question(), ["a"])
    assert result.score == 0
    assert [(m.id, m.kind, m.penalty) for m in result.misconceptions] == [("canary-is-safe", "wrong_pick", 0.0)]
    assert result.misconceptions[0].evidence == "a) Canary release to 5% of customers"
    line = "Misconception: A small canary puts no customer at risk. Every customer in the canary gets"
    assert any(f.startswith(line) for f in result.feedback)
    assert result.to_dict()["misconceptions"][0]["correction"].startswith("Every customer in the canary")


def test_a_typed_wrong_pick_shows_it_too_and_a_right_pick_shows_none() -> None:
    wrong = score_answer(_question(), "tbh b, it's the cleanest comparison")
    assert wrong.score == 0 and [m.id for m in wrong.misconceptions] == ["split-is-safe"]
    right = score_answer(_question(), "c, because nothing the new model says reaches a customer")
    assert right.score > 50 and right.misconceptions == []


def test_a_right_pick_earns_half_and_its_reason_the_rest() -> None:
    """Which one, and why: the pick alone is half the score, however it is written; the reason
    earns the other half as it covers the rubric, and a line that only names the option is no
    reason."""
    for bare in ("c", "c) Shadow deployment", "I'd go with (c)", "**C** · Shadow deployment\n"):
        result = score_answer(_question(), bare)
        assert result.score == 50, bare
        assert any(f.startswith("No reason was given") for f in result.feedback), bare
    half = score_answer(_question(), "c) Shadow deployment\nbecause nothing the new model says reaches a customer")
    whole = score_answer(
        _question(),
        "c) Shadow deployment\nbecause nothing the new model says reaches a customer, "
        "while a canary still exposes customers.",
    )
    assert 50 < half.score < whole.score == 100
    assert [p.id for p in half.points if p.hit] == ["no-exposure"]
    assert any("Canary, A/B and blue-green" in f for f in half.feedback)  # what the reason missed
    wrong = score_answer(_question(), "b, because nothing the new model says reaches a customer")
    assert wrong.score == 0  # a wrong pick earns nothing, however it is argued


def test_a_choice_questions_follow_ups_count_like_any_other() -> None:
    follow_ups = [{"prompt": "How would you compare the two models' decisions?", "key_points": [
        {"id": "diff", "point": "Compare the logged decisions on the same requests", "phrases": ["same requests"]}]}]
    question = _question(follow_ups=follow_ups)
    pick = "c) Shadow deployment\nbecause nothing the new model says reaches a customer, while a canary still exposes customers."
    answered = score_answer(question, pick, ["Diff both models' decisions on the same requests."])
    skipped = score_answer(question, pick, [None])
    assert answered.score == 100 and skipped.score == 80  # the follow-ups are 20% of the round
    assert any("skipped, so its share earned nothing" in f for f in skipped.feedback)


def test_a_right_pick_padded_with_the_questions_own_terms_is_halved() -> None:
    """A keyword list after the pick is stuffing even when its terms come from the prompt rather
    than the rubric (a choice rubric has few phrases); a reasoned explanation is not."""
    prompt = "Which rollout lets you check a fraud model on live traffic without any customer impact?"
    question = _question(prompt=prompt)
    listed = score_answer(question, "c, rollout, live traffic, customer impact, fraud model, check, shadow mode, logging")
    assert listed.stuffing and listed.score == 25  # the pick's half, halved
    reasoned = score_answer(question, "c, because the fraud model only scores live traffic and its decisions are logged")
    assert not reasoned.stuffing and reasoned.score > 50


def test_a_wrong_pick_and_the_same_claim_typed_are_shown_once() -> None:
    spec = {**CHOICE, "options": [*CHOICE["options"], {"key": "e", "text": "Shadow, then a canary"}],
            "correct": ["c", "e"]}  # fmt: skip
    question = make_question(spec, ROLLOUT_RUBRIC, misconceptions=MISCONCEPTIONS)
    result = score_answer(question, "b, c and e: an a/b test has no customer impact so it is fine to add")
    assert [m.id for m in result.misconceptions] == ["split-is-safe"]
    assert result.misconceptions[0].kind == "misconception"  # as said, with its penalty
    assert sum("Misconception: An A/B test" in f for f in result.feedback) == 1


def test_every_bundled_choice_question_explains_each_wrong_option() -> None:
    missing = []
    choice = [q for q in all_questions() if isinstance(q.answer, ChoiceAnswer)]
    assert len(choice) >= 16
    for q in choice:
        assert isinstance(q.answer, ChoiceAnswer)
        for o in q.answer.options:
            if o.key not in q.answer.correct and q.option_misconception(o.key) is None:
                missing.append(f"{q.id} {o.key}")
    assert not missing


BANK = """schema_version: 1
round_type: ml_theory
topic: mlops
questions:
  - id: bv-sample
    title: Safest way to try a model
    difficulty: easy
    prompt: Which rollout exposes no customer?
    rubric:
      - id: shadow
        point: Shadow mode
        phrases: ["shadow"]
    misconceptions:
      - id: canary-safe
        claim: A canary is safe
        correction: Canary customers get the new decisions.
        options: [a, z]
      - id: shadow-wrong
        claim: Shadow is wrong
        correction: It is right.
        options: [c]
    reference_answer: Shadow mode.
    answer:
      kind: choice
      options:
        - {key: a, text: "Canary"}
        - {key: c, text: "Shadow"}
      correct: [c]
"""


def _errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(e).removeprefix(f"{path}:") for e in load_bank([path], run_solutions=False).errors]


def test_option_links_are_validated_with_their_lines(tmp_path: Path) -> None:
    assert _errors(tmp_path, BANK) == [
        "17: bv-sample: misconceptions[0].options: option(s) ['z'] are not among the option keys ['a', 'c']",
        "21: bv-sample: misconceptions[1].options: option(s) ['c'] are correct; a misconception names wrong options only",
    ]


def test_a_misconception_needs_phrases_or_options(tmp_path: Path) -> None:
    text = BANK.replace("        options: [c]\n", "")
    assert _errors(tmp_path, text) == [
        "18: bv-sample: misconceptions[1]: needs at least 1 phrase (or, on a choice question, the 'options' "
        "that make the claim)"
    ]


def test_options_on_a_non_choice_question_are_an_error(tmp_path: Path) -> None:
    text = BANK.replace("options: [c]", 'phrases: ["shadow is wrong"]').replace("options: [a, z]", "options: [a]")
    text = text.split("    answer:")[0] + "    answer:\n      kind: open\n"
    assert _errors(tmp_path, text) == [
        "17: bv-sample: misconceptions[0].options: only a choice question's misconception can name 'options'"
    ]


def test_a_bundled_wrong_pick_says_what_is_true() -> None:
    question = next(q for q in all_questions() if q.id == "ml-prob-two-children-boy")
    result = score_answer(question, "I'd go with (c) since each child is a boy half the time")
    assert result.score == 0
    assert [m.id for m in result.misconceptions] == ["ignores-condition"]
    assert "rules out girl-girl" in result.misconceptions[0].correction


def test_the_terminal_shows_a_wrong_pick_with_its_correction() -> None:
    from rich.console import Console

    from bot.terminal import render_claims

    console = Console(record=True, width=200)
    render_claims(console, score_choice(_question(), ["b"]).to_dict())
    shown = console.export_text()
    assert "You picked b) A/B test with a 50/50 split: An A/B test checks the model without affecting customers" in shown
    assert "Half the customers get the new model's decisions" in shown and "(−" not in shown


def _accuracy_on_imbalanced_data():
    return next(q for q in all_questions() if q.id == "ml-eval-accuracy-imbalanced")


def test_a_wrong_option_named_to_dismiss_it_is_not_its_claim() -> None:
    """The reason of a right pick that goes through the wrong options ("(a) ships a model that may
    be useless, (d) ROC-AUC alone hides poor precision") argues against their claims; the same
    claim said as the answer's own view is still charged."""
    question = _accuracy_on_imbalanced_data()
    dismissed = score_answer(question, "(b). check precision and recall on fraud. (a) ships it blind, the model is excellent only "
                             "on paper. (d) roc-auc fixes the imbalance? no, it hides bad precision.")  # fmt: skip
    endorsed = score_answer(question, "(b). check precision and recall on fraud, though honestly the model is excellent already.")
    assert "accuracy-impressive" not in {m.id for m in dismissed.misconceptions if m.penalty}
    assert "accuracy-impressive" in {m.id for m in endorsed.misconceptions if m.penalty}
    assert dismissed.score > endorsed.score


def test_each_wrong_option_dismissed_in_one_sentence_is_dismissed_under_its_own_label() -> None:
    question = _accuracy_on_imbalanced_data()
    result = score_answer(question, "(b) - compare with always predicting not fraud. (a) ships a maybe-useless model, (c) chases "
                          "the misleading metric, (d) roc-auc fixes the imbalance only on paper.")  # fmt: skip
    assert not {"accuracy-impressive", "roc-fixes-it"} & {m.id for m in result.misconceptions if m.penalty}
    # a claim under the right pick's own label is the answer's claim
    own = score_answer(question, "(b) and honestly (b) works because roc-auc fixes the imbalance anyway.")
    assert "roc-fixes-it" in {m.id for m in own.misconceptions if m.penalty}
