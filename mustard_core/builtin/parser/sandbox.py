"""Running the parse of an untrusted file in a child process with limits.

A crafted PDF can make a parser loop, recurse or allocate without end; in the worker process
that would take every other job down with it. The child (`child.py`) limits its own address
space and CPU seconds before it reads the file; the parent adds a wall-clock timeout and turns
each way the child can end into a readable reason. Bytes go in on stdin, one JSON object comes
back on stdout, so nothing the child sends is ever unpickled or executed here.

`python -m` costs an interpreter start per parse (about 0.1 s on an idle machine, a little
more for a PDF, whose reader is imported only then); a fork server would be cheaper but
inherits the caller's `__main__` and daemon rules, and robustness matters more than 0.1 s on
a background job. The child imports neither the roles nor the profile module for the same
reason (see errors.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import mustard_core
from mustard_core.builtin.parser.child import FAILED_REASON, MEMORY_REASON
from mustard_core.roles import ParseError

TIMEOUT_REASON = "the file took too long to read"
START_REASON = "the parser could not start; the parse will be retried"
MAX_OUTPUT_BYTES = 32 * 1024 * 1024

_SOURCE_ROOT = str(Path(mustard_core.__file__).resolve().parent.parent)


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 1024 * 1024 * 1024
    cpu_seconds: int = 30
    wall_seconds: float = 60.0


def child_command(limits: Limits, target: str | None = None) -> list[str]:
    command = [sys.executable, "-m", "mustard_core.builtin.parser.child",
               "--memory", str(limits.memory_bytes), "--cpu", str(limits.cpu_seconds)]
    if target:
        command += ["--target", target]
    return command


def child_environment() -> dict[str, str]:
    """The caller's environment, plus: import this very mustard_core (not whatever the working
    directory holds), write no bytecode, hash deterministically."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_SOURCE_ROOT, env.get("PYTHONPATH")) if p)
    env.update(PYTHONSAFEPATH="1", PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0",
               PYTHONIOENCODING="utf-8", PYTHONWARNINGS="ignore")
    return env


def run_isolated(data: bytes, limits: Limits, *, target: str | None = None) -> dict:
    """The child's JSON answer for `data`; ParseError when it failed, was killed or timed out.

    `target` ("module:function") replaces the parse, for the sandbox's own tests.
    """
    started = time.monotonic()
    try:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and module, no shell)
            child_command(limits, target), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=child_environment(), cwd="/", start_new_session=True)
    except OSError as exc:
        raise ParseError(START_REASON, transient=True) from exc
    try:
        out, _err = process.communicate(data, timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired as exc:
        _kill(process)
        raise ParseError(TIMEOUT_REASON) from exc
    except BaseException:
        _kill(process)
        raise
    elapsed = time.monotonic() - started
    if process.returncode != 0:
        raise ParseError(_reason_for_exit(process.returncode, elapsed, limits))
    if len(out) > MAX_OUTPUT_BYTES:
        raise ParseError(FAILED_REASON)
    try:
        answer = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError(FAILED_REASON) from exc
    if not isinstance(answer, dict):
        raise ParseError(FAILED_REASON)
    if not answer.get("ok"):
        reason = answer.get("reason")
        raise ParseError(reason if isinstance(reason, str) and reason else FAILED_REASON)
    return answer


def _kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.kill()
    process.communicate()


def _reason_for_exit(code: int, elapsed: float, limits: Limits) -> str:
    """How the child ended, in words: a CPU limit is "too long"; running out of memory (the
    interpreter aborting, or the kernel killing it before its CPU time could be up) is "too
    much memory"; anything else a plain failure."""
    if code < 0:
        sig = -code
        if sig == signal.SIGXCPU:
            return TIMEOUT_REASON
        if sig == signal.SIGKILL:
            return TIMEOUT_REASON if elapsed >= limits.cpu_seconds else MEMORY_REASON
        if sig == signal.SIGABRT:  # CPython's last word when even a MemoryError cannot be made
            return MEMORY_REASON
    return FAILED_REASON
