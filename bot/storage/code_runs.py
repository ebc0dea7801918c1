"""Code runs (table code_submissions): each judged run of a member's code, with its verdicts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.storage.repository import Repository


@dataclass(frozen=True, slots=True)
class TestRun:
    passed: int
    total: int
    wrong: int = 0  # tests that returned a wrong value (not too slow, not an error)


class CodeRunRepository(Repository):
    async def add(
        self,
        round_id: int,
        which: str,
        code: str,
        passed: int,
        total: int,
        report: dict[str, Any],
        now: float,
    ) -> None:
        await self.tx.execute(
            "INSERT INTO code_submissions (round_id, which, code, passed, total, report_json, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (round_id, which, code, passed, total, json.dumps(report), now),
        )

    async def latest_test_run(self, round_id: int) -> TestRun | None:
        """The round's latest run on the hidden tests (it feeds the score)."""
        row = await self.db.fetchone(
            "SELECT passed, total, report_json FROM code_submissions WHERE round_id = ? AND which = 'tests'"
            " ORDER BY id DESC LIMIT 1",
            (round_id,),
        )
        if row is None:
            return None
        verdicts = json.loads(row["report_json"]).get("verdicts", [])  # JudgeReport.to_dict()
        wrong = sum(v.get("verdict") == "wrong_answer" for v in verdicts)  # JudgeReport.wrong, stored
        return TestRun(row["passed"], row["total"], wrong)
