"""The write-back against the Adobe Commerce sandbox: it reads the order's comments (`GET orders/{id}/comments`)
before it posts, so writing the same marker again adds no second comment, and a new reference is added."""

from __future__ import annotations

from sandbox.adobe_commerce import create_sandbox
from sandbox.seed import World

from erplink.systems.adobe_commerce.writeback import OrderMarkerTarget
from tests.erplink.systems.adobe_commerce.flow import flow_context
from tests.sandbox.adobe_commerce.conftest import world
from tests.sandbox.adobe_commerce.test_hook import hook_on

__all__ = ["world"]


def comment_posts(box) -> int:
    return sum(1 for entry in box.state.log.entries() if entry["method"] == "POST" and entry["status"] == 200)


def test_writing_the_same_marker_twice_adds_one_comment_and_a_new_reference_adds_another(world: World) -> None:
    box = create_sandbox(world)
    order_id = next(iter(box.state.records.orders))
    with flow_context(hook_on(box)) as fc:
        target = OrderMarkerTarget(fc)
        first = target.write(order_id, "SO-1")
        again = target.write(order_id, "SO-1")
        changed = target.write(order_id, "SO-2")
    texts = [c["comment"] for c in box.state.order(order_id)["status_histories"]]
    assert texts.count("ERP reference: SO-1") == 1
    assert texts.count("ERP reference: SO-2") == 1
    assert first == again != changed
    assert comment_posts(box) == 2
