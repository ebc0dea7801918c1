"""Load question-bank YAML files into a `QuestionBank`, collecting every error with its line.

Each file is checked as a whole (header, then every question) so an author sees all their
mistakes at once; ids must be unique across files; code questions' reference solutions are run
against their own tests unless `run_solutions=False`.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import marshal
import multiprocessing
import os
import pickle
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.bank.cache import BankCache
from bot.bank.errors import BankError, format_path
from bot.bank.generators import GENERATORS, params_problem
from bot.bank.messages import plain_message, strip_union_tags
from bot.bank.solution_runner import die_with_parent
from bot.bank.solutions import check_batches
from bot.bank.yaml_source import (
    PlainValues,
    YamlDocument,
    YamlSyntaxError,
    document_from_values,
    parse_yaml,
    plain_values,
)
from bot.core.bank import QuestionBank
from bot.core.questions import BankFile, CodeAnswer, FileDefaults, Question

log = logging.getLogger(__name__)

YAML_SUFFIXES = (".yaml", ".yml")
_Item = tuple[str, str, str]  # a file to parse: (text, file name, cache key)
_INHERITED = ("round_type", "topic")


@dataclass
class LoadResult:
    bank: QuestionBank
    errors: list[BankError] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.ok:
            return f"{len(self.bank)} questions in {len(self.files)} files: OK"
        bad_files = len({e.file for e in self.errors})
        errors = "error" if len(self.errors) == 1 else "errors"
        files = "file" if bad_files == 1 else "files"
        return f"{len(self.errors)} {errors} in {bad_files} {files}"


@dataclass
class _ParsedFile:
    name: str
    questions: list[Question] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # question id -> line of its list item
    errors: list[BankError] = field(default_factory=list)
    doc: YamlDocument | None = None
    file_level_error: bool = False  # header or structure broken: no question of the file is used
    index: dict[str, int] = field(default_factory=dict)  # question id -> position in `questions:`
    repeats: list[tuple[str, int]] = field(default_factory=list)  # (id, line) of a repeat in this file


def default_questions_dir() -> Path:
    """MOCKLOOP_QUESTIONS when set (the bank the bot uses), else the bundled bank: the repo's
    questions/ in a checkout, or the copy a wheel installs under <prefix>/share/mockloop."""
    configured = os.environ.get("MOCKLOOP_QUESTIONS", "").strip()
    if configured:
        return Path(configured)
    from bot.settings import bundled_questions

    return bundled_questions()


def load_default_bank(run_solutions: bool = False) -> LoadResult:
    """The bundled questions. Solutions are not run by default: the bot only needs the content."""
    return load_bank([default_questions_dir()], run_solutions=run_solutions)


def find_bank_files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found


def load_bank(
    paths: Sequence[Path],
    run_solutions: bool = True,
    cache_dir: Path | None = None,
    workers: int | None = None,
    keep_for_life: bool = False,
) -> LoadResult:
    """Load every bank file under `paths`. With `cache_dir`, unchanged files come from the cache.
    A big bank is parsed by `workers` processes (default: one per core), see `_parse_files`.
    `keep_for_life`: the bank lives as long as the process (the bot's), see `_gc_paused`."""
    files = find_bank_files(paths)
    cache = BankCache(cache_dir) if cache_dir is not None else None
    with _gc_paused(freeze=keep_for_life):
        slots: list[_ParsedFile | None] = []
        todo: list[tuple[int, _Item]] = []  # (slot, the file to parse)
        keys: set[str] = set()
        for path in files:
            text = _read(path)
            if isinstance(text, _ParsedFile):
                slots.append(text)
                continue
            key = cache.key(str(path), text, run_solutions) if cache else ""
            keys.add(key)
            hit = cache.get(key) if cache else None
            if hit is None:
                todo.append((len(slots), (text, str(path), key)))
            slots.append(hit)
        fresh = _parse_files([item for _, item in todo], run_solutions, workers, cache)
        for (slot, _), result in zip(todo, fresh, strict=True):
            slots[slot] = result
        if cache is not None:
            cache.prune(keys)
        parsed = [p for p in slots if p is not None]
        questions, duplicate_errors = _merge(parsed)
    order = {str(f): i for i, f in enumerate(files)}
    errors = [e for p in parsed for e in p.errors] + duplicate_errors
    errors.sort(key=lambda e: (order.get(e.file, len(order)), e.line))
    return LoadResult(QuestionBank(questions), errors, files)


@contextmanager
def _gc_paused(freeze: bool) -> Iterator[None]:
    """Loading allocates millions of small objects that all stay alive; without this, Python's
    cyclic GC rescans them again and again and 10k questions take several times longer. Even
    so, the first collection after it scans them all once (~0.15 s for 10k questions); with
    `freeze` they are moved out of the collector's reach instead (gc.freeze), for good."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


def _read(path: Path) -> str | _ParsedFile:
    """The file's text, or a parsed file holding only the error that it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _ParsedFile(str(path), errors=[BankError(str(path), 1, None, "-", f"cannot read file: {exc}")])


def parse_bank_text(
    text: str, filename: str, run_solutions: bool = True
) -> tuple[list[Question], list[BankError]]:
    """Validate one file's text (e.g. a guild upload). Returns the valid questions and all errors."""
    parsed = _parse_file(text, filename)
    if run_solutions:
        _add_solution_errors([parsed])
    questions, duplicate_errors = _merge([parsed])
    return questions, parsed.errors + duplicate_errors


# ---- many files, on several cores ---------------------------------------------------------

PARALLEL_MIN_BYTES = 2_000_000  # below this (the bundled bank is ~0.3 MB) one process is quicker


def _parse_files(
    items: list[_Item], run_solutions: bool, workers: int | None, cache: BankCache | None
) -> list[_ParsedFile]:
    """Parse and check files (writing each to the cache). Parsing is CPU-bound Python, so a big
    bank is split by size over forked processes (this one takes the first share); each returns
    its files fully checked, reference solutions included, as the pickles it cached. Without
    fork, or if a worker dies, this process does the rest. A worker dies with this process
    (`die_with_parent`): a bot killed while loading leaves no worker behind. Without solutions
    and cache, the workers only read YAML instead (`_parse_sharing_the_reading`): cheaper to send."""
    count = _worker_count(items, workers)
    if count <= 1:
        return _parse_chunk(items, run_solutions, cache)
    if not run_solutions and cache is None:
        return _parse_sharing_the_reading(items, count)
    shares = _balanced_shares([len(text) for text, _, _ in items], count)
    results: list[_ParsedFile | None] = [None] * len(items)
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(
            max_workers=count - 1, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
        ) as pool:
            futures = [
                pool.submit(_parse_chunk_in_worker, [items[i] for i in share], run_solutions, cache)
                for share in shares[1:]
            ]
            mine = _parse_chunk([items[i] for i in shares[0]], run_solutions, cache)
            for i, result in zip(shares[0], mine, strict=True):
                results[i] = result
            for share, future in zip(shares[1:], futures, strict=True):
                for i, blob in zip(share, future.result(), strict=True):
                    results[i] = pickle.loads(blob)  # our own child's output
    except Exception as exc:  # a dead worker, no processes left...: this process redoes the rest
        log.warning("parallel bank loading failed (%s); loading in one process", exc)
        missing = [i for i, r in enumerate(results) if r is None]
        redone = _parse_chunk([items[i] for i in missing], run_solutions, cache)
        for i, result in zip(missing, redone, strict=True):
            results[i] = result
    return [r for r in results if r is not None]


def _parse_sharing_the_reading(items: list[_Item], count: int) -> list[_ParsedFile]:
    """Parse and check files when nothing else is asked (no solutions, no cache).

    The workers only read YAML into plain values (`plain_values`) and send them back marshalled,
    which is C all the way (pickling checked pydantic models costs a Python call per model on both
    sides). This process checks every file; between two of them it reads a file itself, the
    smallest first from the end of the queue the workers take the largest from (a shared pair of
    counters), so all processes finish together however busy the host is. Each worker writes to
    its own pipe, drained here between files: no thread on this side that would wait for the GIL
    while a worker waits for it to empty the pipe. A worker that dies only costs time: this
    process reads the files it did not deliver."""
    order = sorted(range(len(items)), key=lambda i: -len(items[i][0]))
    texts = [items[i][0] for i in order]
    results: list[_ParsedFile | None] = [None] * len(items)
    context = multiprocessing.get_context("fork")
    queue = context.RawArray("i", [0, len(order)])  # [next for the workers, one past the next for us]
    lock = context.Lock()
    readers: list[tuple[Any, Any]] = []  # (process, receiving end of its pipe)
    failed: list[str] = []

    def check(blob: bytes) -> None:
        position = int.from_bytes(blob[:4], "little")
        text, name, _ = items[order[position]]
        if blob[4:5] == b"m":
            doc = document_from_values(text, *marshal.loads(blob[5:]))
        elif blob[4:5] == b"p":
            doc = document_from_values(text, *pickle.loads(blob[5:]))  # our own child's output
        else:  # the fast way gave up: the reference way here (it also gives the errors)
            results[order[position]] = _parse_file(text, name)
            return
        results[order[position]] = _check_document(doc, name)

    def drain(block: bool) -> None:
        for process, conn in list(readers):
            while block or conn.poll():
                try:
                    blob = conn.recv_bytes()
                except (EOFError, OSError):
                    blob = b""
                if not blob:  # done (an empty message) or dead (end of file)
                    readers.remove((process, conn))
                    conn.close()
                    process.join()
                    if process.exitcode:
                        failed.append(f"a worker exited with code {process.exitcode}")
                    break
                check(blob)

    try:
        for _ in range(count - 1):
            receive, send = context.Pipe(duplex=False)
            _widen_pipe(send)
            process = context.Process(
                target=_reader_main, args=(os.getpid(), texts, queue, lock, send), daemon=True
            )
            process.start()
            send.close()
            readers.append((process, receive))
        while True:
            drain(block=False)
            with lock:
                if queue[0] >= queue[1]:
                    break
                queue[1] -= 1
                position = queue[1]
            text, name, _ = items[order[position]]
            results[order[position]] = _parse_file(text, name)
        drain(block=True)
    except Exception as exc:  # cannot fork...: this process does the rest
        failed.append(str(exc))
    finally:
        for process, conn in readers:  # only after an error: stop what is left
            conn.close()
            process.terminate()
            process.join()
    if failed:
        log.warning("parallel bank loading failed (%s); loading in one process", failed[0])
    for i, result in enumerate(results):
        if result is None:
            results[i] = _parse_file(items[i][0], items[i][1])
    for result in results:
        if result is not None:
            result.doc = None  # as `_parse_chunk` leaves it
    return [r for r in results if r is not None]


PIPE_BYTES = 1 << 20  # a worker can run this far ahead of the parent draining its pipe


def _widen_pipe(conn: Any) -> None:
    with contextlib.suppress(ImportError, OSError, AttributeError):  # Linux only; capped for non-root
        import fcntl

        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _reader_main(parent: int, texts: list[str], queue: Any, lock: Any, send: Any) -> None:
    """A reading worker (forked, so `texts` are inherited, not sent): takes files from the front
    of the shared queue until it meets the parent's end, sends each as
    position (4 bytes) + b"m" marshal / b"p" pickle of the plain values / b"-" (parse it yourself),
    then an empty message."""
    die_with_parent(parent)
    keep = []  # values already sent: freeing them would only cost time, the process ends now
    while True:
        with lock:
            if queue[0] >= queue[1]:
                break
            position = queue[0]
            queue[0] += 1
        values = _read_in_worker(texts[position])
        keep.append(values)
        head = position.to_bytes(4, "little")
        if values is None:
            send.send_bytes(head + b"-")
            continue
        try:
            send.send_bytes(head + b"m" + marshal.dumps(values))
        except ValueError:  # a date: not marshallable
            send.send_bytes(head + b"p" + pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL))
    send.send_bytes(b"")
    send.close()
    os._exit(0)  # nothing to clean up; skips freeing what `keep` holds


