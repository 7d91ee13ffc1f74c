"""Functions the sandbox tests run *inside* the child instead of a parse (`--target`).

Each takes the bytes sent on stdin and misbehaves the way a hostile file could make a parser
misbehave: loop, allocate, crash, write files, print garbage.
"""

from __future__ import annotations

import os
import signal
import sys
import time


def echo(data: bytes) -> dict:
    return {"ok": True, "size": len(data), "head": data[:16].decode("latin-1")}


def sleep_forever(data: bytes) -> dict:
    while True:
        time.sleep(1)


def spin(data: bytes) -> dict:
    count = 0
    while True:
        count += 1


def allocate(data: bytes) -> dict:
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024 * 1024))


def segfault(data: bytes) -> dict:
    os.kill(os.getpid(), signal.SIGSEGV)
    return {"ok": True}


def exit_with_error(data: bytes) -> dict:
    sys.stdout.flush()
    os._exit(3)


def garbage(data: bytes) -> dict:
    sys.stdout.write("this is not JSON")
    sys.stdout.flush()
    os._exit(0)


def write_file(data: bytes) -> dict:
    """Try to leave a file behind; the child's file-size limit must stop it."""
    # Not tempfile.gettempdir(): it probes by writing, which the limit already forbids.
    path = f"/tmp/mustard-sandbox-{os.getpid()}.txt"
    try:
        with open(path, "wb") as handle:
            handle.write(b"written by the sandboxed child\n" * 10)
        wrote = os.path.getsize(path) > 0
    except OSError:
        wrote = False
    finally:
        if os.path.exists(path):
            os.unlink(path)
    return {"ok": True, "wrote": wrote}


def limits(data: bytes) -> dict:
    import resource

    return {"ok": True, "as": resource.getrlimit(resource.RLIMIT_AS)[0],
            "cpu": resource.getrlimit(resource.RLIMIT_CPU)[0],
            "fsize": resource.getrlimit(resource.RLIMIT_FSIZE)[0]}
