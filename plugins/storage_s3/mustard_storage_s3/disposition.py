"""`Content-Disposition: attachment` headers (RFC 6266) from untrusted file names.

The file name comes from whoever uploaded the file. It must never break the header (quotes,
newlines, control characters), never carry a path, and must survive non-ASCII names: we send a
sanitised ASCII `filename` for old clients and, when the name is not plain ASCII, the exact
UTF-8 name as `filename*` (RFC 5987 percent-encoding), which modern browsers prefer.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

MAX_NAME_CHARS = 150
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9 ._()+-]")
# RFC 5987 attr-char, apart from the ALPHA / DIGIT that quote() always keeps.
_ATTR_CHAR_SAFE = "!#$&+-.^_`|~"


def safe_filename(filename: str | None) -> str | None:
    """The base name without any path, control or format characters; None when nothing is left."""
    if not filename:
        return None
    name = unicodedata.normalize("NFC", str(filename))
    name = re.split(r"[/\\]", name)[-1]
    kept = []
    for ch in name:
        category = unicodedata.category(ch)
        if category.startswith("Z"):
            kept.append(" ")  # any separator (no-break space, line separator) is a space
        elif not category.startswith("C"):
            kept.append(ch)  # control, format and unassigned characters are dropped
    name = "".join(kept)
    name = " ".join(name.split()).strip(" .")
    if not name:
        return None
    if len(name) > MAX_NAME_CHARS:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: MAX_NAME_CHARS - len(ext) - 1] + "." + ext
        else:
            name = name[:MAX_NAME_CHARS]
    return name


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _ASCII_UNSAFE.sub("_", folded)


def ascii_fallback(name: str) -> str:
    """A plain-ASCII stand-in for `filename=` (accents dropped, anything else becomes `_`);
    `download` when no letter or digit of the name survives."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = _fold(stem).strip(" .")
    ext = re.sub(r"[^A-Za-z0-9]", "", _fold(ext))
    if not any(ch.isalnum() for ch in stem):
        stem = "download"
    return f"{stem}.{ext}" if ext else stem


def attachment(filename: str | None) -> str:
    """The header value that makes a browser save the file under (a safe form of) its name."""
    name = safe_filename(filename)
    if name is None:
        return "attachment"
    fallback = ascii_fallback(name)
    header = f'attachment; filename="{fallback}"'
    if fallback != name:
        header += f"; filename*=UTF-8''{quote(name, safe=_ATTR_CHAR_SAFE)}"
    return header
