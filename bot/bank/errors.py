"""One problem in a bank file, printed as `file:line: question-id: field: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BankError:
    file: str
    line: int
    question_id: str | None  # None when the problem is not inside one question (or its id is unknown)
    field: str  # dotted path inside the question (or file), e.g. "answer.tests[3].expected"
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.question_id or '-'}: {self.field or '-'}: {self.message}"


def format_path(loc: tuple[str | int, ...]) -> str:
    """("answer", "tests", 3, "expected") -> "answer.tests[3].expected"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
