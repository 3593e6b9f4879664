"""CallCounter and the client's counting of every request sent."""

from __future__ import annotations

import threading

import requests

from erplink.http.client import endpoint_template
from erplink.http.metrics import CallCounter
from tests.erplink.http.helpers import scripted_client
from tests.erplink.http.scripted import Reply


def test_endpoint_template_replaces_numeric_and_uuid_segments_only() -> None:
    assert endpoint_template("get", "orders/1042") == "GET orders/{id}"
    assert endpoint_template("POST", "orders/1042/refunds") == "POST orders/{id}/refunds"
    assert endpoint_template("PUT", "entity/Default/24.200.001/SalesOrder/3f2504e0-4f89-11d3-9a0c-0305e82c3301") \
        == "PUT entity/Default/24.200.001/SalesOrder/{id}"
    assert endpoint_template("GET", "/v3/catalog/products/") == "GET v3/catalog/products"


def test_every_attempt_is_counted_per_endpoint_and_status() -> None:
    counter = CallCounter()
    client, _, _ = scripted_client(Reply(503), Reply(200, json={}), Reply(200, json={}), requests.ReadTimeout(),
                                   Reply(201, json={}), counter=counter)
    client.get_json("orders/1")
    client.get_json("orders/2?context=edit")
    client.request("PUT", "orders/3", json={}, endpoint="update order")
    assert counter.snapshot() == {
        "woocommerce": {
            "GET orders/{id}": {"200": 2, "503": 1},
            "update order": {"201": 1, "timeout": 1},
        }
    }
    assert counter.total == 5
    assert counter.count("woocommerce", "GET orders/{id}") == 3
    assert counter.count(status=503) == 1


def test_a_counter_shared_by_two_clients_keeps_systems_apart() -> None:
    counter = CallCounter()
    woo, _, _ = scripted_client(Reply(200, json=[]), counter=counter)
    bc, _, _ = scripted_client(Reply(200, json=[]), counter=counter, system="bigcommerce",
                               base_url="https://api.example/stores/abc")
    woo.get_json("orders")
    bc.get_json("v2/orders")
    assert counter.count("woocommerce") == 1
    assert counter.count("bigcommerce", "GET v2/orders") == 1


def test_counting_from_many_threads_loses_nothing() -> None:
    counter = CallCounter()
    barrier = threading.Barrier(8)

    def work(n: int) -> None:
        barrier.wait()
        for _ in range(500):
            counter.record("s", f"GET e{n % 2}", 200)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counter.total == 4000
    assert counter.snapshot() == {"s": {"GET e0": {"200": 2000}, "GET e1": {"200": 2000}}}
