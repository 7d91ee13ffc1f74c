"""The admin console: a Pyramid include mounted at /admin.

STUB: the console itself (login, tenants, users, synonyms, reindex, jobs, plugins, audit) is
the admin console issue's work; until then this include adds nothing, so the app factory's
table of contents already names it.
"""

from __future__ import annotations

from pyramid.config import Configurator


def includeme(config: Configurator) -> None:
    """Nothing yet (see the module docstring)."""
