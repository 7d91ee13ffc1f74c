"""Branded PDF resumes: candidate data + options + branding -> Jinja2 HTML -> WeasyPrint PDF.

The public API is re-exported here; see docs/resumes/README.md for templates, options,
branding and the context tenant templates receive.
"""

from mustard_core.resumes.fonts import BRAND_FAMILIES
from mustard_core.resumes.options import (
    BUILTIN_TEMPLATES,
    PAGE_SIZES,
    SECTIONS,
    Branding,
    CompanyContact,
    InvalidResumeOptions,
    ResumeOptions,
)
from mustard_core.resumes.renderer import RenderedPdf, ResumeRenderer, TemplateError

__all__ = [
    "BRAND_FAMILIES",
    "BUILTIN_TEMPLATES",
    "PAGE_SIZES",
    "SECTIONS",
    "Branding",
    "CompanyContact",
    "InvalidResumeOptions",
    "RenderedPdf",
    "ResumeOptions",
    "ResumeRenderer",
    "TemplateError",
]
