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

    @property
    def in_prose(self) -> str:
        """The round type inside a sentence: "an ML theory round", "a coding round"."""
        return with_article(ROUND_LABELS[self])


def with_article(label: str) -> str:
    """ "ML theory" -> "an ML theory", "Coding" -> "a coding": acronyms keep their case."""
    first, _, rest = label.partition(" ")
    word = first if first.isupper() else first.lower()
    phrase = f"{word} {rest}".strip()
    return f"{'an' if phrase[0].lower() in 'aeiou' or word in {'ML', 'LLM', 'SQL'} else 'a'} {phrase}"


def in_prose(label: str) -> str:
    """A round label inside a sentence, without an article: "ML theory", "system design"."""
    return with_article(label).split(" ", 1)[1]


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
