"""The worked estimates in system-design reference answers, recomputed.

Each test reads a figure out of a question's reference answer (so an edit that changes the
text to a wrong number fails here) and recomputes it from the assumptions the answer states.
A member checks their own arithmetic against these answers; a wrong figure there teaches the
wrong estimate.
"""

from __future__ import annotations

import math
import random
import re
from functools import cache
from statistics import NormalDist

import pytest
import yaml

from bot.bank.loader import default_questions_dir, find_bank_files, load_bank
from bot.core.models import RoundType
from bot.core.questions import Question

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
    return float(text.replace(",", "").rstrip("."))  # "0.896." at the end of a sentence


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


MODERATION = "sd-nlp-comment-moderation"


def test_comment_moderation_volume_and_gpus() -> None:
    assert close(500e6 / DAY_S, 6000, rel=0.05)  # the prompt's "about 6,000/s average"
    share = 2000 / 20_000
    assert share == stated(MODERATION, r"low risk score \(~(\d+)%\)") / 100
    per_comment = 2 * 1e8 * 128
    assert close(stated(MODERATION, r"128 ~ ([\d.]+)e10 FLOP per") * 1e10, per_comment, rel=0.02)
    load = 2000 * per_comment
    assert close(stated(MODERATION, r"~([\d.]+)e13 FLOP/s at 2,000/s") * 1e13, load, rel=0.01)
    effective = 0.4 * 125e12
    assert stated(MODERATION, r"gives\s+~(\d+) TFLOP/s, so") * 1e12 == effective
    assert round(load / effective) == stated(MODERATION, r"so about (\d+) GPU of pure compute")

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


def test_login_volume_comes_from_the_average_not_the_peak() -> None:
    ato = "sd-fraud-login-account-takeover"
    average = stated(ato, r"average near ([\d,]+)/s")
    assert stated(ato, r"peaks ~([\d.]+)x the mean") == pytest.approx(3_000 / average, rel=0.05)
    assert close(stated(ato, r"roughly (\d+) million logins a day") * 1e6, average * DAY_S, rel=0.05)


# ---- new questions: LLM serving ---------------------------------------------------------------

KV70 = "sd-llm-kv-cache-capacity-70b"


def test_kv_cache_70b_capacity() -> None:
    kv = 2 * 80 * 8 * 128 * 2
    assert stated(KV70, r"= ([\d,]+) bytes") == kv
    assert close(stated(KV70, r"~([\d.]+) GB; an average"), kv * 8192 / 1e9, rel=0.02)
    assert close(stated(KV70, r"3,000-token one ~([\d.]+) GB"), kv * 3000 / 1e9, rel=0.02)
    free = 640 - 140 - 64
    assert stated(KV70, r"leaving ~(\d+) GB for KV") == free
    full = free / (kv * 8192 / 1e9)
    average = free / (kv * 3000 / 1e9)
    assert close(stated(KV70, r"about (\d+) full-length"), full, rel=0.02)
    assert close(stated(KV70, r"or about (\d+) at the 3,000-token"), average, rel=0.02)
    assert stated(KV70, r"(\d+) nodes with bf16 KV") == math.ceil(1500 * 1.2 / 440)
    assert close(stated(KV70, r"\(~(\d+) sequences per node\)"), 2 * average, rel=0.02)
    assert stated(KV70, r"need (\d+) nodes with fp8") == math.ceil(1800 / 880)
    step_ms = (140 + free) / (8 * 3.35)  # GB / (TB/s) = ms
    assert close(stated(KV70, r"~([\d.]+) ms per decode step"), step_ms, rel=0.02)
    assert close(stated(KV70, r"~(\d+) tokens per second per sequence"), 1000 / step_ms, rel=0.03)


def test_kv_cache_70b_long_context_follow_up() -> None:
    per_seq = 2 * 80 * 8 * 128 * 2 * 32768 / 1e9
    assert per_seq == pytest.approx(10.7, abs=0.05)
    assert 436 / per_seq == pytest.approx(40, abs=1)


LORA = "sd-llm-multi-tenant-lora-serving"


def test_lora_adapter_memory_and_gpus() -> None:
    per_proj = 16 * (4096 + 4096)
    assert stated(LORA, r"= ([\d,]+) parameters") == per_proj
    params = per_proj * 2 * 32
    assert close(stated(LORA, r"~([\d.]+) million parameters") * 1e6, params, rel=0.01)
    assert close(stated(LORA, r"~(\d+) MB per adapter") * 1e6, params * 2, rel=0.02)
    assert close(stated(LORA, r"All 500 take ~([\d.]+) GB") * 1e9, 500 * params * 2, rel=0.01)
    assert stated(LORA, r"= (\d+) TB of") == 500 * 16 / 1000
    prefill = 200 * 1000 * 2 * 8e9
    assert close(stated(LORA, r"= ([\d.]+)e15 FLOP/s") * 1e15, prefill)
    prefill_gpus = prefill / (0.5 * H100_BF16)
    assert close(stated(LORA, r"so ~([\d.]+) GPUs\. Decode"), prefill_gpus, rel=0.02)
    decode_gpus = 200 * 200 / (5000 * 0.8)
    assert stated(LORA, r"so (\d+) GPUs\. About") == decode_gpus
    busy = stated(LORA, r"About ([\d.]+) busy")
    assert close(busy, prefill_gpus + decode_gpus, rel=0.02)
    assert close(stated(LORA, r"~(\d+) H100s with 30% headroom"), busy * 1.3, rel=0.03)


TTFT = "sd-llm-long-prompt-ttft-disaggregation"


