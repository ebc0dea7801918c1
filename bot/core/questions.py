"""The question schema: one pydantic model per part of a bank file.

The bank loader (bot/bank/) reads YAML, keeps line numbers and turns pydantic's errors into
`file:line: question-id: field: message` lines; this module only says what is valid.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bot.core.models import Difficulty, RoundType

SCHEMA_VERSION = 1

QuestionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{2,63}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=1500, strip_whitespace=True)]


class Strict(BaseModel):
    """Unknown keys are errors (a typo must not silently drop a field); strings stay strings."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Source(Strict):
    kind: Literal["original", "adapted"] = "original"
    licence: str | None = None
    attribution: str | None = None
    url: str | None = None

    @model_validator(mode="after")
    def _adapted_needs_credit(self) -> Source:
        if self.kind == "adapted" and not (self.licence and self.attribution):
            raise ValueError("an adapted question needs both 'licence' and 'attribution'")
        return self


def _compiled_patterns(value: list[str]) -> list[str]:
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {exc}") from None
    return value


class KeyPoint(Strict):
    """One thing a good answer makes. `phrases` are matched fuzzily; `patterns` are regexes."""

    id: Slug
    point: Text
    weight: float = Field(default=1.0, gt=0, le=10, strict=False)
    phrases: list[Text] = Field(min_length=1)
    patterns: list[str] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, value: list[str]) -> list[str]:
        return _compiled_patterns(value)


OptionKey = Annotated[str, StringConstraints(pattern=r"^[a-z]$")]


class Misconception(Strict):
    """A wrong claim interviewers actually hear for this question.

    `phrases` and `patterns` detect the claim (a negated mention, "X is not Y", does not count);
    `correction` is the one line the feedback shows; `penalty` is the share of the full score
    (0-1) that making the claim removes. On a choice question, `options` names the wrong
    option(s) that make this claim: picking one shows the correction (the wrong pick already
    costs its score, so no penalty on top). Such a misconception needs no phrases.
    """

    id: Slug
    claim: Text
    correction: ShortText
    phrases: list[Text] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    penalty: float = Field(default=0.2, gt=0, le=1, strict=False)
    options: list[OptionKey] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, value: list[str]) -> list[str]:
        return _compiled_patterns(value)

    @model_validator(mode="after")
    def _detectable(self) -> Misconception:
        if not self.phrases and not self.options:
            raise ValueError("needs at least 1 phrase (or, on a choice question, the 'options' that make the claim)")
        return self


def _fail(problems: list[tuple[tuple[str | int, ...], str]], value: Any) -> None:
    """Report problems found across fields at their own fields' locations (so the loader can
    give each one its line), rather than at the enclosing mapping's first line."""
    raise ValidationError.from_exception_data(
        "Question",
        [{"type": "value_error", "loc": loc, "input": value, "ctx": {"error": message}} for loc, message in problems],
    )


class FollowUp(Strict):
    """A follow-up question, scored on its own key points.

    `probes` names the rubric key points this follow-up digs into, so an interviewer can pick
    the follow-up for the point a member missed. A bare string in a bank file is a follow-up
    with no key points of its own (shown, not scored).
    """

    prompt: ShortText
    key_points: list[KeyPoint] = Field(default_factory=list)
    probes: list[Slug] = Field(default_factory=list)


def _follow_up_from_text(value: Any) -> Any:
    return {"prompt": value} if isinstance(value, str) else value


# ---- answer kinds -------------------------------------------------------------------------


class OpenAnswer(Strict):
    kind: Literal["open"]


class NumericAnswer(Strict):
    kind: Literal["numeric"]
    value: float = Field(strict=False)
    abs_tolerance: float | None = Field(default=None, ge=0, strict=False)
    rel_tolerance: float | None = Field(default=None, ge=0, strict=False)
    percent_equivalent: bool = False  # "16%" and "0.16" are the same answer
    unit: str | None = None
    assumptions: list[Text] = Field(default_factory=list)
    # Other names an answer may give the asked quantity ("step size", "eta", "η" for a learning
    # rate): a number labelled with one is read as the asked value (bot/core/scoring/quantities.py).
    names: list[Annotated[str, StringConstraints(min_length=1, max_length=60, strip_whitespace=True)]] = Field(
        default_factory=list, max_length=12
    )

    @field_validator("names")
    @classmethod
    def _names_name_something(cls, value: list[str]) -> list[str]:
        seen: set[str] = set()
        for name in value:
            if not re.search(r"[^\W\d_]", name):
                raise ValueError(f"name {name!r} has no letter; a name is words an answer would label a number with")
            if name.casefold() in seen:
                raise ValueError(f"name {name!r} is listed twice")
            seen.add(name.casefold())
        return value

    @model_validator(mode="after")
    def _one_tolerance(self) -> NumericAnswer:
        if self.abs_tolerance is None and self.rel_tolerance is None:
            raise ValueError("give 'abs_tolerance' or 'rel_tolerance' (e.g. rel_tolerance: 0.05)")
        return self


