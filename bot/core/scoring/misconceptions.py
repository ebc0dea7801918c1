"""Wrong claims and behavioural red flags: found in the answer, each costing a share of the score.

A misconception is found like a key point (same matcher, so negation counts: "a p-value is NOT
the probability H0 is true" does not make the claim). Behavioural stories are also checked for
red flags interviewers mark down: blaming others and the judgement flags of judgement.py
(hiding a problem, pushing past checks, taking the credit, learning nothing), no personal action
(only "we", or no action at all) and no outcome; the last two come from the STAR analysis.
"""

from __future__ import annotations

import re

from bot.core.questions import Misconception, StarAnswer
from bot.core.scoring.judgement import find_judgement_flags
from bot.core.scoring.matching import AnswerIndex, Hit, find_any, find_claim
from bot.core.scoring.results import MisconceptionResult, StarReport
from bot.core.scoring.text import fold

MAX_TOTAL_PENALTY = 0.8  # claims stack, up to 80 of the 100 points

BLAME_PENALTY = 0.15
NO_ACTION_PENALTY = 0.10
NO_OUTCOME_PENALTY = 0.10
# A vague story (no personal action, no outcome) loses at most half of what it earned; the
# judgement flags (blame, hiding a problem, pushing past checks...) cost their full share.
VAGUENESS_FLAGS = frozenset({"no-personal-action", "no-outcome"})

BLAME_PHRASES = [
    "their fault",
    "his fault",
    "her fault",
    "the other team's fault",
    "not my fault",
    "they messed up",
    "they screwed up",
    "they dropped the ball",
    "dropped the ball on their side",
    "incompetent",
    "useless team",
    "they were lazy",
    "they never listen",
    "nobody listened to me",
    "they did not do their job",
    "their mistake",
    "his mistake",
    "her mistake",
]
BLAME_PATTERNS = [
    r"\b(?:it|this|that) was (?:all )?(?:on )?(?:them|the \w+ team)\b",
    r"\b(?:i|we) blamed (?:the|them|him|her|it on)\b",
    r"\bblame (?:them|him|her|the \w+ team|it on)\b",
    r"\b(?:was|were) to blame\b",
]
# A claim inside a hypothesis ("If you knew the older child is a boy, the answer becomes 1/2",
# "Suppose the classes were balanced: then accuracy would do") is not made: the answer says when
# it would hold. An "if" near the claim frames it only in a counterfactual sentence (would,
# could, were, you, becomes); a rule stated with "if" ("if the scorer is down we let the
# payment through", "label 1 if converted", "only works if") is a claim.
_HYPOTHETICAL = re.compile(r"(?:^|[;:,.(]\s*|\s)(?:if|unless)\b")
_SUPPOSE = re.compile(r"\b(?:suppose|supposing|imagine|hypothetically)\b")
_COUNTERFACTUAL = re.compile(
    r"\b(?:would|could|might|were|wouldn't|couldn't|you|becomes?|then you)\b|\w'd\b"
)


def _hypothetical(hit: Hit, index: AnswerIndex) -> bool:
    sentence = fold(index.parsed[hit.sentence].text)
    end = sentence.find(fold(hit.evidence)[-20:])
    prefix = sentence if end < 0 else sentence[: end + 20]
    if _SUPPOSE.search(prefix):
        return True
    return bool(_HYPOTHETICAL.search(prefix)) and bool(_COUNTERFACTUAL.search(sentence))


def find_misconceptions(misconceptions: list[Misconception], index: AnswerIndex) -> list[MisconceptionResult]:
    found = []
    for m in misconceptions:
        hit = find_claim(m.phrases, m.patterns, index)
        if hit is not None and not _hypothetical(hit, index):
            found.append(MisconceptionResult(m.id, m.claim, m.correction, m.penalty, hit.evidence))
    return found


# What a question's own red-flag wording must say to name each built-in flag. Words alone
# misnamed them: "default" holds "fault", "personality" "personal", and "Hid or softened the
# negative result" is not the flag for a story with no result.
_NAMES_BLAME = re.compile(r"\bblam")
_NAMES_NO_ACTION = re.compile(r'only says "we"|\bonly "?we"?\b|never (?:says )?what (?:they|you|he|she) did|no personal action')
_NAMES_NO_OUTCOME = re.compile(r"^no (?:\w+ )?(?:outcome|result|impact)\b|^cannot quantify|^no measured")


def _flag_label(spec: StarAnswer, names: re.Pattern[str], default: str) -> str:
    """The question's own red-flag wording when one names this flag, else a general one."""
    for flag in spec.red_flags:
        if names.search(flag.lower()):
            return flag
    return default


def find_red_flags(spec: StarAnswer, star: StarReport, index: AnswerIndex) -> list[MisconceptionResult]:
    flags = []
    blame = find_any(BLAME_PHRASES, BLAME_PATTERNS, index)
    if blame is not None:
        flags.append(
            MisconceptionResult(
                "blames-others",
                _flag_label(spec, _NAMES_BLAME, "Blames others for what went wrong"),
                "Own your part: say what you did, what you would do differently, and leave others' "
                "mistakes out of it.",
                BLAME_PENALTY,
                blame.evidence,
                "red_flag",
            )
        )
    for flag, sentence in find_judgement_flags(index):
        flags.append(
            MisconceptionResult(flag.id, flag.claim, flag.correction, flag.penalty, sentence, "red_flag")
        )
    if not star.uses_i or not star.action:
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
