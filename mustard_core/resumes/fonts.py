"""The fonts bundled with the resume renderer and the CSS that registers them.

Resumes must show every candidate's name as glyphs, whatever the script, on any host: the
renderer therefore never relies on system fonts. The font files live in `fonts/` (copied from
Debian packages, licences alongside) and are registered through `@font-face` rules whose URLs
only the renderer's own URL fetcher serves.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FontFace:
    family: str
    filename: str
    weight: int = 400
    style: str = "normal"


def _family(name: str, stem: str) -> tuple[FontFace, ...]:
    return (FontFace(name, f"{stem}-Regular.ttf"),
            FontFace(name, f"{stem}-Bold.ttf", weight=700),
            FontFace(name, f"{stem}-Italic.ttf", style="italic"),
            FontFace(name, f"{stem}-BoldItalic.ttf", weight=700, style="italic"))


def _regular_bold(name: str, stem: str) -> tuple[FontFace, ...]:
    return (FontFace(name, f"{stem}-Regular.ttf"),
            FontFace(name, f"{stem}-Bold.ttf", weight=700))


_SCRIPTS = ("Arabic", "Hebrew", "Devanagari", "Bengali", "Tamil", "Telugu", "Thai", "Armenian",
            "Georgian")

FONT_FACES: tuple[FontFace, ...] = (
    # Latin, Greek and Cyrillic: the families a tenant's branding may choose from.
    *_family("Noto Sans", "NotoSans"),
    *_family("Noto Serif", "NotoSerif"),
    *_family("Open Sans", "OpenSans"),
    # Scripts the brand families lack, reached through the fallback chain below.
    *(face for script in _SCRIPTS for face in _regular_bold(f"Noto Sans {script}",
                                                             f"NotoSans{script}")),
    FontFace("Droid Sans Fallback", "DroidSansFallbackFull.ttf"),  # Chinese, Japanese, Korean
)

BRAND_FAMILIES: tuple[str, ...] = ("Noto Sans", "Noto Serif", "Open Sans")
"""The families Branding.font_family may name."""

DEFAULT_FAMILY = "Noto Sans"

# Tried in this order for characters the brand family has no glyph for.
FALLBACK_FAMILIES: tuple[str, ...] = (
    "Noto Sans", *(f"Noto Sans {script}" for script in _SCRIPTS), "Droid Sans Fallback")


def font_stack(family: str) -> str:
    """The CSS font-family value for a brand family, with the bundled fallbacks after it.

    Names are left unquoted (valid CSS for names made of words) so the value needs no escaping
    when a template writes it into a <style> element.
    """
    families = [family, *[f for f in FALLBACK_FAMILIES if f != family]]
    generic = "serif" if "Serif" in family else "sans-serif"
    return ", ".join([*families, generic])


def font_face_css(fonts_base_url: str) -> str:
    """One @font-face rule per bundled file, pointing at the renderer's asset URLs."""
    rules = []
    for face in FONT_FACES:
        rules.append(
            "@font-face { "
            f'font-family: "{face.family}"; src: url("{fonts_base_url}{face.filename}"); '
            f"font-weight: {face.weight}; font-style: {face.style}; }}")
    return "\n".join(rules)
