"""Mustard: CV storage, parsing, search and branded resumes for recruitment agencies."""

from __future__ import annotations

import pluggy

hookimpl = pluggy.HookimplMarker("mustard")
"""Decorate a plugin's hook implementations with this (see mustard_core.hookspecs)."""


def main(global_config, **settings):
    """The Pyramid app factory (paste entry point); see mustard_core.app for what it wires."""
    from mustard_core.app import make_app

    return make_app(global_config, **settings)
