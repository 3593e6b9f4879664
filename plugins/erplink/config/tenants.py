"""Per-tenant configuration: one entry per customer, validated with pydantic.

Each entry is validated on its own, so a mistake in one customer's entry names that entry and the field and never
takes the other tenants' DAGs down with it. The file is a small local YAML document: reading it is the only I/O a
DAG file does at parse time (no network, no database, no Airflow Variables or Connections).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, ClassVar, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from erplink.config.yaml_reader import load_yaml

DEFAULT_CONFIG_PATH = Path(__file__).resolve().parents[3] / "include" / "tenants.yaml"
IDENTIFIER = r"^[a-z][a-z0-9_]{0,39}$"
# Validation context key: the order statuses of the entry's store system, for `orders.sale_statuses`.
STORE_ORDER_STATUSES = "store_order_statuses"
# Threads that read a store list's pages at once when the store entry does not set `page_readers`.
DEFAULT_PAGE_READERS = 2


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoreConfig(_Strict):
    """What every store section has; a store system's own section (``erplink.systems.<system>.config``) adds the
    rest and narrows ``system`` to its name."""

    # Order statuses the store knows; the tenant's `orders.sale_statuses` must be among them (empty: not checked).
    order_statuses: ClassVar[frozenset[str]] = frozenset()

    system: str
    conn_id: str
    # Short, stable key used in every external reference (WC-<store_key>-<order id>): never change it once live.
    store_key: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.]{1,20}$")]
    currencies: tuple[str, ...] = ("USD",)
    # List pages read at once; None: the store connection's `page_readers` (2 unless set there). Each reader keeps
    # one of the store's PHP workers busy, and counts against the tenant's pool.
    page_readers: Annotated[int, Field(ge=1, le=16)] | None = None
    webhooks: bool = True
    # The receiver runs on the store's own host (the local sandboxes, a development store), where a store may also
    # deliver to loopback and private addresses; the store system's webhook check says what it allows.
    webhook_receiver_on_store_host: bool = False
    # Public URL of the webhook receiver as the store reaches it (the Airflow API server or a standalone receiver).
    # Required while webhooks is on; validated last, so the fields above are known to its check.
    webhook_base_url: str | None = Field(default=None, validate_default=True)

    @field_validator("currencies")
    @classmethod
    def _iso_currencies(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [c for c in value if not re.fullmatch(r"[A-Z]{3}", c)]
        if bad or not value:
            raise ValueError(f"currencies must be ISO 4217 codes like 'USD', got {list(value)}")
        return value

    @field_validator("webhook_base_url")
    @classmethod
    def _a_receiver_the_store_delivers_to(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Without a URL, registration and the health check had nothing to compare: webhooks silently never came.
        if not info.data.get("webhooks", True):
            return value
        if value is None:
            raise ValueError(
                "required while webhooks is true: the public URL the store delivers webhooks to "
                "(or set webhooks: false and rely on the scheduled poll alone)"
            )
        return value


class ErpConfig(_Strict):
    """What every ERP section has; an ERP system's own section (``erplink.systems.<system>.config``) adds the rest
    and narrows ``system`` to its name."""

    system: str
    conn_id: str


class OrdersConfig(_Strict):
    schedule: str | None = "@hourly"
    # Store order statuses that count as sales: only these become ERP documents (checked against the store's own
    # statuses by the tenant model).
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
    def _statuses_the_store_knows(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        # The store section's statuses come in the validation context: the entry's model knows its store system.
        known = (info.context or {}).get(STORE_ORDER_STATUSES) or frozenset()
        unknown = sorted(set(value) - known) if known else []
        if unknown:
            raise ValueError(f"unknown order statuses {unknown}; known: {sorted(known)}")
        return value


class CatalogConfig(_Strict):
    schedule: str | None = "*/15 * * * *"
    # Active ERP items the store has no product for become simple products (SKU, description as name, price
    # list price, and stock when pushed). Off by default: the store's team usually builds the product pages.
    create_missing_products: bool = False
    # Off: the store's regular prices are left alone (the store owns them).
    push_prices: bool = True
    # Off: stock quantities and stock management are left alone.
    push_stock: bool = True


class PoolConfig(_Strict):
    """The Airflow pool the operator created for a tenant (`airflow pools set <name> <slots> <description>`).

    Its size is written here too because a DAG file may not read Airflow's database while it is parsed, and a
    task asking for more slots than its pool has is never scheduled: the size lets the check refuse that upfront.
    """

    name: Annotated[str, Field(min_length=1, max_length=256)]
    slots: Annotated[int, Field(ge=1)]


class TenantConfig(_Strict):
    """What every tenant entry has. Each integration's model (``erplink.integrations.<name>.config``) narrows
    ``integration`` to its name and ``store``/``erp`` to its systems' sections; the entry is validated by the model
    its ``integration`` names."""

    name: Annotated[str, Field(pattern=IDENTIFIER)]
    integration: str
    store: StoreConfig
    erp: ErpConfig
    orders: OrdersConfig = OrdersConfig()
    catalog: CatalogConfig = CatalogConfig()
    # Airflow pool that caps this tenant's concurrent API calls: each task takes one slot per thread that calls.
    pool: PoolConfig | None = None
    owner: str = "erplink"
    enabled: bool = True

    @field_validator("pool", mode="before")
    @classmethod
    def _pool_with_its_size(cls, value: object) -> object:
        if isinstance(value, str):
            raise ValueError(f"give the pool's name and its size in Airflow: {{name: {value}, slots: <its slots>}}")
        return value

    @property
    def page_readers(self) -> int:
        """Threads reading the store's list pages at once (order pages in the extract, product pages in the catalog)."""
        return self.store.page_readers or DEFAULT_PAGE_READERS

    @property
    def load_threads(self) -> int:
        """Threads of each load task (orders, refunds, write-back), each loading its own records."""
        return self.orders.max_workers

    @property
    def extract_threads(self) -> int:
        """The page readers, plus the thread that takes their pages in: it reads an order's new refunds while the
        readers fetch the next pages."""
        return self.page_readers + 1

    @property
    def catalog_threads(self) -> int:
        return self.page_readers

    @model_validator(mode="after")
    def _threads_fit_in_the_pool(self) -> TenantConfig:
        if self.pool is None:
            return self
        slots, readers = self.pool.slots, self.page_readers
        needs = (
            (self.load_threads, f"orders.max_workers is {self.load_threads}: each load task needs that many slots"),
            (
                self.extract_threads,
                f"store.page_readers is {readers}: the extract needs {readers} + 1 slots "
                "(one more thread reads refunds)",
            ),
        )
        too_many = [why for threads, why in needs if threads > slots]
        if too_many:
            raise ValueError(
                f"pool.slots is {slots} but {'; '.join(too_many)}. A task takes one pool slot per "
                "thread that calls an API, and Airflow never schedules a task that needs more slots "
                "than its pool has: lower those settings or enlarge the pool"
            )
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
        """The tenant, or the error that keeps it from being used: the same text the configuration check shows."""
        for tenant in self.tenants:
            if tenant.name == name:
                return tenant
        for error in self.errors:
            if error.entry in (name, "(file)"):
                raise ConfigError(error.entry, error.problems)  # a new one: the file's are cached and shared
        raise UnknownTenantError(name, [tenant.name for tenant in self.tenants])


