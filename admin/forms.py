"""Small form handling: what the user typed, the field errors, and the cleaned values.

Forms are few and simple, so no form library: each area's view reads its fields through these
helpers, and the templates' macros (templates/admin/_macros.html) show every error beside its
field and keep what was typed, so a rejected form never loses the user's input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class Form:
    values: dict[str, Any] = field(default_factory=dict)
    """What to show in each field (the user's input, or the record's current value)."""
    errors: dict[str, str] = field(default_factory=dict)
    clean: dict[str, Any] = field(default_factory=dict)
    """Validated, typed values (only meaningful when `ok`)."""

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def text(self, post: Mapping[str, Any], name: str, *, required: bool = False,
             max_length: int = 200, label: str | None = None) -> str:
        raw = post.get(name, "")
        value = raw.strip() if isinstance(raw, str) else ""
        self.values[name] = value
        if required and not value:
            self.error(name, f"{label or name.replace('_', ' ').capitalize()} is required.")
        elif len(value) > max_length:
            self.error(name, f"At most {max_length} characters.")
        self.clean[name] = value
        return value

    def email(self, post: Mapping[str, Any], name: str = "email", *,
              required: bool = True) -> str:
        value = self.text(post, name, required=required, max_length=320, label="Email")
        if value and not EMAIL_RE.match(value):
            self.error(name, "Enter an email address such as name@agency.example.")
        value = value.lower()
        self.clean[name] = value
        return value

    def choice(self, post: Mapping[str, Any], name: str, choices: Iterable[str], *,
               default: str | None = None) -> str | None:
        allowed = list(choices)
        raw = post.get(name, default)
        value = raw if isinstance(raw, str) else default
        self.values[name] = value
        if value not in allowed:
            self.error(name, "Choose one of the options.")
            value = None
        self.clean[name] = value
        return value

    def checkbox(self, post: Mapping[str, Any], name: str) -> bool:
        value = post.get(name) in {"on", "true", "1", "yes"}
        self.values[name] = value
        self.clean[name] = value
        return value

    def multi(self, post: Any, name: str, choices: Iterable[str]) -> list[str]:
        """Every checked value of a checkbox group, in the choices' order."""
        allowed = list(choices)
        picked = set(post.getall(name)) if hasattr(post, "getall") else set(post.get(name) or [])
        unknown = picked - set(allowed)
        if unknown:
            self.error(name, "Unknown choice: " + ", ".join(sorted(unknown)))
        value = [choice for choice in allowed if choice in picked]
        self.values[name] = value
        self.clean[name] = value
        return value

    def words(self, post: Mapping[str, Any], name: str, *, max_words: int = 100,
              max_length: int = 100) -> list[str]:
        """A list typed as one word or phrase per line (or separated by commas)."""
        raw = post.get(name, "")
        raw = raw if isinstance(raw, str) else ""
        self.values[name] = raw
        words = list(dict.fromkeys(w.strip() for w in re.split(r"[,\n]", raw) if w.strip()))
        if len(words) > max_words:
            self.error(name, f"At most {max_words} entries.")
        elif any(len(w) > max_length for w in words):
            self.error(name, f"Each entry has at most {max_length} characters.")
        self.clean[name] = words
        return words
