"""The blind calibration sets scored by `mockloop calibrate`: the figures must not fall below
what was measured when the floors were set. Set A (tests/calibration/blind/) was frozen before
tuning and has been tuned against since; set B (tests/calibration/blind_b/) was held out on the day
it was written and is a tuning set since; set C (tests/calibration/blind_c/) is held out: written
later by writers who saw only the prompts, and no grader change is chosen by looking at it. Set D
(tests/calibration/blind_d/), written the same way on 2026-12-03, was measured once held out and
is a tuning set since, as B. Set E (tests/calibration/blind_e/), written the same way on 2026-12-04
with 48 further questions, likewise.

Floors are the measured figures less a small margin (never above them); README's Scoring
section states the measured figures and the targets. Coding answers are judged with the hidden
tests where the bwrap sandbox works (as in the suite); elsewhere the rubric-only floors apply.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.cli import main
from bot.cli.calibrate import DEFAULT_SET, calibrate, load_set, spearman
from bot.judge.disabled import DisabledRunner
from bot.judge.engine import prepare_runner

# (with the judge, rubric only), measured 2026-12-04 17:58 UTC. Set A: spearman 0.841 / 0.766,
# pairwise 0.935 / 0.875, fluent-wrong below partial 0.750 / 0.604, false passes 0.014 / 0.076,
# false fails 0.031 / 0.062. Set B: 0.853 / 0.794, 0.920 / 0.863, 0.833 / 0.729, 0.000 / 0.056,
# 0.031 / 0.042. Set C (held out, read once after the day's changes): 0.824 / 0.728,
# 0.911 / 0.857, 0.688 / 0.625, 0.028 / 0.069, 0.104 / 0.135. Set D (a tuning set since its first
# reading on 2026-12-03): 0.852 / 0.776, 0.914 / 0.842, 0.708 / 0.583, 0.035 / 0.097,
# 0.010 / 0.062. Set E (held out at its first reading, 2026-12-04 13:26 UTC: 0.789 / 0.713,
# 0.887 / 0.818, 0.604 / 0.521, 0.069 / 0.118, 0.094 / 0.125; a tuning set since, as D):
# 0.833 / 0.760, 0.908 / 0.839, 0.625 / 0.542, 0.049 / 0.097, 0.062 / 0.094. See README
# "Calibration" and tests/calibration/HISTORY.md. The margins allow for one or two answers moving
# (one is 1-2% of a figure).
SETS = {
    "A": DEFAULT_SET,
    "B": DEFAULT_SET.parent / "blind_b",
    "C": DEFAULT_SET.parent / "blind_c",
    "D": DEFAULT_SET.parent / "blind_d",
    "E": DEFAULT_SET.parent / "blind_e",
}
FLOORS = {
    "A": {"spearman": (0.82, 0.74), "pairwise": (0.90, 0.84), "fluent_wrong_below_partial": (0.68, 0.54)},
    "B": {"spearman": (0.83, 0.77), "pairwise": (0.89, 0.83), "fluent_wrong_below_partial": (0.78, 0.66)},
    "C": {"spearman": (0.80, 0.70), "pairwise": (0.88, 0.82), "fluent_wrong_below_partial": (0.65, 0.60)},
    "D": {"spearman": (0.83, 0.75), "pairwise": (0.88, 0.81), "fluent_wrong_below_partial": (0.64, 0.52)},
    "E": {"spearman": (0.81, 0.73), "pairwise": (0.89, 0.82), "fluent_wrong_below_partial": (0.60, 0.52)},
}
CEILINGS = {
    "A": {"false_passes": (0.04, 0.11), "false_fails": (0.06, 0.09)},
    "B": {"false_passes": (0.04, 0.10), "false_fails": (0.07, 0.09)},
    "C": {"false_passes": (0.05, 0.10), "false_fails": (0.13, 0.16)},
    "D": {"false_passes": (0.06, 0.12), "false_fails": (0.05, 0.10)},
    "E": {"false_passes": (0.07, 0.12), "false_fails": (0.09, 0.13)},
}


@pytest.fixture(scope="module")
def judged() -> bool:
    return not isinstance(asyncio.run(prepare_runner("bwrap", max_concurrent=1)), DisabledRunner)


@pytest.fixture(scope="module", params=sorted(SETS))
def blind_set(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def report(judged: bool, blind_set: str):
    return calibrate(SETS[blind_set], run_code=judged)


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_blind_sets_are_complete(name: str) -> None:
    entries = load_set(SETS[name])
    rounds = {r for r, _ in entries}
    assert rounds == {"behavioral", "coding", "ml_theory", "system_design"}
    assert len(entries) >= 40
    for _, entry in entries:
        kinds = {a["kind"] for a in entry["answers"]}
        assert kinds == {"strong", "terse", "partial", "fluent_wrong", "stuffed", "off_topic"}, entry["question"]


def test_the_blind_sets_share_no_question() -> None:
    """Each set measures the grader on questions no other set holds, so a rule found on one set
    is measured fresh on the others."""
    seen: dict[str, str] = {}
    for name, path in SETS.items():
        for _, entry in load_set(path):
            assert entry["question"] not in seen, (entry["question"], seen.get(entry["question"]), name)
        seen.update({entry["question"]: name for _, entry in load_set(path)})


def test_blind_set_figures_hold_their_floors(
    report, judged: bool, blind_set: str, capsys: pytest.CaptureFixture[str]
) -> None:
    mode = 0 if judged else 1
    with capsys.disabled():
        print(
            f"\nblind calibration, set {blind_set} ({report.code_judged}): spearman {report.spearman:.3f}, pairwise "
            f"{report.pairwise:.1%}, fluent-wrong below partial {report.fluent_wrong_below_partial:.1%}, "
            f"false passes {report.false_passes:.1%}, false fails {report.false_fails:.1%}"
        )
    assert report.unknown_questions == []
    for name, floors in FLOORS[blind_set].items():
        assert getattr(report, name) >= floors[mode], (name, getattr(report, name))
    for name, ceilings in CEILINGS[blind_set].items():
        assert getattr(report, name) <= ceilings[mode], (name, getattr(report, name))


def test_strong_answers_beat_keyword_lists_and_off_topic_ones(report) -> None:
    assert report.pairwise_by_ordering["strong > stuffed"] >= 0.95
    assert report.pairwise_by_ordering["strong > off_topic"] >= 0.95
    assert report.mean_by_kind["strong"] > report.mean_by_kind["partial"] > report.mean_by_kind["off_topic"]


def test_calibrate_cli_prints_the_report_as_json(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = tmp_path / "one.yaml"
    sample.write_text(
        "- question: prob-ppv-rare-disease\n  answers:\n"
        "    - {kind: strong, grade: 90, text: 'Out of 10,000 people 95 sick test positive and 495 healthy ones"
        " are false positives, so by Bayes the PPV is 95/590, about 16%. The base rate is low, so retest.'}\n"
        "    - {kind: fluent_wrong, grade: 10, text: 'The test is 95% accurate, so the chance they have it is 95%.'}\n",
        encoding="utf-8",
    )
    assert main(["calibrate", str(sample), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answers"] == 2 and data["questions"] == 1
    assert data["mean_by_kind"]["strong"] > data["mean_by_kind"]["fluent_wrong"]
    assert data["pairwise_by_ordering"]["strong > fluent_wrong"] == 1.0


def test_calibrate_cli_says_what_is_wrong_with_a_missing_file(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calibrate", str(tmp_path / "nope.yaml")]) == 1
    assert "No such calibration file" in capsys.readouterr().err


def test_spearman_handles_ties_and_order() -> None:
    assert spearman([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)
    assert spearman([1, 2, 3], [30, 20, 10]) == pytest.approx(-1.0)
    assert spearman([1, 1, 2], [1, 2, 3]) == pytest.approx(0.866, abs=1e-3)