def _read_in_worker(text: str) -> PlainValues | None:
    return plain_values(text)


def _worker_count(items: list[_Item], workers: int | None) -> int:
    if len(items) < 2 or not sys.platform.startswith("linux"):  # fork is only safe to rely on there
        return 1
    if workers is None:
        if sum(len(text) for text, _, _ in items) < PARALLEL_MIN_BYTES:
            return 1
        workers = os.cpu_count() or 1
    return max(1, min(workers, len(items)))


OWN_SHARE_WEIGHT = 1.15  # a worker also pickles what it parsed: this process takes a bit more


def _balanced_shares(sizes: list[int], count: int) -> list[list[int]]:
    """Indices split into `count` shares by size (largest first, each to the least loaded); the
    first share, parsed by this process, is weighted by OWN_SHARE_WEIGHT."""
    shares: list[list[int]] = [[] for _ in range(count)]
    loads = [0.0] * count
    capacity = [OWN_SHARE_WEIGHT, *([1.0] * (count - 1))]
    for i in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        lightest = min(range(count), key=lambda k: (loads[k] + sizes[i]) / capacity[k])
        shares[lightest].append(i)
        loads[lightest] += sizes[i]
    return [sorted(share) for share in shares]


def _parse_chunk(items: list[_Item], run_solutions: bool, cache: BankCache | None) -> list[_ParsedFile]:
    parsed = [_parse_file(text, name) for text, name, _ in items]
    if run_solutions:
        _add_solution_errors(parsed)
    for result, (_, _, key) in zip(parsed, items, strict=True):
        result.doc = None  # only needed to place solution failures, done by now
        if cache is not None:
            cache.put(key, result)
    return parsed


