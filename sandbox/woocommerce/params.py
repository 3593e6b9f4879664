"""Query-argument parsing with WordPress core's rules: comma lists for arrays, strict ranges, RFC 3339 dates."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sandbox.seed.clock import STORE_ZONE
from sandbox.woocommerce.errors import invalid_param

MAX_PER_PAGE = 100
# rest_parse_date(): a full date-time, optional fraction, optional Z or offset.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}(?::\d{2})?)?$")
TRUE_WORDS, FALSE_WORDS = frozenset({"true", "1"}), frozenset({"false", "0", ""})


def as_int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise invalid_param(name, f"{name} is not of type integer.") from None


def as_bool(name: str, raw: str) -> bool:
    lowered = raw.lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    raise invalid_param(name, f"{name} is not of type boolean.")


def as_list(raw: Iterable[str]) -> list[str]:
    """wp_parse_list(): `a,b` and repeated `x[]=a&x[]=b` both give a list."""
    items: list[str] = []
    for value in raw:
        items.extend(part.strip() for part in value.split(",") if part.strip())
    return items


def as_enum_list(name: str, raw: Iterable[str], allowed: Iterable[str]) -> list[str]:
    allowed = list(allowed)
    values = as_list(raw)
    for index, value in enumerate(values):
        if value not in allowed:
            raise invalid_param(name, f"{name}[{index}] is not one of {', '.join(allowed)}.")
    return values


def as_enum(name: str, raw: str, allowed: Iterable[str]) -> str:
    allowed = list(allowed)
    if raw not in allowed:
        raise invalid_param(name, f"{name} is not one of {', '.join(allowed)}.")
    return raw


def as_query_date(name: str, raw: str) -> str:
    """Return the bound as WP_Date_Query compares it: a naive `YYYY-MM-DDTHH:MM:SS` string.

    WordPress parses the value in the site timezone, and converts a value with an explicit offset to site time,
    whichever column (local or GMT) it is then compared with. So `dates_are_gmt=true` with a `Z` value shifts
    the window by the site's offset; send naive GMT values with `dates_are_gmt=true` to get an exact window.
    """
    if not RFC3339.match(raw):
        raise invalid_param(name, "Invalid date.")
    normalized = raw.replace("t", "T").replace(" ", "T").replace("z", "Z").replace("Z", "+00:00")
    moment = datetime.fromisoformat(normalized)
    if moment.tzinfo is not None:
        moment = moment.astimezone(STORE_ZONE).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Page:
    page: int
    per_page: int
    offset: int | None

    @property
    def start(self) -> int:
        return self.offset if self.offset is not None else (self.page - 1) * self.per_page


def parse_page(query: Mapping[str, str]) -> Page:
    page = as_int("page", query["page"]) if "page" in query else 1
    if page < 1:
        raise invalid_param("page", "page must be greater than or equal to 1")
    per_page = as_int("per_page", query["per_page"]) if "per_page" in query else 10
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise invalid_param("per_page", f"per_page must be between 1 (inclusive) and {MAX_PER_PAGE} (inclusive)")
    offset = abs(as_int("offset", query["offset"])) if "offset" in query else None  # sanitized with absint()
    return Page(page, per_page, offset)
