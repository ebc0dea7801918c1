"""The seccomp filter every sandbox runs under (handed to bwrap's `--seccomp FD`).

Built once with libseccomp (through `pyseccomp`, a ctypes binding with libseccomp's own Python
API, so it works in any venv; Debian's python3-seccomp exists only for the system python).
Default allow, and EPERM for the calls a judged function never needs but an attacker wants:
the kernel keyring, tracing other processes or reading their memory, io_uring, BPF, perf,
mounting and namespaces, SysV IPC and memfd (memory outside the address-space limit), module
and kexec loading. Other architectures' entry points (i386 on x86_64, x32) are killed by
libseccomp's bad-arch default.
"""

from __future__ import annotations

import errno
import functools
import tempfile

DENIED_SYSCALLS = (
    # kernel keyrings: the bot's session keyring must be unreadable
    "keyctl",
    "add_key",
    "request_key",
    # other processes: tracing, memory, file descriptors
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "process_madvise",
    "pidfd_getfd",
    "kcmp",
    # big kernel attack surfaces
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "bpf",
    "perf_event_open",
    "userfaultfd",
    "fanotify_init",
    "open_by_handle_at",
    "name_to_handle_at",
    "lookup_dcookie",
    "uselib",
    "syslog",
    # mounts and namespaces
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "unshare",
    "setns",
    "open_tree",
    "move_mount",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    # memory the address-space rlimit does not see, and NUMA games
    "shmget",
    "shmat",
    "shmdt",
    "shmctl",
    "msgget",
    "msgsnd",
    "msgrcv",
    "msgctl",
    "semget",
    "semop",
    "semtimedop",
    "semctl",
    "memfd_create",
    "memfd_secret",
    "mbind",
    "migrate_pages",
    "move_pages",
    "set_mempolicy",
    # the machine itself
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "reboot",
    "swapon",
    "swapoff",
    "acct",
    "quotactl",
    "quotactl_fd",
    "settimeofday",
    "clock_settime",
    "clock_adjtime",
    "adjtimex",
    "personality",
)


class SeccompUnavailable(Exception):
    """libseccomp (or its binding) is missing; `str()` says what to install."""


@functools.cache
def filter_program() -> bytes:
    """The compiled classic-BPF program, as `seccomp_export_bpf` writes it."""
    try:
        import pyseccomp
    except (ImportError, OSError) as exc:  # the binding, or libseccomp.so.2 behind it
        raise SeccompUnavailable(
            f"the seccomp filter cannot be built ({exc}); install libseccomp2 and the pyseccomp package"
        ) from exc
    rules = pyseccomp.SyscallFilter(pyseccomp.ALLOW)
    for name in DENIED_SYSCALLS:
        try:
            rules.add_rule(pyseccomp.ERRNO(errno.EPERM), name)
        except (ValueError, OSError, RuntimeError):
            continue  # a call this kernel/arch does not have cannot be made either
    with tempfile.TemporaryFile() as handle:
        rules.export_bpf(handle)
        handle.seek(0)
        return handle.read()


def syscall_number(name: str) -> int | None:
    """The native number of a syscall (for the keyring reset), or None if unknown here."""
    try:
        import pyseccomp

        number = int(pyseccomp.resolve_syscall(pyseccomp.Arch.NATIVE, name))
    except Exception:
        return None
    return number if number >= 0 else None
