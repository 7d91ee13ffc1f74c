"""The candidate data lifecycle in the console: the duplicate review queue, erasing a
candidate and following the erasure, and the tenant's retention rule with its dry run.

The domain logic is in mustard_core.services (duplicates, erasure, retention); these views
read forms and show results. The retention rule can only be switched on from a dry-run report:
the report's "Switch on" form carries the count it showed, and the service refuses the change
when the count is no longer what the rule would erase (so the admin sees the numbers again).
"""

from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.request import Request
from pyramid.view import view_config
from sqlalchemy import select

from mustard_admin.forms import Form
from mustard_admin.pagination import paginate
from mustard_admin.scoping import get_owned, require_tenant
from mustard_core.errors import ApiError
from mustard_core.models import Candidate, DuplicateReview, Erasure, utcnow
from mustard_core.security import Permission
from mustard_core.services import duplicates as duplicate_service
from mustard_core.services import erasure as erasure_service
from mustard_core.services import retention as retention_service

STATES = ("open", "kept_apart")
ERASURE_STATES = ("pending", "completed")


# --------------------------------------------------------------------------- duplicates


@view_config(route_name="admin.duplicates.list", request_method="GET",
             permission=Permission.candidates_read, renderer="admin/lifecycle/duplicates.html")
def list_duplicates(request: Request):
    require_tenant(request)
    state = request.GET.get("state", "open")
    state = state if state in STATES else "open"
    page = paginate(request.db, duplicate_service.list_query(state), request)
    pairs = duplicate_service.with_candidates(request.db, page.items)
    return {"page": page, "pairs": pairs, "state": state, "states": STATES,
            "labels": duplicate_service.LABELS}


def _review(request: Request) -> DuplicateReview:
    return get_owned(request.db, request, DuplicateReview, request.matchdict["id"])


@view_config(route_name="admin.duplicates.merge", request_method="POST", require_csrf=True,
             permission=Permission.candidates_write)
def merge(request: Request):
    review = _review(request)
    keep = request.POST.get("keep") or None
    try:
        survivor = duplicate_service.merge(
            request.platform, request.db, require_tenant(request), review, keep_id=keep,
            actor_id=request.user.id, request_id=request.request_id, audit_target=request)
    except ApiError as exc:
        request.session.flash(exc.message)
        return HTTPSeeOther(request.route_path("admin.duplicates.list"))
    request.session.flash("Merged: every document and resume is now on this profile.")
    return HTTPSeeOther(request.route_path("admin.candidates.detail", id=survivor.id))


@view_config(route_name="admin.duplicates.keep_apart", request_method="POST", require_csrf=True,
             permission=Permission.candidates_write)
def keep_apart(request: Request):
    review = _review(request)
    try:
        duplicate_service.keep_apart(request, review, actor_id=request.user.id)
    except ApiError as exc:
        request.session.flash(exc.message)
    else:
        request.session.flash("Kept apart: this pair will not be raised again.")
    return HTTPSeeOther(request.route_path("admin.duplicates.list"))


# --------------------------------------------------------------------------- erasure


@view_config(route_name="admin.candidates.erase", request_method="POST", require_csrf=True,
             permission=Permission.candidates_write)
def erase_candidate(request: Request):
    tenant = require_tenant(request)
    candidate = get_owned(request.db, request, Candidate, request.matchdict["id"])
    erasure = erasure_service.request_erasure(
        request.platform, request.db, tenant, candidate, source="admin",
        actor_id=request.user.id, request_id=request.request_id, audit_target=request)
    request.session.flash("The candidate was erased from the database; the other stores "
                          "follow (see below).")
    return HTTPSeeOther(request.route_path("admin.erasures.detail", id=erasure.id))


@view_config(route_name="admin.erasures.list", request_method="GET",
             permission=Permission.candidates_read, renderer="admin/lifecycle/erasures.html")
def list_erasures(request: Request):
    require_tenant(request)
    state = request.GET.get("state", "")
    stmt = select(Erasure)
    if state in ERASURE_STATES:
        stmt = stmt.where(Erasure.state == state)
    else:
        state = ""
    page = paginate(request.db, stmt.order_by(Erasure.created_at.desc(), Erasure.id), request)
    return {"page": page, "state": state, "states": ERASURE_STATES}


@view_config(route_name="admin.erasures.detail", request_method="GET",
             permission=Permission.candidates_read, renderer="admin/lifecycle/erasure.html")
def erasure_detail(request: Request):
    require_tenant(request)
    erasure = get_owned(request.db, request, Erasure, request.matchdict["id"])
    return {"erasure": erasure, "view": erasure_service.serialize(erasure)}


# --------------------------------------------------------------------------- retention


def _retention_page(request: Request, form: Form, report=None) -> dict:
    tenant = require_tenant(request)
    return {"rule": retention_service.rule(tenant), "form": form, "report": report,
            "last_run": retention_service.last_run(request.db),
            "min_months": retention_service.MIN_MONTHS,
            "max_months": retention_service.MAX_MONTHS}


@view_config(route_name="admin.retention.index", request_method="GET",
             permission=Permission.tenant_settings, renderer="admin/lifecycle/retention.html")
def retention(request: Request):
    rule = retention_service.rule(require_tenant(request))
    report = None
    if rule.enabled and rule.months:
        report = retention_service.dry_run(request.db, rule.months, utcnow())
    return _retention_page(request, Form(values={"months": rule.months or 24}), report)


@view_config(route_name="admin.retention.index", request_method="POST", require_csrf=True,
             permission=Permission.tenant_settings, renderer="admin/lifecycle/retention.html")
def retention_post(request: Request):
    """`action`: `preview` shows the dry run; `enable` switches the rule on (with the count
    the preview showed); `disable` switches it off."""
    tenant = require_tenant(request)
    action = request.POST.get("action")
    form = Form()
    if action not in {"preview", "enable", "disable"}:
        form.error("__all__", "Choose preview, switch on or switch off.")
    raw = form.text(request.POST, "months", required=action != "disable", max_length=3,
                    label="Months")
    months = None
    if raw:
        try:
            months = retention_service.validate_months(int(raw))
        except (ValueError, ApiError):
            form.error("months", f"Enter a whole number of months from "
                       f"{retention_service.MIN_MONTHS} to {retention_service.MAX_MONTHS}.")
    if not form.ok:
        request.response.status = 400
        return _retention_page(request, form)
    if action == "preview":
        return _retention_page(request, form,
                               retention_service.dry_run(request.db, months, utcnow()))
    confirm = request.POST.get("confirm_count", "")
    try:
        retention_service.set_rule(
            request, request.db, tenant, enabled=action == "enable", months=months,
            confirm_count=int(confirm) if confirm.isdigit() else None,
            actor_id=request.user.id)
    except ApiError as exc:
        # The numbers changed (or no preview was seen): show the dry run again.
        form.error("__all__", exc.message)
        request.response.status = 409
        return _retention_page(request, form,
                               retention_service.dry_run(request.db, months, utcnow()))
    request.session.flash("Retention rule switched on: the periodic worker applies it daily."
                          if action == "enable" else "Retention rule switched off.")
    return HTTPSeeOther(request.route_path("admin.retention.index"))
