"""Wrong claims as candidates say them: each must trip its misconception; right ones trip none.

`tests/calibration/claims/**/*.yaml` holds, per question, sentences written the way candidates
talk (not copied from the misconception's phrases): `wrong` ones name the misconception they
state, `right` ones state the truth (often the same words with the fact fixed) and must trip
nothing. This is the development set for misconception recall; the blind set in
`tests/calibration/blind/` stays unseen by whoever writes these. Format:

    - question: ml-prob-pvalue-meaning
      wrong:
        - says: "So p = 0.03 means there's a 3% chance the null is actually true."
          trips: pvalue-prob-null-true
      right:
        - "p = 0.03 is the chance of data this extreme if the null were true."
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.cli.score import all_questions
from bot.core.scoring import score_answer

CLAIMS = Path(__file__).parent / "claims"


def _cases() -> list[tuple[str, str, str, str | None]]:
    cases = []
    for path in sorted(CLAIMS.rglob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            qid = entry["question"]
            where = f"{path.relative_to(CLAIMS)}:{qid}"
            for wrong in entry.get("wrong", []):
                cases.append((where, qid, wrong["says"], wrong["trips"]))
            for right in entry.get("right", []):
                cases.append((where, qid, right, None))
    return cases


CASES = _cases()


def _case_id(value: object) -> str:
    """A case's id names its file and question in full, so `-k stakeholders` selects a file's cases."""
    return value if isinstance(value, str) and (".yaml:" in value or len(value) < 40) else ""
QUESTIONS = {q.id: q for q in all_questions()}


def _claims(qid: str, text: str) -> set[str]:
    result = score_answer(QUESTIONS[qid], text)
    return {m.id for m in result.misconceptions if m.kind == "misconception"}


def test_every_claims_file_names_real_questions_and_misconceptions() -> None:
    bad = []
    for where, qid, _, trips in CASES:
        question = QUESTIONS.get(qid)
        if question is None:
            bad.append(f"{where}: no such question")
        elif trips is not None and trips not in {m.id for m in question.misconceptions}:
            bad.append(f"{where}: {trips} is not one of its misconceptions")
    assert not bad


@pytest.mark.parametrize(
    ("where", "qid", "text", "trips"),
    [c for c in CASES if c[3] is not None],
    ids=_case_id,
)
def test_a_wrong_claim_trips_its_misconception(where: str, qid: str, text: str, trips: str) -> None:
    assert trips in _claims(qid, text), f"{where}: {text!r} did not trip {trips}"


@pytest.mark.parametrize(
    ("where", "qid", "text"),
    [c[:3] for c in CASES if c[3] is None],
    ids=_case_id,
)
def test_a_right_claim_trips_nothing(where: str, qid: str, text: str) -> None:
    assert _claims(qid, text) == set(), f"{where}: {text!r} tripped a misconception"


def test_a_misconception_pattern_is_only_skipped_on_a_sentence_it_cannot_match() -> None:
    """The speed-up in find_pattern: a regex runs only on sentences holding one of its literal
    needles. Every heard sentence a bank pattern matches must hold one, or a claim would be
    missed for speed."""
    import re

    from bot.core.scoring.matching import _lower_needles
    from bot.core.scoring.text import fold

    matched = 0
    for _, qid, text, _ in CASES:
        folded = fold(text)
        for pattern in {p for m in QUESTIONS[qid].misconceptions for p in m.patterns}:
            if re.compile(pattern, re.IGNORECASE).search(folded):
                matched += 1
                wanted = _lower_needles(pattern)
                assert wanted is None or any(n in folded for n in wanted), (pattern, text)
    assert matched > 100
