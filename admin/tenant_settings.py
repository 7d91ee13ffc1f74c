"""A tenant's own settings as the console edits them, and their validation.

They live in `Tenant.settings` (a JSON document) beside keys other parts of the platform own
(branding, templates), which the console keeps untouched. `search_fields` and
`anonymous_fields` name SearchRecord fields: which are sent to the search engine at all, and
which of those an anonymous search may show (the Algolia plugin reads both).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from mustard_admin.forms import Form
from mustard_core.roles import SearchRecord

SEARCH_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(SearchRecord)
    if f.name not in {"id", "tenant_id", "updated_at"})
FIELD_LABELS = {"name": "Name", "headline": "Headline", "location": "Location",
                "email": "Email", "skills": "Skills", "titles": "Job titles",
                "companies": "Companies", "summary": "Summary", "text": "Full CV text"}
DEFAULT_ANONYMOUS = ("headline", "location", "skills", "titles", "companies")
KEYS = ("default_country_code", "currency", "anonymous_profiles", "search_fields",
        "anonymous_fields")
DEFAULTS: dict[str, Any] = {
    "default_country_code": "GB",
    "currency": "GBP",
    "anonymous_profiles": False,
    "search_fields": list(SEARCH_FIELDS),
    "anonymous_fields": list(DEFAULT_ANONYMOUS),
}


def field_options() -> list[tuple[str, str]]:
    return [(name, FIELD_LABELS.get(name, name)) for name in SEARCH_FIELDS]


def current(settings: dict[str, Any] | None) -> dict[str, Any]:
    """The console's keys with defaults filled in."""
    settings = settings or {}
    return {key: settings.get(key, DEFAULTS[key]) for key in KEYS}


def read(form: Form, post: Any) -> dict[str, Any]:
    """Validate the settings part of a tenant form; returns the cleaned values."""
    country = form.text(post, "default_country_code", required=True, max_length=2,
                        label="Default country code").upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        form.error("default_country_code", "Use a two-letter ISO 3166 code, such as GB or NL.")
    form.values["default_country_code"] = country
    currency = form.text(post, "currency", required=True, max_length=3,
                         label="Currency").upper()
    if currency and not re.fullmatch(r"[A-Z]{3}", currency):
        form.error("currency", "Use a three-letter ISO 4217 code, such as GBP or EUR.")
    form.values["currency"] = currency
    anonymous = form.checkbox(post, "anonymous_profiles")
    sent = form.multi(post, "search_fields", SEARCH_FIELDS)
    if not sent:
        form.error("search_fields", "Send at least one field to search.")
    shown = form.multi(post, "anonymous_fields", SEARCH_FIELDS)
    hidden = [name for name in shown if name not in sent]
    if hidden:
        form.error("anonymous_fields", "Only fields sent to search can be shown anonymously: "
                   + ", ".join(FIELD_LABELS.get(n, n) for n in hidden) + " is not sent.")
    return {"default_country_code": country, "currency": currency,
            "anonymous_profiles": anonymous, "search_fields": sent, "anonymous_fields": shown}
