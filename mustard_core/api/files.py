"""Sending a stored file: one place for how a document, a resume PDF or an export ZIP leaves.

Streamed from the storage provider (never read whole into memory), with its length, the
disposition the caller chose, `nosniff` (the browser must not guess a type: the media type was
sniffed at upload) and `no-store` (candidate data stays out of shared caches).
"""

from __future__ import annotations

from pyramid.request import Request
from pyramid.response import FileIter, Response

from mustard_core.errors import ApiError
from mustard_core.roles import StorageNotFound


def stored_file_response(request: Request, key: str, *, media_type: str, size: int | None,
                         disposition: str, missing: ApiError) -> Response:
    """The file at `key` as a response; `missing` is raised when the store has no such file."""
    try:
        handle = request.platform.storage.open(key)
    except StorageNotFound:
        raise missing from None
    response = Response(content_type=media_type, app_iter=FileIter(handle))
    if size is not None:
        response.content_length = size
    response.content_disposition = disposition
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
