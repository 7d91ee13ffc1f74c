"""`python -m tests.faults [SCENARIO ...] [--markdown]`: run the fault scenarios, print the table.

Needs what the test suite needs (PostgreSQL on 127.0.0.1:5432, `redis-server` on the PATH; the
machine's shared Redis is not used). Exits 1 if any scenario lost or duplicated anything, did
not complete every operation, or failed an assertion of its own.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
import traceback
from pathlib import Path

from tests.faults.scenarios import SCENARIOS, Outcome

COLUMNS = ("scenario", "attempted", "completed", "failed visibly, then retried", "lost",
           "duplicated")


def row(outcome: Outcome) -> list[str]:
    return [outcome.scenario, str(outcome.attempted), str(outcome.completed),
            str(outcome.failed_visibly), str(outcome.lost), str(outcome.duplicated)]


def render(rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(COLUMNS)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.faults", description=__doc__)
    parser.add_argument("scenarios", nargs="*", metavar="SCENARIO",
                        help=f"any of {', '.join(SCENARIOS)} (default: all)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    unknown = [name for name in args.scenarios if name not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario {unknown[0]!r}; choose from {', '.join(SCENARIOS)}")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    rows, notes, ok = [], [], True
    for name in args.scenarios or list(SCENARIOS):
        started = time.monotonic()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix=f"mustard-faults-{name}-") as workdir:
            try:
                outcome = SCENARIOS[name](Path(workdir))
            except Exception:
                traceback.print_exc()
                rows.append([name, "-", "-", "-", "-", "-"])
                notes.append(f"{name}: FAILED (see the traceback above)")
                ok = False
                continue
        good = outcome.lost == 0 and outcome.duplicated == 0 and \
            outcome.completed == outcome.attempted
        ok = ok and good
        rows.append(row(outcome))
        notes.append(f"{outcome.scenario}: {outcome.notes} ({time.monotonic() - started:.0f} s)"
                     + ("" if good else "  <-- NOT OK"))
    print(render(rows, args.markdown))
    print()
    for note in notes:
        print(("- " if args.markdown else "") + note)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
