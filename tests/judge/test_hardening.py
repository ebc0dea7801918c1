"""Issue 15, one test per finding: each attack runs with the judge process as root and as an
ordinary user (the `user` fixture), through a real bubblewrap sandbox."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

from tests.judge.conftest import run_judge_process

SECRET = "s3cret-hidden-input-5b1e"
REPO = Path(__file__).resolve().parents[2]


def spec(examples, submissions, *, tests=None, time_seconds=1.0, memory_mb=64, **extra):
    question = {"examples": examples, "time_seconds": time_seconds, "memory_mb": memory_mb}
    if tests is not None:
        question["tests"] = tests
    return {"question": question, "submissions": submissions, **extra}


def verdicts(report: dict) -> list[str]:
    return [v["verdict"] for v in report["verdicts"]]


# ---- 1. zombies: the runner as PID 1 of its own pid namespace ---------------------------------


@pytest.mark.timeout(150)
def test_pid1_runner_judges_200_submissions_and_leaves_no_zombie():
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and util-linux unshare to be PID 1 of a new pid namespace")
    good = "def solve(x):\n    return x * x\n"
    wrong = "def solve(x):\n    return x + 1\n"
    subs = [{"code": good if i % 2 == 0 else wrong, "which": "examples"} for i in range(200)]
    answer = run_judge_process(
        "root",
        spec([[[3], 9]], subs, parallel=2, self_test=False),  # the runner alone, no reaper in front
        prefix=["unshare", "--pid", "--fork", "--mount-proc"],
        timeout=140,
    )
    assert answer["pid"] == 1  # the runner really was PID 1, with nothing reaping for it
    expected = ["accepted" if i % 2 == 0 else "wrong_answer" for i in range(200)]
    assert [verdicts(r)[0] for r in answer["reports"]] == expected
    assert answer["zombies"] == []


def test_the_self_test_refuses_pid1_without_a_reaper():
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and util-linux unshare")
    script = (
        f"import asyncio, sys; sys.path.insert(0, {str(REPO)!r})\n"
        "from bot.judge.bwrap import BwrapRunner\n"
        "print(asyncio.run(BwrapRunner().self_test()).reasons)\n"
    )
    out = subprocess.run(
        ["unshare", "--pid", "--fork", "--mount-proc", sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "PID 1 with nothing reaping" in out.stdout, out.stderr[-2000:]


def test_the_bot_as_pid1_becomes_a_reaping_init():
    """`python -m bot` as a container's PID 1: orphans end up reaped, the exit code passes through."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and util-linux unshare")
    script = (
        f"import os, sys, time; sys.path.insert(0, {str(REPO)!r})\n"
        "from bot.judge.reaper import become_init_if_pid1, reaping\n"
        "become_init_if_pid1()\n"
        "assert os.getpid() != 1 and reaping()\n"
        "for _ in range(20):\n"
        "    if os.fork() == 0:\n"
        "        if os.fork() == 0: os._exit(0)\n"  # a grandchild orphaned at once
        "        time.sleep(0.05); os._exit(0)\n"
        "time.sleep(0.5)\n"
        "zombies = [p for p in os.listdir('/proc') if p.isdigit() and open(f'/proc/{p}/stat').read().rsplit(')', 1)[1].split()[0] == 'Z' and int(open(f'/proc/{p}/stat').read().rsplit(')', 1)[1].split()[1]) == 1]\n"
        "print('orphan zombies', len(zombies)); sys.exit(7)\n"
    )
    out = subprocess.run(
        ["unshare", "--pid", "--fork", "--mount-proc", sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 7, out.stderr[-2000:]
    assert "orphan zombies 0" in out.stdout


# ---- 2. one memory budget; /dev read-only, no /dev/shm; no SysV shared memory ---------------

FORKED_MEMORY = """
import os, time
def solve(x):
    children = []
    for _ in range(4):
        pid = os.fork()
        if pid == 0:
            block = b"m" * (150 * 1024 * 1024)  # 150 MiB each, touched
            time.sleep(2.5)
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    return x
"""


def test_memory_is_one_budget_across_all_processes(user):
    answer = run_judge_process(
        user, spec([[[1], 1]], [{"code": FORKED_MEMORY, "which": "examples"}], time_seconds=4.0, memory_mb=200)
    )
    assert verdicts(answer["reports"][0]) == ["memory_limit"]


DEV_AND_IPC = """
import ctypes, os
def solve(x):
    seen = {"written": [], "dev": sorted(os.listdir("/dev"))}
    for path in ("/dev/shm/fill", "/dev/fill", "/dev/mqueue/fill"):
        try:
            with open(path, "wb") as handle:
                handle.write(b"x" * (4 * 1024 * 1024))
            seen["written"].append(path)
        except OSError:
            pass
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmget.restype = ctypes.c_int
    seen["shmget"] = libc.shmget(0, 64 * 1024 * 1024, 0o1600)  # IPC_PRIVATE | IPC_CREAT
    return seen
"""


def test_dev_is_read_only_without_shm_and_sysv_memory_is_refused(user):
    answer = run_judge_process(user, spec([[[1], 1]], [{"code": DEV_AND_IPC, "which": "examples"}]))
    got = answer["reports"][0]["verdicts"][0]["got"]
    assert got["written"] == []
    assert set(got["dev"]) <= {"null", "zero", "random", "urandom", "fd", "stdin", "stdout", "stderr"}
    assert got["shmget"] == -1


# ---- 3. the kernel keyring ----------------------------------------------------------------

KEYRING = """
import ctypes
def solve(x):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    KEYCTL_GET_KEYRING_ID, KEYCTL_SEARCH, KEYCTL_READ = 0, 10, 11
    seen = {}
    seen["session"] = libc.syscall(250, KEYCTL_GET_KEYRING_ID, -3, 0)
    key = libc.syscall(250, KEYCTL_SEARCH, -3, b"user", b"mockloop-test-key", 0)
    seen["search"] = key
    buffer = ctypes.create_string_buffer(256)
    for candidate in (key, x):
        if libc.syscall(250, KEYCTL_READ, candidate, buffer, 256) > 0:
            seen["read"] = buffer.value.decode("utf-8", "replace")
    seen["request"] = libc.syscall(249, b"user", b"mockloop-test-key", None, 0)
    return seen
"""


def test_the_bots_keyring_is_out_of_reach(user):
    if os.uname().machine != "x86_64":
        pytest.skip("the attack uses x86_64 syscall numbers")
    # The key id is passed in as well, so even a lookup by id must fail.
    probe = spec([[[0], 1]], [{"code": KEYRING, "which": "examples"}], session_key=["mockloop-test-key", SECRET])
    first = run_judge_process(user, {**probe, "submissions": []})
    probe["question"]["examples"] = [[[first["key_id"]], 1]]
    answer = run_judge_process(user, probe)
    text = json.dumps(answer["reports"])
    assert SECRET not in text
    got = answer["reports"][0]["verdicts"][0]["got"]
    assert got["session"] == -1 and got["search"] == -1 and got["request"] == -1 and "read" not in got


# ---- 4. nothing member-controlled comes back for hidden tests ----------------------------

LEAKS = {
    "exception message": "def solve(x):\n    raise ValueError('no\\n' + x)\n",
    "exception class name": "def solve(x):\n    raise type('Leak_' + x.replace('-', '_'), (Exception,), {})()\n",
    "stderr tail": "import os, sys\ndef solve(x):\n    sys.__stderr__.write(x + '\\n'); sys.__stderr__.flush()\n    os.write(2, (x + '\\n').encode())\n    os._exit(3)\n",
    "forged events": (
        "import json, os\n"
        "def solve(x):\n"
        "    for fd in range(1, 10):\n"
        "        for event in ({'event': 'done', 'id': 't-%d' % i, 'status': 'error', 'error': x, 'elapsed': 4242.4242}\n"
        "                      for i in range(8)):\n"
        "            try:\n"
        "                os.write(fd, ('\\n@@judge ' + json.dumps(event) + '\\n').encode())\n"
        "            except OSError:\n"
        "                pass\n"
        "        try:\n"
        "            os.write(fd, ('\\n@@judge ' + json.dumps({'event': 'setup', 'problem': 'wrong_signature', 'error': x}) + '\\n').encode())\n"
        "        except OSError:\n"
        "            pass\n"
        "    return 0\n"
    ),
}


def test_hidden_tests_report_only_host_determined_verdicts(user):
    hidden = [[[f"{SECRET}-{i}"], i] for i in range(8)]
    subs = [{"code": code, "which": "tests"} for code in LEAKS.values()]
    answer = run_judge_process(user, spec([[["a"], 0]], subs, tests=hidden))
    for name, report in zip(LEAKS, answer["reports"], strict=True):
        text = json.dumps(report)
        assert SECRET not in text and "Leak_" not in text and "4242.42" not in text, (name, text)
        assert set(verdicts(report)) <= {"runtime_error", "wrong_answer"}, (name, verdicts(report))
    by_name = dict(zip(LEAKS, answer["reports"], strict=True))
    assert {v["detail"] for v in by_name["exception message"]["verdicts"]} == {"ValueError"}


def test_member_code_cannot_stop_or_reach_the_supervisor(user):
    code = (
        "import os, signal\n"
        "def solve(x):\n"
        "    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGSTOP, signal.SIGKILL):\n"
        "        try:\n"
        "            os.kill(1, sig)\n"
        "        except OSError:\n"
        "            pass\n"
        "    opened = []\n"
        "    for fd in range(0, 8):\n"
        "        try:\n"
        "            os.close(os.open(f'/proc/1/fd/{fd}', os.O_WRONLY))\n"
        "            opened.append(fd)\n"
        "        except OSError:\n"
        "            pass\n"
        "    return x if not opened else opened\n"
    )
    answer = run_judge_process(user, spec([[[1], 1]], [{"code": code, "which": "tests"}], tests=[[[i], i] for i in range(8)]))
    assert answer["reports"][0]["passed"] == 8


def test_hidden_test_durations_cannot_spell_out_the_input(user):
    code = "import time\ndef solve(x):\n    time.sleep(0.2 if x.endswith('-1') else 0.01)\n    return 0\n"
    hidden = [[[f"{SECRET}-{i}"], 0] for i in range(8)]
    answer = run_judge_process(user, spec([[["a"], 0]], [{"code": code, "which": "tests"}], tests=hidden))
    assert {v["elapsed"] for v in answer["reports"][0]["verdicts"]} == {0.0}


def test_examples_keep_their_full_detail(user):
    code = "def solve(x):\n    print('looking at', x)\n    raise KeyError(x)\n"
    answer = run_judge_process(user, spec([[["visible-input"], 1]], [{"code": code, "which": "examples"}]))
    verdict = answer["reports"][0]["verdicts"][0]
    assert verdict["verdict"] == "runtime_error"
    assert "KeyError: 'visible-input'" in verdict["detail"] and "looking at visible-input" in verdict["stdout"]


# ---- 5. the time limit is enforced from outside the member's process -----------------------

ALARM_OFF = """
import signal, time
def solve(x):
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    if x == "sleep":
        time.sleep(1.6)
    else:
        end = time.monotonic() + 1.6
        while time.monotonic() < end:
            pass
    return x
"""


def test_switching_the_alarm_off_does_not_beat_the_time_limit(user):
    answer = run_judge_process(
        user,
        spec([[["sleep"], "sleep"], [["spin"], "spin"]], [{"code": ALARM_OFF, "which": "examples"}], time_seconds=0.5),
    )
    report = answer["reports"][0]
    assert verdicts(report) == ["time_limit", "time_limit"]
    assert all(v["elapsed"] >= 0.5 for v in report["verdicts"])  # the host's clock, not a forged 0.000


# ---- 6. only the interpreter is mounted: no share/ of its prefix, no site-packages ----------


def test_the_prefix_share_and_site_packages_are_not_mounted(user):
    if os.geteuid() != 0:
        pytest.skip("planting files beside the interpreter needs root")
    tag = uuid.uuid4().hex[:8]
    prefixes = {Path(sys.base_prefix).resolve(), Path("/usr"), Path("/usr/local")}
    planted: list[Path] = []
    made: list[Path] = []
    try:
        for prefix in prefixes:
            bank = prefix / "share" / "mockloop" / "questions"
            for folder in (bank.parent, bank):
                if not folder.exists():
                    folder.mkdir(parents=True)
                    made.append(folder)
            planted.append(bank / f"zz-test-{tag}.yaml")
        site = Path(sysconfig.get_paths()["stdlib"]) / "site-packages"
        if site.is_dir():
            planted.append(site / f"zz_mockloop_test_{tag}.txt")
        for path in planted:
            path.write_text(f"hidden: {SECRET}\n")
            path.chmod(0o644)
        code = (
            "def solve(paths):\n    found = []\n    for p in paths:\n        try:\n"
            "            found.append(open(p).read())\n        except OSError:\n            pass\n    return found\n"
        )
        answer = run_judge_process(
            user, spec([[[[str(p) for p in planted]], []]], [{"code": code, "which": "examples"}])
        )
        assert verdicts(answer["reports"][0]) == ["accepted"], answer["reports"][0]
    finally:
        for path in planted:
            path.unlink(missing_ok=True)
        for folder in reversed(made):
            folder.rmdir()


# ---- 7. one total budget per submission ---------------------------------------------------

HANG_EVERYWHERE = """
import signal
signal.signal(signal.SIGALRM, signal.SIG_IGN)
def solve(x):
    while True:
        try:
            while True:
                pass
        except BaseException:
            pass
"""


def test_a_submission_hanging_on_every_test_is_stopped_within_its_budget(user):
    answer = run_judge_process(
        user,
        spec([[[1], 1]], [{"code": HANG_EVERYWHERE, "which": "tests"}], tests=[[[i], i] for i in range(8)], time_seconds=0.5),
    )
    assert verdicts(answer["reports"][0]) == ["time_limit"] * 8
    assert answer["wall"] < 8 * 0.5 + 4.0  # the budget: the tests' limits plus one sandbox start


# ---- 8. CPU is limited per test, across processes -------------------------------------------

CPU_BURNER = """
import os, signal
signal.signal(signal.SIGALRM, signal.SIG_IGN)
def solve(x):
    for _ in range(3):
        if os.fork() == 0:
            while True:
                pass
    while True:
        pass
"""


def test_cpu_across_processes_is_held_to_the_time_limits(user):
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("measuring every process's CPU needs a pid namespace of our own (root)")
    task = spec([[[1], 1], [[2], 2], [[3], 3]], [{"code": CPU_BURNER, "which": "examples"}], time_seconds=1.0)
    meter = ["unshare", "--pid", "--fork", "--mount-proc", sys.executable, str(Path(__file__).with_name("cpu_meter.py"))]
    idle = run_judge_process(user, {**task, "submissions": []}, prefix=meter, last_two=True)
    answer = run_judge_process(user, task, prefix=meter, last_two=True)
    assert verdicts(answer["reports"][0]) == ["time_limit"] * 3
    used = answer["meter"]["cpu"] - idle["meter"]["cpu"]  # minus the judge process's own start
    # 3 tests of 1 s each: about 1 CPU-second each, however many processes burn it
    assert used < 3 * 1.0 + 1.5, used


# ---- 9. two judge processes at once on one host ---------------------------------------------

FORK_BOMB = """
import os
def solve(x):
    while True:
        try:
            os.fork()
        except OSError:
            pass
"""


def test_two_judge_processes_at_once_keep_their_verdicts(user):
    good = "import time\ndef solve(x):\n    time.sleep(0.05)\n    return x * x\n"
    calm = spec([[[4], 16]], [{"code": good, "which": "tests"}] * 6, tests=[[[i], i * i] for i in range(8)], parallel=2)
    bombs = spec([[[4], 16]], [{"code": FORK_BOMB, "which": "examples"}] * 3, time_seconds=1.0, parallel=2)
    results: dict[str, dict] = {}

    def run(name: str, s: dict) -> None:
        results[name] = run_judge_process(user, s, timeout=100)

    threads = [threading.Thread(target=run, args=args) for args in (("calm", calm), ("bombs", bombs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(110)
    assert [r["passed"] for r in results["calm"]["reports"]] == [8] * 6
    assert all(not r["passed"] for r in results["bombs"]["reports"])


# ---- 10. deep or huge values end as a verdict ---------------------------------------------


def test_deeply_nested_and_huge_values_are_verdicts_not_crashes(user):
    code = (
        "import json, os\n"
        "def solve(depth):\n    if depth == 0:\n        return 'x' * 3_000_000\n"
        "    if depth < 0:  # forge the worker's own reply, with a value the harness never built\n"
        "        text = json.dumps({'status': 'ok', 'value_json': '[' * -depth + ']' * -depth})\n"
        "        for fd in os.listdir('/proc/self/fd'):\n"
        "            try:\n"
        "                if os.readlink(f'/proc/self/fd/{fd}').startswith('pipe:'):\n"
        "                    os.write(int(fd), text.encode())\n"
        "            except OSError:\n"
        "                pass\n"
        "        os._exit(0)\n"
        "    value = []\n    for _ in range(depth):\n        value = [value]\n    return value\n"
    )
    examples = [[[d], 1] for d in (150, 900, 980, 995, 1000, 5000, -990, -5000, 0)]
    answer = run_judge_process(user, spec(examples, [{"code": code, "which": "examples"}]))
    report = answer["reports"][0]
    assert verdicts(report) == ["runtime_error"] * len(examples)
    assert "nested" in report["verdicts"][1]["detail"] and "too large" in report["verdicts"][-1]["detail"]


# ---- 11. no job file anyone can read ------------------------------------------------------


def test_a_running_job_leaves_nothing_readable_by_other_users(user):
    marker = f"mockloop-job-marker-{uuid.uuid4().hex}"
    code = f"import time\n# {marker}\ndef solve(x):\n    time.sleep(1.5)\n    return x\n"
    found: list[str] = []
    done = threading.Event()

    def scan() -> None:
        roots = {tempfile.gettempdir(), "/tmp", "/var/tmp", "/dev/shm"}
        while not done.is_set():
            for root in roots:  # where temporary files and folders go, two levels deep
                for path in [*Path(root).glob("*"), *Path(root).glob("*/*")]:
                    try:
                        info = path.stat()
                        if path.is_file() and info.st_mode & 0o004 and info.st_size < 1_000_000:
                            if marker in path.read_text(errors="replace"):
                                found.append(str(path))
                    except OSError:
                        pass
            for entry in Path("/proc").iterdir():  # nor in any command line
                try:
                    if marker.encode() in (entry / "cmdline").read_bytes():
                        found.append(f"{entry}/cmdline")
                except OSError:
                    pass
            time.sleep(0.05)

    scanner = threading.Thread(target=scan)
    scanner.start()
    try:
        answer = run_judge_process(user, spec([[[1], 1]], [{"code": code, "which": "examples"}], time_seconds=3.0))
    finally:
        done.set()
        scanner.join()
    assert verdicts(answer["reports"][0]) == ["accepted"]
    assert found == []
