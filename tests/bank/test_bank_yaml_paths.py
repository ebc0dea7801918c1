"""The fast way of reading bank YAML (values straight from parse events) must give exactly what
the node tree gives: the same values, the same line for every path an error can name, the same
original text of non-string scalars, and, where it gives up, the reference way's own result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.bench_bank import write_bank
from bot.bank import yaml_source
from bot.bank.loader import load_bank
from bot.bank.yaml_source import YamlDocument, YamlSyntaxError, parse_yaml

ROOT = Path(__file__).resolve().parents[2]
BANK_FILES = sorted((ROOT / "questions").rglob("*.yaml")) + sorted((ROOT / "tests" / "bank").rglob("*.yaml"))

# Texts where YAML 1.1 reads a plain scalar as something else than the text, where the fast way
# must give up (tags, aliases, duplicates, complex keys, several documents, syntax errors), and
# the odd but ordinary shapes (a root list or scalar, empty values, flow style, comments).
SNIPPETS = [
    "a: yes\nb: no\nc: on\nd: off\ne: y\nf: N\ng: true\nh: False\n",
    "a: 012\nb: 0x1f\nc: 1e3\nd: 1.0e3\ne: .5\nf: -7\ng: +3\nh: 1_000\ni: 0b101\nj: 60:30\nk: .inf\nl: -.Inf\n",
    "a: ~\nb: null\nc:\nd: Null\ne: ''\nf: \"\"\n",
    "a: 2024-01-31\nb: 2024-01-31 10:00:00\nc: 2024-13-45\n",
    "a: 2024-01-31\nb: 2024-01-31 10:00:00\nc: [2024-01-31, 1.5, 1.5]\n",
    "a: '1'\nb: \"yes\"\nc: |\n  012\nd: >\n  on\n",
    "a: !!str 12\nb: !!int '7'\n",
    "a: ! 12\n",
    "a: !!python/name:os.system\n",
    "a: !custom x\n",
    "a: &x [1, 2]\nb: *x\n",
    "a: &x 1\nb: 2\n",
    "a: &x 1\nb: &x 2\n",
    "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",
    "a: 1\n<<: 2\n",
    "a: =\n",
    "a: 1\nb: 2\na: 3\n",
    "outer:\n  k: 1\n  k: 2\n",
    "questions:\n  - id: x\n    id: y\n",
    "? [1, 2]\n: v\n",
    "? {a: 1}\n: v\n",
    "1: one\n1.0: float\n",
    "true: t\nyes: y\n",
    "a: 1\n---\nb: 2\n",
    "--- \na: 1\n...\n",
    "- 1\n- two\n- [3, {four: 4}]\n",
    "just a scalar\n",
    "42\n",
    "",
    "# only a comment\n",
    "---\n",
    "a: [1, 2\n",
    "a:\n\t- b\n",
    "a: b: c\n",
    "key: value # comment\nlist:\n  - a   # c\n  -\n  - {x: , y: ~}\n",
    "questions:\n  - plain item\n  - id: q1\n    t: 1\n  - [nested, list]\n  - id: q2\n",
    "questions: {a: 1}\nother:\n  - {id: z}\n  - {id: w}\n",
    "a: !!set {x, y}\nb: !!omap [{k: v}]\n",
    "a: \"a\\tb \\u00e9\"\nb: 'it''s'\nc: caf\u00e9 \u2713\n",
    "a: 'multi\n  line'\nb: plain\n  continued\n",
]


def _reference(text: str) -> YamlDocument | YamlSyntaxError:
    try:
        return yaml_source._parse_with_nodes(text)
    except YamlSyntaxError as exc:
        return exc


def _parsed(text: str) -> YamlDocument | YamlSyntaxError:
    try:
        return parse_yaml(text)
    except YamlSyntaxError as exc:
        return exc


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into `value`, plus a missing child of each container (as a missing field is)."""
    found = [path]
    if isinstance(value, dict):
        found.append((*path, "no-such-field"))
        for key, child in value.items():
            found.extend(_paths(child, (*path, key)))
    elif isinstance(value, list):
        found.append((*path, len(value)))
        for i, child in enumerate(value):
            found.extend(_paths(child, (*path, i)))
    return found


def assert_same_as_the_node_tree(text: str) -> None:
    expected, got = _reference(text), _parsed(text)
    if isinstance(expected, YamlSyntaxError):
        assert isinstance(got, YamlSyntaxError)
        assert (got.line, got.message) == (expected.line, expected.message)
        return
    assert isinstance(got, YamlDocument)
    assert repr(got.data) == repr(expected.data)  # repr: also tells 1 from True and 1.0
    assert got.duplicates == expected.duplicates
    for path in _paths(expected.data):
        assert got.line_of(path) == expected.line_of(path), path
        assert got.non_string_source(path) == expected.non_string_source(path), path


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_bank_file_reads_as_the_node_tree_reads_it(path: Path) -> None:
    assert_same_as_the_node_tree(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", SNIPPETS)
def test_unusual_yaml_reads_as_the_node_tree_reads_it(text: str) -> None:
    assert_same_as_the_node_tree(text)


def test_the_generated_bench_bank_reads_as_the_node_tree_reads_it(tmp_path: Path) -> None:
    write_bank(tmp_path, 250)
    for path in sorted(tmp_path.glob("*.yaml")):
        assert_same_as_the_node_tree(path.read_text())


def test_ordinary_bank_files_take_the_fast_way() -> None:
    """The speed of a 10k-question load rests on this: a valid bank file builds no node tree."""
    for path in sorted((ROOT / "questions").rglob("*.yaml")):
        doc = yaml_source._load_plain(path.read_text(encoding="utf-8"))
        assert doc is not None and doc.root is None, path


def test_a_valid_bank_builds_no_node_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    composed: list[str] = []
    real = yaml_source._compose
    monkeypatch.setattr(yaml_source, "_compose", lambda text: composed.append(text) or real(text))
    result = load_bank([ROOT / "questions"], run_solutions=False, workers=1)
    assert result.ok and len(result.bank) > 200
    assert composed == []