def _parse_chunk_in_worker(items: list[_Item], run_solutions: bool, cache: BankCache | None) -> list[bytes]:
    """`_parse_chunk` in a worker: each result pickled once, for the cache and for the parent."""
    parsed = _parse_chunk(items, run_solutions, cache=None)
    if cache is None:
        return [pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL) for p in parsed]
    return [cache.put(key, p) for p, (_, _, key) in zip(parsed, items, strict=True)]


# ---- one file -----------------------------------------------------------------------------


def _parse_file(text: str, name: str) -> _ParsedFile:
    try:
        doc = parse_yaml(text)
    except YamlSyntaxError as exc:
        return _ParsedFile(name, errors=[BankError(name, exc.line, None, "-", exc.message)])
    return _check_document(doc, name)


def _check_document(doc: YamlDocument, name: str) -> _ParsedFile:
    out = _ParsedFile(name, doc=doc)
    for dup in doc.duplicates:
        qid = _question_id_at(doc, dup.path)
        out.file_level_error |= dup.path[:1] != ("questions",) or len(dup.path) < 3
        out.errors.append(
            BankError(
                name,
                dup.line,
                qid,
                _field(dup.path),
                f"duplicate key '{dup.path[-1]}' (first set on line {dup.first_line}); YAML would silently keep only one",
            )
        )
    data = doc.data
    if not isinstance(data, dict):
        what = "empty" if data is None else "not a mapping"
        out.errors.append(
            BankError(
                name,
                1,
                None,
                "-",
                f"the file is {what}; expected schema_version, round_type, topic and questions",
            )
        )
        return out
    header = _validate_header(data, doc, out)
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list):
        return out
    for index, raw in enumerate(raw_questions):
        _validate_question(index, raw, header, doc, out)
    _drop_questions_with_errors(out)
    if not any(isinstance(q.answer, CodeAnswer) for q in out.questions):
        out.doc = None  # line numbers are only needed later to place reference-solution failures
    return out