class ChoiceOption(Strict):
    key: Annotated[str, StringConstraints(pattern=r"^[a-z]$")]
    text: Annotated[str, StringConstraints(min_length=1, max_length=80)]  # a Discord button label


class ChoiceAnswer(Strict):
    kind: Literal["choice"]
    options: list[ChoiceOption] = Field(min_length=2, max_length=5)
    correct: list[str] = Field(min_length=1)
    explanation: ShortText | None = None

    def option(self, key: str) -> ChoiceOption | None:
        return next((o for o in self.options if o.key == key), None)

    @field_validator("options")
    @classmethod
    def _option_keys_unique(cls, value: list[ChoiceOption]) -> list[ChoiceOption]:
        keys = [o.key for o in value]
        if len(set(keys)) != len(keys):
            raise ValueError("option keys must be unique")
        return value

    @field_validator("correct")
    @classmethod
    def _correct_are_options(cls, value: list[str], info: ValidationInfo) -> list[str]:
        # A field validator (not a model one) so the error points at the `correct:` line.
        options = info.data.get("options")
        if options is None:
            return value  # the options themselves are invalid and already reported
        keys = [o.key for o in options]
        unknown = [c for c in value if c not in keys]
        if unknown:
            raise ValueError(f"correct option(s) {unknown} are not among the option keys {keys}")
        return value


class CodeCase(Strict):
    """One call of the member's function: positional `args`, the `expected` return value."""

    id: Slug
    args: list[Any]
    expected: Any


class CodeLimits(Strict):
    time_seconds: float = Field(default=2.0, gt=0, le=10, strict=False)
    memory_mb: int = Field(default=256, ge=32, le=1024)


GeneratorParam = int | float | str | bool | list[int] | list[float] | list[str]


class GeneratedCase(Strict):
    """A large hidden input made at bank-load time, outside the sandbox, so a complexity claim
    is enforced: `generator` names a function in bot/bank/generators.py, called with a
    `random.Random(seed)` and `params`; it returns the positional args. The expected value is
    the reference solution's output, and the time limit for the question's hidden tests is set
    from the reference's measured time (see bot/bank/generated.py). Names and params are checked
    by the loader (which knows the generators), not here."""

    id: Slug
    generator: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
    seed: int = Field(ge=0)
    params: dict[str, GeneratorParam] = Field(default_factory=dict)


class CodeAnswer(Strict):
    kind: Literal["code"]
    function: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
    signature: Text  # e.g. "def softmax(xs: list[float]) -> list[float]"
    starter: str
    examples: list[CodeCase] = Field(min_length=1)
    tests: list[CodeCase] = Field(min_length=8)
    # exact_typed: like exact, but an int must come back as an int (24.0 is not 24) and a bool
    # as a bool; use it where the prompt demands integers.
    compare: Literal["exact", "exact_typed", "float", "float_list", "unordered"] = "exact"
    tolerance: float = Field(default=1e-6, gt=0, strict=False)
    limits: CodeLimits = Field(default_factory=CodeLimits)
    generate: list[GeneratedCase] = Field(default_factory=list, max_length=4)
    solution: Text

    @model_validator(mode="after")
    def _signature_names_function(self) -> CodeAnswer:
        if not re.match(rf"^def\s+{re.escape(self.function)}\s*\(", self.signature):
            raise ValueError(f"signature must start with 'def {self.function}('")
        ids = [c.id for c in [*self.examples, *self.tests, *self.generate]]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"test ids must be unique within the question, repeated: {dupes}")
        return self


class StarExpectations(Strict):
    situation: Text
    task: Text
    action: Text
    result: Text


