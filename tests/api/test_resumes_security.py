"""The resume routes, enumerated from the app like tests/api/test_route_security.py does, but
only these: every one answers 404 for another tenant's rows and 403 to a role without its
permission. (That module checks every route of the app; this one keeps the resume area's
guarantees visible on their own.)"""

from __future__ import annotations

from mustard_core.security import ROLE_PERMISSIONS, SUPERADMIN
from tests.api.test_route_security import api_views, build_row, call, url_for
from tests.helpers import Client

AREA = ("api.branding", "api.templates", "api.candidates.resumes", "api.resumes")
UNKNOWN = "00000000-0000-0000-0000-000000000000"


def resume_views(app):
    return [view for view in api_views(app)
            if view[0] in AREA or view[0].startswith(tuple(f"{name}." for name in AREA))]


def test_the_area_has_the_expected_routes(app):
    patterns = {(pattern, method) for _, pattern, method, _, _ in resume_views(app)}

    assert {("/api/v1/candidates/{id}/resumes", "POST"), ("/api/v1/resumes/{id}/pdf", "GET"),
            ("/api/v1/candidates/{id}/resumes/preview", "GET"),
            ("/api/v1/resumes/{id}/shares/{share_id}", "DELETE"),
            ("/api/v1/templates/{id}", "PUT"), ("/api/v1/branding/logo", "PUT")} <= patterns


def test_other_tenants_resumes_and_templates_are_404(app, factory, tenant, platform):
    other = factory.tenant()
    admin = Client(app, factory.token(factory.user(tenant, "admin")))
    checked = 0
    for _name, pattern, method, _permission, route_factory in resume_views(app):
        if "{id}" not in pattern:
            continue
        foreign_id = build_row(platform, route_factory, other)
        res = call(admin, method, url_for(pattern, foreign_id).replace("{share_id}", UNKNOWN))
        assert res.status_int == 404, f"{method} {pattern}: {res.status_int}"
        assert res.json["error"]["code"] == "not_found"
        checked += 1
    assert checked >= 11


def test_roles_without_the_permission_get_403(app, factory, tenant):
    users = {role: Client(app, factory.token(factory.user(tenant, role.value)))
             for role in ROLE_PERMISSIONS}
    platform_admin = Client(app, factory.token(factory.user(None, "admin", superadmin=True)))
    checked = 0
    for _name, pattern, method, permission, _ in resume_views(app):
        lacking = [client for role, client in users.items()
                   if permission not in ROLE_PERMISSIONS[role]]
        if permission not in SUPERADMIN:
            lacking.append(platform_admin)
        assert lacking, f"{method} {pattern}: every role may call it"
        for client in lacking:
            url = url_for(pattern, UNKNOWN).replace("{share_id}", UNKNOWN)
            res = call(client, method, url)
            assert res.status_int == 403, f"{method} {pattern}: {res.status_int}"
            checked += 1
    assert checked >= 25  # recruiters and ops cannot change branding or templates
