"""Domain errors a member can cause. Each carries a short message safe to show them."""

from __future__ import annotations


class MockloopError(Exception):
    """Base of every error a member can cause; `str(err)` is the friendly message."""


class InvalidOption(MockloopError):
    """An option outside what is allowed (round type, minutes, difficulty, topic...)."""


class NoQuestionAvailable(MockloopError):
    pass


class UnknownQuestion(MockloopError):
    pass


class RoundNotFound(MockloopError):
    pass


class RoundAlreadyActive(MockloopError):
    def __init__(self, message: str, round_id: int, thread_id: int | None = None) -> None:
        super().__init__(message)
        self.round_id = round_id
        self.thread_id = thread_id


class IllegalTransition(MockloopError):
    """The round is not in a state where this action makes sense (e.g. a hint after time-up)."""


class EmptyAnswer(MockloopError):
    pass


class AnswerTooLong(MockloopError):
    pass


class NotYourRound(MockloopError):
    pass


class StorageUnavailable(MockloopError):
    """The database could not be written (locked, full, read-only): try again later."""


class JudgeCooldown(MockloopError):
    """A member asked to run code again too soon; `wait_seconds` says how long until they may."""

    def __init__(self, wait_seconds: float, what: str = "run") -> None:
        self.wait_seconds = max(1, int(-(-wait_seconds // 1)))  # whole seconds, rounded up
        self.what = what
        unit = "second" if self.wait_seconds == 1 else "seconds"
        super().__init__(f"You can {what} code again in {self.wait_seconds} {unit}.")


class JudgeBusy(MockloopError):
    """The member's previous run is still queued or running, or the server's judge queue is full."""
