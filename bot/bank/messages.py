"""Turn pydantic's error dicts into sentences an author can act on."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Union

from pydantic import BaseModel

from bot.bank.yaml_source import is_yaml11_bool

# Plain descriptions of the regex-constrained strings in the schema.
_PATTERN_HELP = {
    r"^[a-z0-9][a-z0-9-]{2,63}$": "3-64 characters: lowercase letters, digits and '-', starting with a letter or digit",
    r"^[a-z0-9][a-z0-9_-]{0,39}$": "1-40 characters: lowercase letters, digits, '_' and '-', starting with a letter or digit",
    r"^[a-z]$": "a single lowercase letter such as a, b, c",
    r"^[A-Za-z_][A-Za-z0-9_]*$": "a Python identifier",
}

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
}


def describe_value(value: Any, source_text: str | None) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()} (written {source_text})" if source_text else "a boolean"
    if value is None:
        return "nothing (null)"
    if isinstance(value, int | float):
        return f"the number {source_text or value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def plain_message(error: dict[str, Any], root_model: type[BaseModel], source_text: str | None) -> str:
    """One pydantic error (from `errors()`) as a sentence; `source_text` is the YAML scalar text."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    loc = tuple(error["loc"])

    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        allowed = allowed_fields(root_model, loc[:-1])
        name = str(loc[-1]) if loc else "?"
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"unknown field '{name}'; {hint}allowed fields: {', '.join(allowed)}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        allowed = _strip_quotes(ctx.get("expected_tags", ""))
        if kind == "union_tag_not_found":
            return f"'kind' is missing; allowed kinds: {allowed}"
        return f"unknown kind '{ctx.get('tag')}'; allowed kinds: {allowed}"
    if kind in ("enum", "literal_error"):
        allowed = _strip_quotes(str(ctx.get("expected", "")))
        if loc and loc[-1] == "schema_version":
            return f"schema_version {value!r} is not supported; this version of mockloop reads: {allowed}"
        return f"{value!r} is not allowed; allowed values: {allowed}"
    if kind in _TYPE_NAMES:
        wanted = _TYPE_NAMES[kind]
        got = describe_value(value, source_text)
        message = f"expected {wanted}, got {got}"
        if kind == "string_type" and source_text is not None and not isinstance(value, list | dict):
            if isinstance(value, bool) and is_yaml11_bool(source_text):
                message += f'; YAML reads {source_text} as a boolean, quote it: "{source_text}"'
            else:
                message += f'; quote it: "{source_text}"'
        return message
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return "must not be empty"
        return f"must be at least {ctx.get('min_length')} characters long"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters long (got {len(value)})"
    if kind == "too_short":
        return f"needs at least {_items(ctx.get('min_length'))}, got {ctx.get('actual_length')}"
    if kind == "too_long":
        return f"allows at most {_items(ctx.get('max_length'))}, got {ctx.get('actual_length')}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        help_text = _PATTERN_HELP.get(pattern, f"text matching {pattern}")
        return f"{value!r} is not valid; expected {help_text}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        symbol = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<", "less_than_equal": "<="}
        bound = next(iter(ctx.values()))
        return f"must be {symbol[kind]} {bound} (got {value})"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"])).removeprefix("Value error, ")
    return f"{error['msg']} (got {describe_value(value, source_text)})"


def _items(n: Any) -> str:
    return f"{n} item" if n == 1 else f"{n} items"


def _strip_quotes(text: str) -> str:
    return text.replace("'", "")


def strip_union_tags(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Drop the discriminator tags pydantic inserts into `loc` (e.g. answer.code.tests -> answer.tests)."""
    out: list[Any] = []
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str) and part not in data and data.get("kind") == part:
            continue
        out.append(part)
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            data = None
    return tuple(out)


def allowed_fields(root_model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model found at `loc` under `root_model` (best effort)."""
    current: Any = root_model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    model = _as_model(current)
    return list(model.model_fields) if model else []


def _step(annotation: Any, part: Any) -> Any:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if isinstance(part, str) and part in annotation.model_fields:
            return annotation.model_fields[part].annotation
        return None
    origin = typing.get_origin(annotation)
    if origin is list and isinstance(part, int):
        return typing.get_args(annotation)[0]
    if origin in (Union, types.UnionType) and isinstance(part, str):
        for member in typing.get_args(annotation):
            member = _unwrap(member)
            if isinstance(member, type) and issubclass(member, BaseModel):
                kind = member.model_fields.get("kind")
                if kind is not None and part in typing.get_args(kind.annotation):
                    return member
                if part in member.model_fields:
                    return _step(member, part)
    return None


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _as_model(annotation: Any) -> type[BaseModel] | None:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (Union, types.UnionType):
        models = [m for m in map(_unwrap, typing.get_args(annotation)) if isinstance(m, type)]
        return next((m for m in models if issubclass(m, BaseModel)), None)
    return None
