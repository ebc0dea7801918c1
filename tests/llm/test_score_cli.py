"""`mockloop score --grader` and `mockloop calibrate --grader llm` through the real entry point,
against the stand-in OpenAI-compatible server."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from tests.openai_stub.server import StubModel, reply, slow

QUESTION = "prob-ppv-rare-disease"
ANSWER = (
    "Out of 10,000 people, 100 have it and 95 test positive, while 495 of the 9,900 healthy people "
    "test positive too. By Bayes' rule the posterior is 95 / 590, about 16%. The base rate is low, "
    "so a positive should be followed by a confirmatory test."
)
KEY = "sk-cli-91b2-never-shown"
VERDICTS = {
    "key_points": [
        {"id": "bayes", "verdict": "made", "quote": "By Bayes' rule the posterior is 95 / 590"},
        {
            "id": "false-positives",
            "verdict": "made",
            "quote": "495 of the 9,900 healthy people test positive",
        },
        {"id": "base-rate", "verdict": "partly", "quote": "The base rate is low"},
        {"id": "next-step", "verdict": "made", "quote": "a quote the member never wrote"},
    ],
    "misconceptions": [],
    "follow_up": "",
}


async def mockloop(*args: str, env: dict[str, str], stdin: str = "") -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **env},
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), 60)
    return proc.returncode or 0, out.decode(), err.decode()


def model_env(base_url: str, tmp_path: Path, timeout: str = "5") -> dict[str, str]:
    return {
        "MOCKLOOP_LLM_BASE_URL": base_url,
        "MOCKLOOP_LLM_MODEL": "stub-model",
        "MOCKLOOP_LLM_API_KEY": KEY,
        "MOCKLOOP_LLM_TIMEOUT": timeout,
        "MOCKLOOP_DB": str(tmp_path / "cli.db"),
    }


async def test_score_uses_the_configured_model_and_checks_its_quotes(tmp_path: Path) -> None:
    async with StubModel([reply(VERDICTS)]) as stub:
        code, out, err = await mockloop(
            "score", QUESTION, "-", "--json", env=model_env(stub.base_url, tmp_path), stdin=ANSWER
        )
    assert code == 0, err
    data = json.loads(out)
    assert data["grader"] == "llm" and data["fallback"] is None and data["grader_model"] == "stub-model"
    points = {p["id"]: p for p in data["points"]}
    assert {p["grader"] for p in points.values()} == {"llm"}
    assert points["bayes"]["hit"] and points["base-rate"]["credit"] == 0.5
    assert not points["next-step"]["hit"]  # its quote is not in the answer
    assert stub.rejected == [] and KEY not in out + err


async def test_score_falls_back_to_the_rubric_and_says_why(tmp_path: Path) -> None:
    async with StubModel([slow(5.0, VERDICTS)]) as stub:
        env = model_env(stub.base_url, tmp_path, timeout="0.5")
        code, out, _ = await mockloop("score", QUESTION, "-", "--json", env=env, stdin=ANSWER)
    data = json.loads(out)
    assert code == 0 and data["grader"] == "rubric"
    assert data["fallback"] == "the model did not answer in time"
    assert {p["grader"] for p in data["points"]} == {"rubric"}
    async with StubModel([reply(VERDICTS)]) as stub:
        env = model_env(stub.base_url, tmp_path)
        code, out, _ = await mockloop(
            "score", QUESTION, "-", "--json", "--grader", "rubric", env=env, stdin=ANSWER
        )
    assert json.loads(out)["grader"] == "rubric" and stub.requests == []  # --grader rubric asks no model


async def test_grader_llm_without_a_model_is_a_one_line_error(tmp_path: Path) -> None:
    env = {"MOCKLOOP_LLM_BASE_URL": "", "MOCKLOOP_DB": str(tmp_path / "cli.db")}
    code, _, err = await mockloop("score", QUESTION, "-", "--grader", "llm", env=env, stdin=ANSWER)
    assert code == 2 and "MOCKLOOP_LLM_BASE_URL" in err and len(err.strip().splitlines()) == 1


async def test_calibrate_with_the_model_reports_its_agreement(tmp_path: Path) -> None:
    labelled = tmp_path / "set.yaml"
    labelled.write_text(
        json.dumps(
            [
                {
                    "question": QUESTION,
                    "answers": [
                        {"kind": "strong", "grade": 90, "text": ANSWER},
                        {"kind": "stuffed", "grade": 5, "text": "bayes, base rate, posterior, 16%"},
                    ],
                }
            ]
        ),
        encoding="utf-8",
    )
    async with StubModel([reply(VERDICTS)]) as stub:
        env = model_env(stub.base_url, tmp_path)
        code, out, err = await mockloop("calibrate", str(labelled), "--grader", "llm", "--json", env=env)
    assert code == 0, err
    report = json.loads(out)
    assert report["grader"] == "llm" and report["answers"] == 2
    assert len(stub.requests) == 2 and stub.rejected == []
    assert report["mean_by_kind"]["strong"] > report["mean_by_kind"]["stuffed"]


async def test_score_grades_each_follow_up_answer_with_the_model_too(tmp_path: Path) -> None:
    follow_up = {
        "key_points": [
            {"id": "recompute-ppv", "verdict": "made", "quote": "the PPV climbs to roughly 68%"},
            {"id": "prior-drives-ppv", "verdict": "made", "quote": "words the member never wrote"},
        ],
        "misconceptions": [],
        "follow_up": "",
    }
    first = tmp_path / "first.txt"
    first.write_text("With 10% prevalence the PPV climbs to roughly 68%.", encoding="utf-8")
    # One reply for every request (the gradings run at once, in no fixed order): each grading
    # reads only the ids of its own key points.
    both = {**VERDICTS, "key_points": VERDICTS["key_points"] + follow_up["key_points"]}
    async with StubModel([reply(both)]) as stub:
        code, out, err = await mockloop(
            "score", QUESTION, "-", "--json", "--follow-up", str(first), "--follow-up", "skip",
            env=model_env(stub.base_url, tmp_path), stdin=ANSWER,
        )  # fmt: skip
    assert code == 0, err
    answered, skipped = json.loads(out)["follow_ups"]
    points = {p["id"]: p for p in answered["points"]}
    assert points["recompute-ppv"]["hit"] and points["recompute-ppv"]["grader"] == "llm"
    assert not points["prior-drives-ppv"]["hit"]  # its quote is not in the follow-up answer
    assert skipped["status"] == "skipped"
    assert len(stub.requests) == 2 and stub.rejected == []  # a skipped follow-up costs no call
    assert sum("Follow-up question: How would" in r["messages"][1]["content"] for r in stub.requests) == 1
    assert json.loads(out)["grader"] == "llm"
