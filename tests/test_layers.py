"""The layers stay layered: an AST pass over every import in bot/ (top level, in functions, and
under TYPE_CHECKING alike) fails when

- bot.core imports anything but bot.core, the standard library, pydantic or rapidfuzz (no I/O,
  no discord, no aiosqlite; the clock is injected);
- bot.storage imports a service or an adapter (it may import bot.core and itself);
- a front end (bot.discordbot, bot.terminal, bot.cli) imports bot.storage (front ends call services);
- a Discord feature imports bot.discordbot.client (the composition root nothing depends on).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"
CORE_MAY_USE = {"pydantic", "rapidfuzz"}
STORAGE_MAY_USE = {"aiosqlite"}
FRONT_ENDS = ("bot.discordbot", "bot.terminal", "bot.cli")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            yield node.lineno, target
            for alias in node.names:  # `from bot.discordbot import client` imports client.py
                yield node.lineno, f"{target}.{alias.name}"


def modules(under: str) -> list[Path]:
    path = ROOT.joinpath(*under.split("."))
    if path.with_suffix(".py").is_file():
        return [path.with_suffix(".py")]
    return sorted(path.rglob("*.py"))


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def violations(under: str, allowed) -> list[str]:
    found = []
    for path in modules(under):
        for line, target in imports_of(path):
            if not allowed(target):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    return sorted(set(found))


def is_stdlib(name: str) -> bool:
    return name.split(".")[0] in sys.stdlib_module_names or name == "__future__"


def test_the_core_imports_no_io_and_nothing_outside_the_core() -> None:
    def allowed(target: str) -> bool:
        top = target.split(".")[0]
        return within(target, "bot.core") or is_stdlib(target) or top in CORE_MAY_USE

    assert violations("bot.core", allowed) == []


def test_the_core_reads_no_wall_clock_except_the_system_clock() -> None:
    calls = []
    for path in modules("bot.core"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in {"time", "monotonic", "now"}:
                if isinstance(node.value, ast.Name) and node.value.id in {"time", "datetime"}:
                    calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert calls == ["bot/core/clock.py:18"]


def test_storage_imports_no_service_and_no_adapter() -> None:
    def allowed(target: str) -> bool:
        top = target.split(".")[0]
        if top == "bot":
            return within(target, "bot.core") or within(target, "bot.storage")
        return is_stdlib(target) or top in STORAGE_MAY_USE

    assert violations("bot.storage", allowed) == []


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_front_ends_call_services_never_storage(front_end: str) -> None:
    assert violations(front_end, lambda target: not within(target, "bot.storage")) == []


def test_no_feature_imports_the_bot_client() -> None:
    assert violations("bot.discordbot.features", lambda t: not within(t, "bot.discordbot.client")) == []
    # nor do the shared leaves features build on
    for leaf in ("messaging", "components", "context", "errors", "deferral", "limits", "formatting"):
        assert violations(f"bot.discordbot.{leaf}", lambda t: not within(t, "bot.discordbot.client")) == []


def test_the_check_itself_sees_imports_of_every_kind(tmp_path: Path) -> None:
    """The AST pass finds imports at the top, in functions, relative ones and under TYPE_CHECKING."""
    sample = BOT / "discordbot" / "features" / "rounds" / "components.py"
    found = {target for _, target in imports_of(sample)}
    assert "bot.discordbot.features.rounds.flow.RoundFlow" in found  # imported inside a method
    assert "bot.discordbot.components.Component" in found
    client = BOT / "discordbot" / "client.py"
    assert "bot.app.Services" in {t for _, t in imports_of(client)}  # under TYPE_CHECKING


def test_the_readme_architecture_names_every_adapter_module_and_feature() -> None:
    """The README's tree is the map a newcomer reads: every Discord module and feature is in it."""
    readme = (ROOT / "README.md").read_text()
    tree = readme[readme.index("## Architecture") : readme.index("## Adding a feature")]
    adapter = BOT / "discordbot"
    missing = [p.name for p in adapter.glob("*.py") if p.name != "__init__.py" and p.name not in tree]
    missing += [
        f"{p.name}/" for p in (adapter / "features").iterdir() if p.is_dir() and f"{p.name}/" not in tree
    ]
    assert missing == []
