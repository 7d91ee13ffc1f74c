"""Real-browser helpers: the app served by waitress on 127.0.0.1, and Debian's headless Chromium
driven by Playwright. A missing Chromium fails the test loudly; it is never skipped."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from waitress.server import create_server

CHROMIUM = os.environ.get("MUSTARD_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class ThreadedServer:
    """waitress on a free port of 127.0.0.1, in a background thread."""

    def __init__(self, wsgi):
        self.server = create_server(wsgi, host="127.0.0.1", port=0, threads=4,
                                    expose_tracebacks=False, ident="mustard-test")
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, name="console-test-server",
                                       daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.task_dispatcher.shutdown()
        for channel in list(self.server._map.values()):
            channel.handle_close()
        self.thread.join(timeout=10)


@contextmanager
def served(wsgi) -> Iterator[str]:
    server = ThreadedServer(wsgi)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def require_chromium() -> str:
    path = shutil.which(CHROMIUM) or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    if path is None:
        pytest.fail(f"Chromium is required for the console's browser tests at {CHROMIUM} "
                    "(Debian package 'chromium'; .ci/run installs it)", pytrace=False)
    return path


@contextmanager
def chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            yield browser
        finally:
            browser.close()
