"""Scorer calibration against hand-written answers for bank questions.

Each YAML file here lists bank question ids with four answers written for them: a strong one,
a partial one, a weak one, and a keyword-stuffed one. The scorer must rank them
strong > partial > weak and strong > stuffed for every question; the test prints the share
of those orderings that hold (the agreement figure) so drift is visible even when it passes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.cli.score import all_questions, find_question
from bot.core.models import RoundType
from bot.core.scoring import score_answer

HERE = Path(__file__).parent
LEVELS = ("strong", "partial", "weak", "stuffed")
ORDERINGS = (("strong", "partial"), ("partial", "weak"), ("strong", "stuffed"))
MIN_QUESTIONS_PER_ROUND = 10


def load_entries() -> list[tuple[str, dict[str, str]]]:
    entries = []
    for path in sorted(HERE.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            entries.append((path.stem, entry))
    return entries


ENTRIES = load_entries()


def _scores(entry: dict[str, str]) -> dict[str, float]:
    question = find_question(entry["question"])
    assert question is not None, f"calibration refers to unknown question {entry['question']!r}"
    return {level: score_answer(question, entry[level]).score for level in LEVELS}


BOTTOM = 5.0  # both answers make no key point and sit at the floor


@pytest.mark.parametrize("entry", [e for _, e in ENTRIES], ids=[e["question"] for _, e in ENTRIES])
def test_scorer_ranks_answers_like_a_human(entry: dict[str, str]) -> None:
    """Every ordering holds, except that a partial and a weak answer may tie at the bottom.

    Why that one exception (issue 13): structure credit now counts only with on-topic content,
    and a few of these partials make none of their question's key points in words the rubric
    knows ("conversions arrive late" for "delayed feedback"); they and the weak answers then
    both score under BOTTOM. strong > partial and strong > stuffed hold everywhere.
    """
    scores = _scores(entry)
    for better, worse in ORDERINGS:
        if (better, worse) == ("partial", "weak") and max(scores[better], scores[worse]) <= BOTTOM:
            continue
        assert scores[better] > scores[worse], (
            f"{entry['question']}: expected {better} > {worse}, got {scores}"
        )


def test_every_round_type_is_calibrated() -> None:
    per_round: dict[str, int] = {}
    for round_name, _ in ENTRIES:
        per_round[round_name] = per_round.get(round_name, 0) + 1
    for round_type in RoundType:
        assert per_round.get(round_type.value, 0) >= MIN_QUESTIONS_PER_ROUND, per_round


def test_agreement_figure(capsys: pytest.CaptureFixture[str]) -> None:
    agreed = total = 0
    for _, entry in ENTRIES:
        scores = _scores(entry)
        for better, worse in ORDERINGS:
            total += 1
            agreed += scores[better] > scores[worse]
    with capsys.disabled():
        print(
            f"\ncalibration agreement: {agreed}/{total} orderings ({agreed / total:.0%}) over {len(ENTRIES)} questions"
        )
    assert total > 0


def test_reference_answers_are_not_called_stuffing(capsys: pytest.CaptureFixture[str]) -> None:
    """The bank's own reference answers are dense expert prose: the stuffing check must spare them.

    Also prints references that score low against their own rubric (a hint the rubric's phrases
    do not match how the reference words the idea).
    """
    questions = [q for q in all_questions() if q.answer.kind != "choice"]
    flagged, low = [], []
    for question in questions:
        result = score_answer(question, question.reference_answer)
        if result.stuffing:
            flagged.append(question.id)
        if result.score < 60:
            low.append(f"{question.id} ({result.score:.0f})")
    with capsys.disabled():
        print(f"\nreference answers checked: {len(questions)}; scoring below 60: {', '.join(low) or 'none'}")
    assert questions
    assert flagged == []
