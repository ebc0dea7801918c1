from __future__ import annotations

from bot.bank.loader import parse_bank_text
from bot.core.models import Difficulty, RoundType
from tests.bank.bank_text import bank_file, open_question


def test_questions_inherit_round_type_topic_and_defaults() -> None:
    text = bank_file(
        open_question("prob-one", difficulty=None, extra="    tags: [bayes]\n"),
        open_question("prob-two", difficulty="hard"),
        header="defaults:\n  difficulty: medium\n  tags: [probability]\n",
    )
    questions, errors = parse_bank_text(text, "upload.yaml")
    assert errors == []
    one, two = questions
    assert (one.round_type, one.topic, one.difficulty) == (
        RoundType.ML_THEORY,
        "probability",
        Difficulty.MEDIUM,
    )
    assert one.tags == ["probability", "bayes"]
    assert two.difficulty == Difficulty.HARD


def test_all_errors_of_a_file_are_reported_at_once() -> None:
    text = bank_file(
        open_question("prob-one", difficulty="extreme"),
        open_question("prob-two"),
        open_question("Bad Id"),
    )
    questions, errors = parse_bank_text(text, "upload.yaml")
    assert [q.id for q in questions] == ["prob-two"]
    assert [(e.line, e.question_id, e.field) for e in errors] == [
        (7, "prob-one", "difficulty"),
        (27, "Bad Id", "id"),
    ]
    assert "lowercase letters, digits and '-'" in errors[1].message


def test_empty_text_is_an_error_not_a_crash() -> None:
    questions, errors = parse_bank_text("", "empty.yaml")
    assert questions == []
    assert [str(e) for e in errors] == [
        "empty.yaml:1: -: -: the file is empty; expected schema_version, round_type, topic and questions"
    ]


def test_yes_in_a_field_typed_any_is_kept_but_in_a_hint_is_an_error() -> None:
    hint = "    hints: [on]\n"
    questions, errors = parse_bank_text(bank_file(open_question("prob-one", extra=hint)), "f.yaml")
    assert questions == []
    assert errors[0].field == "hints[0]"
    assert 'quote it: "on"' in errors[0].message


def test_a_question_without_id_rejects_only_itself() -> None:
    no_id = open_question("placeholder").replace("  - id: placeholder\n    title:", "  - title:")
    questions, errors = parse_bank_text(bank_file(no_id, open_question("prob-kept")), "f.yaml")
    assert [q.id for q in questions] == ["prob-kept"]
    assert [str(e) for e in errors] == ["f.yaml:5: -: id: required field is missing"]


def test_a_broken_header_rejects_every_question_of_the_file() -> None:
    text = bank_file(open_question("prob-one")).replace("schema_version: 1", "schema_version: 3")
    questions, errors = parse_bank_text(text, "f.yaml")
    assert questions == []
    assert [e.field for e in errors] == ["schema_version"]
