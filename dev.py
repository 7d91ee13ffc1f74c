#!/usr/bin/env python3
"""The two quick-start commands, idempotent, needing only Python 3.11 on the machine.

    python3 dev.py start   install into .venv (when requirements changed) and serve the
                           platform on embedded defaults: SQLite, local files, in-process jobs
    python3 dev.py test    install the test extras and run the whole test suite (PostgreSQL
                           and Redis on 127.0.0.1 are required; .ci/run starts them)

Anything after the command is passed on (`python3 dev.py test -k search`,
`python3 dev.py start --port 7000`).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def fingerprint(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()


def install(requirements: str) -> None:
    """pip install only when the requirement files or any setup.py changed since last time."""
    if sys.version_info < (3, 11):
        sys.exit("Mustard needs Python 3.11 or newer")
    if not PYTHON.exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    inputs = sorted([ROOT / "requirements.txt", ROOT / requirements, ROOT / "setup.py",
                     *ROOT.glob("plugins/*/setup.py"), *ROOT.glob("examples/*/setup.py")])
    stamp = VENV / f".stamp-{requirements}"
    wanted = fingerprint(inputs)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print(f"installing {requirements} ...", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "-r", str(ROOT / requirements)],
                   check=True, cwd=ROOT)
    stamp.write_text(wanted)


def start(args: list[str]) -> int:
    install("requirements.txt")
    return subprocess.call([str(BIN / "mustard"), "--config", str(ROOT / "development.ini"),
                            "serve", *args], cwd=ROOT)


def test(args: list[str]) -> int:
    install("requirements-dev.txt")
    # The whole suite in parallel, a test file per worker process at a time (module-scoped
    # stacks are built once); each worker has its own databases and Redis prefixes.
    workers = str(min(4, os.cpu_count() or 1))
    steps = [
        ["ruff", "check", "."],
        ["lint-imports"],
        ["python", "-m", "pytest", "-n", workers, "--dist", "loadfile"],
        # known vulnerabilities fail unless recorded with a reason in .pip-audit-ignore
        ["python", "-m", "tests.dependency_audit"],
    ]
    if args:  # a focused run: just pytest
        steps = [["python", "-m", "pytest", *args]]
    for step in steps:
        print("$ " + " ".join(step), flush=True)
        code = subprocess.call([str(BIN / step[0]), *step[1:]], cwd=ROOT)
        if code != 0:
            return code
    return 0


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"start", "test"}:
        print(__doc__)
        return 2
    command, args = sys.argv[1], sys.argv[2:]
    return start(args) if command == "start" else test(args)


if __name__ == "__main__":
    sys.exit(main())
