"""/bank import, export, disable and list through the real discord.py client and the loopback Discord."""

from __future__ import annotations

from typing import Any

import pytest

from bot.service import Member
from tests.e2e.conftest import BotRunner, assert_clean
from tests.e2e.test_round_flow import start_round
from tests.fakediscord import FakeDiscord
from tests.fakediscord.world import DEFAULT_MEMBER_PERMISSIONS

MANAGE_GUILD = 1 << 5


def guild_question(qid: str, title: str) -> str:
    return f"""\
  - id: {qid}
    title: {title}
    difficulty: medium
    prompt: |
      Our study group's own question about {title.lower()}.
      Explain it in your own words.
    rubric:
      - id: core
        point: States the core idea
        phrases: [core idea]
    reference_answer: The core idea, explained plainly.
    answer: {{kind: open}}
"""


GOOD_FILE = (
    "schema_version: 1\nround_type: ml_theory\ntopic: guild_lore\nquestions:\n"
    + guild_question("lore-alpha", "Alpha lore")
    + guild_question("lore-beta", "Beta lore")
)

# Line 7: difficulty outside the allowed values; line 17: `yes` read as a boolean;
# line 29: an id the bundled bank (tests/conftest.py) already uses.
BROKEN_FILE = (
    "schema_version: 1\nround_type: ml_theory\ntopic: guild_lore\nquestions:\n"
    + guild_question("lore-gamma", "Gamma lore").replace("difficulty: medium", "difficulty: extreme")
    + guild_question("lore-delta", "Delta lore").replace(
        "reference_answer: The core idea, explained plainly.", "reference_answer: yes"
    )
    + guild_question("ml-test-0", "Clashing lore")
)


@pytest.fixture
def admin(fake: FakeDiscord, guild: Any) -> dict:
    """A member whose roles grant Manage Server (so autocomplete, which carries no override, sees it)."""
    user = fake.add_user("dana")
    fake.add_member(guild, user, permissions=DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD)
    return user


async def upload(fake: FakeDiscord, user: dict, filename: str, data: bytes, **kw: Any) -> Any:
    it = await fake.slash(
        user, "bank import", {"file": fake.attach_file(filename, data)}, permissions=MANAGE_GUILD, **kw
    )
    return it


def reply_text(messages: list[dict]) -> str:
    return "\n".join(
        [m.get("content") or "" for m in messages]
        + [e.get("description", "") for m in messages for e in m.get("embeds", [])]
    )


async def test_valid_file_is_imported_and_its_topic_can_be_started(
    fake: FakeDiscord, bot, users, runner: BotRunner
) -> None:
    it = await upload(fake, users["alice"], "lore.yaml", GOOD_FILE.encode())
    (reply,) = await it.followups()
    assert it.ephemeral
    assert "Imported 2 questions from `lore.yaml` (2 new, 0 updated)" in reply["content"]
    assert "ML theory · guild_lore: 2" in reply["content"]

    _thread, question = await start_round(fake, users["bob"], topic="guild_lore")
    assert question["embeds"][0]["title"] in ("ML theory · Alpha lore", "ML theory · Beta lore")
    # Only this guild got them: the bundled bank is unchanged and another guild sees no such topic.
    assert "lore-alpha" not in runner.bot.services.interviews.bank
    assert "lore-alpha" not in runner.bot.services.interviews.bank_for(123456)
    assert_clean(fake)


async def test_imported_questions_survive_a_restart(
    fake: FakeDiscord, bot, users, runner: BotRunner, bank
) -> None:
    it = await upload(fake, users["alice"], "lore.yaml", GOOD_FILE.encode())
    await it.followups()
    await runner.stop()
    await runner.start(bank)
    _thread, question = await start_round(fake, users["bob"], topic="guild_lore")
    assert "lore" in question["embeds"][0]["title"].lower()
    assert_clean(fake)


