"""Route factories for tenant-owned resources.

The row is looked up lazily (after Pyramid's permission check has resolved the caller and
scoped the session to their tenant), through that scoped session: a row of another tenant is
simply not found, and answers 404 exactly like one that never existed.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from pyramid.request import Request

from mustard_core.errors import not_found
from mustard_core.models import Candidate, Document, Job, Synonym
from mustard_core.security import RootFactory


def usable_id(value: str) -> bool:
    """Could this name a row? Ids are at most 36 characters; a NUL never names one, and
    PostgreSQL refuses to even compare it (an error, where the caller wants a 404)."""
    return len(value) <= 36 and "\x00" not in value


class TenantResource(RootFactory):
    model: type = None  # type: ignore[assignment]
    label = "resource"

    def __init__(self, request: Request):
        super().__init__(request)
        self.id = request.matchdict.get("id", "")

    @cached_property
    def item(self) -> Any:
        if self.request.tenant is None:
            raise not_found(self.label)
        row = self.request.db.get(self.model, self.id) if usable_id(self.id) else None
        if row is None or row.tenant_id != self.request.tenant.id:
            raise not_found(self.label)
        return row


class CandidateResource(TenantResource):
    model = Candidate
    label = "candidate"


class DocumentResource(TenantResource):
    model = Document
    label = "document"


class JobResource(TenantResource):
    model = Job
    label = "job"


class SynonymResource(TenantResource):
    model = Synonym
    label = "synonym set"
