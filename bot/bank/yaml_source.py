"""Read YAML into plain Python values while remembering where every key and list item came from.

PyYAML forgets positions once it builds Python objects, and silently keeps the last of two
duplicate keys. Two ways to the same values:

- the fast way (`_load_plain`): plain dicts/lists straight from libyaml's parse events, keeping
  only the line of each item of a top-level list (a question's line). No node tree is built,
  which is most of the cost of composing one (node objects, marks, resolver calls from C).
  Anything unusual - a tag, an alias, a duplicate key, a list or mapping used as a key, a value
  PyYAML cannot construct, a syntax error, several documents - gives up and takes the other way,
  so those keep exactly the reference behaviour and messages.
- the reference way (`_parse_with_nodes`): compose the node tree (libyaml when available), build
  values from the nodes ourselves, keeping the first of duplicate keys and reporting the others.

Either way the document can give the line of a path such as ("questions", 2, "answer", "tests",
3), or the original text of a scalar YAML did not read as a string (to explain `yes` -> True and
friends); after the fast way the node tree is composed from the text only when an error first
asks for such a path.
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
    # After the fast way: the text, to compose `root` from on first need, and the lines it kept.
    text: str | None = None
    item_lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """Line of `path`, or of its nearest ancestor that exists (e.g. for a missing field)."""
        line = self.item_lines.get(path)
        if line is not None:
            return line
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
        if self.root is None and self.text is not None:
            self.root = _compose(self.text)  # parsed once already without error: this succeeds
            self.text = None
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
    return _load_plain(text) or _parse_with_nodes(text)


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _parse_with_nodes(text: str) -> YamlDocument:
    """The reference way: the node tree, kept with the document."""
    try:
        root = _compose(text)
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


# ---- the fast way: values straight from parse events -----------------------------------------


class _Unusual(Exception):
    """Something only the reference way handles (or reports) exactly; see the module docstring."""


_NO_KEY: Any = object()  # a mapping waiting for its next key
_IMPLICIT_FIRST = frozenset(first for first in _BaseLoader.yaml_implicit_resolvers if first)
_ANY_FIRST = None in _BaseLoader.yaml_implicit_resolvers  # a resolver for any first character
_TAG_OF = _Loader("").resolve  # the tag the node tree would get (only used for plain scalars)
_PLAIN_VALUES: dict[str, Any] = {}  # short plain scalar text -> its value


def _load_plain(text: str) -> YamlDocument | None:
    """The document the fast way, or None when the reference way must be taken."""
    values = plain_values(text)
    return None if values is None else document_from_values(text, *values)


PlainValues = tuple[Any, dict[Path_, int]]  # (data, line of each item of a top-level list)


def plain_values(text: str) -> PlainValues | None:
    """The fast way's result as plain Python values only (a bank-loading worker sends them to the
    parent with marshal), or None when the reference way must be taken (`parse_yaml`)."""
    loader = _Loader(text)
    try:
        return _build(loader.get_event)
    except (_Unusual, yaml.YAMLError):
        return None
    finally:
        loader.dispose()


def document_from_values(text: str, data: Any, item_lines: dict[Path_, int]) -> YamlDocument:
    """The document `parse_yaml(text)` gives, from what `plain_values(text)` returned."""
    return YamlDocument(data=data, text=text, item_lines=item_lines)


def _build(next_event: Any) -> tuple[Any, dict[Path_, int]]:
    """Values from one document's events, as `_value` builds them from its nodes. Returns the
    data and the line of every mapping that is an item of a list under a top-level key (a
    question), keyed by its path ("questions", i)."""
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    if type(next_event()) is not yaml.StreamStartEvent or type(next_event()) is not yaml.DocumentStartEvent:
        raise _Unusual  # an empty stream
    implicit_first, any_first, plain = _IMPLICIT_FIRST, _ANY_FIRST, _plain_value
    item_lines: dict[Path_, int] = {}
    stack: list[tuple[Any, bool, Any]] = []  # (container, is a mapping, its pending key) of each ancestor
    top: Any = None  # the container being filled (None: the document's root value is next)
    in_mapping = False
    key = _NO_KEY
    while True:
        event = next_event()
        kind = type(event)
        if kind is scalar_event:
            if event.tag is not None or event.anchor is not None:
                raise _Unusual  # an explicit tag (or `!`), an anchor
            value = event.value
            if event.implicit[0] and (not value or any_first or value[0] in implicit_first):
                value = plain(value)
        elif kind is mapping_start or kind is sequence_start:
            if event.tag is not None or event.anchor is not None:
                raise _Unusual
            if len(stack) == 2 and kind is mapping_start and not in_mapping and stack[1][1]:
                item_lines[(stack[1][2], len(top))] = event.start_mark.line + 1
            stack.append((top, in_mapping, key))
            in_mapping = kind is mapping_start
            top = {} if in_mapping else []
            key = _NO_KEY
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = top
            top, in_mapping, key = stack.pop()
            if in_mapping and key is _NO_KEY:
                raise _Unusual  # a list or mapping as a key
        else:
            raise _Unusual  # an alias
        if in_mapping:
            if key is _NO_KEY:
                key = value
            elif key in top:
                raise _Unusual  # a duplicate key: the reference way reports both lines
            else:
                top[key] = value
                key = _NO_KEY
        elif top is not None:
            top.append(value)
        else:
            break
    if type(next_event()) is not yaml.DocumentEndEvent or type(next_event()) is not yaml.StreamEndEvent:
        raise _Unusual  # another document follows
    return value, item_lines


def _plain_value(text: str) -> Any:
    """A plain (unquoted, untagged) scalar's value, as the node tree and `_scalar` give it."""
    value = _PLAIN_VALUES.get(text, _NO_KEY)
    if value is not _NO_KEY:
        return value
    tag = _TAG_OF(yaml.ScalarNode, text, (True, False))
    if tag == _STR_TAG:
        value = text
    else:
        value = _constructed(tag, text)
    if len(text) <= _MEMO_MAX_LEN and len(_PLAIN_VALUES) < _MEMO_MAX_SIZE:
        _PLAIN_VALUES[text] = value  # str, None, bool, int, float or a date: immutable, safe to share
    return value


def _constructed(tag: str, text: str) -> Any:
    convert = _CONSTRUCTOR.yaml_constructors.get(tag)
    if convert is None:
        raise _Unusual  # e.g. `<<`; the reference way says the tag is not allowed
    try:
        return convert(_CONSTRUCTOR, yaml.ScalarNode(tag, text))
    except Exception:  # the reference way gives the message with its line
        raise _Unusual from None


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
