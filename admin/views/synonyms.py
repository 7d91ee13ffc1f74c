"""Ops: the tenant's synonym sets (list, search, create, edit, delete, CSV import and export,
and "push to search"). Every change queues one push of the whole list (services.synonyms)."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import String, cast, delete, func, select

from mustard_admin import synonyms_csv
from mustard_admin.forms import Form
from mustard_admin.pagination import paginate
from mustard_admin.scoping import get_owned, require_tenant
from mustard_core import audit
from mustard_core.errors import ApiError
from mustard_core.models import Synonym
from mustard_core.security import Permission
from mustard_core.services import synonyms as service

TYPE_OPTIONS = [("synonym", "Multi-way: all words mean the same"),
                ("onewaysynonym", "One-way: the input also finds the words")]
TYPES = [value for value, _ in TYPE_OPTIONS]
TYPE_LABELS = {"synonym": "multi-way", "onewaysynonym": "one-way"}


@view_config(route_name="admin.synonyms.list", request_method="GET",
             permission=Permission.synonyms_write, renderer="admin/synonyms/list.html")
def list_synonyms(request: Request):
    require_tenant(request)
    q = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("type", "")
    stmt = select(Synonym)
    if q:
        text = func.lower(func.coalesce(Synonym.input, "") + " " + cast(Synonym.synonyms, String))
        stmt = stmt.where(text.contains(q.lower(), autoescape=True))
    if kind in TYPES:
        stmt = stmt.where(Synonym.type == kind)
    page = paginate(request.db, stmt.order_by(Synonym.created_at.desc(), Synonym.id), request)
    return {"page": page, "q": q, "type": kind, "type_labels": TYPE_LABELS,
            "type_options": TYPE_OPTIONS}


def _read(request: Request) -> tuple[Form, dict]:
    form = Form()
    kind = form.choice(request.POST, "type", TYPES)
    source = form.text(request.POST, "input", max_length=200)
    words = form.words(request.POST, "synonyms")
    body = {"type": kind, "input": source or None, "synonyms": words}
    if form.ok:
        try:
            service.clean(body)
        except ApiError as exc:
            for detail in exc.details:
                form.error(detail["field"], detail["message"][:1].upper() + detail["message"][1:]
                           + ".")
    return form, body


def _form_page(form: Form, row: Synonym | None = None) -> dict:
    return {"form": form, "row": row, "type_options": TYPE_OPTIONS}


def _values(row: Synonym) -> dict:
    return {"type": row.type, "input": row.input or "", "synonyms": "\n".join(row.synonyms)}


@view_config(route_name="admin.synonyms.create", request_method="GET",
             permission=Permission.synonyms_write, renderer="admin/synonyms/form.html")
def create_form(request: Request):
    require_tenant(request)
    return _form_page(Form(values={"type": "synonym", "input": "", "synonyms": ""}))


@view_config(route_name="admin.synonyms.create", request_method="POST", require_csrf=True,
             permission=Permission.synonyms_write, renderer="admin/synonyms/form.html")
def create(request: Request):
    tenant = require_tenant(request)
    form, body = _read(request)
    if not form.ok:
        request.response.status = 400
        return _form_page(form)
    row = service.create(request.db, tenant, body, request_id=request.request_id)
    audit.record(request, "synonyms.create", f"synonym:{row.id}",
                 {"after": service.serialize(row)})
    request.session.flash("Synonym set created; it is being pushed to search.")
    return HTTPSeeOther(request.route_path("admin.synonyms.list"))


@view_config(route_name="admin.synonyms.edit", request_method="GET",
             permission=Permission.synonyms_write, renderer="admin/synonyms/form.html")
def edit_form(request: Request):
    row = get_owned(request.db, request, Synonym, request.matchdict["id"])
    return _form_page(Form(values=_values(row)), row)


@view_config(route_name="admin.synonyms.edit", request_method="POST", require_csrf=True,
             permission=Permission.synonyms_write, renderer="admin/synonyms/form.html")
def edit(request: Request):
    row = get_owned(request.db, request, Synonym, request.matchdict["id"])
    form, body = _read(request)
    if not form.ok:
        request.response.status = 400
        return _form_page(form, row)
    before = service.serialize(row)
    service.replace(request.db, row, body, request_id=request.request_id)
    audit.record(request, "synonyms.update", f"synonym:{row.id}",
                 {"before": before, "after": service.serialize(row)})
    request.session.flash("Synonym set saved; it is being pushed to search.")
    return HTTPSeeOther(request.route_path("admin.synonyms.list"))


@view_config(route_name="admin.synonyms.delete", request_method="POST", require_csrf=True,
             permission=Permission.synonyms_write)
def delete_synonym(request: Request):
    row = get_owned(request.db, request, Synonym, request.matchdict["id"])
    before = service.serialize(row)
    service.delete(request.db, row, request_id=request.request_id)
    audit.record(request, "synonyms.delete", f"synonym:{before['id']}", {"before": before})
    request.session.flash("Synonym set deleted.")
    return HTTPSeeOther(request.route_path("admin.synonyms.list"))


@view_config(route_name="admin.synonyms.push", request_method="POST", require_csrf=True,
             permission=Permission.synonyms_write)
def push(request: Request):
    tenant = require_tenant(request)
    job = service.request_push(request.db, tenant.id, request.request_id)
    audit.record(request, "synonyms.push", f"job:{job.id}")
    request.session.flash("Synonyms are being pushed to search.")
    return HTTPSeeOther(request.route_path("admin.jobs.detail", id=job.id))


@view_config(route_name="admin.synonyms.export", request_method="GET",
             permission=Permission.synonyms_write)
def export(request: Request):
    tenant = require_tenant(request)
    rows = request.db.scalars(select(Synonym).order_by(Synonym.created_at, Synonym.id))
    response = Response(synonyms_csv.export(rows), content_type="text/csv", charset="utf-8")
    response.content_disposition = f'attachment; filename="synonyms-{tenant.slug}.csv"'
    return response


# --------------------------------------------------------------------------- import


MODES = [("append", "Add to the existing sets"), ("replace", "Replace every existing set")]


@view_config(route_name="admin.synonyms.import", request_method="GET",
             permission=Permission.synonyms_write, renderer="admin/synonyms/import.html")
def import_form(request: Request):
    require_tenant(request)
    return {"form": Form(values={"mode": "append"}), "modes": MODES, "problems": []}


@view_config(route_name="admin.synonyms.import", request_method="POST", require_csrf=True,
             permission=Permission.synonyms_write, renderer="admin/synonyms/import.html")
def import_csv(request: Request):
    tenant = require_tenant(request)
    form = Form()
    mode = form.choice(request.POST, "mode", [value for value, _ in MODES])
    upload = request.POST.get("file")
    problems: list[str] = []
    rows: list[synonyms_csv.Row] = []
    if not hasattr(upload, "file"):
        form.error("file", "Choose a CSV file.")
    else:
        try:
            rows = synonyms_csv.parse(upload.file.read(synonyms_csv.MAX_BYTES + 1))
        except synonyms_csv.CsvError as exc:
            form.error("file", str(exc))
        else:
            if not rows:
                form.error("file", "The file has no synonym sets.")
            for row in rows:
                if row.body["type"] not in TYPES:
                    problems.append(f"Line {row.line}: type must be one of {', '.join(TYPES)}")
                    continue
                try:
                    service.clean(dict(row.body))
                except ApiError as exc:
                    problems.append(f"Line {row.line}: " + "; ".join(
                        f"{d['field']}: {d['message']}" for d in exc.details))
            if problems:
                form.error("file", f"{len(problems)} line(s) are not valid; nothing was "
                           "imported.")
    page = {"form": form, "modes": MODES, "problems": problems[:50]}
    if not form.ok:
        request.response.status = 400
        return page
    removed = 0
    if mode == "replace":
        removed = request.db.execute(delete(Synonym).where(Synonym.tenant_id == tenant.id)
                                     ).rowcount or 0
    for row in rows:
        service.create(request.db, tenant, row.body, request_id=request.request_id)
    audit.record(request, "synonyms.import", None,
                 {"mode": mode, "imported": len(rows), "removed": removed})
    request.session.flash(f"Imported {len(rows)} synonym set(s); they are being pushed to "
                          "search.")
    return HTTPSeeOther(request.route_path("admin.synonyms.list"))
