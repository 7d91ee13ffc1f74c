"""ResumeRenderer: candidate data + options + branding -> HTML (Jinja2) -> PDF (WeasyPrint).

Build one renderer per process (a Celery worker, a web process) and reuse it: the constructor
lists the assets, registers the bundled fonts with Fontconfig and compiles the built-in
templates, which is the slow part of a first render. Renders are serialised by a lock because
the shared font configuration (Pango/Fontconfig state) is not safe to use from two threads.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import traceback
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from mustard_core.resumes.assets import (
    FONTS_URL,
    PACKAGE_DIR,
    TEMPLATES_URL,
    AssetFetcher,
    AssetStore,
    EmbeddedImages,
)
from mustard_core.resumes.context import build_context
from mustard_core.resumes.fonts import font_face_css
from mustard_core.resumes.options import BUILTIN_TEMPLATES, Branding, ResumeOptions, validate

MAX_TENANT_TEMPLATE_CHARS = 200_000
MAX_HTML_CHARS = 5_000_000
_TENANT_TEMPLATE_NAME = "<template>"  # what Jinja calls templates made from strings


class TemplateError(Exception):
    """A tenant template that cannot be compiled or rendered; the message says where and why."""

    def __init__(self, message: str, lineno: int | None = None) -> None:
        super().__init__(f"line {lineno}: {message}" if lineno else message)
        self.lineno = lineno
        self.errors = [{"field": "template", "message": str(self)}]


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    sha256: str
    refused_urls: tuple[str, ...] = ()
    """Resources the document asked for and did not get (scheme and host only)."""


class _CountingLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that counts template reads, so reuse across renders is observable."""

    def __init__(self, searchpath: str) -> None:
        super().__init__(searchpath)
        self.loads = 0

    def get_source(self, environment, template):
        self.loads += 1
        return super().get_source(environment, template)


class ResumeRenderer:
    """Renders resumes with the built-in templates or a tenant's own (sandboxed) template."""

    def __init__(self) -> None:
        self._assets = AssetStore(PACKAGE_DIR)
        self._loader = _CountingLoader(str(PACKAGE_DIR / "templates"))
        common = {"loader": self._loader, "autoescape": True, "auto_reload": False,
                  "undefined": jinja2.StrictUndefined, "trim_blocks": True,
                  "lstrip_blocks": True}
        self._env = jinja2.Environment(**common)  # noqa: S701 (autoescape is on)
        self._sandbox = ImmutableSandboxedEnvironment(**common)
        # Compile every template now, the partials they extend and import included.
        for name in self._loader.list_templates():
            if name.endswith(".html"):
                self._env.get_template(name)
        self._templates = {name: self._env.get_template(f"{name}.html")
                           for name in BUILTIN_TEMPLATES}
        # Tenants have few templates: keep the compiled ones (lru_cache is thread-safe).
        self._compiled_tenant = functools.lru_cache(maxsize=64)(self._compile_uncached)
        self._font_config = FontConfiguration()
        self._font_fetcher = AssetFetcher(self._assets, fonts=True)
        # Parsing the @font-face rules once registers every bundled font once for all renders.
        self._font_css = CSS(string=font_face_css(FONTS_URL), base_url=FONTS_URL,
                             url_fetcher=self._font_fetcher, font_config=self._font_config)
        self._lock = threading.Lock()

    @property
    def loads(self) -> dict[str, int]:
        """How often assets were read, templates compiled and fonts registered (tests use it)."""
        return {"assets": self._assets.reads, "templates": self._loader.loads,
                "fonts": self._font_fetcher.font_fetches}

    def render_html(self, candidate: dict[str, Any], options: ResumeOptions,
                    branding: Branding | None = None, photo: bytes | None = None,
                    tenant_template: str | None = None) -> str:
        """The resume as self-contained HTML (images as data: URIs), for previews and PDFs."""
        html, _ = self._html(candidate, options, branding or Branding(), photo, tenant_template)
        return html

    def render_pdf(self, candidate: dict[str, Any], options: ResumeOptions,
                   branding: Branding | None = None, photo: bytes | None = None,
                   tenant_template: str | None = None) -> RenderedPdf:
        """The resume as a PDF. Raises InvalidResumeOptions or TemplateError."""
        html, images = self._html(candidate, options, branding or Branding(), photo,
                                  tenant_template)
        fetcher = AssetFetcher(self._assets, images)
        with self._lock:
            document = HTML(string=html, base_url=TEMPLATES_URL, url_fetcher=fetcher).render(
                stylesheets=[self._font_css], font_config=self._font_config)
            data = document.write_pdf()
        return RenderedPdf(data=data, pages=len(document.pages),
                           sha256=hashlib.sha256(data).hexdigest(),
                           refused_urls=tuple(fetcher.refused))

    def _html(self, candidate: dict[str, Any], options: ResumeOptions, branding: Branding,
              photo: bytes | None, tenant_template: str | None) -> tuple[str, EmbeddedImages]:
        # A tenant template's name is the caller's business; only built-in names are checked.
        extra = (options.template,) if tenant_template is not None else ()
        validate(options, branding, extra_templates=extra)
        images = EmbeddedImages()
        context = build_context(candidate, options, branding, photo, images)
        if tenant_template is None:
            return self._templates[options.template].render(context), images
        return self._render_tenant(tenant_template, context), images

    def _render_tenant(self, source: str, context: dict[str, Any]) -> str:
        template = self._compile_tenant(source)
        size, parts = 0, []
        try:
            for part in template.generate(context):
                size += len(part)
                if size > MAX_HTML_CHARS:
                    raise TemplateError("the template produces more than 5 MB of HTML")
                parts.append(part)
        except TemplateError:
            raise
        except jinja2.TemplateError as error:
            raise TemplateError(_describe(error), _template_line(error)) from None
        except Exception as error:
            raise TemplateError(f"{type(error).__name__}: {error}",
                                _template_line(error)) from None
        return "".join(parts)

    def _compile_tenant(self, source: str) -> jinja2.Template:
        if len(source) > MAX_TENANT_TEMPLATE_CHARS:
            raise TemplateError("the template is larger than 200,000 characters")
        try:
            return self._compiled_tenant(source)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(f"syntax error: {error.message}", error.lineno) from None

    def _compile_uncached(self, source: str) -> jinja2.Template:
        # from_string names the template "<template>" in tracebacks (see _template_line).
        return self._sandbox.from_string(source)


def _describe(error: jinja2.TemplateError) -> str:
    if isinstance(error, jinja2.exceptions.SecurityError):
        return f"not allowed in templates: {error}"
    if isinstance(error, jinja2.TemplateNotFound):
        return f"no such template to include or extend: {error.name}"
    return str(error.message or error)


def _template_line(error: BaseException) -> int | None:
    """The tenant template line the error happened on (Jinja maps its frames back to lines)."""
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__)
             if frame.filename == _TENANT_TEMPLATE_NAME]
    return lines[-1] if lines else getattr(error, "lineno", None)