async def test_broken_file_shows_every_error_line_and_imports_nothing(
    fake: FakeDiscord, bot, users, runner: BotRunner
) -> None:
    it = await upload(fake, users["alice"], "broken.yaml", BROKEN_FILE.encode())
    (reply,) = await it.followups()
    assert reply["content"].startswith("Nothing was imported from `broken.yaml`: 3 errors.")
    description = reply["embeds"][0]["description"]
    assert description.splitlines()[1:-1] == [
        "broken.yaml:7: lore-gamma: difficulty: 'extreme' is not allowed; allowed values: easy, medium or hard",
        "broken.yaml:27: lore-delta: reference_answer: expected text, got the boolean true (written yes); "
        'YAML reads yes as a boolean, quote it: "yes"',
        "broken.yaml:29: ml-test-0: id: already used by a bundled question; "
        "choose another id (ids must be unique across the bank)",
    ]
    assert await runner.bot.services.interviews.db.scalar("SELECT count(*) FROM guild_questions") == 0
    again = await fake.slash(users["bob"], "mock start", {"round": "ml_theory", "topic": "guild_lore"})
    (refused,) = await again.followups()
    assert "There is no topic 'guild_lore'" in refused["content"]
    assert_clean(fake)


async def test_many_errors_are_paged_and_attached_in_full(fake: FakeDiscord, bot, users) -> None:
    many = "".join(
        guild_question(f"lore-bad-{i:03d}", f"Bad lore {i}").replace(
            "difficulty: medium", "difficulty: extreme"
        )
        for i in range(200)
    )
    text = "schema_version: 1\nround_type: ml_theory\ntopic: guild_lore\nquestions:\n" + many
    it = await upload(fake, users["alice"], "many.yaml", text.encode())
    (reply,) = await it.followups()
    assert "200 errors" in reply["content"]
    assert len(reply["embeds"][0]["description"]) <= 4096
    (attachment,) = reply["attachments"]
    lines = fake.attachment_bytes(attachment).decode().splitlines()
    assert len(lines) == 200 and lines[-1].startswith("many.yaml:") and "lore-bad-199" in lines[-1]
    assert_clean(fake)


async def test_too_large_not_utf8_and_not_yaml_files_are_refused(
    fake: FakeDiscord, bot, users, runner: BotRunner
) -> None:
    alice = users["alice"]
    big = await upload(fake, alice, "huge.yaml", b"# padding\n" * 30_000)
    assert (await big.response())["data"]["content"] == (
        "`huge.yaml` is 293 KB; a bank file can be at most 256 KB. "
        "Split it into several files. Nothing was imported."
    )
    latin = await upload(fake, alice, "latin1.yaml", "topic: caf\xe9\n".encode("latin-1"))
    (reply,) = await latin.followups()
    assert reply["content"].startswith("`latin1.yaml` is not UTF-8 text (byte 0xe9 at offset 10")

    not_yaml = await upload(fake, alice, "notes.yaml", b"questions: [unclosed\nnext: line\n")
    (reply,) = await not_yaml.followups()
    assert reply["content"].startswith("Nothing was imported from `notes.yaml`: 1 error.")
    (line,) = reply["embeds"][0]["description"].splitlines()[1:-1]
    assert line.startswith("notes.yaml:") and ": -: -: " in line

    prose = await upload(fake, alice, "prose.txt", b"Just a sentence, not a bank.\n")
    (reply,) = await prose.followups()
    assert "prose.txt:1: -: -: the file is not a mapping" in reply["embeds"][0]["description"]
    assert await runner.bot.services.interviews.db.scalar("SELECT count(*) FROM guild_questions") == 0
    assert await fake.autocomplete(users["bob"], "bank disable", {"id": ""}, focused="id") == []
    assert_clean(fake)


