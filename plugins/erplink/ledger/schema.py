"""The ledger's tables, in their current shape (SQLAlchemy Core).

A change here needs a matching step in ``migrations.UPGRADES`` so that databases created earlier catch up.
"""

from __future__ import annotations

import sqlalchemy as sa

from erplink.ledger.types import UtcDateTime, json_type

metadata = sa.MetaData()

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
_id_type = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

schema_version = sa.Table(
    "erplink_schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("description", sa.String(200), nullable=False),
    sa.Column("applied_at", UtcDateTime, nullable=False),
)

records = sa.Table(
    "erplink_records",
    metadata,
    sa.Column("id", _id_type, primary_key=True, autoincrement=True),
    sa.Column("tenant", sa.String(100), nullable=False),
    sa.Column("integration", sa.String(100), nullable=False),
    sa.Column("entity", sa.String(100), nullable=False),
    sa.Column("source_id", sa.String(200), nullable=False),
    sa.Column("source_modified", UtcDateTime),
    sa.Column("payload_hash", sa.String(64), nullable=False),
    sa.Column("payload", json_type(), nullable=False),
    # The payload the target last received, kept only while ``payload`` holds source changes it has not received
    # (NULL: the target holds ``payload``, or nothing yet), so the load can tell what changed for the target.
    sa.Column("applied_payload", json_type()),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("target_ref", sa.String(200)),
    sa.Column("target_id", sa.String(200)),
    sa.Column("last_error", sa.Text),
    sa.Column("last_http_status", sa.Integer),
    sa.Column("run_id", sa.String(250)),
    sa.Column("claimed_by", sa.String(250)),
    sa.Column("lease_until", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("tenant", "integration", "entity", "source_id", name="uq_erplink_records_key"),
    # claim: the oldest rows of one (tenant, integration, entity) in a given status
    sa.Index("ix_erplink_records_claim", "tenant", "integration", "entity", "status", "id"),
    # replay: a tenant's failed/quarantined rows in a time range
    sa.Index("ix_erplink_records_replay", "tenant", "status", "updated_at"),
    # the erplink page: one integration's rows in some statuses, of every entity, newest first
    sa.Index("ix_erplink_records_browse", "tenant", "integration", "status", "id"),
)

audit = sa.Table(
    "erplink_audit",
    metadata,
    sa.Column("id", _id_type, primary_key=True, autoincrement=True),
    # The key is copied, not referenced, so the trail outlives any cleanup of the records table.
    sa.Column("tenant", sa.String(100), nullable=False),
    sa.Column("integration", sa.String(100), nullable=False),
    sa.Column("entity", sa.String(100), nullable=False),
    sa.Column("source_id", sa.String(200), nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("run_id", sa.String(250)),
    sa.Column("task_id", sa.String(250)),
    sa.Column("try_number", sa.Integer),
    sa.Column("worker", sa.String(250)),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("from_status", sa.String(16)),
    sa.Column("to_status", sa.String(16)),
    sa.Column("target_ref", sa.String(200)),
    sa.Column("target_id", sa.String(200)),
    sa.Column("http_status", sa.Integer),
    sa.Column("error", sa.Text),
    sa.Index("ix_erplink_audit_key", "tenant", "integration", "entity", "source_id", "id"),
)

watermarks = sa.Table(
    "erplink_watermarks",
    metadata,
    sa.Column("tenant", sa.String(100), primary_key=True),
    sa.Column("integration", sa.String(100), primary_key=True),
    sa.Column("stream", sa.String(100), primary_key=True),
    sa.Column("value", UtcDateTime, nullable=False),
    sa.Column("boundary_ids", json_type(), nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

inbox = sa.Table(
    "erplink_webhook_inbox",
    metadata,
    sa.Column("id", _id_type, primary_key=True, autoincrement=True),
    sa.Column("system", sa.String(50), nullable=False),
    sa.Column("tenant", sa.String(100), nullable=False),
    sa.Column("topic", sa.String(100), nullable=False),
    sa.Column("resource", sa.String(100), nullable=False),
    sa.Column("resource_id", sa.String(200), nullable=False),
    # '' when the event carries no modification time: NULLs never collide in a unique key.
    sa.Column("modified", sa.String(64), nullable=False, server_default=""),
    sa.Column("payload", json_type()),
    sa.Column("delivery_id", sa.String(200)),
    sa.Column("received_at", UtcDateTime, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("processed_at", UtcDateTime),
    sa.UniqueConstraint("system", "tenant", "resource", "resource_id", "modified", name="uq_erplink_inbox_event"),
    sa.Index("ix_erplink_inbox_pending", "system", "tenant", "status", "id"),
)
