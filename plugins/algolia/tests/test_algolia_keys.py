"""Secured search keys: restricted to the tenant's index, expiring, and only anonymous."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import time
from datetime import datetime
from urllib.parse import parse_qs

import pluggy
import pytest
import requests
from pyramid.config import Configurator
from webtest import TestApp

import mustard_algolia
from mustard_algolia import keys, secured_search_key
from mustard_core import hookspecs
from mustard_core.roles import SearchQuery, TenantRef
from mustard_core.settings import SettingsError
from mustard_core.testing import samples

TENANT = TenantRef(id="t-acme", slug="acme", settings={})
OTHER = TenantRef(id="t-other", slug="other", settings={})


def decode(key: str, parent: str) -> dict[str, list[str]]:
    """Check the HMAC like Algolia does and return the signed restrictions."""
    decoded = base64.b64decode(key).decode()
    signature, params = decoded[:64], decoded[64:]
    expected = hmac.new(parent.encode(), params.encode(), hashlib.sha256).hexdigest()
    assert hmac.compare_digest(signature, expected), "not signed by the search-only key"
    return parse_qs(params)


def test_the_key_is_restricted_to_the_tenant_index_and_expires(fake, settings_for):
    settings = settings_for()
    before = int(time.time())
    answer = secured_search_key(TENANT, 600, settings)
    assert answer["index"] == "test_acme_candidates"
    assert answer["app_id"] == fake.app_id
    restrictions = decode(answer["key"], fake.search_key)
    assert restrictions["restrictIndices"] == ["test_acme_candidates"]
    valid_until = int(restrictions["validUntil"][0])
    assert before + 600 <= valid_until <= int(time.time()) + 600
    assert datetime.fromisoformat(answer["expires_at"]).timestamp() == valid_until
    assert restrictions["restrictSearchableAttributes"] == ["headline,skills,titles,companies,"
                                                            "locations"]
    with pytest.raises(AssertionError):
        decode(answer["key"], fake.admin_key)  # derived from the search key only


def search_with(fake, key, index, body=None):
    return requests.post(f"{fake.url}/1/indexes/{index}/query", json=body or {"query": ""},
                         timeout=5, headers={"x-algolia-application-id": fake.app_id,
                                             "x-algolia-api-key": key})


def test_the_key_works_on_its_index_only(fake, engine, settings_for):
    engine.index(TENANT, samples.records(TENANT.id))
    engine.index(OTHER, samples.records(OTHER.id))
    key = secured_search_key(TENANT, 600, settings_for())["key"]
    mine = search_with(fake, key, "test_acme_candidates")
    assert mine.status_code == 200 and mine.json()["nbHits"] == 3
    assert all("name" not in hit for hit in mine.json()["hits"])
    other = search_with(fake, key, "test_other_candidates")
    assert other.status_code == 403
    assert other.json()["message"] == "Index not allowed with this API key"
    write = requests.post(f"{fake.url}/1/indexes/test_acme_candidates/batch",
                          json={"requests": []}, timeout=5,
                          headers={"x-algolia-application-id": fake.app_id,
                                   "x-algolia-api-key": key})
    assert write.status_code == 403


def test_names_cannot_be_probed_with_the_key(fake, engine, settings_for):
    engine.index(TENANT, samples.records(TENANT.id))
    key = secured_search_key(TENANT, 600, settings_for())["key"]
    assert engine.search(TENANT, SearchQuery(q="lovelace")).total == 1  # admin: by name
    probe = search_with(fake, key, "test_acme_candidates", {"query": "lovelace"})
    assert probe.json()["nbHits"] == 0
    assert search_with(fake, key, "test_acme_candidates", {"query": "cobol"}).json()[
        "nbHits"] == 1


def test_an_expired_key_is_refused(fake, engine, monkeypatch, settings_for):
    engine.index(TENANT, samples.records(TENANT.id))
    monkeypatch.setattr(keys.time, "time", lambda: 1_000_000_000.0)  # keys made in 2001
    key = secured_search_key(TENANT, 600, settings_for())["key"]
    monkeypatch.undo()
    assert search_with(fake, key, "test_acme_candidates").status_code == 403


def test_a_search_key_is_required(fake, settings_for):
    with pytest.raises(SettingsError, match=r"mustard_algolia\.search_api_key"):
        secured_search_key(TENANT, 600, settings_for(search_api_key=""))


# --------------------------------------------------------------------------- the route


class Tenant:
    """Stands in for the core's Tenant row: the view may only call ref()."""

    def __init__(self, ref: TenantRef):
        self._ref = ref

    def ref(self) -> TenantRef:
        return self._ref


class Policy:
    """Grants exactly the permissions given; records what was asked."""

    def __init__(self, granted: set[str]):
        self.granted, self.asked = granted, []

    def identity(self, request):
        return None

    def authenticated_userid(self, request):
        return None

    def permits(self, request, context, permission):
        self.asked.append(permission)
        return permission in self.granted

    def remember(self, request, userid, **kw):
        return []

    def forget(self, request, **kw):
        return []


def app_with(settings, policy) -> TestApp:
    pm = pluggy.PluginManager("mustard")
    pm.add_hookspecs(hookspecs)
    pm.register(mustard_algolia, name="algolia")
    with Configurator(settings=settings) as config:
        # the core's request validation, with the plugin's OpenAPI fragment merged in
        from mustard_core.openapi import (
            OperationIndex,
            core_spec,
            merge_fragment,
            openapi_view_deriver,
        )

        spec = copy.deepcopy(core_spec())
        for fragment in pm.hook.mustard_openapi(settings=settings):
            merge_fragment(spec, fragment, "algolia")
        config.registry["openapi.index"] = OperationIndex(spec)
        config.add_view_deriver(openapi_view_deriver)
        config.set_security_policy(policy)
        config.add_request_method(lambda request: Tenant(TENANT), "tenant", reify=True)
        pm.hook.mustard_pyramid_config(config=config)
        return TestApp(config.make_wsgi_app())


def test_the_route_returns_a_key_for_the_callers_tenant(fake, settings_for):
    policy = Policy({"candidates:read"})
    response = app_with(settings_for(), policy).get("/api/v1/search/key")
    assert policy.asked == ["candidates:read"]
    assert response.json["index"] == "test_acme_candidates"
    assert "no-store" in response.headers["Cache-Control"]
    decode(response.json["key"], fake.search_key)


def test_the_route_requires_candidates_read(fake, settings_for):
    app = app_with(settings_for(), Policy(set()))
    app.get("/api/v1/search/key", status=403)


def test_no_route_unless_algolia_is_the_search_engine(fake, settings_for):
    settings = settings_for(**{"mustard.search": "sql"})
    app_with(settings, Policy({"candidates:read"})).get("/api/v1/search/key", status=404)


def test_a_missing_search_key_stops_start_up(fake, settings_for):
    with pytest.raises(SettingsError, match=r"mustard_algolia\.search_api_key"):
        app_with(settings_for(search_api_key=""), Policy(set()))
