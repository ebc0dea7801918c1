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
    ],
)
def test_outputs_match(expected: object, got: object, kind: str, matches: bool) -> None:
    assert outputs_match(expected, got, kind, 1e-6) is matches


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown compare kind"):
        outputs_match(1, 1, "fuzzy", 1e-6)
