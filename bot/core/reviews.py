"""Self and peer review rules: which rounds can be reviewed, and how a review compares with the scorer."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.errors import InvalidOption, NotYourRound, RoundNotFound
from bot.core.questions import Question
from bot.core.rounds import Round, RoundStatus

REVIEWABLE = (RoundStatus.DONE, RoundStatus.TIMED_OUT)
MAX_COMMENT = 1000


@dataclass(frozen=True, slots=True)
class ReviewComparison:
    """How the reviewer's ticks compare with what the automatic scorer found."""

    ticked: list[str]
    agreed: list[str]  # ticked by both
    only_reviewer: list[str]  # the reviewer saw it, the scorer did not
    only_scorer: list[str]  # the scorer found it, the reviewer did not tick it

    @property
    def agreement(self) -> float:
        union = set(self.ticked) | set(self.agreed) | set(self.only_scorer)
        return 1.0 if not union else len(self.agreed) / len(union)


def check_ticks(question: Question, ticked: list[str]) -> list[str]:
    known = [k.id for k in question.rubric]
    unknown = [t for t in ticked if t not in known]
    if unknown:
        raise InvalidOption(
            f"Unknown key point(s) {', '.join(unknown)}. This question's key points: {', '.join(known)}."
        )
    return [k for k in known if k in set(ticked)]  # rubric order, no repeats


def check_self_review(rnd: Round, reviewer_id: int) -> None:
    if rnd.user_id != reviewer_id:
        raise NotYourRound(
            "Only the member who answered can self-review a round; use the Review button to peer-review."
        )
    if rnd.status not in REVIEWABLE:
        raise RoundNotFound("This round isn't finished yet: self-review opens when it has a result.")


def check_peer_review(rnd: Round, reviewer_id: int, shared: bool) -> None:
    if rnd.user_id == reviewer_id:
        raise NotYourRound(
            "You can't peer-review your own round; use the self-review menu under your result."
        )
    if rnd.status not in REVIEWABLE:
        raise RoundNotFound("That round isn't finished, so it can't be reviewed yet.")
    if not shared:
        raise RoundNotFound("That round wasn't shared for review.")


def check_comment(comment: str) -> str:
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise InvalidOption(
            f"A review comment can be at most {MAX_COMMENT} characters ({len(comment)} given)."
        )
    return comment


def compare(question: Question, ticked: list[str], scorer_hits: list[str]) -> ReviewComparison:
    order = [k.id for k in question.rubric]
    t, s = set(ticked), set(scorer_hits)
    return ReviewComparison(
        ticked=[k for k in order if k in t],
        agreed=[k for k in order if k in t and k in s],
        only_reviewer=[k for k in order if k in t and k not in s],
        only_scorer=[k for k in order if k in s and k not in t],
    )
