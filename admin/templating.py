"""What every console template can use: the signed-in user, navigation, CSRF token, formatting.

Templates are autoescaped (pyramid_jinja2's default, set explicitly in the include) and names
that do not exist are errors (StrictUndefined), so a typo fails a test instead of rendering an
empty string. The one place that lets markup through is `highlight`, which rebuilds a search
engine's highlight from escaped text and nothing but <em> tags.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup
from pyramid.config import Configurator
from pyramid.csrf import get_csrf_token
from pyramid.events import BeforeRender
from pyramid.request import Request

from mustard_admin.nav import navigation
from mustard_core.security import Permission

_EM = re.compile(r"(</?em>)")
SETTINGS_PREFIX = "mustard_admin.jinja2."


class Console:
    """The `console` object in every template."""

    def __init__(self, request: Request):
        self.request = request

    @property
    def user(self):
        return self.request.user

    @property
    def tenant(self):
        return self.request.tenant

    @cached_property
    def nav(self):
        return navigation(self.request) if self.request.user is not None else []

    @cached_property
    def csrf_token(self) -> str:
        return get_csrf_token(self.request)

    def flashes(self) -> list[str]:
        return list(self.request.session.pop_flash())

    def can(self, permission: str) -> bool:
        return bool(self.request.has_permission(permission))

    def static(self, path: str) -> str:
        return self.request.static_path(f"mustard_admin:static/{path}")

    def url(self, route_name: str, **kw: Any) -> str:
        return self.request.route_path(route_name, **kw)

    def with_query(self, **changes: Any) -> str:
        """This page's URL with some query parameters changed (None removes one)."""
        params = {k: v for k, v in self.request.GET.items() if k not in changes}
        params.update({k: v for k, v in changes.items() if v not in (None, "")})
        query = urlencode(params)
        return self.request.path + ("?" + query if query else "")


def add_console(event: BeforeRender) -> None:
    request = event.get("request")
    name = event.get("renderer_name") or ""
    if request is None or not name.startswith("admin/"):
        return
    event.setdefault("console", Console(request))
    event.setdefault("P", Permission)


# --------------------------------------------------------------------------- filters


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def iso(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")


def filesize(value: int | None) -> str:
    if value is None:
        return "—"
    size = float(value)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{value} bytes"


def highlight(marked: str | None) -> Markup:
    """A search highlight as safe markup: every text piece is unescaped then escaped again, and
    only bare <em>/</em> survive, so a provider's mistake cannot inject markup."""
    if not marked:
        return Markup("")
    parts = []
    depth = 0
    for piece in _EM.split(marked):
        if piece == "<em>":
            depth += 1
            parts.append("<mark>")
        elif piece == "</em>":
            if depth:
                depth -= 1
                parts.append("</mark>")
        else:
            parts.append(html.escape(html.unescape(piece), quote=True))
    parts.extend("</mark>" for _ in range(depth))
    return Markup("".join(parts))  # noqa: S704 (built only from escaped text and <mark>)


def safe_url(value: str | None) -> str | None:
    """A link target only if it is http(s); anything else (javascript:, data:) is not linked."""
    if value and re.match(r"^https?://", value.strip(), re.IGNORECASE):
        return value.strip()
    return None


FILTERS = {"datetime": format_datetime, "iso": iso, "filesize": filesize,
           "highlight": highlight, "safe_url": safe_url}


def includeme(config: Configurator) -> None:
    config.add_subscriber(add_console, BeforeRender)

    def add_filters() -> None:
        env = config.get_jinja2_environment(".html")
        env.filters.update(FILTERS)

    config.action(None, add_filters, order=999)
