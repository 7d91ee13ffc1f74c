"""The Algolia plugin's fake server (plugins/algolia/tests/fake_algolia.py) as a process.

`python -m benchmarks.algolia_fake` starts it on 127.0.0.1 (a free port), prints
`{"url": ...}` on one line, and serves until its stdin closes; it then prints
`{"errors": n, "records": {index: count}}` and exits. It runs apart from the process being
measured so the fake's own memory and CPU are not counted as the plugin's, and it empties its
request log every half second (the fake keeps every request for tests; 100,000 records' worth
would only measure the fake).

The fake is a test helper, not a package: it is loaded by file path, together with the engine
module it imports by name.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import threading
from pathlib import Path
from types import ModuleType

FAKE_DIR = Path(__file__).resolve().parent.parent / "plugins" / "algolia" / "tests"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, FAKE_DIR / f"{name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {name} from {FAKE_DIR}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # fake_algolia imports fake_algolia_engine by this name
    spec.loader.exec_module(module)
    return module


def main() -> int:
    _load("fake_algolia_engine")
    fake = _load("fake_algolia").FakeAlgolia().start()
    stop = threading.Event()

    def trim_log() -> None:
        while not stop.wait(0.5):
            with fake._lock:
                fake.requests.clear()

    threading.Thread(target=trim_log, daemon=True).start()
    print(json.dumps({"url": fake.url}), flush=True)
    sys.stdin.read()  # until the parent closes our stdin (or dies)
    stop.set()
    fake.settle()
    records = {name: len(index.records) for name, index in fake.indexes.items()}
    fake.stop()
    print(json.dumps({"errors": len(fake.errors), "records": records}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