def test_long_prompt_prefill_time_and_pool() -> None:
    flops = 2 * 34e9 * 8000
    assert close(stated(TTFT, r"= ([\d.]+)e14 FLOP\.") * 1e14, flops, rel=0.01)
    one_gpu_s = flops / (0.5 * H100_BF16)
    assert close(stated(TTFT, r"so one GPU takes ~([\d.]+) s"), one_gpu_s, rel=0.02)
    assert one_gpu_s > 0.5
    tp4_s = one_gpu_s / (4 * 0.85)
    assert close(stated(TTFT, r"~ ([\d.]+) s, leaving room"), tp4_s, rel=0.03)
    load = 20 * flops
    assert close(stated(TTFT, r"= ([\d.]+)e16 FLOP/s") * 1e16, load, rel=0.01)
    raw = load / (0.5 * H100_BF16)
    assert close(stated(TTFT, r"~(\d+) GPUs of pure compute"), raw, rel=0.02)
    with_tp = raw / 0.85
    assert close(stated(TTFT, r"~(\d+) with the TP efficiency"), with_tp, rel=0.02)
    at_70 = with_tp / 0.7
    assert close(stated(TTFT, r"utilisation: ~(\d+), so"), at_70, rel=0.02)
    assert stated(TTFT, r"TP4 groups, (\d+) GPUs") == 4 * math.ceil(at_70 / 4)
    assert stated(TTFT, r"20 x 100 = ([\d,]+) tokens per second") == 2000


def test_long_prompt_kv_transfer() -> None:
    kv = 2 * 48 * 8 * 128 * 2
    assert close(stated(TTFT, r"2 bytes ~ ([\d.]+) MB") * 1e6, kv, rel=0.05)
    per_request = kv * 8000 / 1e9
    assert close(stated(TTFT, r"so ~([\d.]+) GB per\s+request"), per_request, rel=0.03)
    assert close(stated(TTFT, r"~(\d+) GB/s in total"), 20 * per_request, rel=0.03)
    assert stated(TTFT, r"carries ~(\d+) GB/s") == 400 / 8


GATEWAY = "sd-llm-internal-api-cost-per-token"


def test_gateway_prices() -> None:
    per_hour = 30 * 20 * 3600
    assert close(stated(GATEWAY, r"([\d.]+) million tokens an hour\. \$2") * 1e6, per_hour)
    out_price = 2 / (per_hour / 1e6)
    assert close(stated(GATEWAY, r"~ ?\$([\d.]+) per million output tokens"), out_price, rel=0.01)
    assert close(stated(GATEWAY, r"say 70%: ~\$([\d.]+)\)"), out_price / 0.7, rel=0.01)
    prefill_rate = 0.5 * A100_BF16 / (2 * 13e9)
    assert close(stated(GATEWAY, r"so ~([\d,]+) tokens per second, ~"), prefill_rate, rel=0.01)
    in_price = 2 / (prefill_rate * 3600 / 1e6)
    assert close(stated(GATEWAY, r"~\$([\d.]+) per million input tokens"), in_price, rel=0.05)
    assert close(stated(GATEWAY, r"about (\d+)x cheaper"), out_price / in_price, rel=0.05)
    small = 8 * 35
    assert stated(GATEWAY, r"= (\d+) tokens per second, 1\.0M") == small
    assert close(stated(GATEWAY, r"~\$([\d.]+) per million: smaller"), 2 / (small * 3600 / 1e6), rel=0.01)


# ---- new questions: RAG systems -----------------------------------------------------------------

RAG_EVAL = "sd-rag-eval-harness"


def test_rag_eval_set_size() -> None:
    se = math.sqrt(0.8 * 0.2 / 100)
    assert stated(RAG_EVAL, r"/ 100\) = ([\d.]+)") == pytest.approx(se)
    assert close(stated(RAG_EVAL, r"about \+-([\d.]+) points"), 1.96 * se * 100, rel=0.01)
    needed = 1.96**2 * 0.16 / 0.025**2
    assert close(stated(RAG_EVAL, r"0\.025\^2 ~ (\d+)"), needed, rel=0.01)
    assert close(stated(RAG_EVAL, r"so about ([\d,]+) questions"), needed, rel=0.05)
    assert stated(RAG_EVAL, r"= (\d+)M judge tokens") * 1e6 == 1000 * 2 * 3000


LEGAL = "sd-rag-chunking-index-legal"


def test_legal_index_size_and_reembedding_cost() -> None:
    tokens = 10e6 * 500
    assert stated(LEGAL, r"= (\d+) billion tokens") * 1e9 == tokens
    chunks = tokens / (512 - 64)
    assert close(stated(LEGAL, r"~([\d.]+) million chunks \(about"), chunks / 1e6, rel=0.01)
    assert close(stated(LEGAL, r"~(\d+) GB in total"), chunks * 1024 * 4 / 1e9, rel=0.02)
    assert close(stated(LEGAL, r"~(\d+) GB in fp16"), chunks * 1024 * 2 / 1e9, rel=0.02)
    embedded = chunks * 512
    assert close(stated(LEGAL, r"~ ([\d.]+) billion tokens\. A 335M") * 1e9, embedded, rel=0.01)
    flops = 2 * 335e6 * embedded
    assert close(stated(LEGAL, r"~([\d.]+)e18 FLOP") * 1e18, flops, rel=0.02)
    seconds = flops / (0.4 * A100_BF16)
    assert close(stated(LEGAL, r"needs ~([\d,]+) s"), seconds, rel=0.02)
    assert close(stated(LEGAL, r"about ([\d.]+) GPU-hours"), seconds / 3600, rel=0.02)


