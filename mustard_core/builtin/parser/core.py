"""The whole parse of one file, in this process: sniff, extract, analyse.

`parse_to_fields` is what the sandboxed child runs; `parse_in_process` is the same parse for
tests, returning a ParsedCandidate. Neither must be called on an untrusted upload in a worker:
use BuiltinParser, which runs the parse in a child process with memory and CPU limits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mustard_core.builtin.parser.errors import Unreadable
from mustard_core.builtin.parser.extract import extract_text
from mustard_core.builtin.parser.heuristics import analyse
from mustard_core.filetypes import sniff

if TYPE_CHECKING:
    from mustard_core.profile import ParsedCandidate


def parse_to_fields(data: bytes, filename: str = "") -> dict[str, Any]:
    """The ParsedCandidate fields for a file, as JSON-ready values; raises Unreadable."""
    sniffed = sniff(data, filename)
    refusal = sniffed.refusal_for_cv()
    if refusal or sniffed.media_type is None:
        raise Unreadable(refusal or "the file type is not supported")
    text = extract_text(data, sniffed.media_type, sniffed.encoding)
    return analyse(text, kind=sniffed.kind)


def parse_in_process(data: bytes, filename: str = "") -> ParsedCandidate:
    """Parse a CV without isolation (tests); raises ParseError like the provider."""
    from mustard_core.profile import ParsedCandidate
    from mustard_core.roles import ParseError

    try:
        return ParsedCandidate(**parse_to_fields(data, filename))
    except Unreadable as exc:
        raise ParseError(exc.reason) from exc
