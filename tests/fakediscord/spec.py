"""Request-body validation against Discord's published OpenAPI description.

The spec lives outside the repo (`../shared/discord-api-spec/openapi.json` next to the work tree).
It is loaded once per process and one validator is compiled per (path template, method) on first
use, because the benchmark pushes hundreds of requests a second through the fake.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .limits import ErrorTree

SPEC_URI = "urn:discord-api-spec"
MEMO_SIZE = 4096
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SPEC_PATH = REPO_ROOT.parent / "shared" / "discord-api-spec" / "openapi.json"


class SpecValidator:
    """Validates JSON request bodies for the operations the spec describes."""

    def __init__(self, spec_path: Path | None = None) -> None:
        path = spec_path or DEFAULT_SPEC_PATH
        self.available = path.is_file()
        self._doc: dict[str, Any] = {}
        self._registry: Registry | None = None
        self._validators: dict[tuple[str, str], Draft202012Validator | None] = {}
        # For unions discriminated by `type` (the interaction callback): one validator per type value.
        # Benchmarks repeat identical bodies; remember verdicts for exact repeats.
        self._memo: dict[tuple[str, str, str], list[tuple[tuple[Any, ...], str]]] = {}
        self._by_type: dict[tuple[str, str], dict[Any, Draft202012Validator]] = {}
        if self.available:
            self._doc = _relax_snowflakes(_load(str(path)))
            resource = Resource(contents=self._doc, specification=DRAFT202012)
            self._registry = Registry().with_resource(SPEC_URI, resource)

    def validate(self, template: str, method: str, body: Any, errors: ErrorTree) -> None:
        """Adds one error per schema violation (at its place in the body) to `errors`."""
        if not self.available:
            return
        validator = self._validator(template, method.lower())
        if validator is None:
            return
        memo_key = (template, method, json.dumps(body, sort_keys=True))
        found = self._memo.get(memo_key)
        if found is None:
            if isinstance(body, dict):
                validator = self._by_type.get((template, method.lower()), {}).get(body.get("type"), validator)
            found = [
                (tuple(leaf.absolute_path), _short(leaf.message))
                for error in validator.iter_errors(body)
                for leaf in _leaves(error)
            ]
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[memo_key] = found
        for path, message in found:
            errors.add(path, "SPEC_VIOLATION", message)

    def _validator(self, template: str, method: str) -> Draft202012Validator | None:
        key = (template, method)
        if key in self._validators:
            return self._validators[key]
        validator = None
        operation = self._doc.get("paths", {}).get(template, {}).get(method)
        content = ((operation or {}).get("requestBody") or {}).get("content", {})
        if "application/json" in content:
            pointer = "/".join(
                _escape(part)
                for part in (
                    "paths",
                    template,
                    method,
                    "requestBody",
                    "content",
                    "application/json",
                    "schema",
                )
            )
            schema = {"$ref": f"{SPEC_URI}#/{pointer}"}
            validator = Draft202012Validator(schema, registry=self._registry)
            self._by_type[key] = self._type_branches(content["application/json"]["schema"])
        self._validators[key] = validator
        return validator

    def _type_branches(self, schema: dict[str, Any]) -> dict[Any, Draft202012Validator]:
        branches: dict[Any, Draft202012Validator] = {}
        for branch in schema.get("anyOf") or []:
            ref = branch.get("$ref", "") if isinstance(branch, dict) else ""
            if not ref.startswith("#/components/schemas/"):
                return {}
            target = self._doc["components"]["schemas"][ref.rsplit("/", 1)[1]]
            kinds = ((target.get("properties") or {}).get("type") or {}).get("enum") or []
            branch_validator = Draft202012Validator({"$ref": SPEC_URI + ref}, registry=self._registry)
            for kind in kinds:
                branches[kind] = branch_validator
        return branches


@functools.cache
def _load(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@functools.cache
def shared_validator(spec_path: str | None = None) -> SpecValidator:
    """One validator per process: every FakeDiscord reuses the compiled schemas."""
    return SpecValidator(Path(spec_path) if spec_path else None)


def _relax_snowflakes(doc: dict[str, Any]) -> dict[str, Any]:
    """The spec types snowflakes as digit strings, but Discord also accepts JSON integers there
    (discord.py sends `"attachments": [{"id": 0}]`), so a copy of the spec allows both."""
    doc = dict(doc)
    components = dict(doc.get("components", {}))
    schemas = dict(components.get("schemas", {}))
    if "SnowflakeType" in schemas:
        schemas["SnowflakeType"] = {"anyOf": [schemas["SnowflakeType"], {"type": "integer", "minimum": 0}]}
    components["schemas"] = schemas
    doc["components"] = components
    return _one_of_as_any_of(doc)


def _one_of_as_any_of(node: Any) -> Any:
    """Discord's unions are discriminated by a `type` field, so at most one branch can match anyway;
    `anyOf` stops at the first match while `oneOf` must try every branch (5x slower here)."""
    if isinstance(node, dict):
        return {("anyOf" if k == "oneOf" else k): _one_of_as_any_of(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_one_of_as_any_of(v) for v in node]
    return node


def _leaves(error: ValidationError) -> list[ValidationError]:
    """For anyOf/oneOf failures, the deepest sub-errors: they name the field that is actually wrong."""
    if not error.context:
        return [error]
    deepest = max(len(e.absolute_path) for e in error.context)
    if deepest <= len(error.absolute_path):
        return [error]
    found: list[ValidationError] = []
    for sub in error.context:
        if len(sub.absolute_path) == deepest:
            found.extend(_leaves(sub))
    return found[:5]


def _escape(part: str) -> str:
    return quote(part.replace("~", "~0").replace("/", "~1"), safe="~")


def _short(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[: limit - 3] + "..."
