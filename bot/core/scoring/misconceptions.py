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
from bot.core.scoring.judgement import (
    JudgementFlag,
    compile_flag,
    find_judgement_flags,
    flagged_sentence,
    owned_as_lesson,
    said_in_own_voice,
)
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
    "useless team",
    "they were lazy",
    "they never listen",
    "nobody listened to me",
    "they did not do their job",
    "their mistake",
    "his mistake",
    "her mistake",
]
# Who else a story can blame: another team, a role, a colleague ("the data team's", "QA's").
_OTHERS = (
    r"(?:the (?:\w+ )?(?:team|team's|org|org's|group|group's|vendor|vendor's|contractor|contractors|pm|pm's|qa|qa's|"
    r"client|client's|intern|intern's|reviewers?|reviewer's)|another team|the other team|the other team's|their|his|her|"
    r"they|he|she|qa|qa's|legal|legal's|ops|ops's|infra|infra's|(?!(?:my|our|nobody|no one|no-one|everyone|anyone|"
    r"someone|one)'s)\w+'s)"
)
# Blame said as the speaker's own account of the cause (read as judgement.py reads a statement:
# not when denied, hypothetical, reported as someone else's words, or owned as a mistake).
BLAME_PATTERNS = [
    r"\b(?:it|this|that) was (?:all )?(?:on )?(?:them|the \w+ team)\b",
    r"\b(?:i|we) blamed (?:the|them|him|her|it on)\b",
    r"\bblame (?:them|him|her|the \w+ team|it on)\b",
    r"\b(?:was|were) to blame\b",
    # others called incompetent, not "I felt incompetent for the first month"
    r"\b(?:they|he|she|qa|legal|ops|the (?:\w+ )?(?:team|pm|vendor|contractors?|reviewers?)|my (?:manager|colleague|teammate|lead)) "
    r"(?:was|were|is|are) (?:just |completely |totally |so |really |frankly )?incompetent\b",
    r"\bincompetent (?:team|people|colleagues?|engineers?|manager|pm|vendor|reviewers?|analysts?)\b",
    # someone else dropped the ball (not "I dropped the ball", which owns it)
    r"\b(?:they|he|she|qa|legal|ops|infra|engineering|product|design|marketing|sales|support|"
    r"the (?:\w+ )?(?:team|pm|vendor|contractors?|client|reviewers?|engineers?)|my (?:colleague|teammate|manager|lead)|"
    r"\w+'s team)(?: really| totally| completely)? dropped the ball\b",
    # disowning: "the delay wasn't on me" (not "it wasn't my responsibility, but I fixed it")
    r"\b(?:wasn'?t|was not|isn'?t|is not) (?:really )?(?:on me|my (?:problem|responsibility|doing))\b(?![^.]*\bbut\b)",
    # "it was really QA's fault", "that was the data team's mistake"
    r"\b(?:it|this|that|which|the (?:outage|incident|bug|failure|drop|regression)) was (?:really |actually |honestly |clearly |"
    r"entirely |totally |all |mostly |basically |squarely |100% )?"
    rf"{_OTHERS} (?:fault|mistake|screw-?up|doing|bad|bug)\b",
    # "the root cause was the data team's pipeline", "the real problem was QA"
    r"\b(?:root cause|real (?:problem|issue|cause|culprit)|actual (?:problem|issue|cause|culprit)|true cause|the culprit|"
    r"the (?:problem|issue|fault) (?:was|lay|lies) (?:really |actually |clearly |entirely )?(?:with|on))"
    rf"(?: (?:was|were|lay|lies|sat))?(?: really| actually| clearly| entirely| squarely| just)?(?: with| in| on)? {_OTHERS}",
    # "the data team's pipeline was the real problem, not my model"
    rf"\b{_OTHERS}(?: \w+){{0,3}} (?:was|were) (?:the )?(?:real|actual|true|root|main) (?:problem|issue|cause|culprit)\b",
    # "the problem was in their pipeline, not my model"
    r"\b(?:problem|issue|cause|culprit|bug|fault) (?:was|were|lay|lies|sat) (?:really |actually |clearly |entirely )?"
    rf"(?:in|with|on|upstream in) {_OTHERS}[^.;]{{0,40}}?,?\s+not (?:in )?(?:my|our|me|us)\b",
    # "they should have caught it", "QA should've tested it"
    # not feedback given to a mentee ("I told her she should have flagged it sooner")
    r"(?<!told her )(?<!told him )(?<!told them )"
    r"\b(?:they|he|she|qa|legal|ops|infra|the (?:\w+ )?(?:team|pm|vendor|reviewers?|engineers?|analysts?|qa|client)|"
    r"my (?:manager|colleague|teammate|lead|pm))\s+(?:should|must|could easily)(?: have|'ve)\s+(?:caught|noticed|spotted|"
    r"flagged|tested|checked|told|warned|seen|known|prevented|fixed|validated|documented|communicated)\b",
    # "if the PM had listened", "had they tested it"
    r"\bif (?:only )?(?:they|he|she|qa|legal|management|leadership|the (?:\w+ )?(?:team|pm|vendor|reviewers?|client)|"
    r"my (?:manager|lead|pm))\s+(?:had|would have|'d)\s+(?:listened|paid attention|done (?:their|his|her) job|tested|"
    r"checked|read|followed|caught|told|warned)\b",
    r"\bhad (?:they|he|she|qa|legal|management|the (?:\w+ )?(?:team|pm|vendor|reviewers?)) (?:listened|paid attention|"
    r"done (?:their|his|her) job|tested|checked|caught|told)\b",
    r"\b(?:qa|legal|ops|the (?:\w+ )?(?:team|pm|vendor|contractors?)|my (?:colleague|teammate)) (?:really |totally |completely )?"
    r"(?:messed|screwed|fouled|botched) (?:it |this |things |everything )?up\b",
    r"\b(?:the (?:\w+ )?team|qa|they|the vendor|legal|ops) (?:was|were) (?:really |clearly |entirely |totally )?at fault\b",
    r"\b(?:the )?(?:fault|blame) (?:was|lay|lies|is) (?:really |clearly |entirely |squarely )?(?:with|on) "
    r"(?:them|him|her|qa|legal|ops|the (?:\w+ )?(?:team|pm|vendor))\b",
]
# Blaming as the speaker's own act: "threw the data team under the bus".
BLAME_ACTS = [
    r"\bthrew (?:them|him|her|qa|legal|the (?:\w+ )?(?:team|pm|vendor|intern)|my \w+) under the bus\b",
    r"\bpointed (?:the|a) finger at\b",
    r"\bput (?:it|the blame) on (?:them|him|her|qa|the (?:\w+ )?team)\b",
]
_BLAME = compile_flag(
    JudgementFlag(
        "blames-others",
        "Blames others for what went wrong",
        "Own your part: say what you did, what you would do differently, and leave others' mistakes out of it.",
        BLAME_PENALTY,
        acts=tuple(BLAME_ACTS),
        said=tuple(BLAME_PATTERNS),
        lesson_topic=r"\b(?:blam|fault|own|responsib|my part|finger|defensive|accountab)",
        # "..., which we had no test for": the speaker takes their share of the cause
        rescue=r"\b(?:but|which|and|though|although)\b[^.]{0,50}?\b(?:i|we|my|our)\b[^.]{0,30}?\b(?:should|missed|didn't|"
        r"did not|had no|never|failed|own|lacked|could have)\b",
    )
)


