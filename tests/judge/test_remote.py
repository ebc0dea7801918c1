"""Piston and Judge0 runners against small stand-in servers on 127.0.0.1."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aiohttp import web

from bot.judge.judge import judge
from bot.judge.remote import Judge0Runner, PistonRunner


def fake_engine_stdout(job: dict[str, Any], stop_at: str | None = None) -> str:
    """What the harness would print if the member's function doubled its input."""
    lines = []
    for case in job["cases"]:
        lines.append("@@judge " + json.dumps({"event": "start", "id": case["id"]}))
        if case["id"] == stop_at:
            return "\n".join(lines)
        done = {"event": "done", "id": case["id"], "status": "ok", "value": case["args"][0] * 2}
        lines.append("@@judge " + json.dumps({**done, "stdout": "", "error": "", "elapsed": 0.01}))
    lines.append('@@judge {"event": "end"}')
    return "\n".join(lines)


@pytest.fixture
async def serve():
    runners: list[web.AppRunner] = []

    async def start(routes: list[web.RouteDef]) -> str:
        app = web.Application()
        app.add_routes(routes)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        port = runner.addresses[0][1]
        return f"http://127.0.0.1:{port}"

    yield start
    for runner in runners:
        await runner.cleanup()


async def test_piston_run_is_judged_and_receives_no_expected_values(serve, question):
    received: list[dict[str, Any]] = []

    async def execute(request: web.Request) -> web.Response:
        body = await request.json()
        job = json.loads(body["stdin"])
        received.append(job)
        return web.json_response(
            {"run": {"stdout": fake_engine_stdout(job), "stderr": "", "code": 0, "signal": None}}
        )

    url = await serve([web.post("/api/v2/execute", execute)])
    q = question(examples=[([2], 4), ([5], 777)])
    report = await judge(q, "def solve(x):\n    return 2 * x\n", "examples", PistonRunner(url))
    assert [v.verdict for v in report.verdicts] == ["accepted", "wrong_answer"]
    assert "expected" not in received[0]["cases"][0] and "777" not in json.dumps(received[0])


async def test_piston_killed_run_charges_the_running_case_and_continues(serve, question):
    calls: list[list[str]] = []

    async def execute(request: web.Request) -> web.Response:
        job = json.loads((await request.json())["stdin"])
        calls.append([c["id"] for c in job["cases"]])
        if len(calls) == 1:  # the engine killed the first run while ex-1 was running
            out = fake_engine_stdout(job, stop_at="ex-1")
            return web.json_response(
                {"run": {"stdout": out, "stderr": "", "code": None, "signal": "SIGKILL"}}
            )
        return web.json_response(
            {"run": {"stdout": fake_engine_stdout(job), "stderr": "", "code": 0, "signal": None}}
        )

    url = await serve([web.post("/api/v2/execute", execute)])
    q = question(examples=[([1], 2), ([2], 4), ([3], 6)])
    report = await judge(q, "def solve(x):\n    return 2 * x\n", "examples", PistonRunner(url))
    assert [v.verdict for v in report.verdicts] == ["accepted", "time_limit", "accepted"]
    assert calls == [["ex-0", "ex-1", "ex-2"], ["ex-2"]]


async def judge0_server(serve, statuses: list[dict[str, Any]], seen_tokens: list[str | None]) -> str:
    jobs: dict[str, dict[str, Any]] = {}

    async def submit(request: web.Request) -> web.Response:
        seen_tokens.append(request.headers.get("X-Auth-Token"))
        body = await request.json()
        jobs["tok-1"] = json.loads(body["stdin"])
        return web.json_response({"token": "tok-1"}, status=201)

    async def poll(request: web.Request) -> web.Response:
        step = statuses.pop(0) if len(statuses) > 1 else statuses[0]
        job = jobs[request.match_info["token"]]
        stdout = fake_engine_stdout(job) if step["id"] == 3 else ""
        return web.json_response({"status": step, "stdout": stdout, "stderr": "", "message": None})

    return await serve([web.post("/submissions", submit), web.get("/submissions/{token}", poll)])


async def no_wait(_: float) -> None:
    return None


async def test_judge0_polls_until_done_and_sends_the_key(serve, question):
    tokens: list[str | None] = []
    statuses = [
        {"id": 1, "description": "In Queue"},
        {"id": 2, "description": "Processing"},
        {"id": 3, "description": "Accepted"},
    ]
    url = await judge0_server(serve, statuses, tokens)
    runner = Judge0Runner(url, api_key="k-123", sleep=no_wait)
    report = await judge(
        question(examples=[([3], 6)]), "def solve(x):\n    return 2 * x\n", "examples", runner
    )
    assert report.all_passed and tokens == ["k-123"]


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        ({"id": 5, "description": "Time Limit Exceeded"}, "time_limit"),
        ({"id": 7, "description": "Runtime Error (SIGSEGV)"}, "runtime_error"),
    ],
)
async def test_judge0_statuses_map_to_verdicts(serve, question, status, verdict):
    url = await judge0_server(serve, [status], [])
    report = await judge(
        question(examples=[([3], 6)]), "def solve(x): ...\n", "examples", Judge0Runner(url, sleep=no_wait)
    )
    assert [v.verdict for v in report.verdicts] == [verdict]


async def test_judge0_internal_error_disables_with_a_reason(serve, question):
    url = await judge0_server(serve, [{"id": 13, "description": "Internal Error"}], [])
    report = await judge(
        question(examples=[([3], 6)]), "def solve(x): ...\n", "examples", Judge0Runner(url, sleep=no_wait)
    )
    assert report.disabled_reason and "judge0 failed internally" in report.disabled_reason


async def test_unreachable_engine_disables_with_a_reason(question):
    runner = PistonRunner("http://127.0.0.1:9")  # discard port: nothing listens
    report = await judge(question(examples=[([3], 6)]), "def solve(x): ...\n", "examples", runner)
    assert report.disabled_reason and "piston" in report.disabled_reason
