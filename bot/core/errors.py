"""Domain errors a member can cause. Each carries a short message safe to show them.

Messages here name no front end: no "/mock start", no `mockloop practice`, no channel
mention. Where a front end has more to say (where the open round lives, which command starts
one), the error carries the data and each front end words it (`bot/discordbot/errors.py`,
`bot/terminal.py`).
"""

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


class NoOpenRound(RoundNotFound):
    """The member has no open round; front ends add how to start one."""

    def __init__(self, message: str = "You have no round open.") -> None:
        super().__init__(message)


class RoundOfSomeoneElse(RoundNotFound):
    """A round id (a button, a form) that belongs to another member."""

    def __init__(self, message: str = "That round belongs to someone else.") -> None:
        super().__init__(message)


class RoundAlreadyActive(MockloopError):
    """A start while a round is open. Carries where the open round is; front ends may link it."""

    def __init__(self, round_id: int, round_label: str, thread_id: int | None = None) -> None:
        super().__init__(
            f"You already have a {round_label.lower()} round open (round #{round_id}). "
            "Finish it or give up before starting another."
        )
        self.round_id = round_id
        self.round_label = round_label
        self.thread_id = thread_id


class IllegalTransition(MockloopError):
    """The round is not in a state where this action makes sense (e.g. a hint after time-up)."""


class NothingAnswered(IllegalTransition):
    """Done before any answer was sent; front ends say how to finish (a button, a line with '.')."""

    def __init__(self, message: str = "You haven't answered yet: send your answer first.") -> None:
        super().__init__(message)


class EmptyAnswer(MockloopError):
    pass


class AnswerTooLong(MockloopError):
    pass


class NotYourRound(MockloopError):
    pass


class NotInServer(MockloopError):
    """A server-only action used somewhere without a server (a DM)."""


class GroupError(MockloopError):
    """A group name is bad, taken or unknown."""


class NoGroupNamed(GroupError):
    """No group has that name. Carries the names there are; front ends add how to create one."""

    def __init__(self, name: str, known: list[str]) -> None:
        hint = f" Groups here: {', '.join(known[:10])}." if known else ""
        super().__init__(f"There is no group called '{name}'.{hint}")
        self.name = name
        self.known = known


class NoCodeFound(MockloopError):
    """A run or submit with no code given and none in the answer so far."""


class UploadRejected(MockloopError):
    """The file as a whole cannot be read (too large, not text); nothing was changed."""


class StorageUnavailable(MockloopError):
    """The database could not be written (locked, full, read-only): try again later."""