TENANTS = "sd-rag-multi-tenant-permissions"


def test_multi_tenant_index_memory() -> None:
    vectors = 200e6 * 768 * 2
    assert close(stated(TENANTS, r"~ (\d+) GB of vectors") * 1e9, vectors, rel=0.01)
    links = 200e6 * 64 * 4
    assert close(stated(TENANTS, r"add ~(\d+) GB") * 1e9, links, rel=0.01)
    assert close(stated(TENANTS, r"~(\d+) GB in memory") * 1e9, vectors + links, rel=0.02)
    assert stated(TENANTS, r"is ([\d.]+)% of the index") == pytest.approx(10_000 / 200e6 * 100)


RERANK = "sd-rag-latency-budget-rerank"


def test_rerank_cost_budget_and_fleet() -> None:
    per_pair = 2 * 110e6 * 512
    assert close(stated(RERANK, r"~ ([\d.]+)e11 FLOP per candidate") * 1e11, per_pair, rel=0.03)
    effective = 0.4 * 125e12
    assert stated(RERANK, r"gives\s+~(\d+) TFLOP/s") * 1e12 == effective
    assert close(stated(RERANK, r"100 candidates is [\d.]+e13 FLOP, ~([\d.]+) s"), 100 * per_pair / effective)
    assert close(stated(RERANK, r"~(\d+) ms\.\s+\*\*Candidate"), 30 * per_pair / effective * 1000, rel=0.05)
    steps = [stated(RERANK, p) for p in (
        r"small model (\d+) ms", r"in parallel (\d+) ms", r"30 candidates\s+(\d+) ms",
        r"prompt assembly (\d+) ms", r"first token ~(\d+) ms")]
    assert stated(RERANK, r"That sums to ~(\d+) ms") == sum(steps) < 2000
    load = 100 * 30 * per_pair
    assert close(stated(RERANK, r"~ ([\d.]+)e14 FLOP/s") * 1e14, load, rel=0.02)
    assert close(stated(RERANK, r"that is ~(\d+) A10s busy"), load / effective, rel=0.05)


# ---- new questions: LLM evaluation ----------------------------------------------------------------

JUDGE = "sd-llmeval-judge-pipeline"


def test_judge_win_rate_interval_and_cost() -> None:
    se = math.sqrt(0.55 * 0.45 / 1000)
    assert close(stated(JUDGE, r"1,000\) ~ ([\d.]+)"), se, rel=0.01)
    half = 1.96 * se * 100
    assert close(stated(JUDGE, r"about \+-([\d.]+) points"), half, rel=0.02)
    low, high = stated_range(JUDGE, r"([\d.]+)% to\s+([\d.]+)%")
    assert low == pytest.approx(55 - half, abs=0.05) and high == pytest.approx(55 + half, abs=0.05)
    assert low > 50
    assert stated(JUDGE, r"= (\d+) million tokens per run") * 1e6 == 1000 * 2 * 2500


HUMAN_EVAL = "sd-llmeval-human-eval-program"


def test_human_eval_sample_size_and_cost() -> None:
    n = ((1.96 * 0.5 + 0.84 * math.sqrt(0.55 * 0.45)) / 0.05) ** 2
    assert close(stated(HUMAN_EVAL, r"\^2 ~ (\d+), so"), n, rel=0.01)
    items = stated(HUMAN_EVAL, r"so (\d+) items, each")
    assert items >= n
    judgements = items * 3
    assert stated(HUMAN_EVAL, r"= ([\d,]+) judgements") == judgements
    hours = judgements * 2 / 60
    assert stated(HUMAN_EVAL, r"= (\d+) rater-hours") == hours
    assert stated(HUMAN_EVAL, r"about \$([\d,]+) per release") == hours * 40


SUITE = "sd-llmeval-regression-suite-ci"


def test_regression_suite_noise_and_size() -> None:
    se = math.sqrt(0.9 * 0.1 / 500 + 0.87 * 0.13 / 500)
    assert close(stated(SUITE, r"/ 500\) ~ ([\d.]+)"), se, rel=0.02)
    assert close(stated(SUITE, r"only ~([\d.]+) standard errors"), 0.03 / se, rel=0.03)
    n = (1.96 + 0.84) ** 2 * (0.09 + 0.87 * 0.13) / 0.03**2
    assert close(stated(SUITE, r"0\.03\^2 ~ ([\d,]+) items"), n, rel=0.01)
    assert close(stated(SUITE, r"take about (\d+) s"), 2000 * 3 / 32, rel=0.02)


CONTAMINATION = "sd-llmeval-contamination-detection"


def test_contamination_scan_estimate() -> None:
    ngrams = 20_000 * 200
    assert stated(CONTAMINATION, r"is ~(\d+)M 13-grams") * 1e6 == ngrams
    assert stated(CONTAMINATION, r"~(\d+) MB\) that every worker") * 1e6 == ngrams * 8
    rate = 100 * 5e6
    assert stated(CONTAMINATION, r"scan (\d+)e8 tokens per second") * 1e8 == rate
    seconds = 2e12 / rate
    assert stated(CONTAMINATION, r"=\s+([\d,]+) s, about") == seconds
    assert close(stated(CONTAMINATION, r"about ([\d.]+) hours"), seconds / 3600, rel=0.02)


# ---- new questions: vector search -----------------------------------------------------------------

BILLION = "sd-vec-hnsw-vs-ivfpq-1b"


