"""Keyset pagination: opaque cursors, and the newest-first listing most resources share.

A cursor names the sort it belongs to, the last row's sort value and its id, so a page never
skips or repeats a row when others are added meanwhile, and a cursor from another list (or a
tampered one) is a 422 naming the `cursor` parameter rather than a wrong page.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import Session

from mustard_core.errors import ApiError

NEWEST_FIRST = "-created_at"


def encode_cursor(sort: str, value: Any, last_id: str) -> str:
    if isinstance(value, datetime):
        value = value.isoformat()
    raw = json.dumps({"s": sort, "v": value, "id": last_id}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    """(last value, last id) of a cursor made for `sort`; values of `*_at` sorts as datetimes."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded))
        if data["s"] != sort:
            raise ValueError("cursor belongs to another sort order")
        value = data["v"]
        if sort.endswith("_at"):
            value = datetime.fromisoformat(value)
        return value, str(data["id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ApiError(422, "The cursor is not valid.", code="validation_failed",
                       details=[{"field": "cursor", "message": str(exc)[:200]}]) from None


def newest_first(stmt: Select, model: Any, cursor: str | None) -> Select:
    """`stmt` ordered by (created_at, id) descending, after the cursor's row if given."""
    if cursor:
        created, last_id = decode_cursor(cursor, NEWEST_FIRST)
        stmt = stmt.where(or_(model.created_at < created,
                              and_(model.created_at == created, model.id < last_id)))
    return stmt.order_by(model.created_at.desc(), model.id.desc())


def newest_first_page(session: Session, stmt: Select, model: Any, *, limit: int,
                      cursor: str | None) -> tuple[list[Any], str | None]:
    """One page of `stmt`, newest first: its rows and the next page's cursor (or None)."""
    rows = list(session.scalars(newest_first(stmt, model, cursor).limit(limit + 1)))
    return rows[:limit], newest_first_cursor(rows, limit)


def newest_first_cursor(rows: list[Any], limit: int) -> str | None:
    """The next page's cursor, given `limit + 1` rows of a newest_first query."""
    if len(rows) <= limit:
        return None
    last = rows[limit - 1]
    return encode_cursor(NEWEST_FIRST, last.created_at, last.id)