class StarAnswer(Strict):
    kind: Literal["star"]
    must_show: StarExpectations
    quantified_result: bool = True
    red_flags: list[Text] = Field(default_factory=list)


DesignPhase = Literal[
    "requirements",
    "metrics",
    "data",
    "features",
    "model",
    "serving",
    "online_evaluation",
    "monitoring",
    "failure_modes",
]


class DesignAnswer(Strict):
    kind: Literal["design"]
    phases: list[DesignPhase] = Field(min_length=3)
    scale: Text | None = None  # the numbers the prompt gives, e.g. "10,000 requests/s, p99 < 50 ms"


Answer = Annotated[
    OpenAnswer | NumericAnswer | ChoiceAnswer | CodeAnswer | StarAnswer | DesignAnswer,
    Field(discriminator="kind"),
]


# ---- question and file --------------------------------------------------------------------


class Question(Strict):
    id: QuestionId
    round_type: RoundType = Field(strict=False)
    topic: Slug
    title: Annotated[str, StringConstraints(min_length=3, max_length=120, strip_whitespace=True)]
    difficulty: Difficulty = Field(strict=False)
    tags: list[Slug] = Field(default_factory=list)
    prompt: Text
    time_limit_minutes: int | None = Field(default=None, ge=5, le=90)
    # Shown as one Discord message each (2000 characters), so kept well under it.
    hints: list[ShortText] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    rubric: list[KeyPoint] = Field(min_length=1)
    misconceptions: list[Misconception] = Field(default_factory=list)
    reference_answer: Text
    source: Source = Field(default_factory=Source)
    answer: Answer

    @field_validator("follow_ups", mode="before")
    @classmethod
    def _follow_ups_from_text(cls, value: Any) -> Any:
        return [_follow_up_from_text(v) for v in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _rubric_ids_unique(self) -> Question:
        ids = [k.id for k in self.rubric]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"rubric ids must be unique within the question, repeated: {dupes}")
        unknown = sorted({p for f in self.follow_ups for p in f.probes} - set(ids))
        if unknown:
            raise ValueError(f"follow-up 'probes' name key points the rubric does not have: {unknown}")
        mids = [m.id for m in self.misconceptions]
        dupes = sorted({i for i in mids if mids.count(i) > 1})
        if dupes:
            raise ValueError(f"misconception ids must be unique within the question, repeated: {dupes}")
        return self

    @model_validator(mode="after")
    def _misconception_options(self) -> Question:
        """A misconception's `options` are wrong options of this choice question, each named once."""
        problems: list[tuple[tuple[str | int, ...], str]] = []
        spec = self.answer
        named: dict[str, str] = {}
        for i, m in enumerate(self.misconceptions):
            if not m.options:
                continue
            loc = ("misconceptions", i, "options")
            if not isinstance(spec, ChoiceAnswer):
                problems.append((loc, "only a choice question's misconception can name 'options'"))
                continue
            keys = [o.key for o in spec.options]
            unknown = [k for k in m.options if k not in keys]
            right = [k for k in m.options if k in spec.correct]
            again = [k for k in m.options if k in named]
            if unknown:
                problems.append((loc, f"option(s) {unknown} are not among the option keys {keys}"))
            elif right:
                problems.append((loc, f"option(s) {right} are correct; a misconception names wrong options only"))
            elif again:
                problems.append(
                    (loc, f"option(s) {again} already named by misconception '{named[again[0]]}'; one claim per option")
                )
            named.update((k, m.id) for k in m.options)
        if problems:
            _fail(problems, [m.options for m in self.misconceptions])
        return self

    def option_misconception(self, key: str) -> Misconception | None:
        """The misconception a wrong option of this choice question makes, if the bank names one."""
        return next((m for m in self.misconceptions if key in m.options), None)

    @property
    def total_weight(self) -> float:
        return sum(k.weight for k in self.rubric)


class FileDefaults(Strict):
    difficulty: Difficulty | None = Field(default=None, strict=False)
    tags: list[Slug] = Field(default_factory=list)


class BankFile(Strict):
    """A whole YAML file. Questions inherit `round_type`, `topic` and defaults from the file."""

    schema_version: Literal[1]
    round_type: RoundType = Field(strict=False)
    topic: Slug
    defaults: FileDefaults = Field(default_factory=FileDefaults)
    questions: list[dict[str, Any]] = Field(min_length=1)  # each validated as a Question separately
