"""Is a returned value the expected one? Used by the code judge, outside any sandbox.

Values arrive as decoded JSON (lists, dicts, str, int, float, bool, None), so tuples are
already lists. `bool` is never accepted where a number is expected, or the other way round.
"""

from __future__ import annotations

import json
import math
from typing import Any, Literal

CompareKind = Literal["exact", "float", "float_list", "unordered"]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _floats_close(expected: Any, got: Any, tolerance: float) -> bool:
    if not (_is_number(expected) and _is_number(got)):
        return False
    if math.isnan(expected) or math.isnan(got):
        return math.isnan(expected) and math.isnan(got)
    return math.isclose(expected, got, rel_tol=tolerance, abs_tol=tolerance)


def _exact(expected: Any, got: Any) -> bool:
    if isinstance(expected, bool) or isinstance(got, bool):
        return type(expected) is type(got) and expected == got
    if isinstance(expected, list) and isinstance(got, list):
        return len(expected) == len(got) and all(_exact(e, g) for e, g in zip(expected, got, strict=True))
    if isinstance(expected, dict) and isinstance(got, dict):
        return expected.keys() == got.keys() and all(_exact(expected[k], got[k]) for k in expected)
    if _is_number(expected) and _is_number(got):
        return expected == got
    return type(expected) is type(got) and expected == got


def _float_tree(expected: Any, got: Any, tolerance: float) -> bool:
    """Same nesting of lists, numbers compared with the tolerance."""
    if isinstance(expected, list):
        return (
            isinstance(got, list)
            and len(expected) == len(got)
            and all(_float_tree(e, g, tolerance) for e, g in zip(expected, got, strict=True))
        )
    if _is_number(expected):
        return _floats_close(expected, got, tolerance)
    return _exact(expected, got)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, allow_nan=True)


def outputs_match(expected: Any, got: Any, kind: CompareKind, tolerance: float = 1e-6) -> bool:
    if kind == "exact":
        return _exact(expected, got)
    if kind == "float":
        return _floats_close(expected, got, tolerance)
    if kind == "float_list":
        return _float_tree(expected, got, tolerance)
    if kind == "unordered":
        if not (isinstance(expected, list) and isinstance(got, list)) or len(expected) != len(got):
            return False
        return sorted(map(_canonical, expected)) == sorted(map(_canonical, got))
    raise ValueError(f"unknown compare kind {kind!r}")
