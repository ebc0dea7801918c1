"""How a function's return value is compared with the expected one (shared by bank and judge).

Pure and total: any pair of values gives True or False, never an exception.
"""

from __future__ import annotations

import math
from typing import Any, Literal

CompareKind = Literal["exact", "exact_typed", "float", "float_list", "unordered"]


def outputs_match(expected: Any, got: Any, kind: str, tolerance: float = 1e-6) -> bool:
    """True when `got` is an acceptable answer for `expected` under compare `kind`.

    exact: equal after treating tuples as lists (JSON and YAML have no tuples).
    exact_typed: exact, and every number and bool has the expected type: 24.0 is not 24, 1 is
        not True (for prompts that demand integers, e.g. "do not use division").
    float: one number within `tolerance` (absolute or relative, whichever is looser).
    float_list: same length and every element within `tolerance`; nested lists allowed.
    unordered: same items with the same multiplicities in any order; items may be unhashable.
    """
    if kind == "exact":
        return _normalise(expected) == _normalise(got)
    if kind == "exact_typed":
        return _same_typed(expected, got)
    if kind == "float":
        return _close(expected, got, tolerance)
    if kind == "float_list":
        return _close_nested(expected, got, tolerance)
    if kind == "unordered":
        return _same_multiset(expected, got)
    raise ValueError(f"unknown compare kind {kind!r}; use exact, exact_typed, float, float_list or unordered")


def _normalise(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    return value


def _same_typed(expected: Any, got: Any) -> bool:
    if isinstance(expected, list | tuple):
        return (
            isinstance(got, list | tuple)
            and len(expected) == len(got)
            and all(_same_typed(e, g) for e, g in zip(expected, got, strict=True))
        )
    if isinstance(expected, dict):
        return (
            isinstance(got, dict)
            and expected.keys() == got.keys()
            and all(_same_typed(v, got[k]) for k, v in expected.items())
        )
    if isinstance(expected, bool | int | float):  # bool before int: True is an int in Python
        return type(got) is type(expected) and bool(expected == got)
    return bool(_normalise(expected) == _normalise(got))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _close(expected: Any, got: Any, tolerance: float) -> bool:
    if not (_is_number(expected) and _is_number(got)):
        return False
    if math.isnan(expected) or math.isnan(got):
        return math.isnan(expected) and math.isnan(got)
    return math.isclose(expected, got, rel_tol=tolerance, abs_tol=tolerance)


def _close_nested(expected: Any, got: Any, tolerance: float) -> bool:
    if isinstance(expected, list | tuple):
        return (
            isinstance(got, list | tuple)
            and len(expected) == len(got)
            and all(_close_nested(e, g, tolerance) for e, g in zip(expected, got, strict=True))
        )
    return _close(expected, got, tolerance)


def _same_multiset(expected: Any, got: Any) -> bool:
    if not (isinstance(expected, list | tuple) and isinstance(got, list | tuple)):
        return False
    if len(expected) != len(got):
        return False
    remaining = [_normalise(g) for g in got]
    for item in expected:
        wanted = _normalise(item)
        for i, candidate in enumerate(remaining):
            if candidate == wanted:
                del remaining[i]
                break
        else:
            return False
    return True
