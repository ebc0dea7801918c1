"""Synonyms: a key point told in other ordinary words is earned ("I informed my lead" says
"I told my manager"), and nothing else moves: confusable terms, opposites, negation and the
function-word rules hold as before (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from bot.bank.loader import load_default_bank
from bot.core.scoring import score_answer
from bot.core.scoring.lexicon import _SYNONYMS, SYNONYMS, _check_synonyms, _synonym_groups
from bot.core.scoring.matching import phrase_in_text
from bot.core.scoring.text import stem
from tests.core.scoring.scoring_helpers import make_question


@contextmanager
def synonyms_off() -> Iterator[None]:
    saved = dict(SYNONYMS)
    SYNONYMS.clear()
    try:
        yield
    finally:
        SYNONYMS.update(saved)


@pytest.fixture(scope="module")
def bank_phrases() -> set[str]:
    phrases: set[str] = set()
    for q in load_default_bank().bank:
        for k in [*q.rubric, *(k for f in q.follow_ups for k in f.key_points)]:
            phrases.update(k.phrases)
    return phrases


# (a bank phrase, a sentence that says it in other words, the group that bridges them)
EARNED = [
    ("told the stakeholders", "I emailed the stakeholders that afternoon with the revised numbers.", "told"),
    ("told my manager", "I notified my boss the same day.", "manager"),
    ("told my manager", "I informed my lead the same day.", "manager"),
    ("notified the owners", "I pinged the owners of each table before lunch.", "told"),
    ("quantified the impact", "I measured the impact on the weekly report.", "measure"),
    ("scheduled the fix", "We scheduled the repair for the next sprint.", "fix"),
    ("reduced the scope", "We cut the scope to two features.", "reduce"),
    ("reduced latency by", "The new index cut latency by 30%.", "reduce"),
    ("started with a heuristic", "I began with a heuristic rule on order size.", "start"),
    ("paused the rollout", "I stopped the rollout at 10% and looked at the guardrails.", "stop"),
    ("resolved quickly", "The second incident was resolved rapidly by the on-call.", "quick"),
    ("the real problem", "The real issue was that sales had promised a date.", "problem"),
    ("found a bug in my", "I found a defect in my own pipeline.", "bug"),
    ("their worry was setup time", "Their concern was setup time, so I wrote a template.", "concern"),
    ("asked a colleague to review", "I asked a teammate to review the doc.", "colleague"),
    ("talked to the users", "I spoke to the users directly.", "talk"),
    ("now mentors others", "She now coaches others on the team.", "mentor"),
    ("blameless postmortem", "We ran a blameless retro the next week.", "postmortem"),
    ("reverted to the old model", "We did a rollback to the old model within an hour.", "rollback"),
]


@pytest.mark.parametrize(("phrase", "sentence", "group"), EARNED)
def test_a_point_told_in_other_words_is_earned(phrase: str, sentence: str, group: str, bank_phrases: set[str]) -> None:
    assert phrase in bank_phrases  # a real rubric or follow-up phrase
    assert phrase_in_text(phrase, sentence)
    with synonyms_off():  # and the synonyms are why
        assert not phrase_in_text(phrase, sentence)


def test_every_group_has_a_sentence() -> None:
    groups = {frozenset({w, *others}) for w, others in SYNONYMS.items()}
    covered = {g for g in groups for _, _, word in EARNED if stem(word) in g}
    assert covered == groups


def test_a_strong_story_in_other_words_earns_the_point() -> None:
    q = make_question(
        {"kind": "open"},
        rubric=[
            {"id": "told", "point": "Told the manager early", "weight": 1, "phrases": ["I told my manager"]},
            {"id": "measured", "point": "Measured the impact", "weight": 1, "phrases": ["measured the impact"]},
        ],
    )
    answer = "I informed my lead the same day. After the fix I quantified the impact on weekly revenue."
    result = score_answer(q, answer)
    assert {k.id for k in result.hit} == {"told", "measured"}
    with synonyms_off():
        assert score_answer(q, answer).score < result.score


NOT_EARNED = [
    # negated: the synonym does not escape the negation
    ("I told my manager", "I never informed my lead."),
    ("I told my manager", "I didn't notify my boss until the audit."),
    # function words: someone else did it
    ("I told the team", "Our VP informed the team."),
    ("I told my manager", "She informed her lead."),
    # opposites and other groups: "raise" is not "reduce", "stop" is not "start"
    ("reduced latency by", "We raised latency by 30%."),
    ("started with a heuristic", "I stopped with a heuristic."),
    # confusable technical terms stay apart, synonyms or not
    ("measure recall", "We quantified precision on the holdout."),
    ("reduce variance", "Bagging cuts the bias."),
    # answer-only members: a phrase word in its other sense takes no synonyms
    ("lead by example", "I told my manager about the labelled examples."),
    ("missing information", "Nobody told us what was missing."),
    # a phrase of one content word names one thing: no synonyms for it
    ("postmortem", "We wrote a retro."),
    # a typo of a synonym is not a synonym ("state" is one letter from "start")
    ("t begins at 0", "Each gate is computed from the input x_t and the previous state, between 0 and 1."),
    # words with a second sense are not in the table: a message, a feature flag, a fixed date
    ("told support", "Support tickets showed legitimate messages being hidden."),
    ("told the team", "The team added a feature flag."),
    ("launch with a fix", "The launch date was fixed and contractual."),
    ("talked to the users", "Each speaker id maps to one of the users."),
    # "tell" in "this tells me" is not telling someone
    ("told the stakeholders", "What the stakeholders ask first tells me what they fear."),
]


@pytest.mark.parametrize(("phrase", "sentence"), NOT_EARNED)
def test_synonyms_do_not_bend_meaning(phrase: str, sentence: str) -> None:
    assert not phrase_in_text(phrase, sentence)


def test_the_same_sentences_in_the_phrase_words_still_match() -> None:
    # the negative cases above fail for their reason, not because the sentence is unreadable
    assert phrase_in_text("I told my manager", "I told my manager.")
    assert phrase_in_text("measure recall", "We quantified recall on the holdout.")
    assert phrase_in_text("reduce variance", "Bagging cuts the variance.")
    assert phrase_in_text("postmortem", "We wrote a postmortem.")
    assert phrase_in_text("started with a heuristic", "I began with a heuristic.")


@pytest.mark.parametrize(
    "table",
    [
        "precision accuracy",  # confusable
        "reduce decrease",  # in ANTONYM_PAIRS
        "i we",  # pronouns
        "never nobody",  # negators
        "more higher",  # comparatives
        "the a",  # stop words
    ],
)
def test_the_table_refuses_words_that_may_not_be_synonyms(table: str) -> None:
    with pytest.raises(ValueError, match="may not be synonyms"):
        _check_synonyms(table)


def test_a_word_may_be_in_one_group_only() -> None:
    with pytest.raises(ValueError, match="two groups"):
        _synonym_groups("told inform\nsaid inform")
    _check_synonyms(_SYNONYMS)  # the shipped table passes its own checks
