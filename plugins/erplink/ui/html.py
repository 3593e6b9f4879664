"""Small helpers for the page's server-rendered HTML: escaping, the shared layout, statuses, times."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import urlencode


def e(value: Any) -> str:
    """Text for HTML (element content or a quoted attribute); None is empty."""
    return "" if value is None else escape(str(value), quote=True)


def when(value: datetime | None) -> str:
    return "" if value is None else f'<time datetime="{e(value.isoformat())}">{value:%Y-%m-%d %H:%M:%S} UTC</time>'


def status_badge(status: Any) -> str:
    text = str(getattr(status, "value", status))
    return f'<span class="status status-{e(text)}">{e(text)}</span>'


def link(href: str, text: Any) -> str:
    return f'<a href="{e(href)}">{e(text)}</a>'


def query(base: str, params: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> str:
    """``base?a=1&b=2`` without the empty values."""
    items = params.items() if isinstance(params, Mapping) else params
    kept = [(key, value) for key, value in items if value not in (None, "")]
    return f"{base}?{urlencode(kept)}" if kept else base


def table(headers: Iterable[str], rows: Iterable[Iterable[str]], *, numeric: Iterable[int] = ()) -> str:
    """Cells are HTML already (escape them with ``e``); columns in ``numeric`` are right-aligned."""
    right = set(numeric)
    head = "".join(f'<th class="num">{e(h)}</th>' if i in right else f"<th>{e(h)}</th>" for i, h in enumerate(headers))
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{c}</td>' if i in right else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def layout(*, title: str, body: str, root: str, who: str, nav: Iterable[tuple[str, str]] = ()) -> str:
    links = "".join(link(href, text) for href, text in nav)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)} · erplink</title>"
        f'<link rel="stylesheet" href="{e(root)}/static/style.css"></head><body>'
        f'<header><a class="brand" href="{e(root)}/">erplink</a><nav>{links}</nav>'
        f'<span class="who">signed in as {e(who)}</span></header>'
        f"<main>{body}</main></body></html>"
    )
