"""What the scorer hands back. Frozen dataclasses so a result can be cached and shared safely."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Who decided a key point: "llm" is a checked model verdict; "model" is how results stored
# before the name followed the command line's `--grader llm`.
MODEL_GRADERS = frozenset({"llm", "model"})


@dataclass(frozen=True, slots=True)
class KeyPointResult:
    id: str
    point: str
    weight: float
    hit: bool
    evidence: str | None = None  # the answer sentence that earned the point
    credit: float | None = None  # share of the weight earned when not all-or-nothing ("partly": 0.5)
    grader: str = "rubric"  # who decided this point: "rubric" or "llm" (a checked model verdict)

    @property
    def earned(self) -> float:
        """Share of this point's weight the answer earned, 0..1."""
        return self.credit if self.credit is not None else float(self.hit)


@dataclass(frozen=True, slots=True)
class NumericVerdict:
    expected: float
    found: list[float]  # every number read from the answer, in order of appearance
    correct: bool
    explanation: str
    matched: str | None = None  # the text of the number (or range) that matched
    read: str | None = None  # the value read as the answer's final one (None: none committed)


@dataclass(frozen=True, slots=True)
class StarReport:
    situation: bool
    task: bool
    action: bool
    result: bool
    quantified_result: bool
    uses_i: bool  # says what *they* did, not only what "we" did
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DesignReport:
    covered: dict[str, bool]  # dimension name -> mentioned
    has_numbers: bool

    @property
    def missing(self) -> list[str]:
        return [name for name, ok in self.covered.items() if not ok]


@dataclass(frozen=True, slots=True)
class MisconceptionResult:
    """A wrong claim the answer made (or a behavioural red flag it showed), and what is true."""

    id: str
    claim: str
    correction: str
    penalty: float  # share of the full score removed, 0..1
    evidence: str | None = None  # the clause that made the claim (None for a missing part)
    kind: str = "misconception"  # or "red_flag"


@dataclass(frozen=True, slots=True)
class FollowUpResult:
    """One follow-up question: its answer scored on the follow-up's own key points."""

    index: int
    prompt: str
    scored: bool  # False: the follow-up has no key points of its own (shown, not scored)
    answered: bool
    off_topic: bool  # answered, but none of its key points was made
    score: float  # 0-100 on its own key points
    share: float  # share of the round's score this follow-up carries, 0..1
    earned: float  # points of the round's 0-100 score it earned (score x share)
    points: list[KeyPointResult] = field(default_factory=list)
    misconceptions: list[MisconceptionResult] = field(default_factory=list)

    @property
    def status(self) -> str:
        if not self.scored:
            return "not scored"
        if not self.answered:
            return "skipped"
        return "off-topic" if self.off_topic else "answered"


@dataclass(frozen=True, slots=True)
class OptionResult:
    """A multiple-choice option as the front ends show it."""

    key: str
    text: str
    chosen: bool
    correct: bool


@dataclass(frozen=True, slots=True)
class ScoreResult:
    score: float  # 0-100
    points: list[KeyPointResult]
    numeric: NumericVerdict | None = None
    star: StarReport | None = None
    design: DesignReport | None = None
    stuffing: bool = False
    feedback: list[str] = field(default_factory=list)
    misconceptions: list[MisconceptionResult] = field(default_factory=list)
    follow_ups: list[FollowUpResult] = field(default_factory=list)
    options: list[OptionResult] = field(default_factory=list)  # choice questions only
    main_score: float | None = None  # the main answer's own 0-100 score, before follow-up shares
    grader: str = "rubric"  # "llm" when a checked model reply decided the key points
    grader_model: str | None = None  # the model's name, for the result's footer
    grader_fallback: str | None = None  # why the rubric graded although a model was asked

    @property
    def hit(self) -> list[KeyPointResult]:
        return [p for p in self.points if p.hit]

    @property
    def missed(self) -> list[KeyPointResult]:
        return [p for p in self.points if not p.hit]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (used by `mockloop score --json` and by storage)."""
        data = asdict(self)
        data["score"] = round(self.score, 1)
        if self.design is not None:
            data["design"]["missing"] = self.design.missing
        data["hit"] = [p.id for p in self.hit]
        data["missed"] = [p.id for p in self.missed]
        for item, follow_up in zip(data["follow_ups"], self.follow_ups, strict=True):
            item["status"] = follow_up.status
            item["score"] = round(follow_up.score, 1)
            item["earned"] = round(follow_up.earned, 1)
        if self.main_score is not None:
            data["main_score"] = round(self.main_score, 1)
        data["fallback"] = self.grader_fallback
        return data
