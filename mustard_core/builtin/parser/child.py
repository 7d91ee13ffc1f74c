"""The sandboxed child: `python -m mustard_core.builtin.parser.child --memory N --cpu S`.

It limits itself before it reads a byte of the upload (address space, CPU seconds, no file
writes, no core dumps), reads the file from stdin, parses it with `parse_in_process`, and
writes one JSON object to stdout: {"ok": true, "candidate": {...}} or {"ok": false,
"reason": "..."}. Anything it cannot handle ends the process, and the parent turns the way it
ended into a readable reason. Its file-size limit is zero, so stdout must be a pipe (as the
sandbox makes it), not a file.
"""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import signal
import sys

MEMORY_REASON = "the file needs too much memory to read"
FAILED_REASON = "the file could not be read"


def limit(memory_bytes: int, cpu_seconds: int) -> None:
    """Apply the resource limits to this process (they are inherited by nothing: we never
    start children)."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write to a file fails, it does not kill
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def parse(data: bytes) -> dict:
    """The default target: parse a CV."""
    from mustard_core.builtin.parser.core import parse_to_fields

    return {"ok": True, "candidate": parse_to_fields(data)}


def run(data: bytes, target: str = "mustard_core.builtin.parser.child:parse") -> dict:
    """Call `target` ("module:function", bytes -> answer) and turn any failure into an answer.
    Only the sandbox's own tests name another target."""
    from mustard_core.builtin.parser.errors import Unreadable

    try:
        module, _, function = target.partition(":")
        return getattr(importlib.import_module(module), function)(data)
    except Unreadable as exc:
        return {"ok": False, "reason": exc.reason}
    except MemoryError:
        return {"ok": False, "reason": MEMORY_REASON, "memory": True}
    except RecursionError:
        return {"ok": False, "reason": FAILED_REASON, "error": "RecursionError"}
    except Exception as exc:  # a bug or a hostile file: report the type, never the content
        return {"ok": False, "reason": FAILED_REASON, "error": type(exc).__name__}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--memory", type=int, required=True, help="address space, bytes")
    parser.add_argument("--cpu", type=int, required=True, help="CPU seconds")
    parser.add_argument("--max-bytes", type=int, default=64 * 1024 * 1024)
    parser.add_argument("--target", default="mustard_core.builtin.parser.child:parse")
    args = parser.parse_args(argv)
    limit(args.memory, args.cpu)
    data = sys.stdin.buffer.read(args.max_bytes + 1)
    if len(data) > args.max_bytes:
        result = {"ok": False, "reason": "the file is too large to read"}
    else:
        result = run(data, args.target)
    del data
    try:
        payload = json.dumps(result, ensure_ascii=False).encode("utf-8")
    except MemoryError:
        payload = json.dumps({"ok": False, "reason": MEMORY_REASON, "memory": True}).encode()
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