async def test_export_reimports_cleanly(fake: FakeDiscord, bot, users) -> None:
    alice = users["alice"]
    await (await upload(fake, alice, "lore.yaml", GOOD_FILE.encode())).followups()
    exported = await fake.slash(alice, "bank export", permissions=MANAGE_GUILD)
    (reply,) = await exported.followups()
    (attachment,) = reply["attachments"]
    assert attachment["filename"] == "ml_theory-guild_lore.yaml"
    data = fake.attachment_bytes(attachment)
    assert b"lore-alpha" in data and b"lore-beta" in data

    again = await upload(fake, alice, attachment["filename"], data)
    (reply,) = await again.followups()
    assert "Imported 2 questions from `ml_theory-guild_lore.yaml` (0 new, 2 updated)" in reply["content"]
    assert_clean(fake)


async def test_disable_hides_a_question_from_selection_but_old_rounds_resolve(
    fake: FakeDiscord, bot, users, runner: BotRunner, guild, admin
) -> None:
    alice, bob = admin, users["bob"]
    await (await upload(fake, alice, "lore.yaml", GOOD_FILE.encode())).followups()
    service = runner.bot.services.interviews
    bob_member = Member(int(guild.id), int(bob["id"]), "bob")
    opened = await service.start_round(bob_member, "ml_theory", topic="guild_lore", question_id="lore-alpha")

    choices = await fake.autocomplete(alice, "bank disable", {"id": "alp"}, focused="id")
    assert [c["value"] for c in choices] == ["lore-alpha"]
    off = await fake.slash(alice, "bank disable", {"id": "lore-alpha"}, permissions=MANAGE_GUILD)
    assert "`lore-alpha` (Alpha lore) is disabled" in (await off.response())["data"]["content"]

    status = await fake.slash(bob, "mock status")
    assert "Alpha lore" in str(await status.response()) + str(await status.followups(0))
    assert service.question_of(opened.round).id == "lore-alpha"
    await service.give_up(bob_member)

    # Bob has now seen alpha and not beta, yet every new round is beta: alpha is never offered.
    carol = Member(int(guild.id), int(users["carol"]["id"]), "carol")
    for _ in range(4):
        view = await service.start_round(carol, "ml_theory", topic="guild_lore")
        assert view.question.id == "lore-beta"
        await service.give_up(carol)

    listed = await fake.slash(alice, "bank list", permissions=MANAGE_GUILD)
    text = reply_text(await listed.followups())
    assert "lore-alpha · ML theory · guild_lore · medium · disabled · Alpha lore" in text
    assert "lore-beta · ML theory · guild_lore · medium · Beta lore" in text
    choices = await fake.autocomplete(alice, "bank enable", {"id": ""}, focused="id")
    assert [c["value"] for c in choices] == ["lore-alpha"]
    assert_clean(fake)


async def test_non_admins_are_refused(fake: FakeDiscord, bot, users, runner: BotRunner, admin) -> None:
    (bank_cmd,) = [c for c in fake.commands() if c["name"] == "bank"]
    assert str(bank_cmd["default_member_permissions"]) == str(MANAGE_GUILD)
    await (await upload(fake, admin, "lore.yaml", GOOD_FILE.encode())).followups()
    bob = users["bob"]
    other = GOOD_FILE.replace("lore-alpha", "lore-omega").replace("lore-beta", "lore-psi")
    denied = await fake.slash(
        bob, "bank import", {"file": fake.attach_file("mine.yaml", other.encode())}, permissions=0
    )
    assert "You need the manage server permission" in (await denied.response())["data"]["content"]
    denied = await fake.slash(bob, "bank disable", {"id": "lore-alpha"}, permissions=0)
    assert "You need the manage server permission" in (await denied.response())["data"]["content"]
    db = runner.bot.services.interviews.db
    assert await db.scalar("SELECT count(*) FROM guild_questions") == 2
    assert await db.scalar("SELECT count(*) FROM guild_questions WHERE disabled_at IS NOT NULL") == 0
    assert await fake.autocomplete(bob, "bank disable", {"id": ""}, focused="id") == []
    assert len(await fake.autocomplete(admin, "bank disable", {"id": ""}, focused="id")) == 2
    assert_clean(fake)
