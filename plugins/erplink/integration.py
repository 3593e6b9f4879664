"""What an integration is to the core: a named pairing of a store system and an ERP system, with its tenant model,
its DAGs, its replayable entities and its hooks.

The core (DAG files, CLI, replay, webhook receiver, configuration) works from this description alone, so a new
integration is a new package under ``erplink.integrations`` and nothing in the core changes. Every callable here is
resolved when it is first used, so reading the registry at DAG-parse time imports no system's HTTP code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from erplink.config.tenants import TenantConfig
    from erplink.flows.context import FlowContext

# Which of a tenant's two systems a step calls.
Side = Literal["store", "erp"]
Loader = Callable[["FlowContext", "list[str] | None"], "dict[str, Any]"]


@dataclass(frozen=True)
class ReplayEntity:
    """A kind of ledger record a person can send again: how to load it and which systems that load calls."""

    description: str
    load: Loader
    calls: tuple[Side, ...]


@dataclass(frozen=True)
class Integration:
    name: str  # "<erp>_<store>", the value of a tenant entry's `integration`
    title: str  # for people: "ERP ↔ Store"
    store_system: str
    erp_system: str
    tenant_model: type[TenantConfig]
    # The tenant's Airflow DAGs (imports Airflow's authoring interface only when called).
    build_dags: Callable[[TenantConfig], list[Any]]
    store_hook: Callable[[TenantConfig], Any]
    erp_hook: Callable[[TenantConfig], Any]
    replay_entities: Mapping[str, ReplayEntity] = field(default_factory=dict)
    # Store systems whose webhook deliveries this integration's DAGs drain from the inbox.
    consumes_webhooks_of: tuple[str, ...] = ()
    # The orders dry run: every document a real run would create or change, from reads only.
    plan_dry_run: Callable[..., dict[str, Any]] | None = None
    # The store's webhook check: ``(fc, register=bool) -> health`` (with ``to_dict()`` and ``checked``); None when
    # the store side has no webhooks to keep.
    ensure_webhooks: Callable[..., Any] | None = None
    # Reconciliation's reads: ``(fc, since, until) -> erplink.reconciliation.ReconcileSides``, the store's
    # documents created in the period and the ERP documents under their references; None: not offered.
    reconcile: Callable[..., Any] | None = None
    # The page's manual operations. ``import_orders_dag``: the suffix of the tenant's DAG that imports the store
    # orders named in its ``order_ids`` Param (offered with ``plan_dry_run``, which says what would happen to each).
    import_orders_dag: str | None = None
    # ``catalog_stock``: ``(fc) -> list[erplink.flows.catalog.StockRow]``, the ERP's sellable items with their
    # available quantity (and the store's, where known without asking the store); ``push_stock_dag``: the suffix of
    # the tenant's DAG that pushes only the SKUs named in its ``skus`` Param. None: not offered.
    catalog_stock: Callable[..., Any] | None = None
    push_stock_dag: str | None = None

    def replay_entity(self, entity: str) -> ReplayEntity:
        try:
            return self.replay_entities[entity]
        except KeyError:
            known = ", ".join(self.replay_entities) or "none"
            raise ValueError(f"entity must be one of {known} for {self.name}, not {entity!r}") from None


def order_replay_entities(flows: str, *, orders: str, refunds: str, markers: str) -> dict[str, ReplayEntity]:
    """The replayable entities of an orders integration, loaded by the steps of its ``flows`` module (a dotted path):
    ``order`` and ``refund`` (``load_orders``, ``load_refunds``: they call the ERP) and ``order_marker``
    (``write_back``: it calls the store). ``orders``, ``refunds`` and ``markers`` describe each for people."""

    def write_back(fc: FlowContext, _keys: list[str] | None) -> dict[str, Any]:
        return dict(lazy(f"{flows}:write_back")(fc))  # markers are cheap to rewrite: the whole queue goes

    return {
        "order": ReplayEntity(orders, lambda fc, keys: lazy(f"{flows}:load_orders")(fc, keys=keys), calls=("erp",)),
        "refund": ReplayEntity(refunds, lambda fc, keys: lazy(f"{flows}:load_refunds")(fc, keys=keys), calls=("erp",)),
        "order_marker": ReplayEntity(markers, write_back, calls=("store",)),
    }


def lazy(target: str) -> Callable[..., Any]:
    """``"package.module:attribute"`` as a callable that imports the module on its first call."""
    module_name, _, attribute = target.partition(":")

    def call(*args: Any, **kwargs: Any) -> Any:
        import importlib

        return getattr(importlib.import_module(module_name), attribute)(*args, **kwargs)

    call.__qualname__ = call.__name__ = attribute
    return call
