"""JSON bytes the way WordPress prints them: compact, non-ASCII as \\uXXXX and `/` escaped as `\\/`.

Receivers that re-serialize a webhook body before checking its signature fail against the real store too;
byte-faithful output keeps that mistake visible.
"""

from __future__ import annotations

import json
from typing import Any


def wp_json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/").encode("ascii")
