"""Multi-part numeric answers: the value read is the one stated for the asked quantity.

A correct worked answer states several different quantities (an eigenvalue, the condition number,
an iteration count, the prevalence, a denominator, a what-if); the last committed number is then
often another quantity than the one asked. Each case below is a sentence a candidate would write.
"""

from __future__ import annotations

import pytest

from bot.cli.score import find_question
from bot.core.questions import NumericAnswer
from bot.core.scoring.numbers import judge_numeric
from bot.core.scoring.quantities import asked_quantity

LR_PROMPT = (
    "You minimise f(w) = ½ wᵀ H w with plain gradient descent, w ← w − η ∇f(w). The Hessian H is "
    "symmetric with eigenvalues 1 and 100.\n\nWhat is the largest learning rate η for which gradient "
    "descent still converges from any starting point? Then say which learning rate gives the fastest "
    "convergence and how many iterations it needs, roughly, to shrink the error by a factor of e."
)
LR = NumericAnswer(kind="numeric", value=0.02, abs_tolerance=0.0005)

L_PROMPT = (
    "Gradient descent runs on a quadratic loss whose Hessian has eigenvalues between 0.1 and L = 10. "
    "What is the maximum stable learning rate?"
)
L_LR = NumericAnswer(kind="numeric", value=0.2, abs_tolerance=0.005)

PPV_PROMPT = (
    "A disease affects 1% of people. A test detects 95% of sick people and gives a false positive for "
    "5% of healthy people. What is the probability that a person who tests positive is actually sick?"
)
PPV = NumericAnswer(kind="numeric", value=0.161, rel_tolerance=0.07, percent_equivalent=True)

SOFTMAX_PROMPT = "A classifier outputs the logits [0, 0, 0, 0] for four classes. What probability does softmax give each class?"
SOFTMAX = NumericAnswer(kind="numeric", value=0.25, abs_tolerance=0.01)

KV_PROMPT = (
    "A decoder has 32 layers and d_model = 4096 and keeps its KV cache in fp16. You serve 16 sequences "
    "of 4,096 tokens. How many gigabytes (10^9 bytes) does the KV cache take for the whole batch?"
)
KV = NumericAnswer(kind="numeric", value=34.36, rel_tolerance=0.02, unit="GB")
WHAT_IF = " Then say how the answer changes if you serve 32 sequences instead."

CHECKPOINT_PROMPT = (
    "A job fails once every 8 hours and a checkpoint pauses training for 5 minutes. Using Young's "
    "approximation, how often should you checkpoint? Give the interval in minutes."
)
CHECKPOINT = NumericAnswer(kind="numeric", value=69.3, rel_tolerance=0.03, unit="minutes")

TRAINING_PROMPT = (
    "You pretrain a 7B-parameter model on 1 trillion tokens with 256 A100 GPUs (312 TFLOP/s each) at 40% "
    "MFU. Estimate the wall-clock time in days."
)
TRAINING = NumericAnswer(kind="numeric", value=15.2, rel_tolerance=0.05, unit="days")

ZERO_PROMPT = (
    "The 7B model needs 16 bytes per parameter. You train on 8 GPUs with ZeRO. How much memory does each "
    "GPU hold at stage 1, stage 2 and stage 3? Give the stage-2 figure in GB as your answer."
)
ZERO = NumericAnswer(kind="numeric", value=26.25, rel_tolerance=0.03, unit="GB per GPU")

