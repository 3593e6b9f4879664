"""QAD's browse API (``{base}/api/qracore/browses``): its filters and its more-rows flag.

An answer says whether more rows follow in ``auxillaryData.HasMoreParams``, the text ``"true"`` or ``"false"``.
The filter syntax is QAD's, ``<table.field>,<op>,<value>,literal``, commas separating its parts: a value holding a
comma cannot be sent. Browses are read in key windows, each asked for as a first page (``browse_windows.py``):
QAD promises no row order, so walking ``page`` 2, 3, ... could skip or repeat rows.
"""

from __future__ import annotations

BROWSE_MAX_PAGE_SIZE = 1000
FILTER_OPS = frozenset({"eq", "sw", "ew", "cn", "gt", "ge", "lt", "le"})


def browse_filter(field: str, op: str, value: object) -> str:
    """One ``filter`` parameter, e.g. ``so_mstr.so_po,eq,WC-shop-1042,literal``."""
    if op not in FILTER_OPS:
        raise ValueError(f"unknown browse operator {op!r}; one of {', '.join(sorted(FILTER_OPS))}")
    text = str(value)
    if "," in text:
        raise ValueError(f"a browse filter value cannot hold a comma: {text!r}")
    return f"{field},{op},{text},literal"


def has_more(body: object) -> bool:
    """``auxillaryData.HasMoreParams`` read as QAD writes it (text), a real boolean accepted too."""
    flag = (body.get("auxillaryData") or {}).get("HasMoreParams") if isinstance(body, dict) else None
    return flag is True or str(flag).strip().lower() == "true"
