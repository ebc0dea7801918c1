from __future__ import annotations

import pytest

from bot.core.compare import outputs_match


@pytest.mark.parametrize(
    ("expected", "got", "kind", "matches"),
    [
        ([1, 2], (1, 2), "exact", True),  # a tuple answer equals a YAML list
        ([1, 2], [2, 1], "exact", False),
        ({"a": [1]}, {"a": (1,)}, "exact", True),
        ("abc", "abd", "exact", False),
        (0.3, 0.1 + 0.2, "float", True),
        (0.3, 0.31, "float", False),
        (1e9, 1e9 + 0.5, "float", True),  # relative tolerance for large values
        (1.0, "1.0", "float", False),
        (1.0, True, "float", False),
        (float("nan"), float("nan"), "float", True),
        ([0.5, 0.5], [0.5, 0.5 + 1e-9], "float_list", True),
        ([0.5, 0.5], [0.5], "float_list", False),
        ([[1.0, 2.0]], [[1.0, 2.1]], "float_list", False),
        ([[1, 2], [3]], [[3], [1, 2]], "unordered", True),  # unhashable items
        ([1, 1, 2], [1, 2, 2], "unordered", False),  # multiplicities matter
        ([1, 2], [2, 1, 1], "unordered", False),
        ([1], 1, "unordered", False),
        ([24, 12], [24, 12], "exact_typed", True),
        ([24, 12], [24.0, 12.0], "exact_typed", False),  # "do not use division": 24.0 is not 24
        (24, 24.0, "exact", True),  # plain exact still accepts it
        (True, 1, "exact_typed", False),
        (1, True, "exact_typed", False),
        ({"a": 2.5}, {"a": 2.5}, "exact_typed", True),
        ({"a": 200.0}, {"a": 200}, "exact_typed", False),
        ([["a", 3]], [("a", 3)], "exact_typed", True),
        ("abc", "abc", "exact_typed", True),
    ],
)
def test_outputs_match(expected: object, got: object, kind: str, matches: bool) -> None:
    assert outputs_match(expected, got, kind, 1e-6) is matches


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown compare kind"):
        outputs_match(1, 1, "fuzzy", 1e-6)
