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


def test_roc_vs_pr_false_alarms_per_caught_attack() -> None:
    n_pos, n_neg, fpr = 1, 999, 0.01
    for recall, expected_ratio in ((1.0, 10), (0.5, 20)):
        fp_per_tp = fpr * n_neg / (recall * n_pos)
        assert round(fp_per_tp) == expected_ratio
    assert round(1 / (1 + fpr * n_neg), 2) == 0.09  # precision at recall 1
    text = question("ml-eval-roc-vs-pr-auc").reference_answer
    assert "FPR · N_neg / (recall · N_pos)" in text and "recall is close to 1" in text


def test_f1_and_cost_threshold() -> None:
    precision, recall = 40 / 50, 40 / 100
    f1 = 2 * precision * recall / (precision + recall)
    assert accepts("ml-eval-f1-from-confusion", f1)
    assert accepts("ml-eval-cost-based-threshold", 5 / 205)


def test_downsampling_correction() -> None:
    p_sampled, w = 0.5, 0.1
    p = p_sampled / (p_sampled + (1 - p_sampled) / w)
    assert math.isclose(p, 1 / 11) and accepts("ml-fe-downsampling-correction", p)


def test_psi_for_channel_shift() -> None:
    psi = sum((a - e) * math.log(a / e) for a, e in ((0.7, 0.5), (0.3, 0.5)))
    assert round(psi, 2) == 0.17 and accepts("ml-ops-psi-calculation", psi)


def softmax(logits: list[float], temperature: float = 1.0) -> list[float]:
    exps = [math.exp(x / temperature) for x in logits]
    return [e / sum(exps) for e in exps]


def test_llm_kv_cache_and_gqa() -> None:
    per_token = 2 * 32 * 4096 * 2
    assert per_token == 524_288 and states("ml-llm-kv-cache-memory", "524,288")
    total = per_token * 4096 * 16 / 1e9
    assert accepts("ml-llm-kv-cache-memory", total) and round(total, 1) == 34.4
    assert round(total / 4, 1) == 8.6 and states("ml-llm-kv-cache-memory", "8.6 GB")


def test_llm_temperature_and_top_p() -> None:
    p = softmax([2.0, 1.0, 0.0])
    assert [round(x, 3) for x in p] == [0.665, 0.245, 0.090]
    assert p[0] < 0.9 <= p[0] + p[1]  # the nucleus is {A, B}
    p_b = p[1] / (p[0] + p[1])
    assert accepts("ml-llm-temperature-top-p", p_b) and states("ml-llm-temperature-top-p", "0.269")
    assert round(softmax([2.0, 1.0, 0.0], temperature=0.5)[0], 2) == 0.87


def test_llm_lora_quantisation_and_moe() -> None:
    lora = 2 * 4096 * 16 * 2 * 32
    assert lora == 8_388_608 and accepts("ml-llm-lora-parameter-count", lora)
    assert round(100 * lora / 7e9, 2) == 0.12
    assert 7e9 * 16 / 1e9 == 112
    int4 = 70e9 * (4 + 16 / 128) / 8 / 1e9
    assert accepts("ml-llm-quantisation-memory", int4) and round(int4, 1) == 36.1
    expert = 3 * 4096 * 14336
    assert expert == 176_160_768
    assert accepts("ml-llm-mixture-of-experts", 2 * 32 * expert)
    assert round(8 * 32 * expert / 1e9, 1) == 45.1


def test_genai_evaluation_figures() -> None:
    wins, n = 232, 400
    p = wins / n
    se = math.sqrt(p * (1 - p) / n)
    assert accepts("ml-geval-win-rate-interval", p - 1.96 * se)
    assert round(p + 1.96 * se, 3) == 0.628 and round((p - 0.5) / math.sqrt(0.25 / n), 1) == 3.2
    assert round((1.96 + 0.84) ** 2 * 0.25 / 0.02**2) == 4900
    ranks = [1, 3, None, 2, 1]
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    assert accepts("ml-geval-rag-retrieval-metrics", mrr)
    assert sum(1 for r in ranks if r and r <= 3) / len(ranks) == 0.8
    p_o, p_e = 0.8, 0.7 * 0.7 + 0.3 * 0.3
    assert math.isclose(p_e, 0.58)
    assert accepts("ml-geval-human-eval-agreement", (p_o - p_e) / (1 - p_e))


def test_distributed_training_figures() -> None:
    params, gpus = 7e9, 8
    assert accepts("ml-dist-adam-memory-per-parameter", params * (2 + 2 + 4 + 4 + 4) / 1e9)
    assert params * (2 + 2 + 12 / gpus) / 1e9 == 38.5
    assert accepts("ml-dist-zero-stages", params * (2 + (2 + 12) / gpus) / 1e9)
    assert params * 16 / gpus / 1e9 == 14
    flops = 6 * params * 1e12
    days = flops / (256 * 312e12 * 0.4) / 86_400
    assert accepts("ml-dist-training-time-estimate", days) and round(days, 1) == 15.2
    stages, micro = 8, 32
    assert accepts("ml-dist-pipeline-bubble", (stages - 1) / (micro + stages - 1))
    sent = 2 * (gpus - 1) / gpus * params * 2 / 1e9
    assert accepts("ml-dist-ring-allreduce", sent) and math.isclose(sent / 100, 0.245)
    assert accepts("ml-dist-activation-checkpointing", (1 + 2 + 1) / (1 + 2) - 1)