def _drop_questions_with_errors(out: _ParsedFile) -> None:
    """A file-level error rejects the whole file; otherwise only the questions that have errors."""
    if out.file_level_error:
        out.questions = []
    else:
        bad = {e.question_id for e in out.errors}
        out.questions = [q for q in out.questions if q.id not in bad]


def _validate_header(data: dict[str, Any], doc: YamlDocument, out: _ParsedFile) -> dict[str, Any]:
    """Validate file-level keys; returns the values questions may inherit (only the valid ones)."""
    questions = data.get("questions")
    if isinstance(questions, list):  # each is validated as a Question below: only the list counts here
        data = {**data, "questions": [{}] * len(questions)}
    try:
        file_model = BankFile.model_validate(data)
    except ValidationError as exc:
        bad_roots = set()
        for error in exc.errors():
            loc = tuple(error["loc"])
            if loc[:1] == ("questions",) and len(loc) > 1:
                continue  # each question is validated on its own below
            bad_roots.add(loc[0] if loc else None)
            out.errors.append(_to_bank_error(error, loc, BankFile, doc, out.name, qid=None, base=()))
            out.file_level_error = True
        inherited: dict[str, Any] = {k: data[k] for k in _INHERITED if k in data and k not in bad_roots}
        defaults = data.get("defaults")
        if isinstance(defaults, dict) and "defaults" not in bad_roots:
            inherited["defaults"] = FileDefaults.model_validate(defaults)
        inherited["broken"] = {k for k in _INHERITED if k in bad_roots or k not in data}
        return inherited
    return {
        "round_type": data["round_type"],
        "topic": file_model.topic,
        "defaults": file_model.defaults,
        "broken": set(),
    }


