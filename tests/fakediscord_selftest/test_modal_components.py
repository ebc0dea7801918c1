"""Modals with components v2 (a text display above a labelled input): what the fake accepts,
refuses, and echoes back on submit, as Discord does."""

from __future__ import annotations

from tests.fakediscord import limits
from tests.fakediscord.server import _submitted


def errors_of(modal: dict) -> dict:
    tree = limits.ErrorTree()
    limits.check_modal(modal, tree, ("data",))
    return tree.tree


TEXT_INPUT = {"type": 4, "custom_id": "answer", "style": 2}
GOOD = {
    "custom_id": "m",
    "title": "Answer",
    "components": [
        {"type": 10, "content": "**Question** Why is accuracy misleading here?"},
        {"type": 18, "label": "Your answer", "component": TEXT_INPUT},
    ],
}


def test_a_text_display_above_a_labelled_input_is_accepted() -> None:
    assert errors_of(GOOD) == {}


def test_an_empty_or_oversized_text_display_and_a_bare_button_are_refused() -> None:
    bad = {
        **GOOD,
        "components": [
            {"type": 10, "content": ""},
            {"type": 10, "content": "x" * 4001},
            {"type": 2, "style": 1, "label": "no", "custom_id": "b"},
            {"type": 18, "label": "Text", "component": {"type": 10, "content": "a label wraps an input"}},
        ],
    }
    tree = errors_of(bad)["data"]["components"]
    assert set(tree) == {"0", "1", "2", "3"}


def test_a_submit_echoes_the_numbered_components_with_the_typed_value() -> None:
    shown = limits.numbered(GOOD)
    assert [c["id"] for c in shown["components"]] == [1, 2] and shown["components"][1]["component"]["id"] == 3
    submitted = [_submitted(c, {"answer": "It rewards predicting the majority class."}) for c in shown["components"]]
    assert submitted == [
        {"type": 10, "id": 1},
        {"type": 18, "id": 2, "component": {"type": 4, "id": 3, "custom_id": "answer", "value": "It rewards predicting the majority class."}},
    ]
    assert "id" not in GOOD["components"][0]  # the shown modal is copied, not changed
