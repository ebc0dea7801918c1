"""Bank text reflowed for Discord and narrow terminals: paragraphs joined, structure kept."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.core.prose import broken_sentences, reflow

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"


def test_a_hard_wrapped_paragraph_becomes_one_line() -> None:
    text = "A screening test has sensitivity 95%\nand specificity 95%. What is\nthe PPV?\n"
    assert reflow(text) == "A screening test has sensitivity 95% and specificity 95%. What is the PPV?"


def test_paragraphs_stay_apart() -> None:
    assert reflow("One line\nwrapped.\n\nSecond\nparagraph.") == "One line wrapped.\n\nSecond paragraph."


def test_list_items_keep_their_lines_and_take_their_own_continuations() -> None:
    text = "Given:\n\n- Peak load is 10,000\n  requests per second;\n- labels arrive late.\n1. first\n2. second"
    assert reflow(text) == (
        "Given:\n\n- Peak load is 10,000 requests per second;\n- labels arrive late.\n1. first\n2. second"
    )


def test_a_dash_that_goes_on_with_a_sentence_is_a_dash_not_a_bullet() -> None:
    text = "Tell me about a time you chose a simpler model\n- and stood by that choice."
    assert reflow(text) == "Tell me about a time you chose a simpler model — and stood by that choice."


def test_code_blocks_headings_and_tables_are_kept_verbatim() -> None:
    text = "Example:\n```python\ndef f(x):\n\n    return x\n```\n# Heading\n| a | b |\n|---|---|\n| 1 | 2 |"
    assert reflow(text) == text


def test_hard_breaks_are_kept() -> None:
    assert reflow("Line one  \nline two") == "Line one\nline two"


def test_the_check_finds_a_sentence_broken_across_lines() -> None:
    assert broken_sentences("This sentence is\nbroken in two.") == ["This sentence is"]
    assert broken_sentences("A list:\n- one\n- two") == []


def _bank_texts() -> list[tuple[str, str]]:
    texts = []
    for path in sorted(QUESTIONS.glob("*/*.yaml")):
        for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            texts.append((q["id"], q["prompt"]))
            texts.append((q["id"], q["reference_answer"]))
            texts.extend((q["id"], h) for h in q.get("hints", []))
    return texts


def test_no_rendered_bank_text_breaks_a_sentence_across_lines() -> None:
    texts = _bank_texts()
    assert sum(bool(broken_sentences(t)) for _, t in texts) > 50  # the raw files are hard-wrapped
    broken = [(qid, broken_sentences(reflow(t))[0]) for qid, t in texts if broken_sentences(reflow(t))]
    assert broken == []
