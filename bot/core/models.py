"""Plain domain types shared by every layer."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RoundType(StrEnum):
    CODING = "coding"
    ML_THEORY = "ml_theory"
    SYSTEM_DESIGN = "system_design"
    BEHAVIORAL = "behavioral"

    @property
    def label(self) -> str:
        return ROUND_LABELS[self]


ROUND_LABELS = {
    RoundType.CODING: "Coding",
    RoundType.ML_THEORY: "ML theory",
    RoundType.SYSTEM_DESIGN: "System design",
    RoundType.BEHAVIORAL: "Behavioral",
}


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


@dataclass(frozen=True, slots=True)
class Duration:
    """Minutes for a round type, as real interview loops run them."""

    default: int
    minimum: int
    maximum: int

    def allows(self, minutes: int) -> bool:
        return self.minimum <= minutes <= self.maximum


DURATIONS: dict[RoundType, Duration] = {
    RoundType.CODING: Duration(default=45, minimum=30, maximum=45),
    RoundType.ML_THEORY: Duration(default=60, minimum=45, maximum=60),
    RoundType.SYSTEM_DESIGN: Duration(default=60, minimum=45, maximum=90),
    RoundType.BEHAVIORAL: Duration(default=30, minimum=20, maximum=45),
}

ML_THEORY_TOPICS = (
    "probability",
    "linear_algebra",
    "evaluation",
    "feature_engineering",
    "deep_learning",
    "mlops",
)
