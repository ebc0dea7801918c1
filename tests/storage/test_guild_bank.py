"""Guild banks below Discord: storage, all-or-nothing imports, hiding disabled questions, export."""

from __future__ import annotations

import random

import pytest

from bot.bank.loader import load_default_bank, parse_bank_text
from bot.core.clock import FakeClock
from bot.core.errors import InvalidOption, MockloopError
from bot.guild_bank import GuildBankService, GuildQuestionBank, UploadRejected, render_bank_file
from bot.service import InterviewService, Member
from bot.storage.guild_bank import StoredGuildQuestion
from tests.conftest import make_question

GUILD = 10
OTHER_GUILD = 20

HEADER = "schema_version: 1\nround_type: ml_theory\ntopic: guild_lore\nquestions:\n"


def open_question(qid: str, title: str = "A guild question", extra: str = "") -> str:
    return f"""\
  - id: {qid}
    title: {title}
    difficulty: easy
    prompt: Say something true about {qid}.
    rubric:
      - id: core
        point: The core idea
        phrases: [core idea]
    reference_answer: The core idea.
    answer: {{kind: open}}
{extra}"""


CODE_FILE = """\
schema_version: 1
round_type: coding
topic: guild_arrays
questions:
  - id: guild-double
    title: Double a number
    difficulty: easy
    prompt: Return twice the input.
    rubric:
      - id: ok
        point: Correct
        phrases: [twice]
    reference_answer: Multiply by two.
    answer:
      kind: code
      function: double
      signature: "def double(x: int) -> int"
      starter: "def double(x): ..."
      solution: |
        def double(x):
            return x * 2
      examples:
        - {id: ex, args: [1], expected: 2}
      tests:
        - {id: t1, args: [0], expected: 0}
        - {id: t2, args: [1], expected: 2}
        - {id: t3, args: [2], expected: 4}
        - {id: t4, args: [-1], expected: -2}
        - {id: t5, args: [10], expected: 20}
        - {id: t6, args: [7], expected: 14}
        - {id: t7, args: [100], expected: 200}
        - {id: t8, args: [3], expected: 7}
"""


@pytest.fixture
async def banks(service: InterviewService) -> GuildBankService:
    return GuildBankService(service)


async def test_every_bundled_question_survives_export_and_reimport() -> None:
    bundled = load_default_bank().bank
    groups: dict[tuple[str, str], list[StoredGuildQuestion]] = {}
    for q in bundled:
        groups.setdefault((q.round_type.value, q.topic), []).append(StoredGuildQuestion(q, "x.yaml", False))
    for (rtype, topic), items in groups.items():
        questions, errors = parse_bank_text(
            render_bank_file(rtype, topic, items), "x.yaml", run_solutions=False
        )
        assert errors == []
        assert questions == [s.question for s in items]


async def test_valid_file_is_stored_for_one_guild_only(banks: GuildBankService, service) -> None:
    text = HEADER + open_question("lore-one") + open_question("lore-two")
    report = await banks.import_file(GUILD, "lore.yaml", text.encode(), imported_by=5)
    assert report.ok and report.added == ["lore-one", "lore-two"] and report.updated == []
    assert "guild_lore" in service.bank_for(GUILD).topics("ml_theory")
    assert "guild_lore" not in service.bank_for(OTHER_GUILD).topics("ml_theory")
    view = await service.start_round(Member(GUILD, 1), "ml_theory", topic="guild_lore")
    assert view.question.id in {"lore-one", "lore-two"}


async def test_one_bad_question_means_nothing_is_stored(banks: GuildBankService, service) -> None:
    text = HEADER + open_question("lore-one") + open_question("lore-two", title="Go")  # too short
    report = await banks.import_file(GUILD, "lore.yaml", text.encode())
    assert report.errors == ["lore.yaml:16: lore-two: title: must be at least 3 characters long"]
    assert await service.db.scalar("SELECT count(*) FROM guild_questions") == 0
    assert GUILD not in service.guild_extras


async def test_reference_solution_that_fails_its_test_is_reported(banks: GuildBankService, service) -> None:
    report = await banks.import_file(GUILD, "code.yaml", CODE_FILE.encode())
    assert report.errors == [
        "code.yaml:32: guild-double: answer.tests[7]: reference solution fails test 't8': "
        "expected 7, got 6 (compare: exact)"
    ]
    assert await service.db.scalar("SELECT count(*) FROM guild_questions") == 0
    fixed = await banks.import_file(
        GUILD, "code.yaml", CODE_FILE.replace("expected: 7", "expected: 6").encode()
    )
    assert fixed.ok and fixed.added == ["guild-double"]


