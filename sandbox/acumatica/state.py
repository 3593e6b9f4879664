"""The in-process handle on a running Acumatica sandbox: what tests and the demo use to look at and change it.

Documents come back as a client reads the endpoint's answer with `json.loads` (wrapped values, every detail and
linked entity expanded).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sandbox.acumatica.binding import bind
from sandbox.acumatica.entities import BEHAVIOURS, Behaviour
from sandbox.acumatica.entities.base import present, stamp
from sandbox.acumatica.errors import AcumaticaError, http_error, no_entity
from sandbox.acumatica.instance import Credentials, Instance
from sandbox.acumatica.query_options import Tree
from sandbox.acumatica.records import Record, apply
from sandbox.acumatica.seed import seed_from_world
from sandbox.acumatica.wire import dumps

if TYPE_CHECKING:
    from sandbox.seed import World


def _everything(behaviour: Behaviour) -> Tree:
    return {field.name: {} for field in behaviour.shape.fields.values() if field.kind != "value"}


class AcumaticaState:
    def __init__(self, instance: Instance, world: World) -> None:
        self.instance = instance
        self._world = world
        self.reset()

    @property
    def credentials(self) -> Credentials:
        return self.instance.credentials

    def _behaviour(self, entity_name: str) -> Behaviour:
        behaviour = BEHAVIOURS.get(entity_name)
        if behaviour is None:
            raise AcumaticaError(404, http_error(f"the sandbox stores no {entity_name} records"))
        return behaviour

    def _find(self, behaviour: Behaviour, keys: Sequence[str]) -> Record:
        record = behaviour.find_by_path(self.instance, list(keys))
        if record is None:
            raise no_entity()
        return record

    def _present(self, behaviour: Behaviour, record: Record) -> dict[str, Any]:
        answer: dict[str, Any] = json.loads(dumps(present(self.instance, behaviour, record,
                                                          expand=_everything(behaviour))))
        return answer

    # Records ---------------------------------------------------------------------------------------------------

    def reset(self) -> None:
        """Seed the records again from the world; end every session, token, operation; clear the request log."""
        instance = self.instance
        with instance.lock:
            instance.clear_records()
            seed_from_world(instance, self._world)
            instance.sessions.close_all()
            instance.tokens.revoke_all()
            instance.operations.clear()
            instance.budget.set_limit(instance.budget.per_minute)
            instance.log.clear()

    def documents(self, entity_name: str) -> list[dict[str, Any]]:
        behaviour = self._behaviour(entity_name)
        with self.instance.lock:
            return [self._present(behaviour, record) for record in self.instance.table(entity_name).all()]

    def document(self, entity_name: str, *keys: str) -> dict[str, Any]:
        behaviour = self._behaviour(entity_name)
        with self.instance.lock:
            return self._present(behaviour, self._find(behaviour, keys))

    def alter_document(self, entity_name: str, keys: Sequence[str], fields: dict[str, Any]) -> dict[str, Any]:
        """Change a record as someone keying it in on the ERP would: `fields` wrapped as in a PUT, merged without
        the business checks; `LastModifiedDateTime` moves to now unless `fields` sets it."""
        behaviour = self._behaviour(entity_name)
        instance = self.instance
        with instance.lock:
            record = self._find(behaviour, keys)
            draft = bind(behaviour.shape, fields, instance.zone)
            apply(record, draft)
            if "LastModifiedDateTime" not in draft.values:
                stamp(record, behaviour.shape, instance.now(), created=False)
            return self._present(behaviour, record)

    def touch(self, entity_name: str, keys: Sequence[Sequence[str]]) -> list[dict[str, Any]]:
        """Stamp several records with one `LastModifiedDateTime`, as a mass update does (they then tie)."""
        behaviour = self._behaviour(entity_name)
        instance = self.instance
        with instance.lock:
            records = [self._find(behaviour, key) for key in keys]
            now = instance.now()
            for record in records:
                stamp(record, behaviour.shape, now, created=False)
            return [self._present(behaviour, record) for record in records]

    def set_stock(self, inventory_id: str, warehouse_id: str, *, on_hand: Decimal | None = None,
                  allocated: Decimal | None = None, committed: Decimal | None = None) -> dict[str, Any]:
        """Set quantities of one item in one warehouse (the stock row's stamp moves; the item's does not)."""
        instance = self.instance
        with instance.lock:
            item = self._find(self._behaviour("StockItem"), [inventory_id])
            if not instance.stock.has_warehouse(warehouse_id):
                raise AcumaticaError(404, http_error(f"no warehouse {warehouse_id}"))
            level = instance.stock.set(item["InventoryID"], warehouse_id.upper(), instance.now(), on_hand=on_hand,
                                       allocated=allocated, committed=committed)
            return {"inventory_id": level.inventory_id, "warehouse_id": level.warehouse_id,
                    "on_hand": str(level.on_hand), "allocated": str(level.allocated),
                    "committed": str(level.committed), "available": str(level.available),
                    "modified_at": level.modified_at.isoformat()}

    # Clients -----------------------------------------------------------------------------------------------

    def revoke_tokens(self) -> None:
        """Revoke every OAuth grant: access tokens answer 401 from now on, refresh tokens are refused."""
        with self.instance.lock:
            self.instance.tokens.revoke_all()

    def expire_sessions(self) -> int:
        """End every session now (cookie sessions answer 401; a token takes a new seat when used next)."""
        with self.instance.lock:
            return self.instance.sessions.close_all()

    def open_sessions(self) -> list[dict[str, Any]]:
        with self.instance.lock:
            return self.instance.sessions.describe(self.instance.now())

    def set_licence_cap(self, api_users: int) -> None:
        with self.instance.lock:
            self.instance.sessions.api_users = api_users

    def set_token_lifetime(self, seconds: int) -> None:
        """Access tokens handed out from now on live `seconds` (the identity server's setting)."""
        with self.instance.lock:
            self.instance.tokens.lifetime_s = seconds

    def set_rate_cap(self, requests_per_minute: int | None) -> None:
        with self.instance.lock:
            self.instance.budget.set_limit(requests_per_minute)

    def request_log(self) -> list[dict[str, Any]]:
        return self.instance.log.entries()

    def clear_request_log(self) -> None:
        self.instance.log.clear()
