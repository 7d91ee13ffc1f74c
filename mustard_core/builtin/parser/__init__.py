"""The built-in CV parser, registered like any parser plugin (`mustard.parser = builtin`).

It reads PDF, DOCX, RTF, HTML and plain-text CVs without a server: text extraction per format,
then heuristics for contact details, sections, jobs, studies, languages and skills from a
shipped vocabulary. Untrusted files are parsed in a child process with memory and CPU limits
(see sandbox.py); `core.parse_in_process` is the same parse without isolation, for tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mustard_core import hookimpl
from mustard_core.settings import Setting, as_int

if TYPE_CHECKING:  # the sandboxed child imports this package: keep it light
    from mustard_core.roles import ProviderContext

TIMEOUT = "mustard.parser.builtin.timeout_seconds"
CPU = "mustard.parser.builtin.cpu_seconds"
MEMORY = "mustard.parser.builtin.memory_mb"


def build(ctx: ProviderContext):
    """The provider factory: limits from the settings, everything else fixed."""
    from mustard_core.builtin.parser.provider import BuiltinParser
    from mustard_core.builtin.parser.sandbox import Limits

    settings = ctx.settings
    limits = Limits(
        memory_bytes=int(settings.get(MEMORY) or 1024) * 1024 * 1024,
        cpu_seconds=int(settings.get(CPU) or 30),
        wall_seconds=float(settings.get(TIMEOUT) or 60),
    )
    return BuiltinParser(limits)


@hookimpl
def mustard_parser_providers():
    return {"builtin": build}


@hookimpl
def mustard_settings():
    return [
        Setting(TIMEOUT, "MUSTARD_PARSER_TIMEOUT", default=60, parse=as_int,
                help="Built-in parser: wall-clock seconds before a parse is abandoned."),
        Setting(CPU, "MUSTARD_PARSER_CPU_SECONDS", default=30, parse=as_int,
                help="Built-in parser: CPU seconds the sandboxed child may use."),
        Setting(MEMORY, "MUSTARD_PARSER_MEMORY_MB", default=1024, parse=as_int,
                help="Built-in parser: address space of the sandboxed child, in MiB."),
    ]
