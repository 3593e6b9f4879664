"""A customer create that stopped between its business relation and its customer is resumed, not repeated."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sandbox.qad.errors import REST_BASE
from sandbox.runner import RunningSandbox

from erplink.http.errors import ApiError
from erplink.systems.qad.hooks.qad import QadHook

Connect = Callable[..., QadHook]
REFERENCE = "WC-t-C77"
CUSTOMER = {"externalRef": REFERENCE, "name": "Katherine Johnson", "email": "katherine@example.org",
            "currency": "USD", "billTo": {"name": "Katherine Johnson", "line1": "1 Langley Blvd",
                                          "city": "Hampton", "country": "US"}}  # fmt: skip


@pytest.fixture
def customer_post_fails_once(served: RunningSandbox) -> Iterator[None]:
    """The next customer POST is answered with a server error: the business relation before it stays in QAD."""
    path = f"/tenants/{served.state.demo_tenant}{REST_BASE}/api/erp/customerV2s"
    served.faults.set({"status_burst": {"status": 500, "count": 1, "path_prefix": path}})
    try:
        yield
    finally:
        served.faults.clear()


def _relation_codes(served: RunningSandbox) -> set[str]:
    return {relation["businessRelationCode"] for relation in served.state.documents("business-relations")}


@pytest.mark.usefixtures("customer_post_fails_once")
def test_a_business_relation_left_without_its_customer_is_reused_by_the_next_create(
    connect: Connect, served: RunningSandbox
) -> None:
    hook = connect()
    relations_before = _relation_codes(served)
    with pytest.raises(ApiError):
        hook.create("customers", CUSTOMER)
    [orphan] = _relation_codes(served) - relations_before
    assert hook.find_by_external_ref("customers", REFERENCE) is None  # so the load protocol creates it again

    created = hook.create("customers", CUSTOMER)

    assert _relation_codes(served) - relations_before == {orphan}
    customers = [c for c in served.state.documents("customers") if c.get("externalRef") == REFERENCE]
    assert [(c["customerCode"], c.get("businessRelationCode")) for c in customers] == [
        (created["customerCode"], orphan)
    ]
    assert hook.find_by_external_ref("customers", REFERENCE)["customerCode"] == created["customerCode"]


def test_customers_with_different_references_get_business_relations_of_their_own(
    connect: Connect, served: RunningSandbox
) -> None:
    hook = connect()
    first = hook.create("customers", {**CUSTOMER, "externalRef": "WC-t-C78"})
    second = hook.create("customers", {**CUSTOMER, "externalRef": "WC-t-C79"})
    relation_of = {c["customerCode"]: c.get("businessRelationCode") for c in served.state.documents("customers")}
    assert relation_of[first["customerCode"]] != relation_of[second["customerCode"]]
