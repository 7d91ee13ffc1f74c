"""Regenerate the template previews in this folder: the first page of each built-in template.

Run from the repository root:  .venv/bin/python docs/resumes/make_previews.py
Needs poppler's `pdftoppm` on PATH. Prints the warm render time of each template.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

from mustard_core.resumes import BUILTIN_TEMPLATES, ResumeOptions, ResumeRenderer
from mustard_core.resumes.samples import sample_branding, sample_candidate

HERE = Path(__file__).resolve().parent


def placeholder_photo() -> bytes:
    """A neutral silhouette standing in for a candidate's photo."""
    image = Image.new("RGB", (400, 400), "#c9d3de")
    draw = ImageDraw.Draw(image)
    draw.ellipse((130, 70, 270, 210), fill="#8a9bb0")
    draw.ellipse((60, 230, 340, 520), fill="#8a9bb0")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def main() -> None:
    renderer = ResumeRenderer()
    candidate, branding, photo = sample_candidate(), sample_branding(), placeholder_photo()
    with tempfile.TemporaryDirectory() as tmp:
        for template in BUILTIN_TEMPLATES:
            options = ResumeOptions(template=template, photo=True)
            renderer.render_pdf(candidate, options, branding, photo)  # warm up
            started = time.perf_counter()
            rounds = 5
            for _ in range(rounds):
                pdf = renderer.render_pdf(candidate, options, branding, photo)
            elapsed_ms = (time.perf_counter() - started) / rounds * 1000
            source = Path(tmp) / f"{template}.pdf"
            source.write_bytes(pdf.data)
            subprocess.run(  # noqa: S603
                ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",  # noqa: S607
                 str(source), str(HERE / template)], check=True)
            print(f"{template}: {pdf.pages} pages, warm render {elapsed_ms:.0f} ms, "
                  f"-> {HERE / template}.png", file=sys.stderr)


if __name__ == "__main__":
    main()
