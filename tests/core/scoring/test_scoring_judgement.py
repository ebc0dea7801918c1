"""Misconceptions, red flags, content gating, final numeric values, choice text, follow-ups."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.core.models import Difficulty
from bot.core.rounds import PartKind
from bot.core.scoring import combine_with_tests, score_answer
from bot.core.scoring.choice import read_choice
from bot.core.scoring.numbers import judge_numeric
from bot.core.scoring.parts import answer_parts
from bot.core.scoring.points import compute_points
from bot.core.scoring.stuffing import looks_stuffed, stuffing_signals
from tests.core.scoring.scoring_helpers import make_question, numeric_question

PVALUE_RUBRIC = [
    {"id": "definition", "point": "Defines the p-value", "weight": 2,
     "phrases": ["probability of data at least this extreme", "assuming the null hypothesis is true"]},
    {"id": "not-posterior", "point": "Says it is not the probability H0 is true", "weight": 1,
     "phrases": ["not the probability that the null hypothesis is true"]},
]  # fmt: skip
PVALUE_MISCONCEPTIONS = [
    {
        "id": "p-is-posterior",
        "claim": "A p-value is the probability that the null hypothesis is true",
        "correction": "It is P(data this extreme | H0), not P(H0 | data).",
        "phrases": ["p-value is the probability the null hypothesis is true"],
        "penalty": 0.4,
    },
    {
        "id": "ci-contains",
        "claim": "A 95% interval has a 95% chance of holding the true value",
        "correction": "The 95% is about the procedure over repeated samples, not this one interval.",
        "phrases": ["95% chance the true value is inside this interval"],
        "patterns": [r"95\s*%\s+(chance|probability)\s+(that\s+)?the\s+true"],
        "penalty": 0.3,
    },
]


def _pvalue_question():
    return make_question({"kind": "open"}, PVALUE_RUBRIC, misconceptions=PVALUE_MISCONCEPTIONS)


RIGHT = (
    "The p-value is the probability of data at least this extreme, assuming the null hypothesis is true. "
    "A p-value is NOT the probability that the null hypothesis is true."
)
WRONG = (
    "The p-value is the probability of data at least this extreme, assuming the null hypothesis is true, "
    "so a p-value is the probability the null hypothesis is true."
)


def test_a_stated_misconception_costs_its_penalty_and_is_explained() -> None:
    right, wrong = score_answer(_pvalue_question(), RIGHT), score_answer(_pvalue_question(), WRONG)
    assert right.misconceptions == []
    assert [m.id for m in wrong.misconceptions] == ["p-is-posterior"]
    assert wrong.score == pytest.approx(100 * 2 / 3 - 40, abs=0.1)
    claim = wrong.misconceptions[0]
    assert "P(H0 | data)" in claim.correction and claim.evidence
    assert any(line.startswith("Misconception: A p-value is the probability") for line in wrong.feedback)


def test_the_clause_that_states_a_wrong_claim_earns_no_key_point() -> None:
    rubric = [
        {"id": "decay", "point": "Relates L2 to weight decay", "weight": 1, "phrases": ["weight decay"]},
        {"id": "adamw", "point": "Says AdamW decouples the decay", "weight": 1, "phrases": ["adamw decouples"]},
    ]
    claims = [{
        "id": "same", "claim": "L2 regularisation and weight decay are identical under Adam",
        "correction": "Under Adam the L2 gradient is rescaled per weight; decoupled weight decay is not.",
        "phrases": ["l2 and weight decay are identical"], "penalty": 0.2,
    }]  # fmt: skip
    question = make_question({"kind": "open"}, rubric, misconceptions=claims)
    wrong = score_answer(question, "With Adam, L2 and weight decay are identical. AdamW decouples nothing new.")
    assert [m.id for m in wrong.misconceptions] == ["same"]
    assert not next(p for p in wrong.points if p.id == "decay").hit  # named in the wrong claim itself
    right = score_answer(question, "Weight decay shrinks the weights each step. AdamW decouples it from the gradient.")
    assert right.misconceptions == [] and all(p.hit for p in right.points)


def _one_claim_question(claim: dict[str, Any], point: tuple[str, str, str], **extra: Any):
    """An open question with one key point (id, point, phrase) and one misconception."""
    rubric = [{"id": point[0], "point": point[1], "weight": 1, "phrases": [point[2]]}]
    return make_question({"kind": "open"}, rubric, misconceptions=[claim], **extra)


def test_a_claim_inside_a_why_not_paragraph_is_the_case_against_it() -> None:
    question = _one_claim_question(
        {"id": "independence-half", "claim": "The other child is independent, so the answer is 1/2",
         "correction": "At least one boy does not single out a child: 1/3.",
         "phrases": ["the other child is independent and the answer is 1/2"], "penalty": 0.35},
        ("cases", "Lists the equally likely cases", "bb bg gb"),
    )  # fmt: skip
    rebuttal = (
        "Only GG is ruled out, so BB, BG, GB stay equally likely and P(BB) = 1/3.\n\n"
        "Why not 1/2: that answers another question, where a specific child is a boy. "
        "There the other child is independent and the answer is 1/2."
    )
    assert score_answer(question, rebuttal).misconceptions == []
    # Said as the answer, or after the rebuttal's paragraph has ended, it is a claim.
    claimed = "BB, BG, GB are the cases. But the other child is independent and the answer is 1/2."
    assert [m.id for m in score_answer(question, claimed).misconceptions] == ["independence-half"]
    after = rebuttal + "\n\nSo in the end the other child is independent and the answer is 1/2."
    assert [m.id for m in score_answer(question, after).misconceptions] == ["independence-half"]


def test_a_counterfactual_is_not_a_claim_but_a_rule_stated_with_if_is() -> None:
    question = _one_claim_question(
        {"id": "fail-open", "claim": "When the fraud model is down, approve every payment",
         "correction": "Fail to a rule-based fallback, not to approving everything.",
         "phrases": ["approve every payment"], "penalty": 0.3},
        ("fallback", "Has a fallback", "rule-based fallback"),
    )  # fmt: skip
    rule = score_answer(question, "If the scorer is down we approve every payment and review them later.")
    assert [m.id for m in rule.misconceptions] == ["fail-open"]
    counterfactual = "If you had no fallback you would approve every payment, so we keep a rule-based fallback."
    assert score_answer(question, counterfactual).misconceptions == []
    assert score_answer(question, "Suppose we approve every payment during an outage: fraud spikes.").misconceptions == []


def test_a_denied_misconception_is_not_a_claim() -> None:
    answer = "A p-value is NOT the probability H0 is true, and there is no 95% chance the true value is inside this interval."
    assert score_answer(_pvalue_question(), answer).misconceptions == []


def test_restating_the_prompt_is_not_making_the_claim_its_words_make_elsewhere() -> None:
    question = _one_claim_question(
        {"id": "once-per-mtbf", "claim": "Checkpoint once per MTBF, every 8 hours",
         "correction": "The optimum is near sqrt(2·C·MTBF).", "phrases": ["once every 8 hours"], "penalty": 0.25},
        ("young", "Uses Young's formula", "sqrt(2 c m)"),
        prompt="A training job fails on average once every 8 hours. How often should you checkpoint?",
    )  # fmt: skip
    restated = "The job fails once every 8 hours, so M = 480 min; T = sqrt(2 C M) is about 69 min."
    assert score_answer(question, restated).misconceptions == []
    # The same words as the answer's own decision are the claim, and so is a restatement followed by it.
    decided = "Simple: checkpoint once every 8 hours, right before the expected failure."
    assert [m.id for m in score_answer(question, decided).misconceptions] == ["once-per-mtbf"]
    both = restated + " In practice I would just checkpoint once every 8 hours to keep overhead low."
    assert [m.id for m in score_answer(question, both).misconceptions] == ["once-per-mtbf"]


def test_agreeing_with_a_statement_the_prompt_quotes_is_making_it() -> None:
    question = make_question(
        {"kind": "open"}, PVALUE_RUBRIC, misconceptions=PVALUE_MISCONCEPTIONS,
        prompt='A colleague writes: "So there is a 95% chance the true value is inside this interval." Is that right?',
    )  # fmt: skip
    agreed = "Yes: there is a 95% chance the true value is inside this interval, that is what 95% means."
    assert [m.id for m in score_answer(question, agreed).misconceptions] == ["ci-contains"]


def test_misconception_patterns_count_and_stack() -> None:
    answer = "The p-value is the probability the null hypothesis is true. There is a 95% chance the true mean is in it."
    result = score_answer(_pvalue_question(), answer)
    assert {m.id for m in result.misconceptions} == {"p-is-posterior", "ci-contains"}
    assert result.score == 0


def test_results_carry_misconceptions_and_follow_ups_when_serialised() -> None:
    data = json.loads(json.dumps(score_answer(_pvalue_question(), WRONG).to_dict()))
    assert data["misconceptions"][0]["correction"].startswith("It is P(data")
    assert data["follow_ups"] == []


STAR_RUBRIC = [
    {"id": "incident", "point": "Describes the incident", "phrases": ["recommendation model", "ranking incident", "bad deploy"]},
    {"id": "mitigate", "point": "Mitigates first", "phrases": ["rolled back", "previous model"]},
    {"id": "postmortem", "point": "Runs a postmortem", "phrases": ["postmortem", "action items"]},
]  # fmt: skip
STAR_SPEC = {
    "kind": "star",
    "must_show": {"situation": "an incident on the ranking model", "task": "own the fix",
                  "action": "mitigate then find the cause", "result": "impact and prevention"},
    "red_flags": ["Blames another team for the incident"],
}  # fmt: skip


def _star_question():
    return make_question(
        STAR_SPEC, STAR_RUBRIC, round_type="behavioral", topic="failure",
        title="A production incident on the ranking model", prompt="Tell me about a ranking model incident you handled.",
    )  # fmt: skip


ON_TOPIC = (
    "Last year a bad deploy of our ranking model caused an incident: click-through dropped 9% overnight. "
    "I was on call and my task was to stop the damage. I rolled back to the previous model within 20 minutes, "
    "then I traced the cause to a feature that was null after a schema change. "
    "As a result we recovered the 9% the same morning, and I wrote the postmortem with three action items."
)
OFF_TOPIC = (
    "Situation: our team's GPU costs had grown 3x in six months. Task: I volunteered to reduce them. "
    "Action: I profiled our training jobs, found 40% of GPU hours idle on data loading, and moved "
    "preprocessing to cached shards. Result: costs fell 45% in one quarter and jobs finished 30% faster."
)


def test_an_off_topic_story_stays_low_however_well_told() -> None:
    question = _star_question()
    on, off = score_answer(question, ON_TOPIC), score_answer(question, OFF_TOPIC)
    assert off.star is not None and off.star.situation and off.star.action and off.star.result
    assert off.score <= 20
    assert on.score >= 80
    assert any("in proportion to on-topic content" in line for line in off.feedback)


def test_a_number_in_an_off_topic_story_is_not_this_questions_result() -> None:
    """A quantified result made by a bare number pattern is structure, not topic: "costs fell 45%"
    in a story about GPU costs is no result of a ranking incident."""
    rubric = [*STAR_RUBRIC, {"id": "quantified-result", "point": "Reports the outcome with numbers", "phrases": ["met the target"],
                             "patterns": [r"\d+(\.\d+)?\s?%"]}]  # fmt: skip
    question = make_question(
        STAR_SPEC, rubric, round_type="behavioral", topic="failure",
        title="A production incident on the ranking model", prompt="Tell me about a ranking model incident you handled.",
    )  # fmt: skip
    on, off = score_answer(question, ON_TOPIC), score_answer(question, OFF_TOPIC)
    off_point = next(p for p in off.points if p.id == "quantified-result")
    on_point = next(p for p in on.points if p.id == "quantified-result")
    assert off_point.hit and off_point.earned < 0.5 and on_point.earned == 1
    assert off.score <= 10 and on.score >= 80
    assert any("Made only in part: Reports the outcome with numbers" in line for line in off.feedback)
    assert any(line.startswith("A number alone is not this question's result: Reports the outcome") for line in off.feedback)
    assert not any(line.startswith("A number alone") for line in on.feedback)


def test_blaming_others_is_a_scored_red_flag() -> None:
    blame = ON_TOPIC + " Honestly it was the data team's fault, they messed up the schema."
    fair = ON_TOPIC + " It wasn't the data team's fault; our checks should have caught the schema change."
    blamed, owned = score_answer(_star_question(), blame), score_answer(_star_question(), fair)
    flags = {m.id: m for m in blamed.misconceptions}
    assert "blames-others" in flags and flags["blames-others"].kind == "red_flag"
    assert flags["blames-others"].claim == "Blames another team for the incident"  # the question's own words
    assert "blames-others" not in {m.id for m in owned.misconceptions}
    assert blamed.score < owned.score


def test_no_personal_action_and_no_outcome_are_red_flags() -> None:
    we_only = (
        "Last year a bad deploy of our recommendation model broke ranking. We rolled back to the previous "
        "model and we wrote a postmortem with action items."
    )
    ids = {m.id for m in score_answer(_star_question(), we_only).misconceptions}
    assert {"no-personal-action", "no-outcome"} <= ids


def test_a_red_flag_is_named_by_the_question_only_when_its_wording_is_that_flag() -> None:
    # The question lists other red flags: their wording must not name the built-in ones
    # ("result" in "Hid ... the negative result" is not "no outcome"; "default" holds "fault").
    spec = {**STAR_SPEC, "red_flags": ["Hid or softened the negative result", "Chose simple by default without comparing",
                                       "Feedback about personality rather than behaviour"]}  # fmt: skip
    question = make_question(
        spec, STAR_RUBRIC, round_type="behavioral", topic="failure",
        title="A production incident on the ranking model", prompt="Tell me about a ranking model incident you handled.",
    )  # fmt: skip
    we_only = (
        "Last year a bad deploy of our recommendation model broke ranking. It was the platform team's fault. "
        "We rolled back to the previous model and we wrote a postmortem with action items."
    )
    claims = {m.id: m.claim for m in score_answer(question, we_only).misconceptions}
    assert claims["no-outcome"].startswith("No outcome")
    assert claims["no-personal-action"].startswith("No personal action")
    assert claims["blames-others"] == "Blames others for what went wrong"


DESIGN_RUBRIC = [
    {"id": "two-stage", "point": "Candidate generation then ranking", "phrases": ["candidate generation", "two stage"]},
    {"id": "latency", "point": "Latency budget", "phrases": ["latency budget"]},
    {"id": "cold-start", "point": "Cold start for new items", "phrases": ["cold start", "new items"]},
]  # fmt: skip
DESIGN_SPEC = {"kind": "design", "phases": ["requirements", "data", "model", "serving", "monitoring"]}
OFF_TOPIC_DESIGN = (
    "Requirements: 2,000 transactions per second, fraud decisions in 50 ms at p99. "
    "Data: chargebacks arrive after 60 days, so labels are delayed. "
    "Model: gradient boosted trees on velocity features, retrained weekly. "
    "Serving: a feature cache in Redis and a 30 ms model budget. "
    "Monitoring: alert on score drift and the chargeback rate."
)


def test_an_off_topic_design_with_every_dimension_stays_low() -> None:
    question = make_question(
        DESIGN_SPEC, DESIGN_RUBRIC, round_type="system_design", topic="recsys",
        title="Design video recommendations", prompt="Design the recommendation system for a video app's home feed.",
    )  # fmt: skip
    result = score_answer(question, OFF_TOPIC_DESIGN)
    assert result.design is not None and sum(result.design.covered.values()) >= 4
    assert result.score <= 20


# ---- numbers: the final stated value --------------------------------------------------------


def test_only_the_final_stated_value_counts() -> None:
    spec = numeric_question().answer
    verdict = judge_numeric(spec, "At first I thought 95%, but working it through: 95/590 = 16%.")  # type: ignore[arg-type]
    assert verdict.correct and verdict.read == "16%"
    assert "Read '16%'" in verdict.explanation
    wrong = judge_numeric(spec, "Working it through gives 16% for the sick share, so the answer is 95%.")  # type: ignore[arg-type]
    assert not wrong.correct and wrong.read == "95%"


def test_several_candidates_without_a_final_one_earn_nothing() -> None:
    spec = numeric_question().answer
    verdict = judge_numeric(spec, "Maybe 12%, maybe 16%, or 20% depending on the test.")  # type: ignore[arg-type]
    assert not verdict.correct and verdict.read is None
    assert "none stated as the final answer" in verdict.explanation


def test_numbers_from_the_prompt_are_data_not_answers() -> None:
    spec = {"kind": "numeric", "value": 0.161, "rel_tolerance": 0.07, "percent_equivalent": True}
    question = make_question(spec, prompt="The test is 95% sensitive with 5% false positives at 1% prevalence.")
    result = score_answer(question, "With 1% prevalence and 5% false positives, PPV comes to 16%.")
    assert result.numeric is not None and result.numeric.correct


def test_final_marks_the_answer_only_when_it_names_it() -> None:
    spec = {"kind": "numeric", "value": 29.29, "rel_tolerance": 0.02, "names": ["expected draws"]}
    question = make_question(spec)
    text = (
        "By linearity, E[T] = 10 · H_10 ≈ 29.3 draws. The final three stages (10/3 + 10/2 + 10) take "
        "more than half of that."
    )
    numeric = score_answer(question, text).numeric
    assert numeric is not None and numeric.correct and numeric.read == "29.3"
    for marked in ("Final answer: 29.3", "final: ~29.3 draws", "Finally, 29.3.", "The final estimate is about 29.3"):
        verdict = judge_numeric(question.answer, "E[T] is 10/3 + ... at first sight 12. " + marked)  # type: ignore[arg-type]
        assert verdict.correct, marked


def test_a_bold_value_is_the_committed_one_even_with_numbers_after_it() -> None:
    spec = numeric_question().answer
    text = "PPV = 95/590 ≈ **16%**. With a 10% prevalence it would rise to about 68%."
    assert judge_numeric(spec, text).correct  # type: ignore[arg-type]


# ---- choice ---------------------------------------------------------------------------------

CHOICE = {
    "kind": "choice",
    "options": [{"key": "a", "text": "Random forest"}, {"key": "b", "text": "k-nearest neighbours"},
                {"key": "c", "text": "Gradient-boosted trees"}, {"key": "d", "text": "A single decision tree"}],
    "correct": ["b"],
}  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "keys"),
    [
        ("b", ["b"]),
        ("I'd go with b", ["b"]),
        ("k-nearest neighbours, because it uses distances", ["b"]),
        ("(b) kNN. Trees like the random forest and boosted trees split per feature.", ["b"]),
        ("I'd pick the random forest", ["a"]),
        ("I'd say it depends", []),
        ("a/b testing would tell", []),
        ("Not the random forest: k-nearest neighbours.", ["b"]),
    ],
)
def test_choice_reads_keys_and_option_text_with_word_boundaries(answer: str, keys: list[str]) -> None:
    assert read_choice(make_question(CHOICE).answer, answer) == keys  # type: ignore[arg-type]


def test_choice_result_lists_the_options_for_front_ends() -> None:
    result = score_answer(make_question(CHOICE), "k-nearest neighbours")
    assert result.score == 50  # the right pick, named by its text, with no reason
    assert [(o.key, o.chosen, o.correct) for o in result.options] == [
        ("a", False, False), ("b", True, True), ("c", False, False), ("d", False, False)]  # fmt: skip


# ---- follow-ups -----------------------------------------------------------------------------

FOLLOW_UPS = [
    {"prompt": "What if prevalence were 10%?", "probes": ["base-rate"],
     "key_points": [{"id": "rises", "point": "PPV rises a lot", "phrases": ["ppv rises", "much higher"]}]},
    {"prompt": "How would you explain it to a patient?",
     "key_points": [{"id": "freq", "point": "Uses natural frequencies", "phrases": ["out of 1000 people"]}]},
    "Any questions for us?",
]  # fmt: skip
MAIN = "Using Bayes rule, most positives are false positives because the base rate is low, so a second test is needed."


def _fu_question():
    return make_question({"kind": "open"}, follow_ups=FOLLOW_UPS)


def test_follow_ups_are_scored_with_their_share() -> None:
    result = score_answer(_fu_question(), MAIN, ["The PPV rises a lot, to about 68%.", "Out of 1000 people, ...", None])
    assert result.main_score == 100
    scored = [f for f in result.follow_ups if f.scored]
    assert [f.share for f in scored] == [0.1, 0.1]
    assert [f.status for f in result.follow_ups] == ["answered", "answered", "not scored"]
    assert result.score == 100


def test_a_skipped_follow_up_earns_nothing_for_its_share() -> None:
    result = score_answer(_fu_question(), MAIN, ["The PPV rises a lot.", None, None])
    assert result.follow_ups[1].status == "skipped" and result.follow_ups[1].earned == 0
    assert result.score == pytest.approx(90)
    assert any("Follow-up 2 (10% of the round): skipped" in line for line in result.feedback)


def test_an_off_topic_follow_up_is_reported_as_such() -> None:
    result = score_answer(_fu_question(), MAIN, ["I like cats.", "Out of 1000 people, 10 are sick.", None])
    assert result.follow_ups[0].status == "off-topic" and result.follow_ups[0].earned == 0
    assert any("off-topic" in line for line in result.feedback)
    data = result.to_dict()
    assert data["follow_ups"][0]["status"] == "off-topic"


def test_without_follow_up_answers_the_main_answer_is_the_whole_score() -> None:
    assert score_answer(_fu_question(), MAIN).score == 100


def test_tests_blend_into_the_main_part_and_follow_ups_keep_their_share() -> None:
    result = score_answer(_fu_question(), MAIN, ["The PPV rises a lot.", None, None])
    combined = combine_with_tests(result, passed=4, total=8)
    assert combined.score == pytest.approx(0.8 * (0.7 * 50 / 2 + 0.3 * 100) + 10)


def test_round_parts_are_split_into_main_and_follow_up_answers() -> None:
    class Part:
        def __init__(self, kind: PartKind, index: int | None, content: str) -> None:
            self.kind, self.follow_up_index, self.content = kind, index, content

    parts = [Part(PartKind.ANSWER, None, "main one"), Part(PartKind.ANSWER, None, "main two"),
             Part(PartKind.FOLLOW_UP, 1, "second follow-up")]  # fmt: skip
    main, follow_ups = answer_parts(_fu_question(), parts)
    assert main == "main one\n\nmain two"
    assert follow_ups == [None, "second follow-up", None]


# ---- stuffing by structure ------------------------------------------------------------------

RUBRIC_PHRASES = ["bayes rule", "false positives", "base rate", "prevalence", "second test", "posterior"]


def test_terse_chat_answers_with_reasoning_are_not_stuffing() -> None:
    terse = "fp = 5% of 9900 = 495, tp = 95, so ppv = 95/590 ~16%. low b/c base rate tiny -> 2nd test"
    assert not looks_stuffed(terse, RUBRIC_PHRASES)
    result = score_answer(numeric_question(), terse)
    assert not result.stuffing and result.score >= 80


def test_a_long_explanation_that_repeats_its_terms_while_it_reasons_is_not_stuffing() -> None:
    # A thorough derivation says its subject's words again and again; it reasons in every line.
    derivation = (
        "Before the information the four outcomes are BB, BG, GB and GG, each 1/4. At least one boy rules out "
        "only GG, which leaves BB, BG and GB, and only one of them is two boys, so P(BB | at least one boy) = "
        "(1/4) / (3/4) = 1/3. Why not 1/2: that answers a different question, where a specific child is a boy "
        "and the other child is independent of it. 1/4 is the unconditional P(BB), and 2/3 is the chance of "
        "exactly one boy given at least one boy. The 1/3 assumes you learned it by checking for at least one boy, "
        "so BB is one of three equally likely cases (BB, BG, GB), not one of two."
    )
    phrases = ["bb bg gb", "at least one boy", "1/3", "equally likely", "specific child", "conditioning", "1/2"]
    signals = stuffing_signals(derivation, phrases)
    assert signals.repetition > 0.5 and signals.reasoning_share > 0.8  # repeats a lot, and reasons
    assert not signals.stuffed
    # Repetition without reasoning is still stuffing.
    assert looks_stuffed("at least one boy, BB BG GB, equally likely, at least one boy, BB BG GB, specific child", phrases)


NER_PHRASES = [  # ml-dl-bert-ner-finetuning's rubric phrases
    "bio tagging", "b-drug", "i-drug", "bioes", "begin inside outside", "iob", "wordpiece", "first sub-token",
    "offset mapping", "subword alignment", "ignore index", "token classification head", "linear layer per token",
    "2e-5", "3-5 epochs", "warm-up", "cross-entropy", "sliding window", "overlap", "stride", "512 tokens",
    "chunk the note", "merge predictions", "entity-level f1", "span-level", "seqeval", "exact match",
    "per entity type", "strict matching",
]  # fmt: skip


def test_terse_notes_with_settings_and_relations_are_not_stuffing() -> None:
    # A strong candidate's terse notes: concrete settings and how the pieces connect, no prose.
    notes = (
        "- align: fast tokenizer offsets_mapping -> char spans to subwords, B on first, I inside, O else. "
        "first subword labeled, rest -100\n"
        "- head: linear per token -> softmax, CE. AdamW 3e-5, warmup, wd .01, ~5-10 ep, early stop on dev entity F1\n"
        "- long notes: sliding windows 512 w/ stride ~128, merge overlaps by taking most-central window pred, "
        "map back to chars\n"
        "- eval: split by patient not window. entity-level strict P/R/F1 per type (seqeval) + lenient overlap"
    )
    assert not looks_stuffed(notes, NER_PHRASES)
    # The same terms as a bare list are still stuffing.
    assert looks_stuffed(
        "BIO tagging, wordpiece, first sub-token, offset mapping, sliding window, stride, entity-level F1, seqeval",
        NER_PHRASES,
    )


@pytest.mark.parametrize(
    "listing",
    [
        "bayes rule, posterior, false positives, base rate, prevalence, second test, 16%",
        "Bayes rule, base rate, prevalence, posterior odds, false positives, use a second test",
        "- bayes\n- base rate\n- prevalence\n- false positives\n- second test",
    ],
)
def test_buzzword_lists_are_caught(listing: str) -> None:
    assert looks_stuffed(listing, RUBRIC_PHRASES)


# ---- points ---------------------------------------------------------------------------------


def _points(score: float, difficulty: Difficulty) -> int:
    return compute_points(score, difficulty, 0, 0, 600, 1200, False, False)


@pytest.mark.parametrize("weak", [10, 30, 45, 49])
@pytest.mark.parametrize("strong", [50, 70, 85, 100])
def test_a_weak_hard_answer_never_beats_a_strong_easy_one(weak: float, strong: float) -> None:
    assert _points(weak, Difficulty.HARD) <= _points(strong, Difficulty.EASY)
    assert _points(weak, Difficulty.MEDIUM) <= _points(strong, Difficulty.EASY)


def test_harder_questions_still_pay_more_for_strong_answers() -> None:
    assert _points(90, Difficulty.EASY) < _points(90, Difficulty.MEDIUM) < _points(90, Difficulty.HARD)
