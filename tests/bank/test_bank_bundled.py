"""Whatever is in questions/ right now must validate, solutions included."""

from __future__ import annotations

import yaml

from bot.bank.loader import default_questions_dir, find_bank_files, load_bank


def test_bundled_questions_validate() -> None:
    result = load_bank([default_questions_dir()], run_solutions=True)
    assert [str(e) for e in result.errors] == []
    assert result.files, "no bundled question files found"


def test_bundled_ids_are_unique_and_all_loaded() -> None:
    ids: list[str] = []
    for path in find_bank_files([default_questions_dir()]):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids += [q["id"] for q in data["questions"]]
    assert len(ids) == len(set(ids))
    assert sorted(load_bank([default_questions_dir()], run_solutions=False).bank.ids) == sorted(ids)
