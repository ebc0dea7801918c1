"""What the scorer hands back. Frozen dataclasses so a result can be cached and shared safely."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class KeyPointResult:
    id: str
    point: str
    weight: float
    hit: bool
    evidence: str | None = None  # the answer sentence that earned the point


@dataclass(frozen=True, slots=True)
class NumericVerdict:
    expected: float
    found: list[float]  # every number read from the answer, in order of appearance
    correct: bool
    explanation: str
    matched: str | None = None  # the text of the number (or range) that matched


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
class ScoreResult:
    score: float  # 0-100
    points: list[KeyPointResult]
    numeric: NumericVerdict | None = None
    star: StarReport | None = None
    design: DesignReport | None = None
    stuffing: bool = False
    feedback: list[str] = field(default_factory=list)

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
        return data