def test_billion_vector_memory_options() -> None:
    fp32, fp16 = 1e9 * 768 * 4, 1e9 * 768 * 2
    assert close(stated(BILLION, r"= ~([\d.]+) TB in fp32") * 1e12, fp32, rel=0.02)
    assert close(stated(BILLION, r"~([\d.]+) TB in fp16") * 1e12, fp16, rel=0.03)
    links = 1e9 * 64 * 4
    assert stated(BILLION, r"at the base layer, ~(\d+) GB") * 1e9 == links
    hnsw = fp16 + links
    assert close(stated(BILLION, r"fp16 vectors ~([\d.]+) TB") * 1e12, hnsw, rel=0.02)
    per_replica = stated(BILLION, r"so (\d+) machines per replica at")
    assert per_replica == math.ceil(hnsw / 512e9)
    assert stated(BILLION, r"is (\d+) machines\.") == 3 * per_replica
    codes = 1e9 * 96
    assert stated(BILLION, r"(\d+) GB of codes") * 1e9 == codes
    assert stated(BILLION, r"~(\d+) GB, so one machine") * 1e9 == codes + 1e9 * 8
    share = 64 / 65_536
    assert close(stated(BILLION, r"~ ([\d.]+)% of the codes") / 100, share, rel=0.03)
    assert close(stated(BILLION, r"~(\d+)k\s+codes") * 1e3, 1e9 * share, rel=0.02)
    assert stated(BILLION, r"= (\d+) million reads per second") * 1e6 == 5000 * 200


def test_billion_vector_50m_follow_up() -> None:
    assert 50e6 * (768 * 2 + 64 * 4) / 1e9 == pytest.approx(90, rel=0.01)


TUNING = "sd-vec-recall-latency-tuning"


def test_recall_ground_truth_cost() -> None:
    flops = 10_000 * 100e6 * 256 * 2
    assert close(stated(TUNING, r"= ([\d.]+)e14 FLOP") * 1e14, flops, rel=0.01)
    assert close(stated(TUNING, r"in ~([\d.]+) s of compute"), flops / (0.5 * A100_BF16), rel=0.02)
    assert close(stated(TUNING, r"vectors \(~(\d+) GB\)") * 1e9, 100e6 * 256 * 2, rel=0.02)
    million = 100 * flops
    assert close(stated(TUNING, r"\(([\d.]+)e16 FLOP") * 1e16, million, rel=0.01)
    assert close(stated(TUNING, r"~([\d.]+) minutes\)"), million / (0.5 * A100_BF16) / 60, rel=0.02)


FILTERED = "sd-vec-filtered-search-marketplace"


def test_filtered_search_over_fetch_and_brute_force() -> None:
    assert stated(FILTERED, r"at s = 1%, ([\d,]+) candidates") == 10 / 0.01
    assert stated(FILTERED, r"= ([\d,]+) candidates, far") == pytest.approx(10 / 0.0001)
    assert stated(FILTERED, r"50M / 500 = ([\d,]+) listings") == 50e6 / 500
    flops = 100_000 * 128 * 2
    assert close(stated(FILTERED, r"= ~(\d+) MFLOP") * 1e6, flops, rel=0.02)
    assert flops / 50e9 < 1e-3  # "about half a millisecond" at ~50 GFLOP/s


UPDATES = "sd-vec-index-updates-deletes"


def test_index_churn_and_rebuild() -> None:
    per_day = 300 * DAY_S
    assert close(stated(UPDATES, r"~ (\d+) million changes a\s+day") * 1e6, per_day, rel=0.02)
    assert close(stated(UPDATES, r"about (\d+)% of the index") / 100, per_day / 200e6, rel=0.03)
    deletes = 100 * DAY_S
    assert close(stated(UPDATES, r"~([\d.]+) million a day") * 1e6, deletes, rel=0.01)
    assert close(stated(UPDATES, r"about ([\d.]+)%\.") / 100, deletes / 200e6, rel=0.01)
    assert close(stated(UPDATES, r"hour at ~([\d.]+)M vectors") * 1e6, 300 * 3600, rel=0.03)
    seconds = 200e6 / 20_000
    assert stated(UPDATES, r"= ([\d,]+) s, about") == seconds
    assert close(stated(UPDATES, r"about ([\d.]+) hours, off"), seconds / 3600, rel=0.02)


# ---- new questions: recommender cold start and bandits --------------------------------------------

NEW_ITEMS = "sd-recbandit-new-item-exploration"


def test_new_item_exploration_budget() -> None:
    n = 1.96**2 * 0.02 * 0.98 / 0.005**2
    assert close(stated(NEW_ITEMS, r"0\.005\^2 ~ ([\d,]+)"), n, rel=0.01)
    total = 50_000 * n
    assert close(stated(NEW_ITEMS, r"that is ~(\d+) million impressions") * 1e6, total, rel=0.01)
    assert close(stated(NEW_ITEMS, r"a day, (\d+)% of impressions: too many") / 100, total / 1e9, rel=0.02)
    budget = 0.05 * 1e9
    assert stated(NEW_ITEMS, r"= (\d+) million impressions a day, about") * 1e6 == budget
    assert stated(NEW_ITEMS, r"about ([\d,]+) impressions per item") == budget / 50_000


HOMEPAGE = "sd-recbandit-contextual-homepage"


def test_homepage_propensity_floor() -> None:
    floor = 0.05 / 12
    assert stated(HOMEPAGE, r"0\.05 / 12 ~ ([\d.]+)") == pytest.approx(floor, abs=5e-5)
    assert stated(HOMEPAGE, r"weight can reach ~(\d+)") == pytest.approx(1 / floor)


ONBOARDING = "sd-recbandit-new-user-onboarding"


