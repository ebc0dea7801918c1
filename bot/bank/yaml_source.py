"""Read YAML into plain Python values while remembering the line of every key and list item.

PyYAML forgets positions once it builds Python objects, and silently keeps the last of two
duplicate keys. We let it compose the node tree (libyaml when available, for speed), then walk
the nodes ourselves: plain dicts/lists come out, plus a map from each path such as
("questions", 2, "answer", "tests", 3) to its 1-based line, duplicate keys, and the original
text of every scalar YAML did not read as a string (to explain `yes` -> True and friends).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]

_STR_TAG = "tag:yaml.org,2002:str"
_BOOL_WORDS_1_1 = {"yes", "no", "on", "off", "y", "n"}


@dataclass(slots=True)
class DuplicateKey:
    path: Path_
    line: int
    first_line: int


@dataclass(slots=True)
class YamlDocument:
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    duplicates: list[DuplicateKey] = field(default_factory=list)
    # path -> source text of a scalar that YAML turned into a bool/int/float/null
    non_strings: dict[Path_, str] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """Line of `path`, or of its nearest ancestor that exists (e.g. for a missing field)."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def is_yaml11_bool(text: str) -> bool:
    """True for words YAML 1.1 reads as booleans although most people mean text."""
    return text.lower() in _BOOL_WORDS_1_1


def parse_yaml(text: str) -> YamlDocument:
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(text, exc) from None
    except yaml.YAMLError as exc:  # pragma: no cover - errors without a position are rare
        raise YamlSyntaxError(1, f"not valid YAML: {exc}") from None
    doc = YamlDocument(data=None)
    if root is None:
        return doc
    constructor = yaml.SafeLoader("")  # only used to convert non-string scalars
    doc.data = _walk(root, (), doc, constructor)
    return doc


def _walk(node: yaml.Node, path: Path_, doc: YamlDocument, constructor: yaml.SafeLoader) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR_TAG:
            return node.value
        value = constructor.construct_object(node)
        if not isinstance(value, str):
            doc.non_strings[path] = node.value
        return value
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*path, i), doc, constructor) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _walk_key(key_node, constructor)
            child = (*path, key)
            line = key_node.start_mark.line + 1
            if key in out:
                doc.duplicates.append(DuplicateKey(child, line, doc.lines[child]))
                continue  # keep the first definition; the duplicate is reported
            doc.lines[child] = line
            out[key] = _walk(value_node, child, doc, constructor)
        return out
    raise YamlSyntaxError(node.start_mark.line + 1, f"unsupported YAML node {node.tag}")


def _walk_key(node: yaml.Node, constructor: yaml.SafeLoader) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == _STR_TAG else constructor.construct_object(node)
    raise YamlSyntaxError(
        node.start_mark.line + 1, "a mapping key must be a plain value, not a list or mapping"
    )


def _syntax_error(text: str, exc: yaml.MarkedYAMLError) -> YamlSyntaxError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    lines = text.splitlines()
    tab_line = _first_tab_indented_line(lines, upto=line)
    if tab_line is not None:
        return YamlSyntaxError(
            tab_line, "a tab character is used for indentation; YAML only allows spaces, replace the tab"
        )
    problem = (exc.problem or "invalid YAML").strip()
    context = f" ({exc.context.strip()})" if exc.context else ""
    return YamlSyntaxError(line, f"YAML syntax error: {problem}{context}")


def _first_tab_indented_line(lines: list[str], upto: int) -> int | None:
    # The line the parser stopped on, or the one just before it, starting with a tab.
    for number in (upto, upto - 1):
        if 1 <= number <= len(lines) and lines[number - 1].lstrip(" ").startswith("\t"):
            return number
    return None
