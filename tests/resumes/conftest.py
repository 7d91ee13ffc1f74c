"""Fixtures for the resume renderer tests: one renderer per session and PDF readers."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from PIL import Image
from pypdf import PdfReader

from mustard_core.resumes import ResumeRenderer


@pytest.fixture(scope="session")
def renderer() -> ResumeRenderer:
    """Built once, as production builds it once per process."""
    return ResumeRenderer()


@dataclass
class ReadPdf:
    pages: list[str]
    fonts: set[str]
    images: int
    media_box: tuple[float, float]
    title: str | None

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flat(self) -> str:
        """All text with whitespace collapsed, for phrases that may wrap across lines."""
        return re.sub(r"\s+", " ", self.text)


def read_pdf(data: bytes) -> ReadPdf:
    reader = PdfReader(io.BytesIO(data))
    fonts: set[str] = set()
    images = 0
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            # "/ABCDEF+Noto-Sans-Bold" -> "Noto-Sans-Bold": drop the subset tag.
            fonts.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
        images += len(page.images)
    box = reader.pages[0].mediabox
    title = reader.metadata.title if reader.metadata else None
    return ReadPdf(pages=[p.extract_text() for p in reader.pages], fonts=fonts, images=images,
                   media_box=(float(box.width), float(box.height)), title=title)


@pytest.fixture
def pdf_reader() -> Callable[[bytes], ReadPdf]:
    return read_pdf


def make_png(colour: str = "#d4a017", size: tuple[int, int] = (120, 120)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def png() -> Callable[..., bytes]:
    return make_png
