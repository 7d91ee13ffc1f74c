"""The parser sandbox's reference target: the child process starts, reads stdin, answers.

`run_isolated(data, limits, target="benchmarks.sandbox_ref:empty")` costs what every parse
costs before and after parsing: an interpreter start, the child's imports and the limits, the
pipes. This module is imported in that child, so it imports nothing.
"""


def empty(data: bytes) -> dict:
    return {"ok": True, "candidate": None}
