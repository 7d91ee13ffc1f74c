"""The OpenAPI document: served to clients, and the validator of every API request.

Views opt in with `openapi=True` (a view deriver). Their route pattern and method name an
operation of the document; path, query and JSON body are validated against it before the view
runs, and the coerced values land in `request.validated`. So the document cannot drift from
what the API accepts: it is what the API accepts.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from pyramid.config import Configurator
from pyramid.interfaces import IRoutesMapper
from pyramid.request import Request
from pyramid.response import Response

from mustard_core.errors import ApiError
from mustard_core.profile import PROFILE_SCHEMA

SPEC_PATH = Path(__file__).parent / "api" / "openapi.yaml"
METHODS = ("get", "put", "post", "delete", "patch")


def merge_fragment(spec: dict[str, Any], fragment: dict[str, Any], source: str) -> None:
    """Add a fragment's paths and schemas; redefining either is an error naming the source."""
    for path, item in (fragment.get("paths") or {}).items():
        if path in spec["paths"]:
            raise ValueError(f"{source} redefines {path}")
        spec["paths"][path] = item
    for name, schema in ((fragment.get("components") or {}).get("schemas") or {}).items():
        if name in spec["components"]["schemas"]:
            raise ValueError(f"{source} redefines schema {name}")
        spec["components"]["schemas"][name] = schema


@cache
def core_spec() -> dict[str, Any]:
    """The core's document: openapi.yaml plus the `openapi_<area>.yaml` fragments beside it, so
    an area's routes, views and document live together."""
    raw = yaml.safe_load(SPEC_PATH.read_text())
    for fragment_path in sorted(SPEC_PATH.parent.glob("openapi_*.yaml")):
        merge_fragment(raw, yaml.safe_load(fragment_path.read_text()) or {},
                       fragment_path.name)
    raw["components"]["schemas"]["Profile"] = copy.deepcopy(PROFILE_SCHEMA)
    # Every status an operation does not list (a 401, a 429, a 503...) still answers the one
    # error shape: say so, so clients and contract tests can rely on it.
    for item in raw["paths"].values():
        for method in METHODS:
            if method in item:
                item[method].setdefault("responses", {}).setdefault(
                    "default", {"$ref": "#/components/responses/Error"})
    return raw


def load_spec(registry: Any = None) -> dict[str, Any]:
    """The app's document: the core's, plus what plugins contribute (`mustard_openapi`)."""
    if registry is None:
        return core_spec()
    return registry["openapi.spec"]


def build_spec(platform: Any) -> dict[str, Any]:
    spec = copy.deepcopy(core_spec())
    hook = platform.pm.hook.mustard_openapi
    for impl in hook.get_hookimpls():
        fragment = impl.function(**{a: platform.settings for a in impl.argnames})
        if fragment:
            merge_fragment(spec, fragment, f"plugin {impl.plugin_name}")
    return spec


def served_spec(registry: Any = None) -> dict[str, Any]:
    """The document as served: `mustard:profile` references point at components."""
    spec = copy.deepcopy(load_spec(registry))
    profile = spec["components"]["schemas"]["Profile"]
    profile.pop("$id", None)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("$ref") == "mustard:profile":
                return {"$ref": "#/components/schemas/Profile"}
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(spec)


