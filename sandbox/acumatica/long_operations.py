"""Long-running operations started by actions (`202 Accepted` + `Location`), polled until done.

An operation runs for `polls` status checks (each answered 202) or `seconds` on the instance clock, whichever
comes first; then its work is done and the next check answers 204 (or 500 with the reason when the work
failed). Acumatica keys long operations by the user that started them and reports an operation it does not
know as completed: a check of an unknown id, or of another user's operation, answers 204 at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

Work = Callable[[], str | None]
"""Does the operation's work; returns why it failed, or None."""
Status = Literal["running", "done", "failed"]


@dataclass
class Operation:
    id: str
    owner: str
    due_at: datetime
    polls_left: int
    work: Work
    status: Status = "running"
    failure: str | None = None

    def finish(self) -> None:
        self.failure = self.work()
        self.status = "failed" if self.failure else "done"


class LongOperations:
    def __init__(self, *, polls: int, seconds: float) -> None:
        self.polls = polls
        self.seconds = seconds
        self._operations: dict[str, Operation] = {}

    def start(self, owner: str, work: Work, now: datetime) -> Operation:
        operation = Operation(str(uuid.uuid4()), owner, now + timedelta(seconds=self.seconds), self.polls, work)
        self._operations[operation.id] = operation
        return operation

    def settle(self, now: datetime) -> None:
        """Finish every operation whose time is up, polled or not (the server does not wait for the client)."""
        for operation in self._operations.values():
            if operation.status == "running" and now >= operation.due_at:
                operation.finish()

    def check(self, owner: str, operation_id: str, now: datetime) -> tuple[Status, str | None]:
        self.settle(now)
        operation = self._operations.get(operation_id)
        if operation is None or operation.owner != owner:
            return "done", None
        if operation.status == "running":
            if operation.polls_left > 0:
                operation.polls_left -= 1
                return "running", None
            operation.finish()
        return operation.status, operation.failure

    def clear(self) -> None:
        self._operations.clear()
