"""Starting and stopping the helper processes a benchmark needs, never leaving one behind."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def child_environment(**extra: str) -> dict[str, str]:
    """Our environment, with the checkout first on the path (so `benchmarks` imports)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """SIGTERM to the process group, then SIGKILL if it does not end in time."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


@contextlib.contextmanager
def started(command: list[str], **popen: Any) -> Iterator[subprocess.Popen]:
    """A child in its own process group, stopped (with all its children) on the way out."""
    process = subprocess.Popen(command, cwd=ROOT, env=popen.pop("env", child_environment()),
                               start_new_session=True, **popen)
    try:
        yield process
    finally:
        stop(process)


def run_json(module: str, request: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run `python -m module` with `request` as JSON on stdin; its last stdout line is JSON."""
    with started([sys.executable, "-m", module], stdin=subprocess.PIPE,
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            out, err = process.communicate(json.dumps(request), timeout=timeout)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"{module} did not finish in {timeout:.0f} s") from None
    if process.returncode != 0:
        raise RuntimeError(f"{module} failed ({process.returncode}): {err[-2000:]}")
    lines = [line for line in out.splitlines() if line.strip()]
    if not lines:
        raise RuntimeError(f"{module} printed nothing: {err[-2000:]}")
    return json.loads(lines[-1])
