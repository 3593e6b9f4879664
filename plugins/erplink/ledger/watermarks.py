"""Extract high-water marks per (tenant, integration, stream), mirrored from XCom so a replay can read them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from erplink.ledger.dialects import insert_for
from erplink.ledger.models import Watermark
from erplink.ledger.schema import watermarks


def set_watermark(
    conn: Connection,
    tenant: str,
    integration: str,
    stream: str,
    value: datetime,
    boundary_ids: Iterable[str],
    now: datetime,
) -> None:
    values = {"value": value, "boundary_ids": [str(item) for item in boundary_ids], "updated_at": now}
    statement = insert_for(conn, watermarks).values(tenant=tenant, integration=integration, stream=stream, **values)
    conn.execute(statement.on_conflict_do_update(index_elements=["tenant", "integration", "stream"], set_=values))


def get_watermark(conn: Connection, tenant: str, integration: str, stream: str) -> Watermark | None:
    row = conn.execute(
        sa.select(watermarks.c.value, watermarks.c.boundary_ids, watermarks.c.updated_at).where(
            watermarks.c.tenant == tenant, watermarks.c.integration == integration, watermarks.c.stream == stream
        )
    ).one_or_none()
    if row is None:
        return None
    return Watermark(value=row.value, boundary_ids=tuple(row.boundary_ids), updated_at=row.updated_at)
