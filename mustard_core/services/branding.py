"""A tenant's resume branding and defaults, kept in `tenant.settings["branding"]`, and its logo.

The settings hold plain JSON (colours, font, company name and contact block, header and footer,
default template and options, and the logo's metadata); the logo itself is a stored file at
`{tenant_id}/branding/logo`, re-encoded on upload so what we store and render is a plain
bitmap: SVG (which can carry scripts and external references) is refused.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import asdict
from typing import Any

from PIL import Image, UnidentifiedImageError

from mustard_core.errors import ApiError
from mustard_core.models import Tenant, utcnow
from mustard_core.platform import Platform
from mustard_core.resumes import Branding, CompanyContact, ResumeOptions
from mustard_core.resumes.options import MAX_LOGO_BYTES, sniff_image
from mustard_core.roles import StorageNotFound

log = logging.getLogger(__name__)

SETTINGS_KEY = "branding"
LOGO_MEDIA_TYPE = "image/png"
LOGO_MAX_SIDE = 600  # a logo is printed a couple of centimetres wide
LOGO_MAX_UPLOAD = 5 * 1024 * 1024
LOGO_MAX_PIXELS = 40_000_000
LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
OPTION_FIELDS = ("page_size", "anonymised", "hide_employers", "sections", "photo",
                 "employer_phrase")
"""The ResumeOptions fields a tenant may set defaults for (the template has its own field)."""


def logo_key(tenant_id: str) -> str:
    return f"{tenant_id}/branding/logo"


def defaults() -> dict[str, Any]:
    """What a tenant that never set its branding gets."""
    brand = Branding()
    options = ResumeOptions()
    return {
        "company_name": brand.company_name,
        "primary_color": brand.primary_color,
        "accent_color": brand.accent_color,
        "font_family": brand.font_family,
        "contact": None,
        "header_text": brand.header_text,
        "footer_text": brand.footer_text,
        "default_template": options.template,
        "default_options": {name: getattr(options, name) for name in OPTION_FIELDS},
        "logo": None,
    }


def branding_settings(tenant: Tenant) -> dict[str, Any]:
    """The tenant's branding as the API shows it: stored values over the defaults."""
    stored = (tenant.settings or {}).get(SETTINGS_KEY) or {}
    result = defaults()
    for key in result:
        if key in stored:
            result[key] = stored[key]
    stored_options = stored.get("default_options") or {}
    result["default_options"] = {**defaults()["default_options"],
                                 **{key: value for key, value in stored_options.items()
                                    if key in OPTION_FIELDS}}
    return result


def replace_branding(tenant: Tenant, values: dict[str, Any],
                     template_names: tuple[str, ...]) -> dict[str, Any]:
    """Validate and store new branding (everything but the logo, which has its own upload).

    Raises ApiError(422) naming each bad field. `template_names` are the tenant's own
    templates, which the default template may name.
    """
    current = branding_settings(tenant)
    new = defaults()
    new.update({key: value for key, value in values.items() if key in new and key != "logo"})
    new["default_options"] = {**defaults()["default_options"],
                              **(values.get("default_options") or {})}
    new["logo"] = current["logo"]
    errors = [_unprefixed(error) for error in to_branding(new).errors()]
    options = ResumeOptions(template=new["default_template"], **new["default_options"])
    for error in options.errors(template_names):
        field = error["field"]
        field = "default_template" if field == "template" else f"default_options.{field}"
        errors.append({"field": field, "message": error["message"]})
    if errors:
        raise ApiError(422, "The branding is not valid.", code="validation_failed",
                       details=errors)
    _store(tenant, new)
    return new


def to_branding(settings: dict[str, Any], logo: bytes | None = None) -> Branding:
    """The renderer's Branding from the settings shape (and the logo bytes, when loaded)."""
    contact = settings.get("contact")
    return Branding(
        company_name=settings["company_name"],
        logo=logo,
        logo_media_type=(settings.get("logo") or {}).get("media_type") if logo else None,
        primary_color=settings["primary_color"],
        accent_color=settings["accent_color"],
        font_family=settings["font_family"],
        contact=CompanyContact(**contact) if contact else None,
        header_text=settings["header_text"],
        footer_text=settings["footer_text"],
    )


