"""Candidate photos: decoded, bounded and re-encoded, so what we store is a plain image.

Re-encoding drops metadata (GPS, camera serials), scripts in SVG never get in (SVG is not an
accepted photo type), and a decompression bomb is refused before it is decoded.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from mustard_core.errors import ApiError

MAX_PIXELS = 40_000_000  # a 20000x20000 "photo" is refused before decoding
MAX_SIDE = 1024


def reencode(data: bytes) -> tuple[bytes, str]:
    """(bytes, media type) of a JPEG at most MAX_SIDE on each side."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ApiError(422, "The photo has too many pixels.",
                                   code="validation_failed",
                                   details=[{"field": "file",
                                             "message": f"{width}x{height} is too large"}])
                image.load()
                image = image.convert("RGB")
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                out = io.BytesIO()
                image.save(out, format="JPEG", quality=85, optimize=True)
                return out.getvalue(), "image/jpeg"
    except ApiError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses huge images itself before our size check can name them
        raise ApiError(422, "The photo has too many pixels.", code="validation_failed",
                       details=[{"field": "file", "message": "the image is too large"}]) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ApiError(422, "The photo could not be read as an image.", code="validation_failed",
                       details=[{"field": "file", "message": type(exc).__name__}]) from None
