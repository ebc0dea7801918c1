"""Wrong claims and behavioural red flags: found in the answer, each costing a share of the score.

A misconception is found like a key point (same matcher, so negation counts: "a p-value is NOT
the probability H0 is true" does not make the claim), and not when said inside a hypothesis
(hypothetical.py). Behavioural stories are also checked for red flags interviewers mark down:
the judgement flags of judgement.py (blaming others, hiding a problem, pushing past checks,
taking the credit, learning nothing, taking no part), all found by its one entry point
`find_judgement_flags` and charged here alike, shown under the question's own red-flag wording
when it names one; then no personal action (only "we", or no action at all) and no outcome,
which come from the STAR analysis.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bot.core.questions import Misconception, StarAnswer
from bot.core.scoring.hypothetical import hypothetical, rebutted
from bot.core.scoring.judgement import find_judgement_flags
from bot.core.scoring.matching import AnswerIndex, find_claim
from bot.core.scoring.results import MisconceptionResult, StarReport
from bot.core.scoring.text import content_tokens, normalise

MAX_TOTAL_PENALTY = 0.8  # claims stack, up to 80 of the 100 points

MAX_WAIVED = 3  # sentences a claim may be waived in (a hypothesis, a rebuttal, a given) before the search stops
RESTATED_SHARE = 0.6  # a claim clause whose other words are this much a given sentence's restates it
RESTATED_MIN_WORDS = 2  # ... and at least this many of them
QUOTED_CLAIM_WORDS = 4  # a quote this long in a prompt is a statement under discussion ("won 55%" is data)
NO_ACTION_PENALTY = 0.10
NO_OUTCOME_PENALTY = 0.10
# A vague story (no personal action, no outcome) loses at most half of what it earned; the
# judgement flags (blame, hiding a problem, pushing past checks...) cost their full share.
VAGUENESS_FLAGS = frozenset({"no-personal-action", "no-outcome"})


def find_misconceptions(
    misconceptions: list[Misconception], index: AnswerIndex, given: AnswerIndex | None = None
) -> list[MisconceptionResult]:
    """The claims the answer makes. `given`: the question's prompt (see `prompt_index`); a claim
    clause that restates it ("The job fails once every 8 hours, so M = 480") states the data,
    not the wrong claim the same words make elsewhere ("checkpoint once every 8 hours")."""
    found = []
    for m in misconceptions:
        waived: frozenset[int] = frozenset()
        while len(waived) < MAX_WAIVED and (hit := find_claim(m.phrases, m.patterns, index, waived)) is not None:
            if not hypothetical(hit, index) and not rebutted(hit, index) and not _restates(hit.evidence, m, given):
                found.append(MisconceptionResult(m.id, m.claim, m.correction, m.penalty, hit.evidence))
                break
            waived |= {hit.sentence}  # said as a hypothesis, rebutted or given there: claimed later?
    return found


_QUOTED = re.compile(r'"[^"\n]{3,}"|“[^”\n]{3,}”')


@lru_cache(maxsize=256)
def prompt_index(prompt: str) -> AnswerIndex:
    """The prompt as the givens a restated claim is checked against. A statement the prompt
    quotes ("*\"So there is a 95% chance ...\"*") is the claim under discussion, not a given:
    agreeing with it in its own words is making it."""
    return AnswerIndex.build(_QUOTED.sub(_unquoted, prompt))


def _unquoted(quote: re.Match[str]) -> str:
    return " " if len(quote.group(0).split()) >= QUOTED_CLAIM_WORDS else quote.group(0)


def _restates(evidence: str | None, m: Misconception, given: AnswerIndex | None) -> bool:
    """Is the claim clause a restatement of a prompt sentence that makes the same match? Its words
    beyond the claim's own ("the job fails" of "the job fails once every 8 hours") must come from
    that sentence: "checkpoint once every 8 hours" adds a decision the prompt does not state."""
    if given is None or not evidence:
        return False
    hit = find_claim(m.phrases, m.patterns, given)
    if hit is None:
        return False
    claimed = {t for phrase in m.phrases for t in normalise(phrase).split()}
    said = set(content_tokens(normalise(evidence)))
    source = set(content_tokens(normalise(given.parsed[hit.sentence].text)))
    shared = (said - claimed) & source
    return len(shared) >= RESTATED_MIN_WORDS and len(shared) >= RESTATED_SHARE * len(said - claimed)


# What a question's own red-flag wording must say to name each STAR flag (a judgement flag
# carries its own `names`). Words alone misnamed them: "personality" holds "personal", and "Hid
# or softened the negative result" is not the flag for a story with no result.
_NAMES_NO_ACTION = re.compile(r'only says "we"|\bonly "?we"?\b|never (?:says )?what (?:they|you|he|she) did|no personal action')
_NAMES_NO_OUTCOME = re.compile(r"^no (?:\w+ )?(?:outcome|result|impact)\b|^cannot quantify|^no measured")


def _flag_label(spec: StarAnswer, names: str | re.Pattern[str], default: str) -> str:
    """The question's own red-flag wording when one names this flag, else a general one."""
    for flag in spec.red_flags:
        if re.search(names, flag.lower()):
            return flag
    return default


def _same_words(evidence: str | None, claims: list[str]) -> bool:
    return evidence is not None and any(evidence in c or c in evidence for c in claims)


def find_red_flags(
    spec: StarAnswer, star: StarReport, index: AnswerIndex, claimed: Sequence[MisconceptionResult] = ()
) -> list[MisconceptionResult]:
    """The red flags of a story. `claimed` are the question's own misconceptions already found:
    a judgement flag heard in the same words is the same fault and is not charged twice."""
    flags = []
    no_action = not star.uses_i or not star.action
    quoted = [m.evidence for m in claimed if m.evidence]
    for flag, evidence in find_judgement_flags(index):
        if flag.id == "no-own-part" and no_action:
            continue  # the same fault as no personal action, which is charged below
        if _same_words(evidence, quoted):
            continue
        label = _flag_label(spec, flag.names, flag.claim)
        flags.append(MisconceptionResult(flag.id, label, flag.correction, flag.penalty, evidence, "red_flag"))
    if no_action:
        flags.append(
            MisconceptionResult(
                "no-personal-action",
                _flag_label(spec, _NAMES_NO_ACTION,
                            "No personal action: the story never says what you did"),
                'Say what *you* decided and did ("I proposed...", "I built..."), not only what the team did.',
                NO_ACTION_PENALTY,
                None,
                "red_flag",
            )
        )
    if not star.result:
        flags.append(
            MisconceptionResult(
                "no-outcome",
                _flag_label(spec, _NAMES_NO_OUTCOME, "No outcome: the story never says how it ended"),
                "End with the result: what changed, by how much, and what you learned.",
                NO_OUTCOME_PENALTY,
                None,
                "red_flag",
            )
        )
    return flags


def total_penalty(found: list[MisconceptionResult]) -> float:
    return min(MAX_TOTAL_PENALTY, sum(m.penalty for m in found))