class UnknownTenantError(KeyError):
    """No entry of the tenants file has this name."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(
            f"no tenant entry named {name!r} in the erplink configuration; "
            f"valid entries: {', '.join(known) if known else 'none'}"
        )
        self.name = name

    def __str__(self) -> str:  # KeyError would print its message quoted
        return str(self.args[0])


def _describe(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(entry)"
        problems.append(f"{where}: {item['msg']}")
    return problems


def _validate_entry(raw: object) -> TenantConfig:
    """The entry, validated by the model of the integration it names (a union tagged by `integration`)."""
    from erplink.registry import UnknownIntegrationError, integration

    name = raw.get("integration") if isinstance(raw, dict) else None
    if not isinstance(raw, dict) or not isinstance(name, str):
        return TenantConfig.model_validate(raw)  # names the missing or malformed fields
    try:
        model = integration(name).tenant_model
    except UnknownIntegrationError as exc:
        raise _EntryProblem([f"integration: {exc}"]) from None
    store_section = model.model_fields["store"].annotation
    statuses: frozenset[str] = getattr(store_section, "order_statuses", frozenset())
    return model.model_validate(raw, context={STORE_ORDER_STATUSES: statuses})


class _EntryProblem(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_tenants(document: object) -> TenantsFile:
    """Validate a parsed configuration document entry by entry."""
    if not isinstance(document, dict) or not isinstance(document.get("tenants"), list):
        return TenantsFile((), (ConfigError("(file)", ["the file must be a mapping with a 'tenants' list"]),))
    return validate_entries(enumerate(document["tenants"]))


def entry_label(index: int, raw: object) -> str:
    """What names an entry in errors (and picks its DAG file): its `name`, else its position in the file."""
    return str(raw.get("name", f"#{index + 1}") if isinstance(raw, dict) else f"#{index + 1}")


def validate_entries(entries: Iterable[tuple[int, object]]) -> TenantsFile:
    """Validate raw entries, each given with its position in the file's `tenants` list, in file order."""
    tenants: list[TenantConfig] = []
    errors: list[ConfigError] = []
    seen: set[str] = set()
    for index, raw in entries:
        label = entry_label(index, raw)
        try:
            tenant = _validate_entry(raw)
        except ValidationError as exc:
            errors.append(ConfigError(label, _describe(exc)))
            continue
        except _EntryProblem as exc:
            errors.append(ConfigError(label, exc.problems))
            continue
        if tenant.name in seen:
            errors.append(ConfigError(tenant.name, ["name: used by an earlier entry"]))
            continue
        seen.add(tenant.name)
        tenants.append(tenant)
    return TenantsFile(tuple(tenants), tuple(errors))


