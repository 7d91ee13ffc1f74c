"""Every console route, named `admin.<area>.<action>`.

Fixed paths come before the `{id}` paths they would otherwise be swallowed by (Pyramid matches
routes in the order they are added).
"""

from __future__ import annotations

from pyramid.config import Configurator

ROUTES: tuple[tuple[str, str], ...] = (
    ("admin.root", "/admin"),
    ("admin.dashboard.index", "/admin/"),
    ("admin.auth.login", "/admin/login"),
    ("admin.auth.logout", "/admin/logout"),
    ("admin.invites.accept", "/admin/invite/{user_id}/{token}"),
    # platform superadmin
    ("admin.tenants.list", "/admin/tenants"),
    ("admin.tenants.create", "/admin/tenants/new"),
    ("admin.tenants.edit", "/admin/tenants/{id}"),
    ("admin.tenants.deactivate", "/admin/tenants/{id}/deactivate"),
    ("admin.tenants.activate", "/admin/tenants/{id}/activate"),
    # tenant administration
    ("admin.users.list", "/admin/users"),
    ("admin.users.invite", "/admin/users/invite"),
    ("admin.users.edit", "/admin/users/{id}"),
    ("admin.users.disable", "/admin/users/{id}/disable"),
    ("admin.users.enable", "/admin/users/{id}/enable"),
    ("admin.users.reset_password", "/admin/users/{id}/reset-password"),
    ("admin.tokens.list", "/admin/tokens"),
    ("admin.tokens.create", "/admin/tokens/new"),
    ("admin.tokens.revoke", "/admin/tokens/{id}/revoke"),
    ("admin.credentials.list", "/admin/credentials"),
    ("admin.credentials.delete", "/admin/credentials/{id}/delete"),
    # operations
    ("admin.synonyms.list", "/admin/synonyms"),
    ("admin.synonyms.create", "/admin/synonyms/new"),
    ("admin.synonyms.import", "/admin/synonyms/import"),
    ("admin.synonyms.export", "/admin/synonyms/export.csv"),
    ("admin.synonyms.push", "/admin/synonyms/push"),
    ("admin.synonyms.edit", "/admin/synonyms/{id}"),
    ("admin.synonyms.delete", "/admin/synonyms/{id}/delete"),
    ("admin.reindex.index", "/admin/reindex"),
    ("admin.jobs.list", "/admin/jobs"),
    ("admin.jobs.detail", "/admin/jobs/{id}"),
    ("admin.jobs.status", "/admin/jobs/{id}/status.json"),
    ("admin.jobs.retry", "/admin/jobs/{id}/retry"),
    ("admin.jobs.cancel", "/admin/jobs/{id}/cancel"),
    ("admin.plugins.list", "/admin/plugins"),
    ("admin.audit.list", "/admin/audit"),
    # recruiters' read views
    ("admin.candidates.list", "/admin/candidates"),
    ("admin.candidates.detail", "/admin/candidates/{id}"),
    ("admin.candidates.document", "/admin/candidates/{id}/documents/{document_id}"),
    ("admin.candidates.resume", "/admin/candidates/{id}/resumes/{resume_id}"),
    # the candidate data lifecycle (views/lifecycle.py)
    ("admin.candidates.erase", "/admin/candidates/{id}/erase"),
    ("admin.duplicates.list", "/admin/duplicates"),
    ("admin.duplicates.merge", "/admin/duplicates/{id}/merge"),
    ("admin.duplicates.keep_apart", "/admin/duplicates/{id}/keep-apart"),
    ("admin.erasures.list", "/admin/erasures"),
    ("admin.erasures.detail", "/admin/erasures/{id}"),
    ("admin.retention.index", "/admin/retention"),
)


def includeme(config: Configurator) -> None:
    for name, pattern in ROUTES:
        config.add_route(name, pattern)
