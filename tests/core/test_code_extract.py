"""Finding the member's code in what they wrote."""

from bot.core.code_extract import extract_code, latest_code


def test_fenced_block_wins_and_the_last_one_is_taken() -> None:
    text = "First try:\n```python\ndef f():\n    return 1\n```\nBetter:\n```py\ndef f():\n    return 2\n```\nDone."
    assert extract_code(text) == "def f():\n    return 2\n"


def test_unfenced_code_is_separated_from_prose_around_it() -> None:
    text = "My approach uses a max shift.\nimport math\n\ndef f(xs):\n    return [math.exp(x) for x in xs]\nIt runs in O(n)."
    assert extract_code(text) == "import math\n\ndef f(xs):\n    return [math.exp(x) for x in xs]\n"


def test_prose_without_code_gives_none_and_latest_code_looks_back() -> None:
    assert extract_code("I would define a function and loop once.") is None
    parts = ["```python\ndef a():\n    pass\n```", "and some more explanation"]
    assert latest_code(parts) == "def a():\n    pass\n"