def load_logo(platform: Platform, tenant_id: str, settings: dict[str, Any]) -> bytes | None:
    """The stored logo's bytes, or None when there is none (or it went missing)."""
    if not settings.get("logo"):
        return None
    try:
        with platform.storage.open(logo_key(tenant_id)) as handle:
            return handle.read()
    except StorageNotFound:
        log.warning("the tenant's logo is missing from storage; rendering without it")
        return None


def reencode_logo(data: bytes) -> bytes:
    """A PNG of the uploaded bitmap, at most LOGO_MAX_SIDE on a side, without metadata.

    Transparency is kept (logos sit on coloured bands). SVG is refused rather than sanitised:
    a bitmap export is easy for the tenant, and an SVG sanitiser is a large attack surface.
    """
    if sniff_image(data) == "image/svg+xml" or data[:1024].lstrip().startswith(b"<"):
        raise _invalid_logo("SVG and other text formats are not accepted: upload a PNG, "
                            "JPEG, GIF or WebP image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in LOGO_FORMATS:
                    raise _invalid_logo(f"{image.format} images are not accepted: upload a "
                                        "PNG, JPEG, GIF or WebP image")
                width, height = image.size
                if width * height > LOGO_MAX_PIXELS:
                    raise _invalid_logo(f"{width}x{height} has too many pixels")
                image.load()
                has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
                image = image.convert("RGBA" if has_alpha else "RGB")
                image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
                out = io.BytesIO()
                image.save(out, format="PNG", optimize=True)
    except ApiError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _invalid_logo(f"the file is not a readable image ({type(exc).__name__})") from None
    png = out.getvalue()
    if len(png) > MAX_LOGO_BYTES:
        raise _invalid_logo("the logo is still larger than 2 MB once re-encoded")
    return png


def store_logo(platform: Platform, tenant: Tenant, data: bytes) -> dict[str, Any]:
    """Re-encode and store a new logo; returns the branding with its metadata."""
    if not data:
        raise _invalid_logo("the file is empty")
    if len(data) > LOGO_MAX_UPLOAD:
        raise ApiError(413, "The logo is larger than the limit of 5 MB.",
                       details=[{"field": "file", "message": f"at most {LOGO_MAX_UPLOAD} bytes"}])
    png = reencode_logo(data)
    stored = platform.storage.put(logo_key(tenant.id), io.BytesIO(png),
                                  content_type=LOGO_MEDIA_TYPE, filename="logo.png")
    settings = branding_settings(tenant)
    settings["logo"] = {"media_type": LOGO_MEDIA_TYPE, "size": stored.size,
                        "sha256": stored.sha256, "updated_at": utcnow().isoformat()}
    _store(tenant, settings)
    return settings


def remove_logo(platform: Platform, tenant: Tenant) -> dict[str, Any]:
    settings = branding_settings(tenant)
    settings["logo"] = None
    _store(tenant, settings)
    platform.storage.delete(logo_key(tenant.id))
    return settings


def default_options(settings: dict[str, Any]) -> dict[str, Any]:
    """The tenant's defaults as ResumeOptions fields (template included)."""
    return {"template": settings["default_template"], **settings["default_options"]}


def options_dict(options: ResumeOptions) -> dict[str, Any]:
    values = asdict(options)
    values.pop("template")
    return values


def _store(tenant: Tenant, settings: dict[str, Any]) -> None:
    # A new dict, so the JSON column sees the change (it does not track mutations in place).
    tenant.settings = {**(tenant.settings or {}), SETTINGS_KEY: settings}


def _unprefixed(error: dict[str, str]) -> dict[str, str]:
    return {"field": error["field"].removeprefix("branding."), "message": error["message"]}


def _invalid_logo(message: str) -> ApiError:
    return ApiError(422, "The logo is not an accepted image.", code="validation_failed",
                    details=[{"field": "file", "message": message}])
