"""The example plugin, installed like a partner's, seen working in a real app."""

import logging
import tempfile
import uuid
from datetime import timedelta

import pytest
import webtest
from celery import Celery

from mustard_core.app import make_app
from mustard_core.migrate import upgrade
from mustard_core.platform import build_platform
from mustard_core.plugins import plugin_infos
from mustard_core.security import issue_token
from mustard_core.services.users import create_tenant, create_user
from mustard_core.tenancy import ALL_TENANTS


@pytest.fixture(scope="module")
def platform():
    tmp = tempfile.mkdtemp()
    platform = build_platform({
        "sqlalchemy.url": f"sqlite:///{tmp}/hello.sqlite",
        "mustard.secret_key": "example-plugin-test-secret-0123456789abcdef",
        "mustard.storage.local.root": f"{tmp}/files",
        "mustard_hello.greeting": "Howdy",
    })
    upgrade(platform.engine)
    yield platform
    platform.dispatcher.stop()


def client(platform, role):
    with platform.session(ALL_TENANTS) as session:
        tenant = create_tenant(session, name="Hello", slug=f"h-{uuid.uuid4().hex[:6]}")
        user = create_user(session, platform.passwords, tenant=tenant,
                           email=f"{uuid.uuid4().hex[:6]}@hello.example", password=None,
                           role=role, password_hash="!")
        token, row = issue_token(user, name="t", ttl=timedelta(hours=1))
        session.add(row)
    app = webtest.TestApp(make_app(None, platform=platform))
    return app, {"Authorization": f"Bearer {token}"}


def test_installed_through_the_entry_point(platform):
    info = {i.name: i for i in plugin_infos(platform.pm)}["hello"]
    assert info.version == "0.1.0"
    assert "mustard_candidate_created" in info.hooks


def test_panel_uses_the_plugins_setting_and_permission(platform):
    app, ops = client(platform, "ops")
    assert app.get("/admin/hello", headers=ops).text == "Howdy from the example plugin"
    app, recruiter = client(platform, "recruiter")
    app.get("/admin/hello", headers=recruiter, status=403)
    titles = [p.title for group in platform.pm.hook.mustard_admin_panels() for p in group]
    assert "Hello" in titles


def test_event_handler_runs_after_a_candidate_is_created(platform, caplog):
    app, headers = client(platform, "recruiter")
    with caplog.at_level(logging.INFO, logger="mustard_hello"):
        created = app.post_json("/api/v1/candidates", {"name": "New Person"},
                                headers=headers).json
    assert f"hello, candidate {created['id']}" in caplog.text
    assert "New Person" not in caplog.text


def test_celery_task_is_registered():
    celery_app = Celery("t", set_as_current=False)
    from mustard_core.plugins import build_plugin_manager

    build_plugin_manager({}).hook.mustard_celery_tasks(celery_app=celery_app)
    assert celery_app.tasks["mustard_hello.ping"].apply().get() == "pong"