def _validate_question(
    index: int, raw: Any, header: dict[str, Any], doc: YamlDocument, out: _ParsedFile
) -> None:
    base = ("questions", index)
    if not isinstance(raw, dict):
        out.errors.append(
            BankError(out.name, doc.line_of(base), None, "-", "each question must be a mapping of fields")
        )
        return
    qid = raw.get("id") if isinstance(raw.get("id"), str) else None
    merged = dict(raw)
    errors_before = len(out.errors)
    for key in _INHERITED:
        if key not in header:
            continue
        if key in raw and raw[key] != header[key]:
            out.errors.append(
                BankError(
                    out.name,
                    doc.line_of((*base, key)),
                    qid,
                    key,
                    f"'{raw[key]}' disagrees with the file's {key} '{header[key]}'; remove it or move the question",
                )
            )
        merged[key] = header[key]
    defaults: FileDefaults | None = header.get("defaults")
    if defaults is not None:
        if "difficulty" not in merged and defaults.difficulty is not None:
            merged["difficulty"] = defaults.difficulty.value
        if defaults.tags and isinstance(merged.get("tags", []), list):
            merged["tags"] = list(dict.fromkeys([*defaults.tags, *merged.get("tags", [])]))
    try:
        question = Question.model_validate(merged)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            if error["type"] == "missing" and loc and loc[0] in header.get("broken", ()):
                continue  # already reported on the file header
            out.errors.append(
                _to_bank_error(error, loc, Question, doc, out.name, qid=qid, base=base, data=raw)
            )
        return
    if isinstance(question.answer, CodeAnswer):
        for i, spec in enumerate(question.answer.generate):
            problem = params_problem(spec.generator, spec.params)
            if problem is not None:
                loc = ("answer", "generate", i, "generator" if spec.generator not in GENERATORS else "params")
                out.errors.append(BankError(out.name, doc.line_of((*base, *loc)), qid, format_path(loc), problem))
    if len(out.errors) > errors_before:
        return
    if question.id in out.lines:  # the same id again in this file: _merge reports it (the first wins)
        out.repeats.append((question.id, doc.line_of(base)))
        return
    out.questions.append(question)
    out.lines[question.id] = doc.line_of(base)
    out.index[question.id] = index


def _to_bank_error(
    error: dict[str, Any],
    loc: tuple[Any, ...],
    model: type,
    doc: YamlDocument,
    name: str,
    qid: str | None,
    base: tuple[Any, ...],
    data: Any = None,
) -> BankError:
    clean = strip_union_tags(loc, data if data is not None else doc.data)
    path = (*base, *clean)
    line = doc.line_of(path)
    source_text = doc.non_string_source(path)
    return BankError(name, line, qid, format_path(clean) or "-", plain_message(error, model, source_text))


def _question_id_at(doc: YamlDocument, path: tuple[Any, ...]) -> str | None:
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        questions = doc.data.get("questions") if isinstance(doc.data, dict) else None
        if isinstance(questions, list) and path[1] < len(questions) and isinstance(questions[path[1]], dict):
            qid = questions[path[1]].get("id")
            return qid if isinstance(qid, str) else None
    return None


def _field(path: tuple[Any, ...]) -> str:
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        path = path[2:]
    return format_path(path) or "-"


# ---- across files -------------------------------------------------------------------------


def _add_solution_errors(parsed: list[_ParsedFile]) -> None:
    results = check_batches([p.questions for p in parsed])
    for file, failures in zip(parsed, results, strict=True):
        if not failures:
            continue
        failed_ids = set()
        for failure in failures:
            failed_ids.add(failure.question_id)
            assert file.doc is not None
            path = ("questions", file.index[failure.question_id], *failure.field)
            file.errors.append(
                BankError(
                    file.name,
                    file.doc.line_of(path),
                    failure.question_id,
                    format_path(failure.field),
                    failure.message,
                )
            )
        file.questions = [q for q in file.questions if q.id not in failed_ids]


def _merge(parsed: list[_ParsedFile]) -> tuple[list[Question], list[BankError]]:
    seen: dict[str, tuple[str, int]] = {}
    questions: list[Question] = []
    errors: list[BankError] = []
    for file in parsed:
        for question in file.questions:
            line = file.lines[question.id]
            if question.id in seen:
                first_file, first_line = seen[question.id]
                errors.append(
                    BankError(
                        file.name,
                        line,
                        question.id,
                        "id",
                        f"duplicate id; already defined at {first_file}:{first_line} (ids must be unique across the bank)",
                    )
                )
                continue
            seen[question.id] = (file.name, line)
            questions.append(question)
        for qid, line in getattr(file, "repeats", ()):  # an older cached file has no repeats
            first_file, first_line = seen.get(qid, (file.name, file.lines.get(qid, line)))
            errors.append(
                BankError(
                    file.name,
                    line,
                    qid,
                    "id",
                    f"duplicate id; already defined at {first_file}:{first_line} (ids must be unique across the bank)",
                )
            )
    return questions, errors
