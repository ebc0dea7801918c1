"""Each file in broken/ has one authoring mistake; the author must see exactly this line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank.loader import load_bank

BROKEN = Path(__file__).parent / "broken"

ALLOWED_QUESTION_FIELDS = (
    "id, round_type, topic, title, difficulty, tags, prompt, time_limit_minutes, hints, follow_ups, "
    "rubric, misconceptions, reference_answer, source, answer"
)

EXPECTED: dict[str, list[str]] = {
    "missing_prompt.yaml": ["5: bv-sample: prompt: required field is missing"],
    "hint_too_long.yaml": ["10: bv-sample: hints[0]: must be at most 1500 characters long (got 1599)"],
    "unknown_field_typo.yaml": [
        "5: bv-sample: prompt: required field is missing",
        f"8: bv-sample: promt: unknown field 'promt'; did you mean 'prompt'? allowed fields: {ALLOWED_QUESTION_FIELDS}",
    ],
    "yes_no_boolean.yaml": [
        '11: bv-sample: hints[1]: expected text, got the boolean true (written yes); YAML reads yes as a boolean, quote it: "yes"'
    ],
    "number_as_string.yaml": [
        '18: bv-sample: answer.options[1].text: expected text, got the number 0.5; quote it: "0.5"'
    ],
    "duplicate_key.yaml": [
        "8: bv-sample: difficulty: duplicate key 'difficulty' (first set on line 7); YAML would silently keep only one"
    ],
    "tab_indentation.yaml": [
        "13: -: -: a tab character is used for indentation; YAML only allows spaces, replace the tab"
    ],
    "bad_difficulty.yaml": [
        "7: bv-sample: difficulty: 'expert' is not allowed; allowed values: easy, medium or hard"
    ],
    "bad_answer_kind.yaml": [
        "14: bv-sample: answer: unknown kind 'essay'; allowed kinds: open, numeric, choice, code, star, design"
    ],
    "numeric_without_tolerance.yaml": [
        "14: bv-sample: answer: give 'abs_tolerance' or 'rel_tolerance' (e.g. rel_tolerance: 0.05)"
    ],
    "choice_correct_not_option.yaml": [
        "19: bv-sample: answer.correct: correct option(s) ['c'] are not among the option keys ['a', 'b']"
    ],
    "code_solution_fails_test.yaml": [
        "31: code-add-two: answer.tests[7]: reference solution fails test 'wrong-expected': expected 5, got 4 (compare: exact)"
    ],
    "code_solution_raises.yaml": [
        "24: code-add-two: answer.tests[0]: reference solution fails test 'zeros': it raised ValueError: equal",
        "28: code-add-two: answer.tests[4]: reference solution fails test 'same': it raised ValueError: equal",
        "31: code-add-two: answer.tests[7]: reference solution fails test 'wrong-expected': it raised ValueError: equal",
    ],
    "code_too_few_tests.yaml": ["23: code-add-two: answer.tests: needs at least 8 items, got 7"],
    "invalid_regex.yaml": [
        "13: bv-sample: rubric[0].patterns: pattern 'bias (and|or variance' is not a valid regular expression: "
        "missing ), unterminated subpattern at position 5"
    ],
    "malformed_yaml.yaml": [
        "13: -: -: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)"
    ],
    "wrong_schema_version.yaml": [
        "1: -: schema_version: schema_version 2 is not supported; this version of mockloop reads: 1"
    ],
    "empty_questions.yaml": ["4: -: questions: needs at least 1 item, got 0"],
    "python_tag.yaml": [
        "11: -: -: the tag '!python/object:os.system' is not allowed; write plain YAML values "
        "(text, numbers, lists, mappings)"
    ],
    "round_type_mismatch.yaml": [
        "8: bv-sample: round_type: 'behavioral' disagrees with the file's round_type 'ml_theory'; "
        "remove it or move the question"
    ],
}


def test_every_broken_file_has_an_expectation() -> None:
    on_disk = {p.name for p in BROKEN.glob("*.yaml")}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_reports_exact_lines(name: str) -> None:
    path = BROKEN / name
    result = load_bank([path])
    assert [str(e) for e in result.errors] == [f"{path}:{line}" for line in EXPECTED[name]]
    assert len(result.bank) == 0  # a question with any error is left out of the bank


def test_duplicate_id_across_files_names_both_places() -> None:
    first, second = BROKEN / "duplicate_id" / "first.yaml", BROKEN / "duplicate_id" / "second.yaml"
    result = load_bank([BROKEN / "duplicate_id"])
    assert [str(e) for e in result.errors] == [
        f"{second}:16: bv-shared-id: id: duplicate id; already defined at {first}:5 "
        "(ids must be unique across the bank)"
    ]
    assert sorted(result.bank.ids) == ["bv-other", "bv-shared-id"]
    assert result.bank.get("bv-shared-id").topic == "probability"  # the first definition wins
    assert result.summary() == "1 error in 1 file"
