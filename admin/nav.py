"""The console's navigation: what this user may open, plus the panels plugins add.

An entry shows only when its route exists and the user holds its permission, so the navigation
never offers a page that answers 403. The branding and resume-template pages belong to the
resume issue: their entries are slots that appear once those routes are registered.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyramid.interfaces import IRoutesMapper
from pyramid.request import Request

from mustard_core.plugins import AdminPanel
from mustard_core.security import Permission as P


@dataclass(frozen=True)
class NavItem:
    section: str
    title: str
    route_name: str
    permission: str


NAV: tuple[NavItem, ...] = (
    NavItem("Overview", "Dashboard", "admin.dashboard.index", P.console),
    NavItem("Platform", "Tenants", "admin.tenants.list", P.platform_tenants),
    NavItem("Recruiting", "Candidates", "admin.candidates.list", P.candidates_read),
    NavItem("Recruiting", "Possible duplicates", "admin.duplicates.list", P.candidates_read),
    NavItem("Recruiting", "Erasures", "admin.erasures.list", P.candidates_read),
    NavItem("Tenant", "Users", "admin.users.list", P.users_manage),
    NavItem("Tenant", "API tokens", "admin.tokens.list", P.users_manage),
    NavItem("Tenant", "Credentials", "admin.credentials.list", P.credentials_write),
    NavItem("Tenant", "Data retention", "admin.retention.index", P.tenant_settings),
    # Slots for the resume issue's pages (mustard_core.resumes); shown once they exist.
    NavItem("Tenant", "Branding", "admin.branding.index", P.tenant_settings),
    NavItem("Tenant", "Resume templates", "admin.templates.index", P.tenant_settings),
    NavItem("Operations", "Synonyms", "admin.synonyms.list", P.synonyms_write),
    NavItem("Operations", "Reindex", "admin.reindex.index", P.reindex),
    NavItem("Operations", "Jobs", "admin.jobs.list", P.console),
    NavItem("Operations", "Plugins", "admin.plugins.list", P.plugins_read),
    NavItem("Operations", "Audit log", "admin.audit.list", P.audit_read),
)


@dataclass(frozen=True)
class NavLink:
    title: str
    url: str
    current: bool


def plugin_panels(request: Request) -> list[AdminPanel]:
    panels: list[AdminPanel] = []
    for group in request.platform.pm.hook.mustard_admin_panels():
        panels.extend(panel for panel in (group or []) if isinstance(panel, AdminPanel))
    return panels


def navigation(request: Request) -> list[tuple[str, list[NavLink]]]:
    """[(section, [links])] for the signed-in user, in display order."""
    mapper = request.registry.getUtility(IRoutesMapper)
    current = request.matched_route.name if request.matched_route else ""
    area = current.split(".")[1] if current.count(".") >= 2 else ""
    items = list(NAV) + [NavItem("Plugins", p.title, p.route_name, p.permission)
                         for p in plugin_panels(request)]
    sections: dict[str, list[NavLink]] = {}
    for item in items:
        if mapper.get_route(item.route_name) is None:
            continue
        if not request.has_permission(item.permission):
            continue
        try:
            url = request.route_path(item.route_name)
        except KeyError:  # a panel whose route needs parameters cannot be linked
            continue
        parts = item.route_name.split(".")
        is_current = item.route_name == current or (
            len(parts) >= 3 and parts[0] == "admin" and parts[1] == area)
        sections.setdefault(item.section, []).append(NavLink(item.title, url, is_current))
    return list(sections.items())


def home_url(request: Request) -> str:
    """Where a user lands after signing in: the first page they may open."""
    for _section, links in navigation(request):
        if links:
            return links[0].url
    return request.route_path("admin.auth.login")
