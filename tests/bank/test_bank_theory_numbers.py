"""The figures ML-theory reference answers state are recomputed here from the prompts' own inputs.

Each test rebuilds one worked number with plain arithmetic and checks that the bank states it (in
the reference answer, and as the numeric answer where the question asks for a number), so a later
edit that breaks the arithmetic fails here instead of reaching a member.
"""

from __future__ import annotations

import math
from functools import cache
from statistics import NormalDist

from bot.bank.loader import load_default_bank
from bot.core.questions import NumericAnswer, Question

Z = NormalDist()


@cache
def question(question_id: str) -> Question:
    return load_default_bank(run_solutions=False).bank.get(question_id)


def numeric_value(question_id: str) -> float:
    answer = question(question_id).answer
    assert isinstance(answer, NumericAnswer)
    return answer.value


def accepts(question_id: str, value: float) -> bool:
    """Would the bank's numeric answer accept `value`?"""
    answer = question(question_id).answer
    assert isinstance(answer, NumericAnswer)
    tol = max(answer.abs_tolerance or 0.0, (answer.rel_tolerance or 0.0) * abs(answer.value))
    return abs(value - answer.value) <= tol


def states(question_id: str, text: str) -> bool:
    return text in question(question_id).reference_answer


def two_proportion_n(p1: float, p2: float, alpha: float = 0.05, power: float = 0.8) -> float:
    z = Z.inv_cdf(1 - alpha / 2) + Z.inv_cdf(power)
    return z * z * (p1 * (1 - p1) + p2 * (1 - p2)) / (p2 - p1) ** 2


def test_ab_sample_size_per_arm_and_half_lift() -> None:
    n_one_point = two_proportion_n(0.10, 0.11)
    n_half_point = two_proportion_n(0.10, 0.105)
    assert 14_600 < n_one_point < 14_800 and accepts("ml-prob-ab-sample-size", n_one_point)
    assert round(n_half_point, -2) in (57_700, 57_800)
    assert states("ml-prob-ab-sample-size", "57,700")
    assert n_half_point < 4 * n_one_point  # the variance term shrinks as p2 moves toward p1


def test_max_stable_learning_rate_and_iteration_counts() -> None:
    lam_min, lam_max = 1.0, 100.0
    kappa = lam_max / lam_min
    assert accepts("ml-la-max-stable-learning-rate", 2 / lam_max)
    eta_star = 2 / (lam_min + lam_max)
    contraction = 1 - eta_star * lam_min
    assert math.isclose(contraction, (kappa - 1) / (kappa + 1))
    assert round(1 / -math.log(contraction)) == 50
    heavy_ball = (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)
    assert round(1 / -math.log(heavy_ball)) == 5
    for figure in ("≈ 50 iterations", "9/11", "roughly 5 iterations", "order √κ"):
        assert states("ml-la-max-stable-learning-rate", figure), figure


def test_pca_explained_variance_of_top_two() -> None:
    eigenvalues = [6.0, 3.0, 0.6, 0.4]
    assert sum(eigenvalues[:2]) / sum(eigenvalues) == 0.9
    assert states("ml-la-pca-explained-variance", "90%")


def test_conv_layer_parameters_and_output_size() -> None:
    weights = 3 * 3 * 64 * 128
    assert weights + 128 == 73_856 and states("ml-dl-conv-parameter-count", "73,856")
    assert round(56 * 56 * weights / 1e6) == 231
    assert (224 + 2 * 3 - 7) // 2 + 1 == 112


def test_attention_score_matrix_memory() -> None:
    gigabytes = 8192**2 * 32 * 2 / 1e9
    assert round(gigabytes, 1) == 4.3 and states("ml-dl-attention-matrix-memory", "4.3 GB")
