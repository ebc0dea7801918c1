"""A bounded in-process memo: the newest `limit` entries of an OrderedDict, oldest dropped first."""

from __future__ import annotations

from collections import OrderedDict
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def remember(memo: OrderedDict[K, V], key: K, value: V, limit: int) -> None:
    memo[key] = value
    memo.move_to_end(key)
    while len(memo) > limit:
        memo.popitem(last=False)
