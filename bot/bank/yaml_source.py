"""Read YAML into plain Python values while remembering where every key and list item came from.

PyYAML forgets positions once it builds Python objects, and silently keeps the last of two
duplicate keys. We let it compose the node tree (libyaml when available, for speed), then build
plain dicts/lists from the nodes ourselves, keeping the first of duplicate keys and reporting the
others. The node tree stays with the document, so the line of a path such as
("questions", 2, "answer", "tests", 3), or the original text of a scalar YAML did not read as a
string (to explain `yes` -> True and friends), is looked up only for the few paths an error names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS: dict[str, str] = {}  # short plain scalar text -> the tag YAML 1.1 resolves it to
_MEMO_MAX_LEN = 40
_MEMO_MAX_SIZE = 50_000


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml's safe loader, minus per-node Python overhead we don't need: no path resolvers are
    registered, and a plain scalar's tag depends only on its text, so short texts (keys, ids,
    difficulties, numbers) are resolved once per process instead of once per occurrence."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= _MEMO_MAX_LEN and len(_PLAIN_TAGS) < _MEMO_MAX_SIZE:
                    _PLAIN_TAGS[value] = tag
            return tag
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]


_CONSTRUCTOR = yaml.SafeLoader("")  # only used to convert non-string scalars (it keeps no state)

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
    root: yaml.Node | None = None
    duplicates: list[DuplicateKey] = field(default_factory=list)

    def line_of(self, path: Path_) -> int:
        """Line of `path`, or of its nearest ancestor that exists (e.g. for a missing field)."""
        found = self._nodes(path)
        return found[-1][0].start_mark.line + 1 if found else 1

    def non_string_source(self, path: Path_) -> str | None:
        """The text of the scalar at `path` when YAML read it as something other than a string."""
        found = self._nodes(path)
        if len(found) != len(path) + 1:
            return None
        node = found[-1][1]
        if isinstance(node, yaml.ScalarNode) and node.tag != _STR_TAG:
            return str(node.value)
        return None

    def _nodes(self, path: Path_) -> list[tuple[yaml.Node, yaml.Node]]:
        """(node that gives the line, value node) for the root and each step of `path` that
        exists: a mapping entry's line is its key's, a list item's its own."""
        if self.root is None:
            return []
        found = [(self.root, self.root)]
        node = self.root
        for step in path:
            if isinstance(node, yaml.MappingNode):
                entry = next(
                    ((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and _scalar(k) == step),
                    None,  # the first of duplicate keys, as in the data
                )
                if entry is None:
                    break
                found.append(entry)
                node = entry[1]
            elif (
                isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value)
            ):
                node = node.value[step]
                found.append((node, node))
            else:
                break
        return found


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
    doc = YamlDocument(data=None, root=root)
    if root is None:
        return doc
    try:
        doc.data = _value(root)
    except _DuplicateKeyFound:
        doc.data = _walk(root, (), doc, {})  # the slower walk that knows every key's path
    return doc


class _DuplicateKeyFound(Exception):
    pass


def _value(node: yaml.Node) -> Any:
    """The node's plain Python value (the fast path: no path bookkeeping)."""
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_value(item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _walk_key(key_node)
            if key in out:
                raise _DuplicateKeyFound
            out[key] = _value(value_node)
        return out
    raise YamlSyntaxError(node.start_mark.line + 1, f"unsupported YAML node {node.tag}")


def _walk(node: yaml.Node, path: Path_, doc: YamlDocument, lines: dict[Path_, int]) -> Any:
    """Like `_value`, but keeps the first of duplicate keys and reports the others with lines."""
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*path, i), doc, lines) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _walk_key(key_node)
            child = (*path, key)
            line = key_node.start_mark.line + 1
            if key in out:
                doc.duplicates.append(DuplicateKey(child, line, lines[child]))
                continue  # keep the first definition; the duplicate is reported
            lines[child] = line
            out[key] = _walk(value_node, child, doc, lines)
        return out
    return _value(node)


def _scalar(node: yaml.ScalarNode) -> Any:
    """A scalar's value. Conversions are called directly (construct_object would remember every
    node it saw in the shared constructor); a tag bank files cannot use is a clear error."""
    if node.tag == _STR_TAG:
        return node.value
    convert = _CONSTRUCTOR.yaml_constructors.get(node.tag)
    if convert is None:
        raise YamlSyntaxError(
            node.start_mark.line + 1,
            f"the tag '{node.tag}' is not allowed; write plain YAML values (text, numbers, lists, mappings)",
        )
    try:
        return convert(_CONSTRUCTOR, node)
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        raise YamlSyntaxError(
            node.start_mark.line + 1, f"'{node.value}' cannot be read as {node.tag.rsplit(':', 1)[-1]}: {exc}"
        ) from None


def _walk_key(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
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
