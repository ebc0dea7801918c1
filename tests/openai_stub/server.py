"""An aiohttp server that answers `POST /v1/chat/completions` from a script of replies.

Every request body is validated against `CreateChatCompletionRequest` from OpenAI's published
spec (`../shared/openai-api-spec/openapi.json`); violations are recorded in `rejected` and
answered 400, so a test asserts `stub.rejected == []`. Scripted behaviours, one per request
(the last one repeats): `reply(obj_or_text)`, `status(code, headers)`, `slow(seconds, obj)`.
"""

from __future__ import annotations

import asyncio
import functools
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "openai-api-spec" / "openapi.json"
URI = "urn:openai-spec"


def _to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0's `nullable: true` becomes JSON Schema's null type; $refs point into the doc."""
    if isinstance(node, list):
        return [_to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _to_json_schema(v) for k, v in node.items()}
    if isinstance(out.get("$ref"), str) and out["$ref"].startswith("#/"):
        out["$ref"] = URI + out["$ref"]
    if out.pop("nullable", False):
        if "type" in out:
            kinds = out["type"] if isinstance(out["type"], list) else [out["type"]]
            out["type"] = [*kinds, "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        if "$ref" in out or "allOf" in out or "anyOf" in out or "oneOf" in out:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


@functools.cache
def request_validator() -> Draft202012Validator:
    doc = _to_json_schema(json.loads(SPEC.read_text(encoding="utf-8")))
    registry = Registry().with_resource(URI, Resource(contents=doc, specification=DRAFT202012))
    return Draft202012Validator({"$ref": f"{URI}#/components/schemas/CreateChatCompletionRequest"}, registry=registry)


def completion(content: Any) -> dict[str, Any]:
    text = content if isinstance(content, str) else json.dumps(content)
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 0,
        "model": "stub-model",
        "choices": [
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}
        ],
    }


@dataclass
class Step:
    kind: str  # reply | status | slow
    content: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def reply(content: Any) -> Step:
    return Step("reply", content)


def status(code: int, headers: dict[str, str] | None = None) -> Step:
    return Step("status", status=code, headers=headers or {})


def slow(seconds: float, content: Any) -> Step:
    return Step("slow", content, seconds=seconds)


class StubModel:
    """`async with StubModel([steps]) as stub:` then point the grader at `stub.base_url`."""

    def __init__(self, script: list[Step] | None = None) -> None:
        self.script = list(script or [])
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.rejected: list[str] = []
        self.arrived: list[float] = []  # time.monotonic() of each request, aligned with `requests`
        self.in_flight = 0
        self.max_in_flight = 0
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def __aenter__(self) -> StubModel:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}/v1"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def next_step(self) -> Step:
        if not self.script:
            return reply({"key_points": [], "misconceptions": [], "follow_up": ""})
        return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    async def _handle(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        body = await request.json()
        self.arrived.append(arrived)
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in request_validator().iter_errors(body)]
        if errors:
            self.rejected.extend(errors)
            return web.json_response({"error": {"message": errors[0]}}, status=400)
        step = self.next_step()
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if step.kind == "status":
                return web.json_response({"error": {"message": "scripted"}}, status=step.status, headers=step.headers)
            if step.kind == "slow":
                await asyncio.sleep(step.seconds)
            return web.json_response(completion(step.content))
        finally:
            self.in_flight -= 1
