"""Every API route, found by enumerating the app: auth, roles and tenant isolation.

A new route cannot escape: it is picked up here automatically, and if it is tenant-owned its
route factory must have a builder below or this test fails.
"""

import pytest
from pyramid.interfaces import IRoutesMapper
from pyramid.security import NO_PERMISSION_REQUIRED

from mustard_core.api.resources import (
    CandidateResource,
    DocumentResource,
    JobResource,
    SynonymResource,
)
from mustard_core.models import Candidate, Document, DocumentKind, Job, Synonym
from mustard_core.security import ROLE_PERMISSIONS, SUPERADMIN
from tests.helpers import Client

PUBLIC = {("api.auth.token", "POST"), ("api.openapi", "GET"), ("api.docs", "GET"),
          ("healthz", "GET"), ("readyz", "GET"), ("share.resume", "GET")}
SELF = {("api.me", "GET"), ("api.auth.token", "DELETE")}  # any signed-in user


def api_views(app):
    """(route name, pattern, method, permission, factory) for every view of the app."""
    registry = app.app.registry
    mapper = registry.queryUtility(IRoutesMapper)
    routes = {route.name: route for route in mapper.get_routes()}
    views = []
    for intr in registry.introspector.get_category("views"):
        view = intr["introspectable"]
        name = view["route_name"]
        if name is None or name not in routes:
            continue
        methods = view["request_methods"] or ()
        methods = (methods,) if isinstance(methods, str) else methods
        permissions = [r.discriminator for r in intr["related"]
                       if r.category_name == "permissions"]
        permission = permissions[0] if permissions else None
        for method in methods:
            views.append((name, routes[name].pattern, method, permission, routes[name].factory))
    return views


def build_row(platform, factory_class, tenant):
    """A row of the kind a route factory loads, in `tenant`."""
    import uuid

    from mustard_core.api.lifecycle import DuplicateResource, ErasureResource, ExportResource
    from mustard_core.api.resumes import ResumeResource, ResumeTemplateResource
    from mustard_core.models import DuplicateReview, Erasure, ExportArchive, GeneratedResume
    from mustard_core.models.resumes import ResumeTemplate

    def candidate_id() -> str:
        with platform.session(tenant.id) as session:
            row = Candidate(tenant_id=tenant.id, name="Other Person", profile={}, source="api")
            session.add(row)
            session.flush()
            return row.id

    builders = {
        CandidateResource: lambda: Candidate(tenant_id=tenant.id, name="Other Person",
                                             profile={}, source="api"),
        DocumentResource: lambda: Document(tenant_id=tenant.id, kind=DocumentKind.cv,
                                           filename="x.pdf", media_type="application/pdf",
                                           size=1, sha256="0" * 64, storage_key="k/x"),
        JobResource: lambda: Job(tenant_id=tenant.id, kind="parse", payload={}, result={}),
        SynonymResource: lambda: Synonym(tenant_id=tenant.id, type="synonym",
                                         synonyms=["a", "b"]),
        ResumeResource: lambda: GeneratedResume(tenant_id=tenant.id, template="classic",
                                                options={}, state="ready"),
        ResumeTemplateResource: lambda: ResumeTemplate(tenant_id=tenant.id,
                                                       name=f"other-{uuid.uuid4().hex[:8]}",
                                                       source="<p></p>", sha256="0" * 64),
        DuplicateResource: lambda: DuplicateReview(
            tenant_id=tenant.id, candidate_id=(a := candidate_id()), match_id=(b := candidate_id()),
            pair_key="|".join(sorted((a, b))), reasons=["same_profile_url"], state="open"),
        ErasureResource: lambda: Erasure(tenant_id=tenant.id, candidate_id=str(uuid.uuid4()),
                                         steps={}, storage_keys=[], plugin_failures=[]),
        ExportResource: lambda: ExportArchive(tenant_id=tenant.id, candidate_id=candidate_id(),
                                              state="ready"),
    }
    assert factory_class in builders, f"no cross-tenant builder for {factory_class.__name__}"
    with platform.session(tenant.id) as session:
        row = builders[factory_class]()
        session.add(row)
        session.flush()
        return row.id


def url_for(pattern, id_):
    return pattern.replace("{id}", id_)


def call(client, method, url):
    return client.app.request(url, method=method, headers=client.headers, expect_errors=True)


def test_routes_are_enumerated(app):
    names = {v[0] for v in api_views(app)}
    assert {"api.candidates", "api.candidates.item", "api.uploads", "api.search",
            "api.jobs.item", "api.synonyms"} <= names


def test_every_api_view_declares_a_permission(app):
    """Only the explicitly listed views may be open to anyone."""
    for name, pattern, method, permission, _ in api_views(app):
        if not (pattern.startswith(("/api/", "/share/"))):
            continue
        if (name, method) in PUBLIC | SELF:
            continue
        assert permission and permission != NO_PERMISSION_REQUIRED, (
            f"{method} {pattern} has no permission")


def test_no_token_is_401(app):
    anonymous = Client(app, None)
    for name, pattern, method, _, _ in api_views(app):
        if (name, method) in PUBLIC or not pattern.startswith("/api/"):
            continue
        res = call(anonymous, method, url_for(pattern, "00000000-0000-0000-0000-000000000000"))
        assert res.status_int == 401, f"{method} {pattern}: {res.status_int}"
        assert res.json["error"]["code"] == "unauthorized"


def test_wrong_role_is_403(app, factory, tenant):
    users = {role: Client(app, factory.token(factory.user(tenant, role.value)))
             for role in ROLE_PERMISSIONS}
    platform_admin = Client(app, factory.token(factory.user(None, "admin", superadmin=True)))
    checked = 0
    for name, pattern, method, permission, _ in api_views(app):
        if (name, method) in PUBLIC | SELF or not permission or not pattern.startswith("/api/"):
            continue
        lacking = [client for role, client in users.items()
                   if permission not in ROLE_PERMISSIONS[role]]
        if permission not in SUPERADMIN:
            lacking.append(platform_admin)
        assert lacking, f"{method} {pattern}: every role may call it"
        for client in lacking:
            res = call(client, method, url_for(pattern, "00000000-0000-0000-0000-000000000000"))
            assert res.status_int == 403, f"{method} {pattern}: {res.status_int}"
            assert res.json["error"]["code"] == "forbidden"
            checked += 1
    assert checked >= 10


def test_other_tenants_resources_are_404(app, factory, tenant, platform):
    other = factory.tenant()
    admin = Client(app, factory.token(factory.user(tenant, "admin")))
    checked = 0
    for _name, pattern, method, _permission, route_factory in api_views(app):
        if "{id}" not in pattern or not pattern.startswith("/api/"):
            continue  # the console has its own isolation tests (tests/admin)
        foreign_id = build_row(platform, route_factory, other)
        res = call(admin, method, url_for(pattern, foreign_id))
        assert res.status_int == 404, f"{method} {pattern}: {res.status_int}"
        assert res.json["error"]["code"] == "not_found"
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("path", ["/api/v1/candidates", "/api/v1/jobs", "/api/v1/synonyms",
                                  "/api/v1/search"])
def test_lists_never_show_another_tenant(app, factory, tenant, platform, path):
    other = factory.tenant()
    build_row(platform, CandidateResource, other)
    build_row(platform, JobResource, other)
    build_row(platform, SynonymResource, other)
    client = Client(app, factory.token(factory.user(tenant, "admin")))
    body = client.get(path).json
    items = body.get("items", body.get("hits"))
    assert items == []
