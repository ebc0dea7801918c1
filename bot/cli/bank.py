"""`mockloop bank validate | list | stats | show`: tools for question authors (and for finding ids)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.bank.loader import default_questions_dir, load_bank
from bot.bank.render import bank_stats, member_view, reviewer_view, stats_lines
from bot.core.errors import UnknownQuestion
from bot.core.models import Difficulty, RoundType


def register(sub: argparse._SubParsersAction) -> None:
    bank = sub.add_parser("bank", help="validate and inspect the question bank")
    bank_sub = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)

    validate = bank_sub.add_parser("validate", help="check bank files and print every error")
    validate.add_argument("paths", nargs="*", type=Path, help="files or folders (default: bundled questions)")
    validate.add_argument("--no-solutions", action="store_true", help="skip running code reference solutions")
    validate.set_defaults(func=cmd_validate)

    listing = bank_sub.add_parser("list", help="list question ids, filtered by round type, topic, difficulty")
    listing.add_argument("--round", dest="round_type", choices=[r.value for r in RoundType])
    listing.add_argument("--topic", help="e.g. probability")
    listing.add_argument("--difficulty", choices=[d.value for d in Difficulty])
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.add_argument("--path", type=Path, action="append", help="bank folder or file (default: bundled)")
    listing.set_defaults(func=cmd_list)

    stats = bank_sub.add_parser("stats", help="count questions per round type, topic, difficulty, kind")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    stats.add_argument("--path", type=Path, action="append", help="bank folder or file (default: bundled)")
    stats.set_defaults(func=cmd_stats)

    show = bank_sub.add_parser("show", help="render one question with its rubric and answer")
    show.add_argument("id", help="question id")
    show.add_argument("--path", type=Path, action="append", help="bank folder or file (default: bundled)")
    show.set_defaults(func=cmd_show)


def cmd_validate(args: argparse.Namespace) -> int:
    result = load_bank(args.paths or [default_questions_dir()], run_solutions=not args.no_solutions)
    for error in result.errors:
        print(error)
    print(result.summary())
    return 0 if result.ok else 1


def _load_for_reading(paths: list[Path] | None):
    from bot.cli.common import warn_bank

    result = load_bank(paths or [default_questions_dir()], run_solutions=False)
    if result.errors:
        print(f"warning: {result.summary()}", file=sys.stderr)
        warn_bank([str(e) for e in result.errors])
    return result.bank


def cmd_list(args: argparse.Namespace) -> int:
    bank = _load_for_reading(args.path)
    topic = args.topic.strip().lower().replace(" ", "_") if args.topic else None
    if topic is not None and topic not in bank.topics(args.round_type):
        where = f" for {args.round_type} rounds" if args.round_type else ""
        print(
            f"There is no topic {args.topic!r}{where}. Topics: {', '.join(bank.topics(args.round_type))}.",
            file=sys.stderr,
        )
        return 1
    chosen = sorted(
        bank.filter(round_type=args.round_type, difficulty=args.difficulty, topic=topic),
        key=lambda q: (q.round_type.value, q.topic, q.difficulty.value, q.id),
    )
    rows = [
        {
            "id": q.id,
            "round_type": q.round_type.value,
            "topic": q.topic,
            "difficulty": q.difficulty.value,
            "kind": q.answer.kind,
            "title": q.title,
        }
        for q in chosen
    ]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("No question matches those filters.")
        return 0
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        print(f"{r['id']:{width}}  {r['round_type']:13} {r['topic']:22} {r['difficulty']:6} {r['title']}")
    from bot.cli.common import command_name

    print(f"{len(rows)} question(s). Practise one with: {command_name()} practice --question ID")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    stats = bank_stats(_load_for_reading(args.path))
    if args.json:
        print(json.dumps(stats, indent=2))
    else:
        print("\n".join(stats_lines(stats)))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    bank = _load_for_reading(args.path)
    try:
        question = bank.get(args.id)
    except UnknownQuestion as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if sys.stdout.isatty():
        _show_rich(question)
    else:
        lines = [*member_view(question)]
        for title, body in reviewer_view(question):
            lines += ["", f"{title}:", *body]
        print("\n".join(lines))
    return 0


def _show_rich(question) -> None:
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.panel import Panel

    console = Console()
    head, meta, _, *rest = member_view(question)
    body = Markdown(question.prompt)
    console.print(Panel(body, title=f"[bold]{head}[/bold]", subtitle=meta))
    extra = rest[1:] if rest and rest[0] == question.prompt.rstrip() else rest
    if extra:
        console.print("\n".join(extra), markup=False, highlight=False)
    for title, section in reviewer_view(question):
        console.rule(f"[bold]{title}")
        console.print("\n".join(section), markup=False, highlight=False)
