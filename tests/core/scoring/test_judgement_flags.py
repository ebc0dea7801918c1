"""Judgement red flags in behavioural stories: hiding a problem, pushing past checks, taking the
credit, learning nothing; said in the speaker's own voice, not denied, not owned as a mistake."""

from __future__ import annotations

import pytest

from bot.core.scoring import score_answer
from bot.core.scoring.judgement import find_judgement_flags
from bot.core.scoring.matching import AnswerIndex
from tests.core.scoring.test_scoring_judgement import ON_TOPIC, _star_question


def flags(text: str) -> set[str]:
    return {flag.id for flag, _ in find_judgement_flags(AnswerIndex.build(text))}


@pytest.mark.parametrize(
    ("sentence", "flag"),
    [
        ("I didn't tell anyone about the drop until the quarterly review.", "hides-problems"),
        ("We kept it quiet and patched the join in the next release.", "hides-problems"),
        ("I just quietly reverted the threshold on Friday night.", "hides-problems"),
        ("I didn't want to worry the PM, so I said we were on track.", "hides-problems"),
        ("I swapped the eval set without telling the research team.", "hides-problems"),
        ("Legal had concerns but we shipped it anyway because the date was fixed.", "overrides-checks"),
        ("The deadline was close so we skipped the A/B test.", "overrides-checks"),
        ("I overruled her analysis since the launch was mine.", "overrides-checks"),
        ("tbh we never really re-checked accuracy after quantising.", "overrides-checks"),
        ("It was obvious, no need to compare against the old model.", "overrides-checks"),
        ("I went with my gut and picked the bigger model.", "overrides-checks"),
        ("I single-handedly rebuilt the pipeline while the team watched.", "takes-credit"),
        ("I presented it and took all the credit with leadership.", "takes-credit"),
        ("It worked out, so no regrets.", "learned-nothing"),
        ("Honestly I wouldn't change a thing about how I ran it.", "learned-nothing"),
    ],
)
def test_each_judgement_flag_is_heard_in_the_speakers_voice(sentence: str, flag: str) -> None:
    assert flags(sentence) == {flag}


@pytest.mark.parametrize(
    "sentence",
    [
        # someone else's act is the situation, not the speaker's judgement
        "The previous owner had skipped the A/B test and shipped it anyway.",
        "Our VP overruled the data science lead before I joined.",
        # denied or hypothetical
        "I did not keep it quiet: I posted in the incident channel within ten minutes.",
        "Rather than ship it anyway, I asked for two more days of shadow traffic.",
        "If we had skipped the A/B test, we would never have seen the 3% drop in retention.",
        # a mistake the speaker owns is a lesson
        "I didn't check the join early enough. That was my mistake, and now I always diff row counts.",
        "We shipped it anyway. In hindsight I should have pushed for the canary.",
        # ordinary good practice
        "I told my manager the same day and we agreed to roll back.",
        "We ran an A/B test for two weeks and the lift held at 2.1%.",
    ],
)
def test_situations_denials_and_owned_mistakes_are_not_flags(sentence: str) -> None:
    assert flags(sentence) == set()


def test_a_judgement_flag_costs_its_full_share_of_a_polished_story() -> None:
    question = _star_question()
    clean = score_answer(question, ON_TOPIC)
    hidden = score_answer(question, ON_TOPIC + " I didn't tell anyone about the cause, so no one would ask.")
    found = {m.id: m for m in hidden.misconceptions}
    assert found["hides-problems"].kind == "red_flag"
    assert found["hides-problems"].evidence and "didn't tell anyone" in found["hides-problems"].evidence
    assert clean.score - hidden.score == pytest.approx(100 * found["hides-problems"].penalty, abs=1)
    assert any(line.startswith("Red flag: Hides a problem") for line in hidden.feedback)
