"""Processes that cannot reach the network: a seccomp filter of our own, installed from Python.

The engine process runs whatever SPARQL it is handed, and pyoxigraph executes `SERVICE <http://…>`
(a request to any host the machine can reach) and `LOAD <http://…>`. The guard refuses both before a
query runs; this is the second line, for the day the guard misses a spelling: `deny_network` makes every
`socket(AF_INET | AF_INET6 | AF_PACKET, …)` of the calling process fail with EACCES, on all its threads
and those it starts later. Unix sockets and socket pairs (the pipes to the web process) still work, and
sockets opened before the call keep working. `io_uring_setup` fails too (io_uring can open sockets
without the `socket` system call).

The filter is a dozen classic-BPF instructions, loaded with the `seccomp` system call through ctypes
(no library needed). It checks the architecture first: a system call made through another ABI (x32, or
32-bit `int 0x80` on x86-64) is refused as a whole. Linux on x86-64 and aarch64 only; elsewhere
`deny_network` returns False and the guard is the only line.

>>> import sys
>>> sys.platform != "linux" or isinstance(NETWORK_FILTER_ARCHES, dict)
True
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import socket
import struct

# (AUDIT_ARCH_*, __NR_socket, __NR_seccomp) per machine
NETWORK_FILTER_ARCHES = {
    "x86_64": (0xC000003E, 41, 317),
    "aarch64": (0xC00000B7, 198, 277),
}
_NR_IO_URING_SETUP = 425  # the same on both
_X32_SYSCALL_BIT = 0x40000000
_DENIED_FAMILIES = (socket.AF_INET, socket.AF_INET6, getattr(socket, "AF_PACKET", 17))

_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_LD_W_ABS, _JEQ, _JGE, _RET = 0x20, 0x15, 0x35, 0x06
_OFFSET_NR, _OFFSET_ARCH, _OFFSET_ARG0 = 0, 4, 16  # struct seccomp_data (args[0]'s low word: little-endian)


def _program(arch: int, nr_socket: int) -> list[tuple[int, int, int, int]]:
    """The filter as (code, jt, jf, k) instructions; jumps are relative to the next instruction."""
    deny = _RET_ERRNO | errno.EACCES
    families = list(_DENIED_FAMILIES)
    body = [
        (_LD_W_ABS, 0, 0, _OFFSET_ARCH),
        (_JEQ, 1, 0, arch),                                  # the native ABI: go on
        (_RET, 0, 0, deny),                                  # any other ABI: refused
        (_LD_W_ABS, 0, 0, _OFFSET_NR),
        (_JGE, 0, 1, _X32_SYSCALL_BIT),                      # x32 system calls: refused
        (_RET, 0, 0, deny),
        (_JEQ, 0, 1, _NR_IO_URING_SETUP),
        (_RET, 0, 0, _RET_ERRNO | errno.ENOSYS),
        (_JEQ, 1, 0, nr_socket),
        (_RET, 0, 0, _RET_ALLOW),                            # not socket(): allowed
        (_LD_W_ABS, 0, 0, _OFFSET_ARG0),                     # socket(family, …)
    ]
    for index, family in enumerate(families):
        body.append((_JEQ, len(families) - index, 0, family))  # a denied family: to the refusal below
    body += [(_RET, 0, 0, _RET_ALLOW), (_RET, 0, 0, deny)]
    return body


def deny_network() -> bool:
    """Make this process (every thread, and its children) unable to open internet sockets. True when the
    filter is in place; False on a platform without it. OSError if the kernel refuses the filter."""
    arches = NETWORK_FILTER_ARCHES.get(platform.machine())
    if os.name != "posix" or not os.uname().sysname == "Linux" or arches is None:
        return False
    arch, nr_socket, nr_seccomp = arches
    program = _program(arch, nr_socket)
    code = b"".join(struct.pack("=HBBI", *instruction) for instruction in program)
    buffer = ctypes.create_string_buffer(code, len(code))

    class _Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = _Prog(len(program), ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    libc.syscall.restype = ctypes.c_long
    if libc.syscall(ctypes.c_long(nr_seccomp), ctypes.c_long(_SECCOMP_SET_MODE_FILTER),
                    ctypes.c_long(_SECCOMP_FILTER_FLAG_TSYNC), ctypes.byref(prog)) != 0:
        raise OSError(ctypes.get_errno(), "seccomp(SECCOMP_SET_MODE_FILTER) failed")
    return True


__all__ = ["deny_network", "NETWORK_FILTER_ARCHES"]
