"""Pick the execution engine named by a setting, and refuse to judge if it is unsafe."""

from __future__ import annotations

import logging
from typing import Literal

from bot.judge.base import Runner
from bot.judge.bwrap import BwrapRunner, SandboxSettings
from bot.judge.disabled import DisabledRunner
from bot.judge.scheduler import FairScheduler

log = logging.getLogger(__name__)

EngineName = Literal["bwrap", "piston", "judge0", "off"]


async def prepare_runner(
    engine: EngineName = "bwrap",
    *,
    max_concurrent: int = 2,
    sandbox: SandboxSettings | None = None,
    remote_url: str | None = None,
    api_key: str | None = None,
) -> Runner:
    """A ready runner, or a DisabledRunner explaining why code judging is off."""
    if engine == "off":
        return DisabledRunner("code judging is switched off in the settings")
    if engine in ("piston", "judge0"):
        if not remote_url:
            return DisabledRunner(f"the {engine} engine needs a URL in the settings")
        from bot.judge.remote import Judge0Runner, PistonRunner

        remote: Runner
        if engine == "piston":
            remote = PistonRunner(remote_url, max_concurrent=max_concurrent)
        else:
            remote = Judge0Runner(remote_url, api_key=api_key, max_concurrent=max_concurrent)
        return FairScheduler(remote, slots=max_concurrent)
    runner = BwrapRunner(sandbox, max_concurrent=max_concurrent)
    check = await runner.self_test()
    if not check.ok:
        return DisabledRunner("the code sandbox is unavailable: " + "; ".join(check.reasons))
    for missing in check.missing_protections:
        log.warning("code judge: %s", missing)
    return FairScheduler(runner, slots=max_concurrent)
