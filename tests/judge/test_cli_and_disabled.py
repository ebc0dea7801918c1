"""`mockloop judge` end to end, and judging switched off when the sandbox cannot be trusted."""

from __future__ import annotations

import argparse
import json

from bot.cli import judge as judge_cli
from bot.judge.bwrap import BwrapRunner, ProcessResult, SandboxSettings, _assess_probe
from bot.judge.disabled import DisabledRunner
from bot.judge.engine import prepare_runner
from bot.judge.judge import judge

GOOD = "import math\ndef softmax(xs):\n    if not xs:\n        return []\n    m = max(xs)\n    e = [math.exp(x - m) for x in xs]\n    return [v / sum(e) for v in e]\n"


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    judge_cli.register(parser.add_subparsers())
    args = parser.parse_args(["judge", *argv])
    return args.func(args)


def test_cli_passes_a_correct_solution(tmp_path, capsys):
    solution = tmp_path / "softmax.py"
    solution.write_text(GOOD)
    assert run_cli("code-stable-softmax", str(solution)) == 0
    out = capsys.readouterr().out
    assert "Passed 8/8 hidden tests" in out and "mixed-scale" in out


def test_cli_fails_a_wrong_solution_and_emits_json(tmp_path, capsys):
    solution = tmp_path / "softmax.py"
    solution.write_text("def softmax(xs):\n    return xs\n")
    assert run_cli("code-stable-softmax", str(solution), "--examples", "--json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["which"] == "examples" and report["passed"] == 0
    assert report["verdicts"][0]["got"] == [0.0, 0.0]


def test_cli_unknown_question_is_a_clear_error(tmp_path, capsys):
    solution = tmp_path / "x.py"
    solution.write_text(GOOD)
    assert run_cli("no-such-question", str(solution)) == 1
    assert "There is no question with id 'no-such-question'" in capsys.readouterr().err


async def test_missing_bwrap_disables_judging_and_runs_nothing(question):
    settings = SandboxSettings(bwrap="/nonexistent/bwrap")
    check = await BwrapRunner(settings).self_test()
    assert not check.ok and "bubblewrap was not found" in check.reasons[0]
    runner = await prepare_runner("bwrap", sandbox=settings)
    assert isinstance(runner, DisabledRunner)
    q = question(examples=[([1], 1)])
    report = await judge(
        q, "open('/tmp/judge-must-not-run', 'w')\ndef solve(x):\n    return x\n", "examples", runner
    )
    assert report.disabled_reason and "bubblewrap was not found" in report.disabled_reason
    assert report.verdicts == [] and not report.all_passed
    assert report.to_table().startswith("Code judging is disabled: ")


async def test_failed_self_test_disables_judging(monkeypatch):
    async def leaky(self):
        return _assess_probe(
            ProcessResult(
                stdout='@@judge {"event": "done", "id": "probe", "status": "ok", "value": '
                '{"network": ["1.1.1.1:53"], "writable": [], "pid1_environ": "", "work_writable": true, "uid": 64000}}\n',
                stderr="",
                returncode=0,
            ),
            "marker",
            as_root=True,
        )

    monkeypatch.setattr(BwrapRunner, "self_test", leaky)
    runner = await prepare_runner("bwrap")
    assert isinstance(runner, DisabledRunner)
    assert "can reach the network" in runner.reason


def test_probe_assessment_flags_each_leak():
    value = {
        "network": [],
        "writable": ["/usr/probe"],
        "pid1_environ": "TOKEN=x",
        "work_writable": False,
        "uid": 0,
    }
    result = ProcessResult(
        stdout="@@judge "
        + json.dumps({"event": "done", "id": "probe", "status": "ok", "value": value})
        + "\nmarker\n",
        stderr="",
        returncode=0,
    )
    reasons = " | ".join(_assess_probe(result, "marker", as_root=True).reasons)
    for expected in (
        "environment variable",
        "/proc/1/environ",
        "write outside",
        "own work folder",
        "as root",
    ):
        assert expected in reasons
