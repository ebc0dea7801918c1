"""Discord's documented size limits, checked by hand so they hold even without the OpenAPI file.

Each checker adds problems to an `ErrorTree`, which renders Discord's nested
`{"embeds": {"0": {"description": {"_errors": [...]}}}}` error shape.
"""

from __future__ import annotations

import re
from typing import Any

COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$")

EMBED_TOTAL = 6000


class ErrorTree:
    """Collects field errors keyed by their path inside the request body."""

    def __init__(self) -> None:
        self.tree: dict[str, Any] = {}

    def __bool__(self) -> bool:
        return bool(self.tree)

    def add(self, path: tuple[str | int, ...], code: str, message: str) -> None:
        node = self.tree
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def max_len(self, path: tuple[str | int, ...], value: Any, limit: int) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def len_between(self, path: tuple[str | int, ...], value: Any, low: int, high: int) -> None:
        if not isinstance(value, str) or not low <= len(value) <= high:
            self.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")

    def max_items(self, path: tuple[str | int, ...], value: Any, limit: int) -> None:
        if isinstance(value, list) and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def check_message(body: dict[str, Any], errors: ErrorTree, prefix: tuple[str | int, ...] = ()) -> None:
    """Content, embeds and components of a message create/edit (or interaction message data)."""
    errors.max_len((*prefix, "content"), body.get("content"), 2000)
    embeds = body.get("embeds") or []
    errors.max_items((*prefix, "embeds"), embeds, 10)
    total = 0
    for i, embed in enumerate(embeds if isinstance(embeds, list) else []):
        total += _check_embed(embed, errors, (*prefix, "embeds", i))
    if total > EMBED_TOTAL:
        errors.add((*prefix, "embeds"), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
    check_components(body.get("components"), errors, (*prefix, "components"), body.get("flags") or 0)


def _check_embed(embed: dict[str, Any], errors: ErrorTree, path: tuple[str | int, ...]) -> int:
    """Checks one embed and returns the number of characters it counts towards the 6000 total."""
    counted = 0
    for key, limit in (("title", 256), ("description", 4096)):
        value = embed.get(key)
        errors.max_len((*path, key), value, limit)
        counted += len(value) if isinstance(value, str) else 0
    footer = embed.get("footer") or {}
    errors.max_len((*path, "footer", "text"), footer.get("text"), 2048)
    counted += len(footer.get("text") or "")
    author = embed.get("author") or {}
    errors.max_len((*path, "author", "name"), author.get("name"), 256)
    counted += len(author.get("name") or "")
    fields = embed.get("fields") or []
    errors.max_items((*path, "fields"), fields, 25)
    for j, fld in enumerate(fields):
        name, value = fld.get("name"), fld.get("value")
        errors.len_between((*path, "fields", j, "name"), name, 1, 256)
        errors.len_between((*path, "fields", j, "value"), value, 1, 1024)
        counted += len(name or "") + len(value or "")
    return counted


def check_components(
    components: Any, errors: ErrorTree, path: tuple[str | int, ...], flags: int = 0, *, in_modal: bool = False
) -> None:
    if not isinstance(components, list):
        return
    is_v2 = bool(flags & (1 << 15))
    if not is_v2:
        errors.max_items(path, components, 5)
    for i, component in enumerate(components):
        _check_component(component, errors, (*path, i), in_modal=in_modal, top=True)


def _check_component(
    component: dict[str, Any], errors: ErrorTree, path: tuple[str | int, ...], *, in_modal: bool, top: bool
) -> None:
    kind = component.get("type")
    errors.max_len((*path, "custom_id"), component.get("custom_id"), 100)
    if kind == 1:  # action row
        children = component.get("components") or []
        limit = 1 if in_modal else 5
        errors.max_items((*path, "components"), children, limit)
        for j, child in enumerate(children):
            _check_component(child, errors, (*path, "components", j), in_modal=in_modal, top=False)
    elif kind == 2:  # button
        errors.max_len((*path, "label"), component.get("label"), 80)
    elif kind in (3, 5, 6, 7, 8):  # selects
        errors.max_items((*path, "options"), component.get("options"), 25)
        errors.max_len((*path, "placeholder"), component.get("placeholder"), 150)
        for j, option in enumerate(component.get("options") or []):
            errors.len_between((*path, "options", j, "label"), option.get("label"), 1, 100)
            errors.len_between((*path, "options", j, "value"), option.get("value"), 1, 100)
            errors.max_len((*path, "options", j, "description"), option.get("description"), 100)
    elif kind == 4:  # text input
        errors.max_len((*path, "label"), component.get("label"), 45)
        errors.max_len((*path, "value"), component.get("value"), 4000)
        errors.max_len((*path, "placeholder"), component.get("placeholder"), 100)
        max_length = component.get("max_length")
        if isinstance(max_length, int) and not 1 <= max_length <= 4000:
            errors.add((*path, "max_length"), "NUMBER_TYPE_MAX", "int value should be <= 4000 and >= 1.")
    elif kind == 18:  # label wrapping one modal component
        errors.len_between((*path, "label"), component.get("label"), 1, 45)
        errors.max_len((*path, "description"), component.get("description"), 100)
        inner = component.get("component")
        if isinstance(inner, dict):
            _check_component(inner, errors, (*path, "component"), in_modal=in_modal, top=False)
    elif kind in (9, 17):  # section, container
        for j, child in enumerate(component.get("components") or []):
            _check_component(child, errors, (*path, "components", j), in_modal=in_modal, top=False)
    elif kind == 10:  # text display (in a message with components v2, or in a modal)
        errors.len_between((*path, "content"), component.get("content"), 1, 4000)


MODAL_TOP_LEVEL = (1, 10, 18)  # action row (legacy text input), text display, label
LABEL_CHILDREN = (3, 4, 5, 6, 7, 8, 19, 21, 22, 23)  # selects, text input, file upload, checkboxes, radio


def numbered(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of a modal with every component numbered as Discord does when the bot gave no `id`
    (1, 2, 3... in order, nested ones included); a submit echoes these ids back."""
    import copy

    shown = copy.deepcopy(data)
    taken = set()

    def walk(component: dict[str, Any], visit: Any) -> None:
        visit(component)
        for child in component.get("components") or []:
            walk(child, visit)
        if isinstance(component.get("component"), dict):
            walk(component["component"], visit)

    for top in shown.get("components") or []:
        walk(top, lambda c: taken.add(c.get("id")))
    counter = iter(i for i in range(1, 10_000) if i not in taken)

    def give(component: dict[str, Any]) -> None:
        if component.get("id") is None:
            component["id"] = next(counter)

    for top in shown.get("components") or []:
        walk(top, give)
    return shown


def check_modal(data: dict[str, Any], errors: ErrorTree, prefix: tuple[str | int, ...]) -> None:
    errors.len_between((*prefix, "title"), data.get("title"), 1, 45)
    errors.len_between((*prefix, "custom_id"), data.get("custom_id"), 1, 100)
    components = data.get("components") or []
    errors.max_items((*prefix, "components"), components, 5)
    for i, component in enumerate(components):
        if component.get("type") not in MODAL_TOP_LEVEL:
            errors.add((*prefix, "components", i, "type"), "COMPONENT_TYPE_INVALID", "Invalid component type in a modal.")
        if component.get("type") == 18:
            inner = component.get("component")
            if not isinstance(inner, dict) or inner.get("type") not in LABEL_CHILDREN:
                errors.add(
                    (*prefix, "components", i, "component"), "COMPONENT_TYPE_INVALID", "A label wraps one input."
                )
    check_components(components, errors, (*prefix, "components"), 1 << 15, in_modal=True)


def check_autocomplete(data: dict[str, Any], errors: ErrorTree, prefix: tuple[str | int, ...]) -> None:
    choices = data.get("choices") or []
    errors.max_items((*prefix, "choices"), choices, 25)
    for i, choice in enumerate(choices):
        _check_choice(choice, errors, (*prefix, "choices", i))


def _check_choice(choice: dict[str, Any], errors: ErrorTree, path: tuple[str | int, ...]) -> None:
    errors.len_between((*path, "name"), choice.get("name"), 1, 100)
    errors.max_len((*path, "value"), choice.get("value"), 100)


def check_command(command: dict[str, Any], errors: ErrorTree, path: tuple[str | int, ...] = ()) -> None:
    name = command.get("name")
    kind = command.get("type", 1)
    if kind == 1 and (not isinstance(name, str) or not COMMAND_NAME.match(name) or name != name.lower()):
        errors.add((*path, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
    elif kind != 1:
        errors.len_between((*path, "name"), name, 1, 32)
    if kind == 1:
        errors.len_between((*path, "description"), command.get("description"), 1, 100)
    _check_options(command.get("options") or [], errors, (*path, "options"))


def _check_options(options: list[dict[str, Any]], errors: ErrorTree, path: tuple[str | int, ...]) -> None:
    errors.max_items(path, options, 25)
    for i, option in enumerate(options):
        opt_path = (*path, i)
        name = option.get("name")
        if not isinstance(name, str) or not COMMAND_NAME.match(name) or name != name.lower():
            errors.add((*opt_path, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Option name is invalid")
        errors.len_between((*opt_path, "description"), option.get("description"), 1, 100)
        choices = option.get("choices") or []
        errors.max_items((*opt_path, "choices"), choices, 25)
        for j, choice in enumerate(choices):
            _check_choice(choice, errors, (*opt_path, "choices", j))
        if option.get("type") in (1, 2):
            _check_options(option.get("options") or [], errors, (*opt_path, "options"))


def check_interaction_callback(body: dict[str, Any], errors: ErrorTree) -> None:
    kind = body.get("type")
    data = body.get("data") or {}
    if kind in (4, 7):
        check_message(data, errors, ("data",))
    elif kind == 8:
        check_autocomplete(data, errors, ("data",))
    elif kind == 9:
        check_modal(data, errors, ("data",))