# (spec, prompt, answer, correct, the value the feedback must say it read)
MULTI_PART = [
    # the asked value, then a value people use in practice
    (L_LR, L_PROMPT, "lr = 2/L = 0.2, and with the safety margin people usually pick lr = 0.1 in practice.", True, "0.2"),
    (LR, LR_PROMPT, "Each eigendirection is scaled by (1 − ηλ) per step, so η < 2/λ_max = 2/100 = 0.02. In practice "
     "I'd set lr = 0.01 to stay away from the edge.", True, "0.02"),
    # the asked value, then other named quantities
    (L_LR, L_PROMPT, "The Hessian's largest eigenvalue is 10, so the max stable lr is 0.2. The condition number is 100, "
     "which is why the flat direction is slow.", True, "0.2"),
    (LR, LR_PROMPT, "largest eigenvalue is 100 so the max stable learning rate is 2/100 = 0.02. condition number is 100, "
     "so the flat direction converges slowly: about 50 iterations per factor of e.", True, "0.02"),
    (LR, LR_PROMPT, "Need |1 - ηλ| < 1 for both eigenvalues, the binding one is 100: η < 0.02. The fastest fixed step is "
     "η* = 2/(1 + 100) ≈ 0.0198, contraction 99/101 ≈ 0.98 per step, so roughly 50 iterations.", True, "0.02"),
    # a line labelled as another η: the label says which one its value is
    (LR, LR_PROMPT, "converge: need |1 - ηλ| < 1 for λ = 100, so η < 2/100 = 0.02\noptimal: η = 2/(1 + 100) ≈ 0.0198, "
     "about 50 steps per factor of e", True, "0.02"),
    (LR, LR_PROMPT, "- max: η = 2/100 = 0.01\n- fastest: η = 2/101 ≈ 0.0198", False, "0.01"),
    # a wrong asked value stays wrong even when other quantities are right
    (LR, LR_PROMPT, "The largest eigenvalue is 100 so the max stable learning rate is 1/100 = 0.01. The condition "
     "number is 100.", False, "0.01"),
    # PPV, then the same value in another form, or then the prevalence
    (PPV, PPV_PROMPT, "PPV = 95/590 ≈ 16%, so about 16 of every 100 flagged are really sick.", True, "16"),
    (PPV, PPV_PROMPT, "P(sick | +) ≈ 16%. It is that low because the prevalence = 1%.", True, "16%"),
    (PPV, PPV_PROMPT, "Out of 10,000 people 100 are sick, 95 of them test positive and 495 healthy ones do too, so the "
     "probability is 95/590 ≈ 16%. As a sanity check the false-positive share of the 590 = 84%.", True, "16%"),
    (PPV, PPV_PROMPT, "The probability a positive is sick is 95%, since the prevalence = 1% only matters for "
     "screening.", False, None),  # 95% only restates the question's sensitivity
    # an "= 1" (or another step) before the final value of a derivation
    (SOFTMAX, SOFTMAX_PROMPT, "Each class gets 0.25, because every exp is e^0 = 1 and the denominator = 4.", True, "0.25"),
    (SOFTMAX, SOFTMAX_PROMPT, "All logits equal, so the weights are uniform: the denominator = 1 + 1 + 1 + 1 = 4 and the "
     "probability of each class is 1/4.", True, "1/4"),
    # a what-if after the answer
    (KV, KV_PROMPT, "Per token: 2 × 32 × 4096 × 2 bytes = 524,288 bytes. Per sequence that is ≈ 2.15 GB, so the batch "
     "of 16 needs ≈ 34.4 GB; with an int8 cache it would drop to ≈ 17.2 GB.", True, "34.4"),
    (TRAINING, TRAINING_PROMPT, "6 × 7e9 × 1e12 = 4.2e22 FLOPs at 3.19e16 FLOP/s effective gives ≈ 1.31 × 10^6 s, which is "
     "15.2 days. With 512 GPUs it would take about 7.6 days.", True, "15.2"),
    # the prompt's own what-if, taken up by a labelled line or by an "if ... instead" sentence
    (KV, KV_PROMPT + WHAT_IF, "2 × 32 × 4096 × 2 B = 512 KiB per token, × 65,536 tokens ≈ 34.4 GB\n32 seqs: twice that, "
     "≈ 68.7 GB", True, "34.4"),
    (KV, KV_PROMPT + WHAT_IF, "The whole batch needs about 34.4 GB. If we served 32 sequences instead, the cache\ngrows "
     "with the batch, so roughly 68.7 GB.", True, "34.4"),
    (KV, KV_PROMPT + WHAT_IF, "The whole batch needs about 17.2 GB. If we served 32 sequences instead, the cache\ngrows "
     "with the batch, so roughly 34.4 GB.", False, "17.2"),
    # a value in another unit than asked
    (CHECKPOINT, CHECKPOINT_PROMPT, "T ≈ sqrt(2 × 5 × 480) = sqrt(4800) ≈ 69 min, i.e. about 1.2 hours.", True, "69"),
    (CHECKPOINT, CHECKPOINT_PROMPT, "sqrt(2·C·MTBF) with C = 5 min and MTBF = 8 h gives ≈ 1.16 hours.", True, "1.16"),
    (TRAINING, TRAINING_PROMPT, "Total compute 4.2e22 FLOPs over 3.19e16 FLOP/s = 1.31e6 seconds.", True, "1.31e6"),
    (KV, KV_PROMPT, "2 × 32 × 4096 × 2 = 524,288 bytes per token, and the batch holds 16 × 4096 tokens.", False, "524288"),
    # labelled parts: the asked part is the one read
    (ZERO, ZERO_PROMPT, "Stage 1: 2 + 2 + 12/8 = 5.5 bytes per param → 38.5 GB per GPU.\nStage 2: 2 + 14/8 = 3.75 bytes "
     "→ 26.25 GB per GPU.\nStage 3: 16/8 = 2 bytes → 14 GB per GPU.", True, "26.25"),
    (ZERO, ZERO_PROMPT, "Stage 1: 38.5 GB per GPU. Stage 2: 14 GB per GPU. Stage 3: 26.25 GB per GPU.", False, "14"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("spec", "prompt", "answer", "correct", "read"), MULTI_PART, ids=[c[2][:40] for c in MULTI_PART]
)
def test_the_asked_quantity_is_read_in_a_multi_part_answer(
    spec: NumericAnswer, prompt: str, answer: str, correct: bool, read: str | None
) -> None:
    verdict = judge_numeric(spec, answer, prompt)
    assert verdict.correct is correct, verdict.explanation
    if read is None:
        assert verdict.read is None
    else:
        assert verdict.read is not None and read in verdict.read, verdict.explanation
        assert f"'{verdict.read}'" in verdict.explanation


# Listing several candidates for the same quantity without committing still earns nothing.
HEDGES = [
    (LR, LR_PROMPT, "The max stable learning rate could be 0.01 or 0.02, or maybe 0.04."),
    (LR, LR_PROMPT, "lr = 0.02? maybe 0.01, or 0.0198. not sure which"),
    (PPV, PPV_PROMPT, "Maybe 12%, maybe 16%, or 20% depending on the test; the prevalence = 1%."),
    (L_LR, L_PROMPT, "In practice people use 0.1, 0.2 or 0.05."),
    (LR, LR_PROMPT, "The max stable learning rate is 0.01. It could also be 0.02 though."),
    (PPV, PPV_PROMPT, "The probability that a positive is sick is 16%. Or maybe the probability is 50%."),
]


@pytest.mark.parametrize(("spec", "prompt", "answer"), HEDGES, ids=[c[2][:40] for c in HEDGES])
def test_several_candidates_for_the_asked_quantity_earn_nothing(spec: NumericAnswer, prompt: str, answer: str) -> None:
    verdict = judge_numeric(spec, answer, prompt)
    assert not verdict.correct and verdict.read is None, verdict.explanation


def test_feedback_names_the_other_quantities_it_set_aside() -> None:
    text = "The max stable lr is 0.2. The condition number is 100, so about 50 iterations per factor of e."
    verdict = judge_numeric(L_LR, text, L_PROMPT)
    assert verdict.correct and verdict.read == "0.2"
    assert "condition number" in verdict.explanation and "'100'" in verdict.explanation


def test_a_value_converted_from_another_unit_says_so() -> None:
    verdict = judge_numeric(CHECKPOINT, "Young's rule: sqrt(2 × 5 × 480) ≈ 1.16 hours.", CHECKPOINT_PROMPT)
    assert verdict.correct
    assert "1.16 hours" in verdict.explanation and "69.6 minutes" in verdict.explanation


def test_a_wrong_value_in_another_unit_is_still_wrong() -> None:
    verdict = judge_numeric(CHECKPOINT, "Checkpoint about every 2 hours.", CHECKPOINT_PROMPT)
    assert not verdict.correct and verdict.read == "2 hours"
    assert "120 minutes" in verdict.explanation


# An intermediate named with the question's words is not the answer when it feeds the final step.
INTERMEDIATES = [
    (PPV, PPV_PROMPT, "The chance of a positive test is 0.01 × 0.95 + 0.99 × 0.05 = 0.059, so PPV = 0.0095/0.059 ≈ 0.161.",
     True, "0.161"),
    (PPV, PPV_PROMPT, "P(positive test) = 0.0095 + 0.0495 = 0.059, so PPV = 0.0095 / 0.059 ≈ 16%.", True, "16%"),
    (PPV, PPV_PROMPT, "probability of testing positive is 5.9%, and PPV = 0.95% / 5.9% ≈ 16%.", True, "16%"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("spec", "prompt", "answer", "correct", "read"), INTERMEDIATES, ids=[c[2][:40] for c in INTERMEDIATES]
)
def test_an_intermediate_that_feeds_the_result_is_not_read(
    spec: NumericAnswer, prompt: str, answer: str, correct: bool, read: str
) -> None:
    verdict = judge_numeric(spec, answer, prompt)
    assert verdict.correct is correct and verdict.read == read, verdict.explanation


# Chat-style correct answers to the bank's own multi-part numeric questions: the asked value is
# read although the answer goes on to other quantities (or started with them).
BANK_ANSWERS = [
    ("ml-la-max-stable-learning-rate", "need |1 - lr*λ| < 1 for every eigenvalue, worst is 100 so lr < 2/100 = 0.02. best "
     "fixed lr is 2/(1+100) ≈ 0.0198, contraction (κ-1)/(κ+1) = 99/101 ≈ 0.98 per step, so ~50 iterations per factor "
     "of e. momentum gets it to ~5.", "0.02"),
    ("ml-dist-zero-stages", "stage 1: 2+2+12/8 = 5.5 B/param -> 38.5 GB. stage 2: 2 + 14/8 = 3.75 B/param -> 26.25 GB. "
     "stage 3: 16/8 = 2 B/param -> 14 GB. comms: stage 1/2 reduce-scatter + all-gather, stage 3 adds per-layer "
     "all-gathers (~1.5x).", "26.25"),
    ("ml-eval-f1-from-confusion", "P = 0.8, R = 0.4, so F1 ≈ 0.53; accuracy would be 930/1000 = 0.93 which hides it.",
     "0.53"),
    ("ml-geval-pass-at-k", "pass@5 ≈ 0.917, pass@1 = 0.3. Just sampling 5 is unbiased but high variance.", "0.917"),
    ("ml-rrf-mape-near-zero", "WAPE = 12.5% while MAPE = 73.3%, the 2-unit product dominates MAPE.", "12.5%"),
    ("ml-dist-checkpoint-interval", "Young: T = sqrt(2 × 5 × 480) ≈ 69 minutes, about 7% overhead each way. With 30 s "
     "checkpoints it would be ≈ 22 minutes.", "69"),
    ("ml-llm-kv-cache-memory", "per token 2 × 32 × 4096 × 2 B = 512 KiB; per seq ≈ 2.15 GB; batch 16 ≈ 34.4 GB. GQA with "
     "8 KV heads would cut it to ≈ 8.6 GB.", "34.4"),
    # a numbered list of questions asks for every item: the first item's value does not set the second's aside
    ("ml-cml-logistic-regression-gradient", "p = σ(0) = 0.5, and the gradient ∂L/∂w₂ = (p − y)·x₂ = −0.5 × 2 = −1.",
     "-1"),
    ("ml-dist-pipeline-bubble", "bubble = (p-1)/(m+p-1) = 7/39 ≈ 18%. interleaving or more micro-batches shrink it; with "
     "64 micro-batches it would be 7/71 ≈ 10%.", "18%"),
]  # fmt: skip


@pytest.mark.parametrize(("question_id", "answer", "read"), BANK_ANSWERS, ids=[c[0] for c in BANK_ANSWERS])
def test_bank_multi_part_answers_are_read_at_the_asked_value(question_id: str, answer: str, read: str) -> None:
    question = find_question(question_id)
    assert question is not None and isinstance(question.answer, NumericAnswer)
    verdict = judge_numeric(question.answer, answer, question.prompt)
    assert verdict.correct and verdict.read == read, verdict.explanation


# What the words right around a number say it is: a value compared with, a factor, a function's
# argument, a value carried over a wrapped line.
AROUND = [
    (NumericAnswer(kind="numeric", value=0.532, abs_tolerance=0.004),
     "Give a 95% confidence interval for B's true win rate (B won 232 of 400) and state its lower bound.",
     "The 95% interval is 0.58 ± 1.96 × 0.0247, so the lower bound is about 0.532. The interval excludes 0.5, "
     "and the z-statistic = (0.58 - 0.5) / sqrt(0.25/400) = 3.2.", "0.532"),
    (KV, KV_PROMPT, "16 sequences × 4096 tokens × 524,288 bytes ≈ 34.4 GB in total; an int8 KV cache is 2× smaller.",
     "34.4"),
    (LR, LR_PROMPT, "In the eigenbasis each coordinate is multiplied by (1 − ηλ) every step, so for the largest eigenvalue "
     "the learning rate must satisfy η < 2/100 =\n0.02. Above that the steep direction oscillates and blows up.", "0.02"),
]  # fmt: skip


@pytest.mark.parametrize(("spec", "prompt", "answer", "read"), AROUND, ids=[c[2][:40] for c in AROUND])
def test_the_words_around_a_number_say_what_it_is(spec: NumericAnswer, prompt: str, answer: str, read: str) -> None:
    verdict = judge_numeric(spec, answer, prompt)
    assert verdict.correct and verdict.read == read, verdict.explanation


def test_only_a_follow_on_part_of_the_prompt_is_a_what_if() -> None:
    """"how the answer changes if ..." changes a given; a prompt that opens with "If the bus runs at
    100 GB/s, how long ..." sets a condition of the asked quantity itself."""
    assert asked_quantity(KV_PROMPT + WHAT_IF, "GB").what_if == {32.0}
    condition = "If the effective bus bandwidth is 100 GB/s, how long does the all-reduce of 14 GB take?"
    assert asked_quantity(condition, "seconds").what_if == frozenset()
