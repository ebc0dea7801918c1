"""The worked estimates in system-design reference answers, recomputed.

Each test reads a figure out of a question's reference answer (so an edit that changes the
text to a wrong number fails here) and recomputes it from the assumptions the answer states.
A member checks their own arithmetic against these answers; a wrong figure there teaches the
wrong estimate.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml

from bot.bank.loader import default_questions_dir, find_bank_files

DAY_S = 86_400
A100_BF16 = 312e12  # FLOP/s, dense
H100_BF16 = 989e12  # FLOP/s, dense (SXM)


@cache
def _references() -> dict[str, str]:
    refs: dict[str, str] = {}
    for path in find_bank_files([default_questions_dir()]):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in data["questions"]:
            refs[q["id"]] = " ".join(q["reference_answer"].split())
    return refs


def reference(question_id: str) -> str:
    refs = _references()
    assert question_id in refs, f"no question {question_id!r} in the bank"
    return refs[question_id]


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def stated(question_id: str, pattern: str) -> float:
    """The number captured by `pattern` (first group) in the reference answer."""
    match = re.search(pattern, reference(question_id))
    assert match, f"{question_id}: reference answer no longer states {pattern!r}"
    return _number(match.group(1))


def stated_range(question_id: str, pattern: str) -> tuple[float, float]:
    match = re.search(pattern, reference(question_id))
    assert match, f"{question_id}: reference answer no longer states {pattern!r}"
    return _number(match.group(1)), _number(match.group(2))


def close(stated_value: float, computed: float, rel: float = 0.05) -> bool:
    return computed == pytest.approx(stated_value, rel=rel)


# ---- sd-serve-llm-chat-gpu-fleet ----------------------------------------------------------

LLM_CHAT = "sd-serve-llm-chat-gpu-fleet"


def test_llm_chat_kv_cache_and_concurrency() -> None:
    kv_per_token = 2 * 40 * 5120 * 2  # K and V, 40 layers, 5,120 hidden, fp16
    assert close(stated(LLM_CHAT, r"~ ?([\d.]+) MB, so a 1,800-token"), kv_per_token / 1e6)
    assert close(stated(LLM_CHAT, r"needs ~([\d.]+) GB"), kv_per_token * 1800 / 1e9, rel=0.03)
    per_gpu = stated(LLM_CHAT, r"about (\d+) concurrent sequences per GPU")
    assert per_gpu * kv_per_token * 1800 / 1e9 <= 50  # fits in the ~50 GB left after weights


def test_llm_chat_decode_capacity() -> None:
    concurrent = 50 * (300 / 20)  # Little's law: arrivals x decode time
    assert stated(LLM_CHAT, r"= (\d+) concurrent sequences") == concurrent
    assert close(stated(LLM_CHAT, r"~(\d+) GPUs for decode"), concurrent / 30)
    assert stated(LLM_CHAT, r"50 x 300 = ([\d,]+) tokens/s") == 50 * 300
    step_gb = 26 + 30 * 1.4
    assert close(stated(LLM_CHAT, r"~(\d+) GB at ~2 TB/s"), step_gb)
    step_ms = step_gb / 2.0  # GB / (TB/s) = ms
    assert close(stated(LLM_CHAT, r"~2 TB/s ~ (\d+) ms"), step_ms)
    assert close(stated(LLM_CHAT, r"so ~(\d+) tokens/s per stream"), 1000 / step_ms)
    assert 1000 / step_ms >= 20


def test_llm_chat_prefill_flops_and_gpus() -> None:
    prefill_flops = 50 * 1500 * 2 * 13e9
    assert close(stated(LLM_CHAT, r"~ ([\d.]+) PFLOP/s"), prefill_flops / 1e15, rel=0.01)
    low_eff, high_eff = stated_range(LLM_CHAT, r"~(\d+)-(\d+) TFLOP/s")
    assert close(low_eff, 0.50 * A100_BF16 / 1e12) and close(high_eff, 0.55 * A100_BF16 / 1e12)
    low, high = stated_range(LLM_CHAT, r"prefill alone needs ~(\d+)-(\d+) A100s")
    assert low <= prefill_flops / (0.55 * A100_BF16) <= prefill_flops / (0.50 * A100_BF16) <= high


def test_llm_chat_fleet_total() -> None:
    busy = stated(LLM_CHAT, r"= ~(\d+) GPUs busy at peak")
    assert busy == 25 + 12
    total = stated(LLM_CHAT, r"headroom for bursts and failures, ~(\d+) GPUs")
    assert close(total, busy * 1.3)
    assert 45 <= total <= 50


# ---- sd-nlp-rag-docs-qa-500-qps -----------------------------------------------------------

RAG_DOCS = "sd-nlp-rag-docs-qa-500-qps"


def test_rag_docs_token_rates() -> None:
    assert stated(RAG_DOCS, r"prefill is ([\d.]+)M tokens/s") * 1e6 == 500 * 3000
    assert stated(RAG_DOCS, r"decode (\d+)k tokens/s") * 1e3 == 500 * 300
    assert close(stated(RAG_DOCS, r"\(~([\d.]+) PFLOP/s per GPU\)") * 1e15, 0.5 * H100_BF16)


RAG_MODELS = {
    # label: (params, decode tokens/s per GPU, "busy GPUs" wording, "total" wording)
    "70B": (70e9, 600, r"Together ~(\d+) GPUs", r"~(\d+) H100s, about"),
    "8B": (8e9, 5000, r"~(\d+) busy", r"~(\d+) H100s with headroom"),
}


@pytest.mark.parametrize("label", sorted(RAG_MODELS))
def test_rag_docs_gpu_count(label: str) -> None:
    params, decode_per_gpu, busy_pattern, total_pattern = RAG_MODELS[label]
    text = reference(RAG_DOCS)
    section = text[text.index(f"**{label} model.**") :]

    def number(pattern: str) -> float:
        match = re.search(pattern, section)
        assert match, f"{label}: no {pattern!r}"
        return _number(match.group(1))

    flops = 2 * params * 1.5e6
    assert close(number(r"= ([\d.]+)e\d+ FLOP/s") * 10 ** number(r"= [\d.]+e(\d+) FLOP/s"), flops)
    prefill_gpus = flops / (0.5 * H100_BF16)
    assert close(number(r"FLOP/s, (?:i\.e\. )?~(\d+) H100s"), prefill_gpus, rel=0.02)
    decode_gpus = 150_000 / decode_per_gpu
    assert close(number(r"~(\d+) GPUs[;.]"), decode_gpus)
    busy = number(busy_pattern)
    assert close(busy, prefill_gpus + decode_gpus, rel=0.02)
    assert close(number(total_pattern), busy * 1.2, rel=0.02)


def test_rag_docs_70b_node_figures() -> None:
    assert stated(RAG_DOCS, r"~([\d,]+) tokens/s\), 150k") == 8 * 600
    assert close(stated(RAG_DOCS, r"about (\d+) nodes\. The prefill"), 810 / 8)
    assert close(stated(RAG_DOCS, r"it is ~(\d+)x cheaper"), 810 / 95, rel=0.1)


# ---- sd-search-ecommerce-product-ranking ----------------------------------------------------

SEARCH = "sd-search-ecommerce-product-ranking"


def test_search_daily_volume_uses_the_average_not_the_peak() -> None:
    ratio = stated(SEARCH, r"peak-to-average ratio of ~(\d+)")
    average_qps = stated(SEARCH, r"daily average is ~(\d+)k QPS") * 1e3
    assert average_qps == 20_000 / ratio
    per_day = stated(SEARCH, r"~ (\d+) million searches/day") * 1e6
    assert close(per_day, average_qps * DAY_S, rel=0.01)
    assert close(stated(SEARCH, r"~ (\d+) billion impressions"), per_day * 48 / 1e9, rel=0.02)


def test_search_peak_scoring_load() -> None:
    assert stated(SEARCH, r"= (\d+) million light-model") * 1e6 == 20_000 * 1_000
    assert stated(SEARCH, r"= (\d+) million heavy-model") * 1e6 == 20_000 * 200
    assert stated(SEARCH, r"\(~(\d+)M each\)") * 1e6 == 100e6 / 50


# ---- sd-ads-click-prediction ----------------------------------------------------------------

ADS = "sd-ads-click-prediction"


def test_ads_volume() -> None:
    assert stated(ADS, r"= (\d+) million scorings per second") * 1e6 == 200_000 * 500
    impressions = 300e6 * 50
    assert stated(ADS, r"= (\d+) billion impressions per day") * 1e9 == impressions
    assert stated(ADS, r"~(\d+) TB per day") * 1e12 == impressions * 2e3


def test_ads_gpu_fleet_from_a_stated_model() -> None:
    flops_per_ad = 2 * stated(ADS, r"~([\d.]+)M dense parameters") * 1e6
    assert stated(ADS, r"~(\d+) MFLOPs per ad") * 1e6 == flops_per_ad
    sustained = stated(ADS, r"only ~(\d+)% of its 312") / 100 * A100_BF16
    assert close(stated(ADS, r"~(\d+) TFLOP/s\. That is") * 1e12, sustained, rel=0.01)
    per_gpu = sustained / flops_per_ad
    assert close(stated(ADS, r"~ ?([\d.]+) million ad scorings/s per GPU") * 1e6, per_gpu, rel=0.02)
    requests_per_gpu = per_gpu / 500
    assert close(stated(ADS, r"~([\d,]+) requests/s of 500 ads"), requests_per_gpu, rel=0.02)
    fleet = 200_000 / requests_per_gpu
    assert close(stated(ADS, r"~ (\d+) GPUs \("), fleet, rel=0.02)
    assert close(stated(ADS, r"\(([\d.]+) PFLOP/s in total\)") * 1e15, 100e6 * flops_per_ad)
    per_region_busy = fleet / 2  # three regions, any two carry the peak
    assert close(stated(ADS, r"each region needs ~(\d+) GPUs busy"), per_region_busy, rel=0.02)
    per_region = stated(ADS, r"~(\d+) with 30% headroom")
    assert close(per_region, per_region_busy * 1.3, rel=0.02)
    assert stated(ADS, r"~(\d+) A100s in all") == 3 * per_region


# ---- sd-train-7b-model-on-gpu-cluster -------------------------------------------------------

TRAIN_7B = "sd-train-7b-model-on-gpu-cluster"


def test_7b_memory_and_the_sharding_it_recommends() -> None:
    states_gb = 7e9 * (2 + 2 + 12) / 1e9
    assert stated(TRAIN_7B, r"~ (\d+) GB, more than one") == states_gb
    # The recommendation shards within a node (8 GPUs); the per-GPU figure must match it.
    assert "shard the states across the 8 GPUs of each node" in reference(TRAIN_7B)
    assert stated(TRAIN_7B, r"~(\d+) GB per GPU, and replicate") == states_gb / 8
    assert stated(TRAIN_7B, r"~(\d+) GB per GPU for activations") <= 80 - states_gb / 8
    assert stated(TRAIN_7B, r"~([\d.]+) GB per GPU, but that saving") == states_gb / 64


def test_7b_compute_time() -> None:
    flops = 6 * 7e9 * 50e9
    assert close(stated(TRAIN_7B, r"~ ([\d.]+)e21 FLOPs") * 1e21, flops)
    throughput = 64 * A100_BF16 * stated(TRAIN_7B, r"x (\d+)% MFU") / 100
    assert close(stated(TRAIN_7B, r"~ (\d+)e15 FLOP/s") * 1e15, throughput, rel=0.02)
    seconds = flops / throughput
    assert close(stated(TRAIN_7B, r"~([\d.]+)e5 s") * 1e5, seconds, rel=0.02)
    days = stated(TRAIN_7B, r"~ ([\d.]+) days")
    assert close(days, seconds / DAY_S, rel=0.02) and days < 14
    assert round(days / 3) == 1  # "about one failure" at one node failure every ~3 days


# ---- sd-fraud-realtime-card-payments --------------------------------------------------------

FRAUD = "sd-fraud-realtime-card-payments"


def test_fraud_volume() -> None:
    per_day = 4_000 * DAY_S
    assert close(stated(FRAUD, r"about (\d+) million transactions a day") * 1e6, per_day, rel=0.02)
    assert close(stated(FRAUD, r"~(\d+) GB/day of logs") * 1e9, per_day * 1e3, rel=0.02)
    assert stated(FRAUD, r"needs ~(\d+) cores") == 10_000 / (2_000 * 0.5)


def test_fraud_decline_rule_keeps_the_one_minus_p_factor() -> None:
    text = reference(FRAUD)
    assert "p x amount > (1 - p) x cost of a false decline" in text
    cost = stated(FRAUD, r"c ~ \$(\d+)")
    shown = {
        100: stated(FRAUD, r"\$100 payment is declined above p ~ ([\d.]+)"),
        1_000: stated(FRAUD, r"\$1,000 payment above p ~ ([\d.]+)"),
    }
    for amount, value in shown.items():
        threshold = cost / (amount + cost)  # p * amount = (1 - p) * cost at the break-even p
        assert threshold * amount == pytest.approx((1 - threshold) * cost)
        assert value == pytest.approx(threshold, abs=0.005)


# ---- sd-data-training-data-lake --------------------------------------------------------------

DATA_LAKE = "sd-data-training-data-lake"


def test_data_lake_growth() -> None:
    assert close(stated(DATA_LAKE, r"~ (\d+) PB per year") * 1e15, 20e12 * 365, rel=0.05)


def test_data_lake_faces_the_pinning_versus_deletion_conflict() -> None:
    text = reference(DATA_LAKE).lower()
    assert "conflict with pinning" in text
    assert "re-pin" in text and "crypto-shredding" in text
    assert "snapshot expiry" in text and "retention policy" in text


# ---- sd-train-daily-pipeline-at-scale --------------------------------------------------------

DAILY = "sd-train-daily-pipeline-at-scale"


def test_daily_pipeline_needed_throughput() -> None:
    needed = stated(DAILY, r"~ (\d+)k examples/s\. Assume") * 1e3
    assert close(needed, 2e9 / (4 * 3600), rel=0.02)


def test_daily_pipeline_one_node_is_thin_and_two_nodes_have_headroom() -> None:
    per_gpu = stated(DAILY, r"one A100 does ~(\d+)k examples/s") * 1e3
    one_node = stated(DAILY, r"gives (\d+)k examples/s at best") * 1e3
    assert one_node == 8 * per_gpu
    margin = stated(DAILY, r"only ~(\d+)% above")
    assert close(margin / 100, one_node / 140_000 - 1, rel=0.05)
    efficiency = stated(DAILY, r"at ~(\d+)% scaling efficiency") / 100
    two_nodes = stated(DAILY, r"give ~(\d+)k examples/s, so") * 1e3
    assert two_nodes == 16 * per_gpu * efficiency
    seconds = 2e9 / two_nodes
    assert close(stated(DAILY, r"~ ([\d,]+) s ~"), seconds, rel=0.01)
    hours = stated(DAILY, r"s ~ ([\d.]+) hours")
    assert close(hours, seconds / 3600, rel=0.02)
    assert hours <= 4 / 2  # a full rerun-from-checkpoint still fits the window