def test_onboarding_experiment_size() -> None:
    n = (1.96 + 0.84) ** 2 * (0.6 * 0.4 + 0.61 * 0.39) / 0.01**2
    per_arm = stated(ONBOARDING, r"~ ([\d,]+) users per arm")
    assert close(per_arm, n, rel=0.01)
    assert stated(ONBOARDING, r"([\d,]+) in\s+total") == 2 * per_arm
    assert 2 * per_arm < 200_000 / 2  # "under half a day of sign-ups"


CREATIVES = "sd-recbandit-creative-optimisation"


def test_creative_ab_sample_size() -> None:
    n = (1.96 + 0.84) ** 2 * (0.03 * 0.97 + 0.033 * 0.967) / 0.003**2
    assert close(stated(CREATIVES, r"~ ([\d,]+) impressions per\s+arm"), n, rel=0.01)
    assert close(stated(CREATIVES, r"so ~([\d,]+) for 6 creatives"), 6 * n, rel=0.01)


# ---- new questions: privacy-preserving ML -----------------------------------------------------------

FEDERATED = "sd-priv-federated-keyboard-training"


def test_federated_bandwidth_and_participation() -> None:
    per_round_gb = 1000 * 10 / 1000
    assert stated(FEDERATED, r"= (\d+) GB per round") == per_round_gb
    assert stated(FEDERATED, r"is\s+~(\d+) TB a day") == per_round_gb * 100 / 1000
    assert stated(FEDERATED, r"4x to ~(\d+) GB") == per_round_gb * 100 / 4
    assert stated(FEDERATED, r"100 rounds x 1,000 =\s+([\d,]+) phones") == 100 * 1000
    assert stated(FEDERATED, r"about every (\d+) days") == 10e6 / (100 * 1000)


DASHBOARD = "sd-priv-dp-usage-dashboard"


def test_dp_dashboard_noise() -> None:
    scale = 10 / 0.5
    assert stated(DASHBOARD, r"= 10 / 0\.5 = (\d+)") == scale
    sd = scale * math.sqrt(2)
    assert close(stated(DASHBOARD, r"sqrt\(2\) ~ (\d+) trips"), sd, rel=0.02)
    assert close(stated(DASHBOARD, r"relative error of ~([\d.]+)%") / 100, sd / 100_000, rel=0.1)
    assert close(stated(DASHBOARD, r"200 trips ~(\d+)%") / 100, sd / 200, rel=0.02)
    assert stated(DASHBOARD, r"yearly epsilon of (\d+)") == 52 * 1
    half_width = scale * math.log(1 / 0.05)  # P(|Laplace| > t) = exp(-t / scale)
    assert close(stated(DASHBOARD, r"about \+-(\d+) trips"), half_width, rel=0.02)


DP_SGD = "sd-priv-dp-sgd-clinical-model"


def test_dp_sgd_sampling_steps_and_memory() -> None:
    assert stated(DP_SGD, r"q = 256 / 100,000 = ([\d.]+)") == 256 / 100_000
    assert close(stated(DP_SGD, r"~ ([\d,]+) steps"), 20 * 100_000 / 256, rel=0.01)
    assert "delta of 1e-6, well below 1/N = 1e-5" in reference(DP_SGD)
    assert 1e-6 < 1 / 100_000
    assert close(stated(DP_SGD, r"x 4 bytes ~ ([\d.]+) GB") * 1e9, 256 * 5e6 * 4, rel=0.01)


MEMORISATION = "sd-priv-llm-memorisation-pii"


def test_memorisation_data_compute_and_exposure() -> None:
    tokens = 2e6 * 1500
    assert stated(MEMORISATION, r"= ~(\d+) billion tokens") * 1e9 == tokens
    flops = 6 * 8e9 * tokens
    assert close(stated(MEMORISATION, r"~ ([\d.]+)e20 FLOP") * 1e20, flops, rel=0.03)
    assert close(stated(MEMORISATION, r"~(\d+) A100-hours"), flops / (0.4 * A100_BF16) / 3600, rel=0.02)
    assert close(stated(MEMORISATION, r"log2\(10\^10\) ~ ([\d.]+) bits"), math.log2(1e10), rel=0.005)


HOSPITALS = "sd-priv-cross-silo-federated-hospitals"


def test_cross_silo_rounds_and_weights() -> None:
    total = 2 * 300_000 + 10 * 40_000
    assert stated(HOSPITALS, r"~(\d+) million admissions") * 1e6 == total
    per_round_gb = 12 * 50 * 2 / 1000
    assert stated(HOSPITALS, r"= ([\d.]+) GB per round") == per_round_gb
    assert stated(HOSPITALS, r"~(\d+) GB over 200 rounds") == per_round_gb * 200
    assert stated(HOSPITALS, r"= (\d+)% of the weight") == 600_000 / total * 100

# ---- new questions: labelling pipelines -------------------------------------------------------------

WEAK = "sd-label-weak-supervision-intents"


def test_weak_supervision_budget() -> None:
    assert stated(WEAK, r"200 an\s+hour is ([\d,]+) hours") == 2e6 / 200
    assert stated(WEAK, r"x 200 = ([\d,]+) labels") == 2 * 80 * 200


ACTIVE = "sd-label-active-learning-loop"


def test_active_learning_budget() -> None:
    assert stated(ACTIVE, r"would cost \$(\d+) million") * 1e6 == 500_000 * 4
    images = stated(ACTIVE, r"x 1,000 = ~([\d,]+) images")
    assert images == 26 * 1000
    assert stated(ACTIVE, r"about \$([\d,]+), so") == images * 4
    weekly = [stated(ACTIVE, p) for p in (r"pick ~(\d+) images", r"~(\d+) candidates for rare", r"and ~(\d+) at random")]
    assert sum(weekly) == 1000


