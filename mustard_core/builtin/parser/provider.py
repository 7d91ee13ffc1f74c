"""The built-in parser provider: sniff, then parse in a sandboxed child, then check the answer.

The media type the caller passes is recorded by the upload path from the same sniffing, but the
bytes decide here too: a provider may be handed a file by any caller.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from typing import Any

from mustard_core.builtin.parser.child import FAILED_REASON
from mustard_core.builtin.parser.sandbox import Limits, run_isolated
from mustard_core.filetypes import sniff
from mustard_core.profile import ParsedCandidate, profile_errors
from mustard_core.roles import Health, ParseError, TenantRef

log = logging.getLogger(__name__)

_HEALTH_SAMPLE = (b"Health Check\nhealth.check@example.com\n\nSKILLS\nPython, SQL\n"
                  b"\nEXPERIENCE\nEngineer, Example Ltd\n2020 - Present\n")
_STRINGS = ("name", "email", "phone", "location", "headline")


class BuiltinParser:
    """PDF, DOCX, RTF, HTML and text CVs, read by heuristics and the shipped skills vocabulary."""

    def __init__(self, limits: Limits | None = None):
        self.limits = limits or Limits()

    def parse(self, data: bytes, *, media_type: str, filename: str,
              tenant: TenantRef) -> ParsedCandidate:
        sniffed = sniff(data, filename)
        refusal = sniffed.refusal_for_cv()
        if refusal:
            raise ParseError(refusal)
        if media_type and sniffed.media_type != media_type:
            log.info("parser: content is %s though the caller said %s", sniffed.media_type,
                     media_type)
        answer = run_isolated(data, self.limits)
        return candidate_from_json(answer.get("candidate"))

    def health(self) -> Health:
        """Start a child and parse a tiny CV: proves the interpreter, the limits and the
        vocabulary all work on this machine."""
        limits = Limits(self.limits.memory_bytes, min(self.limits.cpu_seconds, 10), 10.0)
        try:
            answer = run_isolated(_HEALTH_SAMPLE, limits)
            parsed = candidate_from_json(answer.get("candidate"))
        except ParseError as exc:
            return Health(False, f"the parser child failed: {exc.reason}")
        if parsed.email != "health.check@example.com" or not parsed.profile["skills"]:
            return Health(False, "the parser child answered but found nothing")
        return Health(True, "sandboxed child parses")


def candidate_from_json(value: Any) -> ParsedCandidate:
    """A ParsedCandidate from the child's JSON, refusing anything out of shape: the child ran
    on hostile input, so its answer is checked like any other input."""
    if not isinstance(value, Mapping):
        raise ParseError(FAILED_REASON)
    fields: dict[str, Any] = {}
    for key in _STRINGS:
        item = value.get(key)
        if item is not None and (not isinstance(item, str) or len(item) > 1000):
            raise ParseError(FAILED_REASON)
        fields[key] = item
    profile = value.get("profile")
    if not isinstance(profile, dict) or profile_errors(profile):
        raise ParseError(FAILED_REASON)
    confidence = value.get("confidence") or {}
    if not isinstance(confidence, dict) or not all(
            isinstance(k, str) and isinstance(v, int | float) and math.isfinite(v)
            and 0 <= v <= 1 for k, v in confidence.items()):
        raise ParseError(FAILED_REASON)
    text = value.get("text") or ""
    raw = value.get("raw")
    if not isinstance(text, str) or (raw is not None and not isinstance(raw, dict)):
        raise ParseError(FAILED_REASON)
    return ParsedCandidate(**fields, profile=profile,
                           confidence={k: float(v) for k, v in confidence.items()},
                           raw=raw, text=text)