def config_path() -> Path:
    return Path(os.environ.get("ERPLINK_CONFIG", DEFAULT_CONFIG_PATH))


def read_document(path: Path) -> object:
    """The whole file's YAML document, no entry validated; ConfigError "(file)" when it cannot be read or parsed."""
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError("(file)", [f"{path.name}: {exc}"]) from None


# The tenants' DAGs are spread over this many DAG files when the tenants file sets no `dag_files: {shards: N}`:
# enough for about a hundred tenants. Each tenant adds about 15 ms to its file's parse, so a file keeps well under
# a second with about 30 tenants (README, "Many tenants"); `make dag-files` writes the files for the setting.
DEFAULT_DAG_FILE_SHARDS = 4


class DagFilesConfig(_Strict):
    """The tenants file's top-level `dag_files`: how many DAG files the tenants' DAGs are spread over."""

    shards: Annotated[int, Field(ge=1, le=1000)] = DEFAULT_DAG_FILE_SHARDS


def dag_files_setting(document: object) -> tuple[DagFilesConfig, list[str]]:
    """The top-level `dag_files` setting, and what is wrong with it: an invalid one leaves the defaults in force,
    so the DAG files keep building their tenants while the configuration check names the field."""
    raw = document.get("dag_files") if isinstance(document, dict) else None
    try:
        return DagFilesConfig.model_validate({} if raw is None else raw), []
    except ValidationError as exc:
        return DagFilesConfig(), [
            f"dag_files{''.join(f'.{part}' for part in item['loc'])}: {item['msg']}" for item in exc.errors()
        ]


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> TenantsFile:
    try:
        document = read_document(path)
    except ConfigError as error:
        return TenantsFile((), (error,))
    return parse_tenants(document)


def load_tenants(path: Path | None = None) -> TenantsFile:
    """Read and validate the tenants file (cached until the file changes)."""
    path = path or config_path()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        return TenantsFile((), (ConfigError("(file)", [f"cannot read {path}: {exc.strerror}"]),))
    return _load(path, mtime)
