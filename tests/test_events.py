"""Plugin hooks seen from a plugin's side: events after commit, health checks, providers."""

from __future__ import annotations

import pytest

from mustard_core import hookimpl
from mustard_core.health import readiness
from mustard_core.plugins import HealthCheck, build_plugin_manager, provider_factories
from mustard_core.roles import Health
from tests.fixtures import cvs
from tests.helpers import remember_secret


class Recorder:
    """A plugin that records every event it is sent."""

    def __init__(self):
        self.events: list[tuple[str, object]] = []

    @hookimpl
    def mustard_candidate_created(self, event):
        self.events.append(("created", event))

    @hookimpl
    def mustard_candidate_updated(self, event):
        self.events.append(("updated", event))

    @hookimpl
    def mustard_candidate_deleted(self, event):
        self.events.append(("deleted", event))

    @hookimpl
    def mustard_document_stored(self, event):
        self.events.append(("stored", event))

    @hookimpl
    def mustard_document_parsed(self, event):
        self.events.append(("parsed", event))

    @hookimpl
    def mustard_health_checks(self, settings):
        return [HealthCheck("recorder", lambda: Health(False, "recorder says no"))]

    def kinds(self):
        return [kind for kind, _ in self.events]


class Broken:
    @hookimpl
    def mustard_candidate_created(self, event):
        raise RuntimeError("plugin bug")


@pytest.fixture
def recorder(platform):
    plugin = Recorder()
    platform.pm.register(plugin, name="recorder")
    yield plugin
    platform.pm.unregister(plugin)


def test_candidate_events_fire_after_commit_with_ids_only(platform, recruiter, recorder):
    created = recruiter.post("/api/v1/candidates", {"name": "Event Person",
                                                    "email": "ev@example.com"}).json
    remember_secret("ev@example.com")
    recruiter.patch(f"/api/v1/candidates/{created['id']}", {"headline": "New"})
    recruiter.delete(f"/api/v1/candidates/{created['id']}")
    assert recorder.kinds() == ["created", "updated", "deleted"]
    _, updated = recorder.events[1]
    assert updated.candidate_id == created["id"]
    assert updated.changed == ("headline",)
    assert "ev@example.com" not in repr(recorder.events)


def test_no_event_when_the_transaction_fails(platform, recruiter, recorder):
    recruiter.post("/api/v1/candidates", {"email": "broken"}, status=422)
    assert recorder.events == []


def test_document_events_from_the_pipeline(platform, recruiter, recorder):
    remember_secret(cvs.ADA.email)
    accepted = recruiter.upload("/api/v1/uploads", "ada.txt", cvs.txt_cv(cvs.ADA)).json
    assert recorder.kinds() == ["stored"]
    platform.dispatcher.drain()
    assert recorder.kinds() == ["stored", "created", "parsed"]
    parsed = recorder.events[2][1]
    assert parsed.document_id == accepted["document"]["id"]
    assert parsed.parser == "builtin"


def test_a_failing_plugin_never_undoes_the_change(platform, recruiter):
    broken = Broken()
    platform.pm.register(broken, name="broken")
    try:
        created = recruiter.post("/api/v1/candidates", {"name": "Still Here"}).json
    finally:
        platform.pm.unregister(broken)
    assert recruiter.get(f"/api/v1/candidates/{created['id']}").json["name"] == "Still Here"


def test_plugin_health_checks_reach_readyz(platform, anonymous, recorder):
    assert readiness(platform)["recorder"] == Health(False, "recorder says no")
    body = anonymous.get("/readyz", status=503).json
    assert body["checks"]["recorder"] == {"ok": False, "detail": "recorder says no"}


@pytest.mark.parametrize("hook, role, names", [
    ("mustard_storage_providers", "storage", {"local", "s3"}),
    ("mustard_search_providers", "search", {"sql", "algolia"}),
    ("mustard_parser_providers", "parser", {"builtin", "daxtra"}),
    ("mustard_metrics_providers", "metrics", {"log", "graphite"}),
])
def test_provider_hooks_offer_builtins_and_plugins(hook, role, names):
    pm = build_plugin_manager({})
    assert hasattr(pm.hook, hook)
    assert names <= set(provider_factories(pm, role))
