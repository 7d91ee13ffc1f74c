"""TEST-ONLY parser plugin `faults_slow`: the built-in parser, made to stop in the middle of a
parse so that a fault (kill -9 of the worker) lands there deterministically.

Load it with `mustard.plugins = tests.faults.slow_parser` and select it with
`mustard.parser = faults_slow`. A CV containing the marker `FAULTS-HOLD-PARSE` is held: the
parse writes `started-<pid>` into the folder named by `mustard_faults.control_dir`, then waits
until a file `release` appears there (at most `HOLD_SECONDS`), then parses with the built-in
parser. Every other CV is parsed at once. With `mustard_faults.in_process = true` the built-in
parse runs in the worker itself instead of its sandboxed child (only to make the 200-upload
scenario cheaper: the fault under test there is the broker's, not the parser's). Never
registered outside the fault tests.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from mustard_core import hookimpl
from mustard_core.settings import Setting, as_bool

MARKER = b"FAULTS-HOLD-PARSE"
CONTROL_DIR = "mustard_faults.control_dir"
IN_PROCESS = "mustard_faults.in_process"
HOLD_SECONDS = 120


class HeldParser:
    def __init__(self, inner, control_dir: Path):
        self.inner = inner
        self.control_dir = control_dir

    def parse(self, data: bytes, *, media_type: str, filename: str, tenant):
        if MARKER in data:
            (self.control_dir / f"started-{os.getpid()}").write_text(str(time.time()))
            deadline = time.monotonic() + HOLD_SECONDS
            while not (self.control_dir / "release").exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        return self.inner.parse(data, media_type=media_type, filename=filename, tenant=tenant)

    def health(self):
        return self.inner.health()


class InProcessParser:
    def parse(self, data: bytes, *, media_type: str, filename: str, tenant):
        from mustard_core.builtin.parser.core import parse_in_process

        return parse_in_process(data, filename)

    def health(self):
        from mustard_core.roles import Health

        return Health(True, "test parser, in process")


def build(ctx):
    from mustard_core.builtin import parser as builtin

    inner = InProcessParser() if as_bool(ctx.settings.get(IN_PROCESS)) else builtin.build(ctx)
    return HeldParser(inner, Path(ctx.settings[CONTROL_DIR]))


@hookimpl
def mustard_parser_providers():
    return {"faults_slow": build}


@hookimpl
def mustard_settings():
    return [Setting(CONTROL_DIR, None, default="",
                    help="TEST ONLY: folder where the held parse signals and waits."),
            Setting(IN_PROCESS, None, default=False, parse=as_bool,
                    help="TEST ONLY: parse in the worker, not in the sandboxed child.")]
