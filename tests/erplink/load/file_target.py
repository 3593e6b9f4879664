"""A target that keeps its documents in a SQLite file, so they survive the SIGKILL of the process that wrote them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from erplink.ledger import LedgerRecord


class FileTargetAdapter:
    """TargetAdapter whose documents live in ``path``; ``after_create`` runs once a document is committed."""

    def __init__(self, path: Path, *, after_create: Callable[[str], None] | None = None) -> None:
        self._path = path
        self._after_create = after_create
        with self._connect() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS documents (id INTEGER PRIMARY KEY, reference TEXT NOT NULL, payload TEXT)")

    def reference(self, record: LedgerRecord) -> str:
        return f"WC-{record.key.tenant}-{record.key.source_id}"

    def find(self, reference: str) -> str | None:
        with self._connect() as conn:
            row = conn.execute("SELECT id FROM documents WHERE reference = ? ORDER BY id LIMIT 1", (reference,)).fetchone()
        return None if row is None else str(row[0])

    def create(self, record: LedgerRecord, reference: str) -> str:
        with self._connect() as conn:
            cursor = conn.execute("INSERT INTO documents (reference, payload) VALUES (?, ?)", (reference, json.dumps(record.payload)))
            doc_id = str(cursor.lastrowid)
        if self._after_create is not None:
            self._after_create(reference)
        return doc_id

    def counts(self) -> dict[str, int]:
        with self._connect() as conn:
            return dict(conn.execute("SELECT reference, COUNT(*) FROM documents GROUP BY reference").fetchall())

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection that commits on success and is always closed."""
        with closing(sqlite3.connect(self._path, timeout=30)) as conn, conn:
            yield conn
