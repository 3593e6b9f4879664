"""Per-tenant configuration: one entry per customer, validated with pydantic.

Each entry is validated on its own, so a mistake in one customer's entry names that entry and the field and never
takes the other tenants' DAGs down with it. The file is a small local YAML document: reading it is the only I/O a
DAG file does at parse time (no network, no database, no Airflow Variables or Connections).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

# libyaml's loader when PyYAML was built with it: the file is read at every DAG parse, and the pure-Python
# scanner alone costs several milliseconds of the parse budget. Both are the safe loader (no arbitrary objects).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_CONFIG_PATH = Path(__file__).resolve().parents[3] / "include" / "tenants.yaml"
IDENTIFIER = r"^[a-z][a-z0-9_]{0,39}$"
WOO_ORDER_STATUSES = {"pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed", "trash", "checkout-draft"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoreConfig(_Strict):
    system: Literal["woocommerce", "adobe_commerce", "bigcommerce"]
    conn_id: str
    # Short, stable key used in every external reference (WC-<store_key>-<order id>): never change it once live.
    store_key: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.]{1,20}$")]
    currencies: tuple[str, ...] = ("USD",)
    # Key of the Woo order meta_data entry that carries the ERP reference written back after posting.
    reference_meta_key: str = "_erplink_erp_ref"
    webhooks: bool = True
    # Public URL of the webhook receiver as the store reaches it (the Airflow API server or a standalone receiver).
    webhook_base_url: str | None = None

    @field_validator("currencies")
    @classmethod
    def _iso_currencies(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [c for c in value if not re.fullmatch(r"[A-Z]{3}", c)]
        if bad or not value:
            raise ValueError(f"currencies must be ISO 4217 codes like 'USD', got {list(value)}")
        return value


class ErpLocation(_Strict):
    site: str
    location: str


class ErpConfig(_Strict):
    system: Literal["qad", "acumatica", "qbm"]
    conn_id: str
    site: str  # the QAD site sales orders are entered for
    stock_locations: tuple[ErpLocation, ...] = Field(min_length=1)
    price_list: str


class OrdersConfig(_Strict):
    schedule: str | None = "@hourly"
    # Woo statuses that count as sales: only these become ERP sales orders.
    sale_statuses: tuple[str, ...] = ("processing", "completed")
    # How a store customer is matched to an ERP customer, in order; guests are matched by billing email.
    customer_match: tuple[Literal["email", "external_ref"], ...] = ("email", "external_ref")
    # Re-read this much before the watermark on every run: absorbs clock skew and late commits in the store.
    overlap_minutes: Annotated[int, Field(ge=0, le=1440)] = 10
    # Where the very first run starts when no watermark exists.
    initial_lookback_days: Annotated[int, Field(ge=1, le=3650)] = 30
    max_lines_per_order: Annotated[int, Field(ge=1, le=5000)] = 500
    max_workers: Annotated[int, Field(ge=1, le=32)] = 4

    @field_validator("sale_statuses")
    @classmethod
    def _known_statuses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - WOO_ORDER_STATUSES)
        if unknown:
            raise ValueError(f"unknown order statuses {unknown}; known: {sorted(WOO_ORDER_STATUSES)}")
        return value


class CatalogConfig(_Strict):
    schedule: str | None = "*/15 * * * *"
    # Active QAD items the store has no product for become simple products (SKU, description as name, price
    # list price, and stock when pushed). Off by default: the store's team usually builds the product pages.
    create_missing_products: bool = False
    # Off: the store's regular prices are left alone (the store owns them).
    push_prices: bool = True
    # Off: stock quantities and stock management are left alone.
    push_stock: bool = True


class TenantConfig(_Strict):
    name: Annotated[str, Field(pattern=IDENTIFIER)]
    integration: Literal["qad_woocommerce"]
    store: StoreConfig
    erp: ErpConfig
    orders: OrdersConfig = OrdersConfig()
    catalog: CatalogConfig = CatalogConfig()
    # Airflow pool that caps concurrent calls for this tenant (created by the operator; see README).
    pool: str | None = None
    owner: str = "erplink"
    enabled: bool = True

    @model_validator(mode="after")
    def _systems_match_integration(self) -> TenantConfig:
        erp, store = self.integration.split("_", 1)
        if self.erp.system != erp or self.store.system != store:
            raise ValueError(f"integration {self.integration} needs erp.system={erp} and store.system={store}")
        return self

    @property
    def dag_prefix(self) -> str:
        return f"erplink__{self.integration}__{self.name}"


class ConfigError(ValueError):
    """A tenant entry that cannot be used, with the entry and the fields named."""

    def __init__(self, entry: str, problems: list[str]) -> None:
        self.entry = entry
        self.problems = problems
        super().__init__(f"tenant entry {entry!r} is invalid: " + "; ".join(problems))


@dataclass(frozen=True)
class TenantsFile:
    tenants: tuple[TenantConfig, ...]
    errors: tuple[ConfigError, ...]

    def get(self, name: str) -> TenantConfig:
        for tenant in self.tenants:
            if tenant.name == name:
                return tenant
        raise KeyError(f"no valid tenant named {name!r} in the erplink configuration")


def _describe(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(entry)"
        problems.append(f"{where}: {item['msg']}")
    return problems


def parse_tenants(document: object) -> TenantsFile:
    """Validate a parsed configuration document entry by entry."""
    if not isinstance(document, dict) or not isinstance(document.get("tenants"), list):
        return TenantsFile((), (ConfigError("(file)", ["the file must be a mapping with a 'tenants' list"]),))
    tenants: list[TenantConfig] = []
    errors: list[ConfigError] = []
    seen: set[str] = set()
    for index, raw in enumerate(document["tenants"]):
        label = raw.get("name", f"#{index + 1}") if isinstance(raw, dict) else f"#{index + 1}"
        try:
            tenant = TenantConfig.model_validate(raw)
        except ValidationError as exc:
            errors.append(ConfigError(str(label), _describe(exc)))
            continue
        if tenant.name in seen:
            errors.append(ConfigError(tenant.name, ["name: used by an earlier entry"]))
            continue
        seen.add(tenant.name)
        tenants.append(tenant)
    return TenantsFile(tuple(tenants), tuple(errors))


def config_path() -> Path:
    return Path(os.environ.get("ERPLINK_CONFIG", DEFAULT_CONFIG_PATH))


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> TenantsFile:
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        return TenantsFile((), (ConfigError("(file)", [f"{path.name}: {exc}"]),))
    return parse_tenants(document)


def load_tenants(path: Path | None = None) -> TenantsFile:
    """Read and validate the tenants file (cached until the file changes)."""
    path = path or config_path()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        return TenantsFile((), (ConfigError("(file)", [f"cannot read {path}: {exc.strerror}"]),))
    return _load(path, mtime)