def _resolve(node: Any, root: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if ref == "mustard:profile":
            return copy.deepcopy(PROFILE_SCHEMA) | {"$id": None}
        if isinstance(ref, str) and ref.startswith("#/"):
            target: Any = root
            for part in ref[2:].split("/"):
                target = target[part]
            return _resolve(target, root)
        return {key: _resolve(value, root) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve(item, root) for item in node]
    return node


def _strip_ids(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip_ids(v) for k, v in node.items() if not (k == "$id" and v is None)}
    if isinstance(node, list):
        return [_strip_ids(item) for item in node]
    return node


class Operation:
    def __init__(self, path: str, method: str, spec: dict[str, Any]):
        item = spec["paths"][path]
        op = item[method]
        self.path = path
        self.method = method
        self.operation_id = op.get("operationId", f"{method} {path}")
        self.parameters = [_strip_ids(_resolve(p, spec))
                           for p in item.get("parameters", []) + op.get("parameters", [])]
        body = _strip_ids(_resolve(op.get("requestBody"), spec)) if op.get("requestBody") else None
        self.body_required = bool(body and body.get("required"))
        self.json_schema = None
        self.multipart = False
        if body:
            content = body.get("content", {})
            if "application/json" in content:
                self.json_schema = jsonschema.Draft202012Validator(
                    content["application/json"]["schema"])
            self.multipart = "multipart/form-data" in content

    def validate(self, request: Request) -> dict[str, Any]:
        details: list[dict[str, str]] = []
        validated: dict[str, Any] = {"path": {}, "query": {}, "body": None}
        for param in self.parameters:
            where = param["in"]
            name = param["name"]
            schema = param.get("schema", {})
            if where == "path":
                raw = request.matchdict.get(name)
            elif where == "query":
                raw = request.GET.get(name)
            else:
                continue
            if raw is None or raw == "":
                if param.get("required"):
                    details.append({"field": name, "message": "is required"})
                elif "default" in schema:
                    validated[where][name] = schema["default"]
                continue
            unstorable = _unstorable_text(raw)
            if unstorable:
                details.append({"field": name, "message": unstorable})
                continue
            try:
                value = _coerce(raw, schema)
            except ValueError as exc:
                details.append({"field": name, "message": str(exc)})
                continue
            for error in jsonschema.Draft202012Validator(schema).iter_errors(value):
                details.append({"field": name, "message": error.message[:300]})
            validated[where][name] = value
        if self.json_schema is not None:
            validated["body"] = self._json_body(request, details)
        elif self.multipart and not request.content_type.startswith("multipart/form-data"):
            raise ApiError(415, "Send the file as multipart/form-data.")
        if details:
            raise ApiError(422, "The request is not valid.", code="validation_failed",
                           details=details)
        return validated

    def _json_body(self, request: Request, details: list[dict[str, str]]) -> Any:
        if not request.body:
            if self.body_required:
                details.append({"field": "body", "message": "a JSON body is required"})
            return None
        if request.content_type != "application/json":
            raise ApiError(415, "Send the body as application/json.")
        try:
            body = json.loads(request.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApiError(400, f"The body is not valid JSON: {exc}", code="invalid_json") from None
        for field, message in _unstorable_strings(body):
            details.append({"field": field, "message": message})
        for error in self.json_schema.iter_errors(body):
            field = ".".join(str(p) for p in error.absolute_path)
            if error.validator == "required":
                missing = error.message.split("'")[1] if "'" in error.message else ""
                field = f"{field}.{missing}" if field else missing
            elif error.validator == "additionalProperties":
                extra = error.message.split("'")[1] if "'" in error.message else ""
                field = f"{field}.{extra}" if field else extra
            details.append({"field": field or "body", "message": error.message[:300]})
        return body


def _unstorable_text(value: str) -> str | None:
    """Why a string cannot be stored as text, or None.

    PostgreSQL refuses NUL characters in text and JSON, and lone surrogates (which JSON's
    `\\ud800` escapes can produce) cannot be encoded at all: either would reach the database
    and answer 500, so the request is refused as invalid before the view runs.
    """
    if "\x00" in value:
        return "must not contain NUL characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode text"
    return None


def _unstorable_strings(node: Any, path: str = "") -> list[tuple[str, str]]:
    """(field, reason) for every key or string value of a JSON body that cannot be stored."""
    found: list[tuple[str, str]] = []
    if isinstance(node, str):
        reason = _unstorable_text(node)
        if reason:
            found.append((path or "body", reason))
    elif isinstance(node, dict):
        for key, value in node.items():
            field = f"{path}.{key}" if path else str(key)
            reason = _unstorable_text(str(key))
            if reason:
                found.append((path or "body", f"a key {reason}"))
                continue
            found += _unstorable_strings(value, field)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += _unstorable_strings(item, f"{path}.{index}" if path else str(index))
    return found[:20]


def _coerce(raw: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    if kind == "integer":
        try:
            return int(raw)
        except ValueError:
            raise ValueError("must be an integer") from None
    if kind == "boolean":
        if raw.lower() in {"true", "1"}:
            return True
        if raw.lower() in {"false", "0"}:
            return False
        raise ValueError("must be true or false")
    if schema.get("format") == "date-time":
        from datetime import datetime

        try:
            value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError("must be an ISO 8601 date-time") from None
        if value.tzinfo is None:
            raise ValueError("must include a time zone (e.g. Z)")
        return raw
    return raw


class OperationIndex:
    def __init__(self, spec: dict[str, Any]):
        self.spec = spec
        self.operations: dict[tuple[str, str], Operation] = {}

    def get(self, pattern: str, method: str) -> Operation:
        key = (pattern, method.lower())
        if key not in self.operations:
            if pattern not in self.spec["paths"] or method.lower() not in self.spec["paths"][
                    pattern]:
                raise LookupError(f"{method} {pattern} is not in the OpenAPI document")
            self.operations[key] = Operation(pattern, method.lower(), self.spec)
        return self.operations[key]


_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def openapi_view_deriver(view, info):
    if not info.options.get("openapi"):
        return view
    route_name = info.options.get("route_name")
    methods = info.options.get("request_method")
    if isinstance(methods, str):
        methods = (methods,)
    if not route_name or not methods:
        raise ValueError("openapi views need route_name and request_method")
    config_registry = info.registry
    index: OperationIndex = config_registry["openapi.index"]
    mapper = config_registry.queryUtility(IRoutesMapper)
    route = mapper.get_route(route_name)
    operations = {m.upper(): index.get(route.pattern, m) for m in methods}

    def validating_view(context, request):
        # An unknown or other tenant's resource answers 404 before its request is judged.
        # Reads leave loading the row to the view when the request is valid, so a cache hit
        # never loads it.
        has_item = hasattr(type(context), "item")
        if has_item and request.method in _BODY_METHODS:
            context.item  # noqa: B018 (loads the row or raises 404)
        try:
            request.validated = operations[request.method].validate(request)
        except ApiError:
            if has_item:
                context.item  # noqa: B018 (a malformed id is an unknown one: 404)
            raise
        return view(context, request)

    return validating_view


openapi_view_deriver.options = ("openapi",)


def spec_view(request: Request) -> Response:
    response = Response(json=served_spec(request.registry), content_type="application/json",
                        charset="utf-8")
    response.cache_control.max_age = 300
    return response


def docs_view(request: Request) -> dict[str, Any]:
    spec = load_spec(request.registry)
    operations = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                operations.append({"method": method.upper(), "path": path,
                                   "summary": item[method].get("summary", ""),
                                   "id": item[method].get("operationId", "")})
    return {"spec": spec, "operations": operations}


DOCS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Mustard API</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
code{background:#f4f4f4;padding:.1rem .3rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}
.m{font-weight:bold;font-family:monospace}</style></head><body>
<h1>Mustard API</h1><p>The machine-readable document is at
<a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th></tr></thead><tbody>
{rows}</tbody></table></body></html>"""


def docs_page(request: Request) -> Response:
    from html import escape

    rows = "".join(
        f'<tr><td class="m">{escape(op["method"])}</td><td><code>{escape(op["path"])}</code>'
        f'</td><td>{escape(op["summary"])}</td></tr>'
        for op in docs_view(request)["operations"])
    return Response(DOCS_PAGE.replace("{rows}", rows), content_type="text/html",
                    charset="utf-8")


def includeme(config: Configurator) -> None:
    config.registry["openapi.spec"] = build_spec(config.registry["platform"])
    config.registry["openapi.index"] = OperationIndex(config.registry["openapi.spec"])
    config.add_view_deriver(openapi_view_deriver)
    config.add_route("api.openapi", "/api/v1/openapi.json")
    config.add_view(spec_view, route_name="api.openapi", request_method="GET")
    config.add_route("api.docs", "/api/v1/docs")
    config.add_view(docs_page, route_name="api.docs", request_method="GET")
