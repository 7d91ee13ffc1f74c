"""Ops: the installed plugins (version, hooks, roles), health checks, and the effective
settings every plugin and the core declared, with secret values masked."""

from __future__ import annotations

from pyramid.request import Request
from pyramid.view import view_config

from mustard_admin.pagination import paginate_list
from mustard_core.health import readiness
from mustard_core.plugins import plugin_infos
from mustard_core.security import Permission
from mustard_core.settings import masked

SELECTED_ROLES = ("storage", "search", "parser", "metrics")


@view_config(route_name="admin.plugins.list", request_method="GET",
             permission=Permission.plugins_read, renderer="admin/plugins/list.html")
def list_plugins(request: Request):
    platform = request.platform
    shown = masked(platform.settings, platform.declared)
    needle = request.GET.get("setting", "").strip().lower()[:100]
    settings = [{"key": s.key, "value": shown.get(s.key), "secret": s.secret, "env": s.env,
                 "help": s.help} for s in sorted(platform.declared, key=lambda s: s.key)
                if not needle or needle in s.key.lower() or needle in (s.env or "").lower()]
    selected = {role: platform.settings.get(f"mustard.{role}") for role in SELECTED_ROLES}
    return {"plugins": plugin_infos(platform.pm), "health": sorted(readiness(platform).items()),
            "settings": paginate_list(settings, request), "setting_filter": needle,
            "selected": selected}
