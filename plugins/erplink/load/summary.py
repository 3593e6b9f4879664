"""What one load run did (or, in a dry run, would do)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class LoadSummary:
    created: int = 0
    linked: int = 0
    updated: int = 0
    unchanged: int = 0  # changed in the source, but in nothing the target holds: done, nothing sent
    quarantined: int = 0
    failed: int = 0
    skipped: int = 0
    # Dry run only: (reference, payload) of each document that would be created or updated.
    dry_run_planned: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # One readable line per record that was not loaded (quarantined, failed, lost to another worker).
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def processed(self) -> int:
        return (
            self.created + self.linked + self.updated + self.unchanged + self.quarantined + self.failed + self.skipped
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form, e.g. for XCom."""
        result = asdict(self)
        result["dry_run_planned"] = [[reference, payload] for reference, payload in self.dry_run_planned]
        return result
