"""The two WSGI apps the API benchmark serves with gunicorn, same configuration for both.

    gunicorn 'benchmarks.wsgi:mustard_app()'   the platform, settings from MUSTARD_BENCH_SETTINGS
    gunicorn 'benchmarks.wsgi:bare_app()'      one Pyramid route answering constant JSON

The bare app is the reference: what gunicorn, WSGI and Pyramid cost for a JSON answer before
any of Mustard's work (tweens, authentication, database, validation, serialising a candidate).
"""

from __future__ import annotations

import json
import os

BARE_BODY = {"id": "00000000-0000-4000-8000-000000000000", "name": "Reference", "ok": True}


def mustard_app():
    from mustard_core.app import make_app

    return make_app(None, **json.loads(os.environ["MUSTARD_BENCH_SETTINGS"]))


def bare_app():
    from pyramid.config import Configurator

    with Configurator() as config:
        config.add_route("bare", "/bare")
        config.add_view(lambda request: BARE_BODY, route_name="bare", renderer="json")
        return config.make_wsgi_app()
