"""Tenant administration: integration credentials (e.g. a Daxtra account), write-only.

A value is encrypted (AES-256-GCM, bound to the tenant, the record and the name) the moment it
arrives and is never shown again, not even to the administrator who set it: the page shows only
that a credential exists, when it was set and by whom. A rejected form does not echo it back.
"""

from __future__ import annotations

import re

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.request import Request
from pyramid.view import view_config
from sqlalchemy import select

from mustard_admin.forms import Form
from mustard_admin.pagination import paginate
from mustard_admin.scoping import get_owned, require_tenant
from mustard_core import audit
from mustard_core.models import IntegrationCredential, User, new_id, utcnow
from mustard_core.security import Permission

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")
MAX_VALUE = 4000


def _page(request: Request, form: Form) -> dict:
    tenant = require_tenant(request)
    page = paginate(request.db, select(IntegrationCredential)
                    .order_by(IntegrationCredential.name), request)
    setters = {row.set_by for row in page.items if row.set_by}
    emails = dict(request.db.execute(select(User.id, User.email).where(
        User.id.in_(setters), User.tenant_id == tenant.id)).all()) if setters else {}
    return {"page": page, "form": form, "emails": emails}


@view_config(route_name="admin.credentials.list", request_method="GET",
             permission=Permission.credentials_write, renderer="admin/credentials/list.html")
def list_credentials(request: Request):
    return _page(request, Form(values={"name": request.GET.get("name", "")[:100]}))


@view_config(route_name="admin.credentials.list", request_method="POST", require_csrf=True,
             permission=Permission.credentials_write, renderer="admin/credentials/list.html")
def set_credential(request: Request):
    tenant = require_tenant(request)
    form = Form()
    name = form.text(request.POST, "name", required=True, max_length=100).lower()
    if name and not NAME_RE.match(name):
        form.error("name", "Use lower-case letters, digits, '.', '_' and '-', e.g. daxtra.")
    value = request.POST.get("value", "")
    value = value if isinstance(value, str) else ""
    if not value.strip():
        form.error("value", "Value is required.")
    elif len(value) > MAX_VALUE:
        form.error("value", f"At most {MAX_VALUE} characters.")
    if not form.ok:
        request.response.status = 400
        return _page(request, form)
    row = request.db.scalar(select(IntegrationCredential).where(
        IntegrationCredential.name == name))
    replaced = row is not None
    if row is None:
        row = IntegrationCredential(id=new_id(), tenant_id=tenant.id, name=name)
        request.db.add(row)
    row.key_id, row.ciphertext = request.platform.cipher.encrypt(
        value, tenant_id=tenant.id, record_id=row.id, name=name)
    row.set_by = request.user.id
    row.set_at = utcnow()
    audit.record(request, "credential.set", f"credential:{name}", {"replaced": replaced})
    request.session.flash("Credential replaced." if replaced else "Credential saved.")
    return HTTPSeeOther(request.route_path("admin.credentials.list"))


@view_config(route_name="admin.credentials.delete", request_method="POST", require_csrf=True,
             permission=Permission.credentials_write)
def delete_credential(request: Request):
    row = get_owned(request.db, request, IntegrationCredential, request.matchdict["id"])
    audit.record(request, "credential.delete", f"credential:{row.name}")
    request.db.delete(row)
    request.session.flash("Credential deleted.")
    return HTTPSeeOther(request.route_path("admin.credentials.list"))