def test_causal_inference_figures() -> None:
    rho = 0.6
    assert accepts("ml-ci-cuped-variance-reduction", 200_000 * (1 - rho**2))
    chi2 = sum((obs - 50_000) ** 2 / 50_000 for obs in (50_600, 49_400))
    assert accepts("ml-ci-sample-ratio-mismatch", chi2)
    assert 2 * (1 - Z.cdf(math.sqrt(chi2))) < 0.0002
    assert accepts("ml-ci-difference-in-differences", (260 - 200) - (210 - 180))


def gini(*counts: int) -> float:
    total = sum(counts)
    return 1 - sum((c / total) ** 2 for c in counts)


def test_classical_ml_figures() -> None:
    x, w, y = (1.0, 2.0), (0.5, -0.25), 1.0
    p = 1 / (1 + math.exp(-(w[0] * x[0] + w[1] * x[1])))
    assert p == 0.5 and accepts("ml-cml-logistic-regression-gradient", (p - y) * x[1])
    grad_sum, hess_sum, lam = -12, 8, 1
    assert accepts("ml-cml-gradient-boosting-internals", -grad_sum / (hess_sum + lam))
    heads, a, b = 3, 2, 2
    assert accepts("ml-cml-mle-vs-map", (a + heads - 1) / (a + b + heads - 2))
    assert round((a + heads) / (a + b + heads), 3) == 0.714
    weighted = 0.4 * gini(30, 10) + 0.6 * gini(10, 50)
    assert round(gini(40, 60), 2) == 0.48 and round(weighted, 3) == 0.317
    assert accepts("ml-cml-gini-split-gain", gini(40, 60) - weighted)


def test_privacy_and_labelling_figures() -> None:
    scale = 1 / 0.5
    assert accepts("ml-priv-laplace-mechanism", math.sqrt(2) * scale)
    assert round(math.exp(0.5), 2) == 1.65 and 10 * 0.5 == 5
    z = 1.96
    assert accepts("ml-lab-labels-for-precision-estimate", z**2 * 0.25 / 0.02**2)
    assert round(z**2 * 0.09 / 0.02**2) == 864


def test_probability_basics_figures() -> None:
    assert accepts("ml-pb-at-least-one-click", 1 - 0.8**10)
    assert math.ceil(math.log(0.01) / math.log(0.8)) == 21
    n, m = 10_000, 1_000_000
    assert accepts("ml-pb-hash-collisions", n * (n - 1) / 2 / m)
    var_mean = 20**2 / 100 + (99 / 100) * 0.1 * 20**2
    assert math.isclose(var_mean, 43.6) and accepts("ml-pb-variance-correlated-mean", math.sqrt(var_mean))
    assert round(20 * math.sqrt(0.1), 1) == 6.3
    assert accepts("ml-pb-poisson-alert-days", 1 - math.exp(-3))
    tail = 1 - sum(math.exp(-3) * 3**k / math.factorial(k) for k in range(9))
    assert 0.003 < tail < 0.005
    assert f"{math.exp(-21):.1e}" == "7.6e-10"


def test_beam_length_normalisation() -> None:
    a, b = [-0.5, -0.7, -0.6], [-0.4] * 5
    assert sum(a) > sum(b) and sum(a) / len(a) < sum(b) / len(b)


def test_llm_serving_figures() -> None:
    alpha, k = 0.8, 4
    expected = sum(alpha**i for i in range(k + 1))
    assert math.isclose(expected, (1 - alpha ** (k + 1)) / (1 - alpha))
    assert accepts("ml-llm-speculative-decoding", expected)
    assert accepts("ml-llm-decode-bandwidth-bound", 2e12 / (7e9 * 2))
    assert 300e12 / (2 * 7e9) > 20_000


def test_pass_at_k_batch_tokens_and_checkpoint_interval() -> None:
    n, c, k = 10, 3, 5
    assert accepts("ml-geval-pass-at-k", 1 - math.comb(n - c, k) / math.comb(n, k))
    assert math.comb(7, 5) == 21 and math.comb(10, 5) == 252
    assert round(1 - 0.7**5, 2) == 0.83  # the biased plug-in estimate named as a misconception
    assert accepts("ml-dist-global-batch-tokens", 64 * 4 * 8 * 2048)
    mtbf, cost = 480, 5
    interval = math.sqrt(2 * cost * mtbf)
    assert accepts("ml-dist-checkpoint-interval", interval)
    assert round(100 * (cost / interval + interval / (2 * mtbf))) == 14
    fast = math.sqrt(2 * 0.5 * mtbf)
    assert round(fast) == 22 and round(100 * (0.5 / fast + fast / (2 * mtbf))) == 5


def test_naive_bayes_posterior() -> None:
    spam, ham = 0.4 * 0.30 * 0.01, 0.6 * 0.02 * 0.05
    assert accepts("ml-cml-naive-bayes-spam", spam / (spam + ham))
    assert round((0.30 * 0.01) / (0.30 * 0.01 + 0.02 * 0.05), 2) == 0.75  # the no-prior mistake
