"""The candidate profile document: the one schema parsers produce and the API serves.

A profile is plain JSON (JSONB on PostgreSQL) so that parsers from different vendors can fill
what they know without a migration per field. This module is its single definition: the JSON
Schema below is embedded in the OpenAPI document, checked on every write, and documented in
docs/profile.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jsonschema

_DATE = {
    "type": ["string", "null"],
    "description": "YYYY, YYYY-MM or YYYY-MM-DD; null when unknown",
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "maxLength": 10,
}
_TEXT = {"type": ["string", "null"], "maxLength": 20000}
_SHORT = {"type": ["string", "null"], "maxLength": 500}

PROFILE_SCHEMA: dict[str, Any] = {
    "$id": "mustard:profile",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "summary": _TEXT,
        "experience": {
            "type": "array",
            "maxItems": 200,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "title": _SHORT,
                    "company": _SHORT,
                    "location": _SHORT,
                    "start": _DATE,
                    "end": _DATE,
                    "current": {"type": "boolean"},
                    "months": {"type": ["integer", "null"], "minimum": 0, "maximum": 1200},
                    "description": _TEXT,
                },
            },
        },
        "education": {
            "type": "array",
            "maxItems": 100,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "institution": _SHORT,
                    "degree": _SHORT,
                    "field": _SHORT,
                    "start": _DATE,
                    "end": _DATE,
                    "description": _TEXT,
                },
            },
        },
        "skills": {
            "type": "array",
            "maxItems": 500,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 200},
                    "aliases": {"type": "array", "items": {"type": "string", "maxLength": 200},
                                "maxItems": 50},
                    "category": _SHORT,
                    "level": _SHORT,
                    "months": {"type": ["integer", "null"], "minimum": 0, "maximum": 1200},
                    "last_used": _DATE,
                },
            },
        },
        "languages": {
            "type": "array",
            "maxItems": 50,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 100},
                    "code": {"type": ["string", "null"], "maxLength": 10},
                    "level": _SHORT,
                },
            },
        },
        "links": {
            "type": "array",
            "maxItems": 50,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["url"],
                "properties": {
                    "url": {"type": "string", "minLength": 1, "maxLength": 2000},
                    "kind": {"type": ["string", "null"], "maxLength": 50,
                             "description": "linkedin, github, website, ..."},
                },
            },
        },
    },
}

_validator = jsonschema.Draft202012Validator(PROFILE_SCHEMA)


def empty_profile() -> dict[str, Any]:
    return {"summary": None, "experience": [], "education": [], "skills": [], "languages": [],
            "links": []}


def profile_errors(profile: Any) -> list[dict[str, str]]:
    """Every schema violation as {"field", "message"}, fields as dotted paths."""
    errors = []
    for error in sorted(_validator.iter_errors(profile), key=lambda e: list(e.path)):
        path = ".".join(str(p) for p in error.path)
        errors.append({"field": f"profile.{path}" if path else "profile",
                       "message": error.message[:300]})
    return errors


def normalised(profile: dict[str, Any] | None) -> dict[str, Any]:
    """The profile with every known list present, so readers need no `.get(..., [])`."""
    result = empty_profile()
    result.update(profile or {})
    return result


@dataclass
class ParsedCandidate:
    """What a parser extracted from one file: contact fields plus the profile document.

    `confidence` maps a field name (`name`, `email`, `phone`, `location`, `experience`, ...) to a
    score between 0 and 1, so a recruiter can see which parts to check.
    """

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    headline: str | None = None
    profile: dict[str, Any] = field(default_factory=empty_profile)
    confidence: dict[str, float] = field(default_factory=dict)
    raw: dict[str, Any] | None = None
    text: str = ""

    def contact(self) -> dict[str, str | None]:
        return {"name": self.name, "email": self.email, "phone": self.phone,
                "location": self.location, "headline": self.headline}
