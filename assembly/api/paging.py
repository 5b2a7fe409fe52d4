"""Paging of every API list.

`page` and `per_page` (up to 500) in; `{items, total, page, per_page}` out.
"""

from flask import request
from sqlalchemy import func, select

from assembly.api.errors import validation_error
from assembly.extensions import db

MAX_PER_PAGE = 500
DEFAULT_PER_PAGE = 50


def page_args() -> tuple[int, int]:
    """Return the request's (page, per_page), or raise a 422 naming the bad one."""
    errors = {}
    values = {}
    for name, default, high in (("page", 1, None), ("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)):
        raw = request.args.get(name, str(default))
        try:
            value = int(raw)
        except ValueError:
            errors[name] = f"must be a whole number, not {raw[:20]!r}"
            continue
        if value < 1 or (high and value > high):
            errors[name] = f"must be between 1 and {high}" if high else "must be 1 or more"
        values[name] = value
    if errors:
        raise validation_error(errors, "Invalid paging parameters.")
    return values["page"], values["per_page"]


def paginate(stmt, serialize) -> dict:
    """Run `stmt` for the requested page; return the API's list body."""
    page, per_page = page_args()
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return {
        "items": [serialize(r) for r in rows],
        "total": total,
        "page": page,
        "per_page": per_page,
    }


PAGE_PARAMETERS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {
        "name": "per_page",
        "in": "query",
        "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_PER_PAGE,
            "default": DEFAULT_PER_PAGE,
        },
    },
]


def page_schema(item_schema: dict) -> dict:
    """Return the OpenAPI schema of a page of `item_schema`."""
    return {
        "type": "object",
        "required": ["items", "total", "page", "per_page"],
        "properties": {
            "items": {"type": "array", "items": item_schema},
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
        },
    }
