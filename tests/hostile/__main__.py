"""`python -m tests.hostile`: upload the hostile corpus to a real stack, print the results table
(Markdown). Exits 1 if any file was not handled as expected or the worker did not survive."""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

from tests.hostile.harness import run_corpus, table


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    with tempfile.TemporaryDirectory(prefix="mustard-hostile-") as workdir:
        results, facts = run_corpus(Path(workdir))
    print(table(results, facts))
    ok = not any(r.problems for r in results) and facts["worker_alive"] and \
        facts["normal_cv_after"] == "succeeded" and not facts["canary_hits"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