CROWD = "sd-label-noisy-crowd-aggregation"


def test_crowd_majority_and_adaptive_redundancy() -> None:
    p = 0.8
    maj3 = p**3 + 3 * p**2 * (1 - p)
    assert stated(CROWD, r"= 0\.512 \+ 0\.384 = ([\d.]+)") == pytest.approx(maj3)
    maj5 = p**5 + 5 * p**4 * (1 - p) + 10 * p**3 * (1 - p) ** 2
    assert stated(CROWD, r"0\.2\^2 ~ ([\d.]+)") == pytest.approx(maj5, abs=5e-4)
    disagree = 2 * p * (1 - p)
    assert stated(CROWD, r"\(probability\s+2 x 0\.8 x 0\.2 = ([\d.]+)\)") == pytest.approx(disagree)
    adaptive = p**2 + disagree * p  # agreeing pairs that are right, plus tie-breaks that are right
    assert adaptive == pytest.approx(maj3)
    labels = 2 + disagree
    assert stated(CROWD, r"= ([\d.]+) labels per item") == pytest.approx(labels)
    assert stated(CROWD, r"\$0\.05 = \$([\d,]+)\. Adaptive") == 1e6 * 3 * 0.05
    assert stated(CROWD, r"2\.32 x \$0\.05 =\s+\$([\d,]+)") == pytest.approx(1e6 * labels * 0.05)
    assert stated(CROWD, r"Five labels: \$([\d,]+)") == 1e6 * 5 * 0.05


PRELABEL = "sd-label-llm-prelabeling-ner"


def test_prelabelling_cost_and_coverage() -> None:
    assert stated(PRELABEL, r"per million is \$(\d+); 1M") == 1e6 * 800 / 1e6 * 0.50
    assert stated(PRELABEL, r"\$1\.50 per million is \$(\d+)") == 1e6 * 200 / 1e6 * 1.50
    assert stated(PRELABEL, r"~\$(\d+) in\s+total") == 400 + 300
    reviewed = 2000 * 60
    assert stated(PRELABEL, r"= ([\d,]+) excerpts, 12%") == reviewed
    assert stated(PRELABEL, r"excerpts, (\d+)% of") == reviewed / 1e6 * 100
    assert stated(PRELABEL, r"label only ([\d,]+) from scratch") == 2000 * 15


# ---- new questions: distributed training infrastructure ---------------------------------------------

PRETRAIN = "sd-dist-pretrain-70b-cluster"


def test_pretrain_compute_layout_and_steps() -> None:
    flops = 6 * 70e9 * 2e12
    assert close(stated(PRETRAIN, r"= ([\d.]+)e23 FLOPs") * 1e23, flops)
    cluster = 1024 * H100_BF16 * 0.40
    assert close(stated(PRETRAIN, r"~ ([\d.]+)e17 FLOP/s") * 1e17, cluster, rel=0.01)
    seconds = flops / cluster
    assert close(stated(PRETRAIN, r"~ ([\d.]+)e6 s") * 1e6, seconds, rel=0.01)
    assert close(stated(PRETRAIN, r"about (\d+) days, before"), seconds / DAY_S, rel=0.02)
    assert close(stated(PRETRAIN, r"~([\d.]+) TB for 70B") * 1e12, 70e9 * 16, rel=0.01)
    assert stated(PRETRAIN, r"8 x 4 x 32 = ([\d,]+) GPUs") == 8 * 4 * 32 == 1024
    per_gpu = 70e9 / (8 * 4)
    assert close(stated(PRETRAIN, r"~ ([\d.]+) billion parameters") * 1e9, per_gpu, rel=0.01)
    assert close(stated(PRETRAIN, r"model: ([\d.]+) GB of\s+weights and grads") * 1e9, per_gpu * 4, rel=0.01)
    assert close(stated(PRETRAIN, r"and (\d+) GB of optimiser state") * 1e9, per_gpu * 12, rel=0.02)
    assert close(stated(PRETRAIN, r"32 ways to ~([\d.]+) GB") * 1e9, per_gpu * 12 / 32, rel=0.01)
    steps = 2e12 / 4e6
    assert stated(PRETRAIN, r"= ([\d,]+)\s+steps") == steps
    assert close(stated(PRETRAIN, r"~ ([\d.]+) s per step"), seconds / steps, rel=0.02)
    assert close(stated(PRETRAIN, r"a failure every ~(\d+) hours"), 100 * 24 / 128, rel=0.02)


CHECKPOINT = "sd-dist-checkpointing-at-scale"


