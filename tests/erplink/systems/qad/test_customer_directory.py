"""Customer matching under parallel load workers: one QAD customer per store customer, never two."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.systems.qad.targets import CustomerDirectory
from erplink.ledger import AttemptContext, Ledger
from tests.erplink.conftest import FIXTURES
from erplink.systems.woocommerce.mappings.orders import order_from_woo
from erplink.models import Order
from erplink.models.party import Customer

GUEST_ORDER = FIXTURES / "woo_order_guest.json"


class SlowErp:
    """QAD's customer look-ups and creates, slow enough that unguarded workers would race each other."""

    def __init__(self) -> None:
        self.customers: list[dict[str, Any]] = []
        self.creates = 0
        self._guard = threading.Lock()

    def customers_by_email(self, email: str) -> list[dict[str, Any]]:
        time.sleep(0.02)
        return [c for c in list(self.customers) if c["email"] == email]

    def find_by_external_ref(self, entity: str, external_ref: str) -> dict[str, Any] | None:
        assert entity == "customers"
        time.sleep(0.02)
        return next((c for c in list(self.customers) if c["externalRef"] == external_ref), None)

    def create(self, entity: str, body: dict[str, Any]) -> dict[str, Any]:
        time.sleep(0.02)
        with self._guard:
            self.creates += 1
            created = {"customerCode": f"C{self.creates:04d}", "email": body["email"],
                       "externalRef": body["externalRef"]}
            self.customers.append(created)
        return created


def _fc(tmp_path: Path, erp: SlowErp, match: list[str]) -> FlowContext:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    tenant = load_tenants().get("demo")
    tenant = tenant.model_copy(update={"orders": tenant.orders.model_copy(update={"customer_match": tuple(match)})})
    return FlowContext(tenant=tenant, ledger=ledger, attempt=AttemptContext(worker="test"), erp_hook=erp)  # type: ignore[arg-type]


def _order(*, email: str, customer_id: int | None) -> Order:
    base = order_from_woo(json.loads(GUEST_ORDER.read_text()), store="demo", currencies=["USD"])
    customer = Customer(email=email, guest=customer_id is None, store_customer_id=customer_id)
    return base.model_copy(update={"customer": customer})


def _in_parallel(fn: Callable[[Order], str], orders: list[Order]) -> list[str]:
    start = threading.Barrier(len(orders))

    def run(order: Order) -> str:
        start.wait()
        return fn(order)

    with ThreadPoolExecutor(max_workers=len(orders)) as pool:
        return list(pool.map(run, orders))


@pytest.fixture
def erp() -> SlowErp:
    return SlowErp()


def test_parallel_orders_of_one_customer_create_it_once(tmp_path: Path, erp: SlowErp) -> None:
    directory = CustomerDirectory(_fc(tmp_path, erp, ["email", "external_ref"]))
    codes = _in_parallel(directory.code_for, [_order(email="ana@example.com", customer_id=7)] * 6)
    assert erp.creates == 1 and set(codes) == {"C0001"}


def test_a_guest_and_a_registered_customer_sharing_an_email_meet_on_the_email(tmp_path: Path, erp: SlowErp) -> None:
    directory = CustomerDirectory(_fc(tmp_path, erp, ["email", "external_ref"]))
    orders = [_order(email="ana@example.com", customer_id=None), _order(email="ana@example.com", customer_id=7)] * 3
    codes = _in_parallel(directory.code_for, orders)
    assert erp.creates == 1 and set(codes) == {"C0001"}


def test_a_registered_customer_whose_email_changed_meets_on_the_reference(tmp_path: Path, erp: SlowErp) -> None:
    directory = CustomerDirectory(_fc(tmp_path, erp, ["email", "external_ref"]))
    orders = [_order(email="old@example.com", customer_id=7), _order(email="new@example.com", customer_id=7)] * 3
    codes = _in_parallel(directory.code_for, orders)
    assert erp.creates == 1 and set(codes) == {"C0001"}


def test_customers_sharing_an_email_stay_apart_when_the_reference_is_matched_first(tmp_path: Path,
                                                                                   erp: SlowErp) -> None:
    directory = CustomerDirectory(_fc(tmp_path, erp, ["external_ref"]))
    first, second = _order(email="desk@example.com", customer_id=7), _order(email="desk@example.com", customer_id=8)
    codes = _in_parallel(directory.code_for, [first, second, first, second])
    assert erp.creates == 2
    assert codes[0] == codes[2] and codes[1] == codes[3] and codes[0] != codes[1]
