"""Running the app under gunicorn (production), configured by mustard_core.gunicorn_conf."""

from __future__ import annotations

import os
import sys


def run_gunicorn(config_file: str, *, host: str, port: int, workers: int) -> None:
    """Replace this process with gunicorn serving the paste app from the ini file."""
    argv = [sys.executable, "-m", "gunicorn", "--paste", config_file,
            "--bind", f"{host}:{port}", "--workers", str(workers),
            "--config", "python:mustard_core.gunicorn_conf"]
    os.execv(sys.executable, argv)  # noqa: S606 (our own interpreter and arguments)