def test_checkpoint_interval_and_overhead() -> None:
    mtbf = 100 * DAY_S / 256
    assert close(stated(CHECKPOINT, r"~ ([\d.]+) days, about"), mtbf / DAY_S, rel=0.02)
    assert close(stated(CHECKPOINT, r"about ([\d.]+) hours \(~"), mtbf / 3600, rel=0.01)
    assert stated(CHECKPOINT, r"\(~([\d,]+) s\)") == mtbf
    for cost, pattern, minutes_pattern in (
        (60, r"sqrt\(2 x 60 x 33,750\) ~ ([\d,]+) s", r"about (\d+) minutes\. Asynchronous"),
        (5, r"sqrt\(2 x 5 x 33,750\) ~ ([\d,]+) s", r"~ 581 s, about (\d+) minutes"),
    ):
        interval = math.sqrt(2 * cost * mtbf)
        assert close(stated(CHECKPOINT, pattern), interval, rel=0.01)
        assert close(stated(CHECKPOINT, minutes_pattern), interval / 60, rel=0.05)
    sync = 60 / math.sqrt(2 * 60 * mtbf) + (math.sqrt(2 * 60 * mtbf) / 2 + 600) / mtbf
    assert close(stated(CHECKPOINT, r"4\.8% ~ ([\d.]+)%") / 100, sync, rel=0.02)
    async_ = 5 / math.sqrt(2 * 5 * mtbf) + (math.sqrt(2 * 5 * mtbf) / 2 + 600) / mtbf
    assert close(stated(CHECKPOINT, r"2\.6% ~ ([\d.]+)%") / 100, async_, rel=0.02)
    assert close(stated(CHECKPOINT, r"is ~(\d+) s of writing"), 1.12e12 / 100e9, rel=0.02)


LOADER = "sd-dist-data-loader-throughput"


def test_data_loader_throughput() -> None:
    total = 64 * 3000
    assert stated(LOADER, r"= ([\d,]+) images per second") == total
    assert stated(LOADER, r"([\d,]+) per node\. At") == total / 8
    assert close(stated(LOADER, r"~ (\d+) GB/s of reads") * 1e9, total * 110e3, rel=0.02)
    per_node = total / 8 * 110e3
    assert close(stated(LOADER, r"~([\d.]+) GB/s\s+per node") * 1e9, per_node, rel=0.02)
    assert close(stated(LOADER, r"~(\d+) Gb/s of network") * 1e9, per_node * 8, rel=0.02)
    assert stated(LOADER, r"needs (\d+) cores per node") == total / 8 / 400
    assert close(stated(LOADER, r"~ (\d+) TB, so") * 1e12, 300e6 * 110e3, rel=0.01)
    epoch = 300e6 / total
    assert close(stated(LOADER, r"~ ([\d,]+) s, about"), epoch, rel=0.01)
    assert close(stated(LOADER, r"about (\d+) minutes\. Compare"), epoch / 60, rel=0.02)


FIT13B = "sd-dist-mixed-precision-memory-budget"


def test_13b_memory_budget() -> None:
    states = 13e9 * 16
    assert stated(FIT13B, r"13e9 x 16 = (\d+) GB") * 1e9 == states
    assert stated(FIT13B, r"208 / 8 = (\d+) GB") * 1e9 == states / 8
    layer = 34 * 2048 * 5120
    assert close(stated(FIT13B, r"34 x 2,048 x 5,120 ~ (\d+) MB") * 1e6, layer, rel=0.01)
    assert close(stated(FIT13B, r"sequences ~ (\d+) GB per GPU") * 1e9, 40 * layer * 4, rel=0.01)
    inputs = 2048 * 5120 * 2 * 40
    assert close(stated(FIT13B, r"40 layers ~ (\d+) MB per sequence") * 1e6, inputs, rel=0.01)
    assert close(stated(FIT13B, r"~([\d.]+) GB for 4\s+sequences") * 1e9, inputs * 4, rel=0.02)
    assert close(stated(FIT13B, r"356 MB x 4 ~ ([\d.]+) GB") * 1e9, layer * 4, rel=0.02)
    assert close(stated(FIT13B, r"~ (\d+) MB per layer") * 1e6, 13e9 / 40 * 2, rel=0.01)
    total = stated(FIT13B, r"1\.3 ~ (\d+) GB, under")
    assert close(total, 26 + 3.4 + 1.4 + 1.3, rel=0.03) and total < 40
    assert stated(FIT13B, r"per parameter, ([\d.]+) GB per GPU\)") * 1e9 == 13e9 * 10 / 8


# ---- new questions: forecasting systems -------------------------------------------------------------

RETAIL = "sd-fcst-retail-demand-hierarchy"


def test_retail_forecast_scale() -> None:
    series = 20_000 * 500
    assert stated(RETAIL, r"= (\d+) million series") * 1e6 == series
    assert stated(RETAIL, r"(\d+) million\s+predictions per night") * 1e6 == series * 28
    assert close(stated(RETAIL, r"~ ([\d.]+) billion rows") * 1e9, series * 730, rel=0.01)


CAPACITY_PLAN = "sd-fcst-capacity-planning-cloud"


def test_newsvendor_quantity() -> None:
    ratio = 8 / (8 + 2)
    assert stated(CAPACITY_PLAN, r"8 / \(8 \+ 2\) = ([\d.]+)") == pytest.approx(ratio)
    z = NormalDist().inv_cdf(ratio)
    assert stated(CAPACITY_PLAN, r"10,000 \+ ([\d.]+) x 2,000") == pytest.approx(z, abs=0.005)
    assert close(stated(CAPACITY_PLAN, r"x 2,000 ~ ([\d,]+)"), 10_000 + z * 2000, rel=0.001)
    assert close(stated(CAPACITY_PLAN, r"plan ~([\d,]+) GPUs"), 10_000 + z * 2000, rel=0.01)


RIDES = "sd-fcst-ride-demand-realtime"


def test_ride_forecast_volume() -> None:
    per_refresh = 5000 * 8
    assert stated(RIDES, r"= ([\d,]+) forecasts per refresh") == per_refresh
    assert stated(RIDES, r"(\d+) refreshes a day") == 24 * 4
    assert stated(RIDES, r"~([\d.]+) million forecasts per day") * 1e6 == per_refresh * 96


BACKTEST = "sd-fcst-backtesting-pipeline"


