"""Guild question banks: an admin's uploaded YAML, validated like the bundled bank, per guild.

Imports are all or nothing per file. Stored questions are mixed into the guild's bank in
the interview service's per-guild banks (`InterviewService.set_guild_bank`); a disabled one stays there (old rounds still resolve it) but
is hidden from selection and topic lists by `GuildQuestionBank`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from bot.bank.errors import BankError
from bot.bank.loader import parse_bank_text
from bot.bank.yaml_source import YamlSyntaxError, parse_yaml
from bot.core.bank import QuestionBank
from bot.core.errors import MockloopError, UploadRejected
from bot.core.models import Difficulty, RoundType
from bot.core.questions import SCHEMA_VERSION, Question
from bot.service import InterviewService
from bot.storage.guild_bank import GuildQuestionRepository, StoredGuildQuestion

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 256 * 1024


class GuildQuestionBank(QuestionBank):
    """A bank whose `hidden` questions still resolve by id but are never offered for selection."""

    def __init__(self, questions: Iterable[Question] = (), hidden: Iterable[str] = ()) -> None:
        super().__init__(questions)
        self.hidden = frozenset(hidden)

    def filter(
        self,
        round_type: RoundType | str | None = None,
        difficulty: Difficulty | str | None = None,
        topic: str | None = None,
    ) -> list[Question]:
        return [q for q in super().filter(round_type, difficulty, topic) if q.id not in self.hidden]


@dataclass(frozen=True, slots=True)
class ImportReport:
    filename: str
    errors: list[str] = field(default_factory=list)  # `file:line: id: field: message`, in file order
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    still_disabled: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class ExportFile:
    filename: str
    text: str


class GuildBankService:
    def __init__(self, interviews: InterviewService) -> None:
        self.interviews = interviews
        self.db = interviews.db
        self._repo = GuildQuestionRepository(self.db)  # reads; every write is a `db.unit_of_work()`
        self._stored: dict[int, list[StoredGuildQuestion]] = {}
        self._import_lock = asyncio.Lock()  # two uploads at once must not both pass the id checks

    # ---- loading into the interview service ----------------------------------------------

    async def load_all(self) -> None:
        """At start-up: every guild's stored questions into the service's per-guild banks."""
        self._stored = await self._repo.all()
        for guild_id in list(self._stored):
            self._publish(guild_id)

    async def _reload(self, guild_id: int) -> None:
        self._stored[guild_id] = await self._repo.of_guild(guild_id)
        self._publish(guild_id)

    def _publish(self, guild_id: int) -> None:
        stored = self._stored.get(guild_id, [])
        bundled = self.interviews.bank
        shadowed = [s.question.id for s in stored if s.question.id in bundled]
        if shadowed:  # the bundled bank grew an id this guild already had: bundled wins
            log.warning("guild %s questions shadowed by bundled ones: %s", guild_id, ", ".join(shadowed))
        if not stored:
            self.interviews.set_guild_bank(guild_id, None)
            return
        self.interviews.set_guild_bank(
            guild_id,
            GuildQuestionBank(
                [*bundled, *(s.question for s in stored)],
                hidden=[s.question.id for s in stored if s.disabled],
            ),
        )

    # ---- reading --------------------------------------------------------------------------

    def questions(self, guild_id: int) -> list[StoredGuildQuestion]:
        return list(self._stored.get(guild_id, []))

    # ---- import ---------------------------------------------------------------------------

    async def import_file(
        self, guild_id: int, filename: str, data: bytes, imported_by: int | None = None
    ) -> ImportReport:
        """Validate one uploaded file and store its questions, or store nothing and say why."""
        filename = clean_filename(filename)
        text = decode_upload(filename, data)
        async with self._import_lock:
            questions, errors = await asyncio.to_thread(parse_bank_text, text, filename)
            errors = [*errors, *self._clashes(text, filename)]
            if errors:
                errors.sort(key=lambda e: e.line)
                return ImportReport(filename, [str(e) for e in errors])
            if not questions:
                return ImportReport(filename, [f"{filename}:1: -: questions: the file holds no questions"])
            async with self.db.unit_of_work() as uow:
                outcome = await uow.guild_questions.save(
                    guild_id, questions, filename, imported_by, self.interviews.clock.now()
                )
            await self._reload(guild_id)
        disabled = {s.question.id for s in self._stored.get(guild_id, []) if s.disabled}
        return ImportReport(
            filename,
            added=outcome.added,
            updated=outcome.updated,
            still_disabled=[q.id for q in questions if q.id in disabled],
        )

    def _clashes(self, text: str, filename: str) -> list[BankError]:
        """Ids a bundled question already uses (re-uploading one of the guild's own ids updates it).

        Every question of the file is checked, valid or not, so one upload shows all the problems.
        """
        return [
            BankError(
                filename,
                line,
                qid,
                "id",
                "already used by a bundled question; choose another id (ids must be unique across the bank)",
            )
            for qid, line in _id_lines(text).items()
            if qid in self.interviews.bank
        ]

    # ---- disable / enable -----------------------------------------------------------------

    async def set_disabled(self, guild_id: int, question_id: str, disabled: bool) -> Question:
        """Hide a guild question from selection (or show it again); its old rounds keep working."""
        question_id = question_id.strip()
        now = self.interviews.clock.now()
        async with self.db.unit_of_work() as uow:
            changed = await uow.guild_questions.set_disabled(guild_id, question_id, disabled, now)
        if not changed:
            raise MockloopError(self._unknown(guild_id, question_id))
        await self._reload(guild_id)
        return next(s.question for s in self._stored[guild_id] if s.question.id == question_id)

    def _unknown(self, guild_id: int, question_id: str) -> str:
        if question_id in self.interviews.bank:
            return (
                f"'{question_id}' is a bundled question; only questions this server imported can be changed."
            )
        message = f"This server has no imported question '{question_id}'."
        close = QuestionBank(s.question for s in self.questions(guild_id)).suggest(question_id)
        if close:
            message += " Did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
        return message

    # ---- export ---------------------------------------------------------------------------

    def export(self, guild_id: int) -> list[ExportFile]:
        """One YAML file per round type and topic (the schema's unit), each re-importable as is."""
        groups: dict[tuple[str, str], list[StoredGuildQuestion]] = {}
        for stored in self.questions(guild_id):
            q = stored.question
            groups.setdefault((q.round_type.value, q.topic), []).append(stored)
        return [
            ExportFile(f"{rtype}-{topic}.yaml", render_bank_file(rtype, topic, items))
            for (rtype, topic), items in sorted(groups.items())
        ]


# ---- helpers ------------------------------------------------------------------------------


def check_size(filename: str, size: int) -> None:
    """Called with an attachment's announced size too, so an oversized file is never downloaded."""
    if size > MAX_UPLOAD_BYTES:
        raise UploadRejected(
            f"`{clean_filename(filename)}` is {size / 1024:,.0f} KB; a bank file can be at most "
            f"{MAX_UPLOAD_BYTES // 1024} KB. Split it into several files. Nothing was imported."
        )


def decode_upload(filename: str, data: bytes) -> str:
    check_size(filename, len(data))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRejected(
            f"`{filename}` is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start} "
            "cannot be decoded). Save it as UTF-8 YAML and upload it again. Nothing was imported."
        ) from None


def clean_filename(name: str) -> str:
    cleaned = "".join(c for c in name if c.isprintable() and c not in "`\\/").strip()
    return cleaned[:100] or "upload.yaml"


def _id_lines(text: str) -> dict[str, int]:
    """Question id -> line of its `id:` key (the file already parsed once, so this succeeds)."""
    try:
        doc = parse_yaml(text)
    except YamlSyntaxError:
        return {}
    raw = doc.data.get("questions") if isinstance(doc.data, dict) else None
    found: dict[str, int] = {}
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            found.setdefault(item["id"], doc.line_of(("questions", index, "id")))
    return found


class _BankDumper(yaml.SafeDumper):
    """Multi-line text as `|` blocks so an exported file reads like a hand-written one."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BankDumper.add_representer(str, _represent_str)


def render_bank_file(round_type: str, topic: str, items: Sequence[StoredGuildQuestion]) -> str:
    questions: list[dict[str, Any]] = []
    for stored in items:
        data = stored.question.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        data.pop("round_type", None)
        data.pop("topic", None)
        questions.append(data)
    header = "# Exported from mockloop; importing this file again updates these questions.\n"
    disabled = [s.question.id for s in items if s.disabled]
    if disabled:
        header += f"# Disabled in this server: {', '.join(disabled)}\n"
    body = yaml.dump(
        {"schema_version": SCHEMA_VERSION, "round_type": round_type, "topic": topic, "questions": questions},
        Dumper=_BankDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    return header + body
