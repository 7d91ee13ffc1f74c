"""Numbered pages for every console list (lists here are for people, not for sync clients,
so page numbers beat cursors: a page can be linked, and the total is worth its count query)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyramid.request import Request
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

PER_PAGE = 25


@dataclass
class Page:
    items: list[Any]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_index(self) -> int:
        return 0 if not self.total else (self.number - 1) * self.per_page + 1

    @property
    def last_index(self) -> int:
        return min(self.total, self.number * self.per_page)

    def window(self, size: int = 2) -> list[int | None]:
        """Page numbers to link: the first, the last, and `size` around the current one; None
        marks a gap."""
        shown = sorted({1, self.pages, *range(max(1, self.number - size),
                                               min(self.pages, self.number + size) + 1)})
        out: list[int | None] = []
        for n in shown:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out


def page_number(request: Request) -> int:
    try:
        return max(1, min(100000, int(request.GET.get("page", "1"))))
    except ValueError:
        return 1


def paginate(session: Session, stmt: Select, request: Request, *,
             per_page: int = PER_PAGE, scalars: bool = True) -> Page:
    """One page of `stmt` (already ordered) and the total it was taken from."""
    number = page_number(request)
    total = session.scalar(select(func.count()).select_from(
        stmt.order_by(None).subquery())) or 0
    pages = max(1, -(-total // per_page))
    number = min(number, pages)
    paged = stmt.limit(per_page).offset((number - 1) * per_page)
    rows = session.scalars(paged).all() if scalars else session.execute(paged).all()
    return Page(items=list(rows), number=number, per_page=per_page, total=total)


def paginate_list(items: list[Any], request: Request, *, per_page: int = PER_PAGE) -> Page:
    """One page of a list already in memory (e.g. the declared settings)."""
    pages = max(1, -(-len(items) // per_page))
    number = min(page_number(request), pages)
    start = (number - 1) * per_page
    return Page(items=items[start:start + per_page], number=number, per_page=per_page,
                total=len(items))