async def test_ids_of_bundled_questions_are_refused_with_their_lines(banks: GuildBankService) -> None:
    text = HEADER + open_question("lore-one") + open_question("ml-test-1")
    report = await banks.import_file(GUILD, "lore.yaml", text.encode())
    assert report.errors == [
        "lore.yaml:15: ml-test-1: id: already used by a bundled question; "
        "choose another id (ids must be unique across the bank)"
    ]


async def test_reupload_updates_and_keeps_a_disabled_question_disabled(
    banks: GuildBankService, service
) -> None:
    await banks.import_file(
        GUILD, "lore.yaml", (HEADER + open_question("lore-one") + open_question("lore-two")).encode()
    )
    await banks.set_disabled(GUILD, "lore-one", True)
    changed = HEADER + open_question("lore-one", title="Renamed one") + open_question("lore-two")
    report = await banks.import_file(GUILD, "lore.yaml", changed.encode())
    assert report.updated == ["lore-one", "lore-two"] and report.still_disabled == ["lore-one"]
    bank = service.bank_for(GUILD)
    assert bank.get("lore-one").title == "Renamed one"  # lookups (old rounds) still work
    assert [q.id for q in bank.filter(topic="guild_lore")] == ["lore-two"]


async def test_disabled_question_is_never_chosen_and_an_old_round_still_resolves(
    banks: GuildBankService, service
) -> None:
    await banks.import_file(
        GUILD, "lore.yaml", (HEADER + open_question("lore-one") + open_question("lore-two")).encode()
    )
    member = Member(GUILD, 1)
    old = await service.start_round(member, "ml_theory", question_id="lore-one")
    await banks.set_disabled(GUILD, "lore-one", True)
    assert service.question_of(old.round).id == "lore-one"
    await service.give_up(member)
    for _ in range(3):
        view = await service.start_round(member, "ml_theory", topic="guild_lore")
        assert view.question.id == "lore-two"
        await service.give_up(member)
    await banks.set_disabled(GUILD, "lore-two", True)
    with pytest.raises(InvalidOption, match="no topic 'guild_lore'"):
        await service.start_round(member, "ml_theory", topic="guild_lore")


async def test_disable_of_an_unknown_or_bundled_id_says_why(banks: GuildBankService) -> None:
    await banks.import_file(GUILD, "lore.yaml", (HEADER + open_question("lore-one")).encode())
    with pytest.raises(MockloopError, match="Did you mean 'lore-one'"):
        await banks.set_disabled(GUILD, "lore-onw", True)
    with pytest.raises(MockloopError, match="'ml-test-0' is a bundled question"):
        await banks.set_disabled(GUILD, "ml-test-0", True)


async def test_stored_questions_are_loaded_again_after_a_restart(db_path, bank, clock: FakeClock) -> None:
    first = await InterviewService.open(db_path, bank, clock, random.Random(1))
    try:
        banks = GuildBankService(first)
        await banks.import_file(GUILD, "code.yaml", CODE_FILE.replace("expected: 7", "expected: 6").encode())
        await banks.import_file(GUILD, "lore.yaml", (HEADER + open_question("lore-one")).encode())
        await banks.set_disabled(GUILD, "lore-one", True)
        before = [s.question for s in banks.questions(GUILD)]
    finally:
        await first.close()
    second = await InterviewService.open(db_path, bank, clock, random.Random(1))
    try:
        assert GUILD not in second.guild_extras
        reloaded = GuildBankService(second)
        await reloaded.load_all()
        assert [s.question for s in reloaded.questions(GUILD)] == before
        assert second.bank_for(GUILD).topics() == ["arrays", "guild_arrays", "impact", "probability"]
    finally:
        await second.close()


def test_upload_size_and_encoding_checks() -> None:
    from bot.guild_bank import MAX_UPLOAD_BYTES, decode_upload

    assert decode_upload("a.yaml", "\ufefftopic: café".encode()) == "topic: café"
    assert decode_upload("a.yaml", b"x" * MAX_UPLOAD_BYTES) == "x" * MAX_UPLOAD_BYTES
    with pytest.raises(UploadRejected, match="at most 256 KB"):
        decode_upload("a.yaml", b"x" * (MAX_UPLOAD_BYTES + 1))
    with pytest.raises(UploadRejected, match=r"not UTF-8 text \(byte 0xff at offset 3"):
        decode_upload("a.yaml", b"abc\xff")


def test_guild_bank_hides_only_from_selection() -> None:
    bank = GuildQuestionBank(
        [make_question("lore-a", topic="lore"), make_question("lore-b")], hidden=["lore-a"]
    )
    assert "lore-a" in bank and bank.get("lore-a").id == "lore-a"
    assert [q.id for q in bank.filter()] == ["lore-b"]
    assert bank.topics() == ["probability"]
