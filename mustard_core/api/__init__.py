"""The REST API under /api/v1: routes here, views in one module per resource.

Route patterns are the OpenAPI document's paths, so the validator finds each view's operation
by its pattern; tenant-owned routes use `TenantResource` factories (mustard_core.api.resources).
"""

from __future__ import annotations

from pyramid.config import Configurator

from mustard_core.api.resources import (
    CandidateResource,
    DocumentResource,
    JobResource,
    SynonymResource,
)

API = "/api/v1"


def includeme(config: Configurator) -> None:
    add = config.add_route
    add("api.auth.token", f"{API}/auth/token")
    add("api.me", f"{API}/me")
    add("api.candidates", f"{API}/candidates")
    add("api.candidates.item", f"{API}/candidates/{{id}}", factory=CandidateResource)
    add("api.candidates.documents", f"{API}/candidates/{{id}}/documents",
        factory=CandidateResource)
    add("api.uploads", f"{API}/uploads")
    add("api.documents.item", f"{API}/documents/{{id}}", factory=DocumentResource)
    add("api.documents.download", f"{API}/documents/{{id}}/download", factory=DocumentResource)
    add("api.documents.reparse", f"{API}/documents/{{id}}/reparse", factory=DocumentResource)
    add("api.jobs", f"{API}/jobs")
    add("api.jobs.item", f"{API}/jobs/{{id}}", factory=JobResource)
    add("api.jobs.retry", f"{API}/jobs/{{id}}/retry", factory=JobResource)
    add("api.jobs.cancel", f"{API}/jobs/{{id}}/cancel", factory=JobResource)
    add("api.search", f"{API}/search")
    add("api.synonyms", f"{API}/synonyms")
    add("api.synonyms.item", f"{API}/synonyms/{{id}}", factory=SynonymResource)
    add("api.reindex", f"{API}/reindex")
    config.scan("mustard_core.api")
    # Areas that keep their routes, views and OpenAPI fragment in their own module.
    config.include("mustard_core.api.resumes")
    config.include("mustard_core.api.lifecycle")
