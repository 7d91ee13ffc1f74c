"""The admin console: a server-rendered Pyramid include mounted at /admin.

Administrators, ops and recruiters sign in with the same accounts and roles as the API; the
console keeps them in a signed-cookie session (mustard_core.sessions) and every state-changing
form carries Pyramid's CSRF token. Routes are named `admin.<area>.<action>`, views live in
`mustard_admin.views.<area>`, templates in `templates/admin/<area>/`, and every view declares a
`Permission`. Nothing here needs a build step or a CDN: the CSS and the one small script are
static files served by the app itself.
"""

from __future__ import annotations

from pyramid.config import Configurator

SETTINGS_PREFIX = "mustard_admin.jinja2."


def includeme(config: Configurator) -> None:
    # Jinja2 templates under templates/admin/..., autoescaped, undefined names are errors.
    config.include("pyramid_jinja2")
    settings = config.get_settings()
    settings.setdefault(SETTINGS_PREFIX + "undefined", "strict")
    settings.setdefault(SETTINGS_PREFIX + "autoescape", "true")
    config.add_jinja2_renderer(".html", settings_prefix=SETTINGS_PREFIX)
    config.add_jinja2_search_path("mustard_admin:templates", name=".html")
    config.include("mustard_admin.templating")
    # CSS and JS, cache-busted by a hash of their content.
    config.include("mustard_admin.static")
    # Security headers and the session's absolute timeout for every /admin response.
    config.add_tween("mustard_admin.tweens.admin_tween_factory")
    # Routes, then the views that answer them (and the console's own error pages).
    config.include("mustard_admin.routes")
    config.scan("mustard_admin.views")