def find_blame(index: AnswerIndex) -> str | None:
    """The evidence of the story blaming others: a blame phrase (matched as a key point is,
    so "it wasn't their fault" is not one), or a blame pattern said in the speaker's voice;
    either waived when hypothetical or owned as a mistake."""
    best: Hit | None = None
    for raw in BLAME_PHRASES:
        hit = find_any([raw], [], index)
        if hit is None or (best is not None and hit.sentence >= best.sentence):
            continue
        if _hypothetical(hit, index) or owned_as_lesson(_BLAME, index, hit.sentence):
            continue
        if not said_in_own_voice(index.folded[hit.sentence], raw.split()[-1]):
            continue  # "The VP said it was their fault"
        best = hit
    s = flagged_sentence(_BLAME, index)
    if best is not None and (s is None or best.sentence <= s):
        return best.evidence
    return None if s is None else index.parsed[s].text


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
    blame = find_blame(index)
    if blame is not None:
        flags.append(
            MisconceptionResult(
                "blames-others",
                _flag_label(spec, _NAMES_BLAME, "Blames others for what went wrong"),
                "Own your part: say what you did, what you would do differently, and leave others' "
                "mistakes out of it.",
                BLAME_PENALTY,
                blame,
                "red_flag",
            )
        )
    no_action = not star.uses_i or not star.action
    for flag, sentence in find_judgement_flags(index):
        if flag.id == "no-own-part" and no_action:
            continue  # the same fault as no personal action, which is charged below
        flags.append(
            MisconceptionResult(flag.id, flag.claim, flag.correction, flag.penalty, sentence, "red_flag")
        )
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