def test_backtest_compute() -> None:
    full = 52 * 10e6 * 28
    assert close(stated(BACKTEST, r"~ ([\d.]+)e10 predictions") * 1e10, full, rel=0.01)
    sample = 0.05 * 10e6
    assert stated(BACKTEST, r"5% sample of series \(([\d,]+),") == sample
    assert stated(BACKTEST, r"= (\d+)M predictions") * 1e6 == 24 * sample * 28


# ---- new questions: experimentation platforms ---------------------------------------------------------

CUPED = "sd-exp-cuped-variance-reduction"


def test_cuped_gain() -> None:
    factor = 1 - 0.7**2
    assert stated(CUPED, r"1 - 0\.7\^2 = ([\d.]+)") == pytest.approx(factor)
    assert stated(CUPED, r"needs (\d+)% of the sample") == pytest.approx(factor * 100)
    assert close(stated(CUPED, r"28 x 0\.51 ~ (\d+) days"), 28 * factor, rel=0.03)


SRM = "sd-exp-srm-monitoring"


def test_srm_chi_square() -> None:
    expected = 1_000_000
    chi2 = ((1_003_000 - expected) ** 2 + (997_000 - expected) ** 2) / expected
    assert stated(SRM, r"x 2 = (\d+) with 1 degree") == chi2
    p = math.erfc(math.sqrt(chi2 / 2))  # chi-square with 1 df: P(|Z| > sqrt(chi2))
    assert close(stated(SRM, r"p-value of about ([\d.]+)e-5") * 1e-5, p, rel=0.02)
    sd = math.sqrt(2_000_000 * 0.5 * 0.5)
    assert close(stated(SRM, r"about\s+(\d+) users per arm"), sd, rel=0.01)
    assert close(stated(SRM, r"per arm \(([\d.]+)%\)") / 100, sd / 1e6, rel=0.02)
    assert 3000 / sd > 4  # "over 4 standard deviations"


SEQUENTIAL = "sd-exp-sequential-testing-peeking"


def _a_a_false_positive_rate(looks: int, z: float, sims: int = 20_000) -> float:
    """A/A tests checked at equally spaced looks: the share that ever crosses |Z| > z."""
    rng = random.Random(20261201)
    hits = 0
    for _ in range(sims):
        total = 0.0
        for k in range(1, looks + 1):
            total += rng.gauss(0.0, 1.0)
            if abs(total) / math.sqrt(k) > z:
                hits += 1
                break
    return hits / sims


def test_peeking_inflation_and_boundaries() -> None:
    five = stated(SEQUENTIAL, r"with 5\s+looks the false positive rate is about (\d+)%") / 100
    assert _a_a_false_positive_rate(5, 1.96) == pytest.approx(five, abs=0.015)
    daily = stated(SEQUENTIAL, r"with 14 daily looks about (\d+)%") / 100
    assert _a_a_false_positive_rate(14, 1.96) == pytest.approx(daily, abs=0.015)
    pocock = stated(SEQUENTIAL, r"boundary is about ([\d.]+) at")
    assert _a_a_false_positive_rate(5, pocock) == pytest.approx(0.05, abs=0.006)
    bonferroni = NormalDist().inv_cdf(1 - 0.01 / 2)
    assert stated(SEQUENTIAL, r"\(z ~ ([\d.]+)\)") == pytest.approx(bonferroni, abs=0.005)
    overall = stated(SEQUENTIAL, r"only\s+about (\d+)% overall") / 100
    assert _a_a_false_positive_rate(5, bonferroni) == pytest.approx(overall, abs=0.006)


SWITCHBACK = "sd-exp-switchback-marketplace"


def test_switchback_units() -> None:
    per_city = 14 * 24 / 2
    assert stated(SWITCHBACK, r"= (\d+) windows per city") == per_city
    assert stated(SWITCHBACK, r"10 cities give\s+([\d,]+) units") == 10 * per_city
    assert stated(SWITCHBACK, r"\((\d+)% of the data\)") == 30 / 120 * 100


# ---- the system-design bank as a whole ----------------------------------------------------------------


@cache
def _design_questions() -> list[Question]:
    bank = load_bank([default_questions_dir()], run_solutions=False).bank
    return [q for q in bank if q.round_type is RoundType.SYSTEM_DESIGN]


def test_every_design_question_has_misconceptions_and_scored_follow_ups() -> None:
    questions = _design_questions()
    assert len(questions) >= 70
    for q in questions:
        assert len(q.misconceptions) >= 2, q.id
        assert len(q.follow_ups) >= 2, q.id
        for follow_up in q.follow_ups:
            assert 1 <= len(follow_up.key_points) <= 3, (q.id, follow_up.prompt)


def test_no_reference_answer_states_its_own_misconception_verbatim() -> None:
    for q in _design_questions():
        text = " ".join(q.reference_answer.lower().split())
        for m in q.misconceptions:
            for phrase in m.phrases:
                assert phrase.lower() not in text, (q.id, m.id, phrase)
            for pattern in m.patterns:
                assert not re.search(pattern, text), (q.id, m.id, pattern)


SUBJECT_TAGS = (
    "llm-serving", "kv-cache", "rag", "llm-evaluation", "llm-as-judge", "vector-search",
    "cold-start", "bandits", "privacy", "federated-learning", "differential-privacy",
    "labelling", "distributed-training", "forecasting", "experimentation",
)


@pytest.mark.parametrize("tag", SUBJECT_TAGS)
def test_each_new_subject_has_at_least_three_design_questions(tag: str) -> None:
    tagged = [q.id for q in _design_questions() if tag in q.tags]
    assert len(tagged) >= 3, (tag, tagged)
