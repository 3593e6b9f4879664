"""Replay from the page: queue exactly the records a person chose (or every record matching their filter), start
one replay run per entity for them, and write the request into each record's audit trail with their name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from erplink.integration import Integration
from erplink.ledger import AttemptContext, Ledger, RecordKey
from erplink.ledger.browse import RecordFilter
from erplink.ui.airflow_side import AirflowSide

# What a replay takes up again; a done record has nothing to replay.
REPLAYABLE = ("failed", "quarantined", "skipped")
# "Replay all matching" refuses a larger set: the ids travel in the run's Params, and a person should narrow it.
MAX_RECORDS = 5000
REQUESTED_ACTION = "replay_requested"


@dataclass(frozen=True)
class StartedRun:
    entity: str
    run_id: str
    source_ids: tuple[str, ...]


@dataclass
class ReplayOutcome:
    runs: list[StartedRun] = field(default_factory=list)
    # source "entity/id" → why it was not queued
    left: dict[str, str] = field(default_factory=dict)


class TooManyRecordsError(ValueError):
    pass


def parse_keys(tenant: str, integration: str, values: Sequence[str]) -> list[RecordKey]:
    """``entity/source id`` values of the form's check boxes as record keys."""
    keys = []
    for value in values:
        entity, _, source_id = value.partition("/")
        if entity and source_id:
            keys.append(RecordKey(tenant, integration, entity, source_id))
    return list(dict.fromkeys(keys))


def matching_keys(ledger: Ledger, where: RecordFilter) -> list[RecordKey]:
    keys = ledger.matching_keys(where, limit=MAX_RECORDS + 1)
    if len(keys) > MAX_RECORDS:
        raise TooManyRecordsError(f"more than {MAX_RECORDS} records match: narrow the filter (entity, status, dates)")
    return keys


def request_replay(
    *, ledger: Ledger, airflow: AirflowSide, spec: Integration, tenant: str, keys: Sequence[RecordKey], user: str
) -> ReplayOutcome:
    """Start a replay run per entity for the keys that can be replayed now; note each in its audit trail."""
    outcome = ReplayOutcome()
    statuses = ledger.statuses_of(keys)
    by_entity: dict[str, list[RecordKey]] = {}
    for key in keys:
        label = f"{key.entity}/{key.source_id}"
        status = statuses.get(key)
        if key.entity not in spec.replay_entities:
            outcome.left[label] = f"the {spec.title} integration does not replay {key.entity} records"
        elif status is None:
            outcome.left[label] = "not in the ledger"
        elif status.value not in REPLAYABLE:
            outcome.left[label] = f"it is {status.value}: nothing to replay"
        else:
            by_entity.setdefault(key.entity, []).append(key)
    for entity, chosen in by_entity.items():
        source_ids = tuple(key.source_id for key in chosen)
        conf = {
            "tenant": tenant,
            "entity": entity,
            "source_ids": list(source_ids),
            "statuses": sorted({statuses[key].value for key in chosen}),
            "since": None,
            "until": None,
            "dry_run": False,
        }
        run_id = airflow.trigger_replay(conf, user=user)
        ledger.note_action(
            chosen, action=REQUESTED_ACTION, ctx=AttemptContext(run_id=run_id, worker=f"erplink page: {user}")
        )
        outcome.runs.append(StartedRun(entity, run_id, source_ids))
    return outcome
