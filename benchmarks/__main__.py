"""`python -m benchmarks [--quick] [--only STAGE ...] [--output FILE]`

The full run (about 15 minutes on a 2-core machine) writes benchmarks/RESULTS.md. `--quick` is
the smoke mode CI runs (about a minute): small sizes, every row still measured; it prints the
table and writes a file only when given `--output`, so CI never overwrites the full results.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from benchmarks.runner import STAGES, run

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes: the CI smoke mode")
    parser.add_argument("--only", nargs="+", choices=STAGES, default=list(STAGES),
                        help="run only these benchmarks")
    parser.add_argument("--output", type=Path, default=None,
                        help="write the table here (default: benchmarks/RESULTS.md for a "
                             "full run of every benchmark, nothing for --quick)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s [%(name)s] %(message)s")
    output = args.output
    if output is None and not args.quick and tuple(args.only) == STAGES:
        output = RESULTS
    run(quick=args.quick, output=output, only=tuple(args.only))
    return 0


if __name__ == "__main__":
    sys.exit(main())
