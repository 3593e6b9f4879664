"""Which DAG file builds an entry's DAGs: a stable hash of the entry's label, modulo the configured file count.

sha1 and not `hash()`: Python salts the hash of a string per process, and every DAG processor, worker and test must
put a tenant in the same file. A tenant moves to another file only when the file count changes.
"""

from __future__ import annotations

import hashlib


def shard_of(label: str, shards: int) -> int:
    """The DAG file (0 … shards - 1) that builds the DAGs of the entry labelled `label`."""
    digest = hashlib.sha1(label.encode("utf-8"), usedforsecurity=False).digest()
    return int.from_bytes(digest[:8], "big") % shards
